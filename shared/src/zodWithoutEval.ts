/**
 * zod compiles fast object parsers with `new Function` when it may, and probes whether it may as each
 * schema is built. The mini-program runtimes forbid eval and the browser pages' policies have no
 * 'unsafe-eval' (the H5 preview, the console), so the probe alone is a CSP violation there: zod is
 * told not to try. Browser and mini-program entry points import this first, before any schema is
 * built; the BFF does not (on Node the compiled parsers are allowed and faster).
 */
import { z } from 'zod';

z.config({ jitless: true });
