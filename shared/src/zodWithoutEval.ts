/**
 * zod compiles fast object parsers with `new Function` when it may, and probes whether it may as each
 * schema is built. The mini-program runtimes forbid eval and the browser pages' policies have no
 * 'unsafe-eval' (the H5 preview, the console), so the probe alone is a CSP violation there: zod is
 * told not to try. Browser and mini-program entry points import this first, before any schema is
 * built; the BFF does not (on Node the compiled parsers are allowed and faster).
 *
 * The setting is zod's core configuration, which the full API and zod/mini share; it is set through
 * zod/mini so that a bundle using only zod/mini (the mini-program) does not take in the full API.
 */
import { config } from 'zod/mini';

config({ jitless: true });
