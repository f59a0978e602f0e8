import * as z from 'zod/mini';

/** The sandbox answer of ../schemas/system.ts that the simulated face screen checks, in zod/mini. */
export const SandboxOutcomeResponseSchema = z.object({ outcome: z.enum(['pass', 'fail']) });
