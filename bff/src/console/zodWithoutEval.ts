/**
 * zod compiles fast object parsers with `new Function` when it may, and probes whether it may as each
 * schema is built. The console's policy forbids eval (no 'unsafe-eval'), so the probe alone is a CSP
 * violation: zod is told not to try. Imported first by main.tsx, before any schema is built.
 */
import { z } from 'zod';

z.config({ jitless: true });
