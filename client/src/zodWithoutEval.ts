/**
 * zod compiles fast object parsers with `new Function` when it may, and probes whether it may as each
 * schema is built. The mini-program runtimes forbid eval and the H5 preview's policy has no
 * 'unsafe-eval', so the probe alone is a CSP violation there: zod is told not to try. Imported
 * first by app.ts, before any schema is built.
 */
import { z } from 'zod';

z.config({ jitless: true });
