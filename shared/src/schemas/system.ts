import { z } from 'zod';

/** `GET /healthz`: the process answers. */
export const HealthResponseSchema = z.object({ status: z.literal('ok') });

const ReadinessChecksSchema = z.object({
  database: z.enum(['ok', 'unavailable']),
  shuttingDown: z.boolean(),
  /** The mini-program platforms whose people this node serves. */
  platforms: z.array(z.enum(['alipay', 'weapp', 'h5'])),
});

/** `GET /readyz`: the node can serve (503 `database_unavailable` / `shutting_down` when not, with the same checks in `details`). */
export const ReadinessResponseSchema = z.object({ status: z.literal('ready'), checks: ReadinessChecksSchema });

/** `GET /api/openapi.json`: an OpenAPI 3.0 document. */
export const OpenApiDocumentSchema = z.object({ openapi: z.string(), paths: z.record(z.string(), z.unknown()) }).loose();

/** `POST /api/sandbox/verifications/:id/outcome`: the outcome the simulated face screen chose. */
export const SandboxOutcomeResponseSchema = z.object({ outcome: z.enum(['pass', 'fail']) });
