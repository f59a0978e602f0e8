import Router from '@koa/router';
import { z } from 'zod';
import { SandboxOutcomeRequestSchema } from '@regverify/shared';
import { notFound } from '../../errors';
import { validate } from '../../middleware/validate';
import type { Services } from '../../services';

/**
 * What the simulated face screen calls to choose the outcome of a sandbox face check. Mounted only
 * when the sandbox provider is configured (never in production).
 */
export function sandboxRoutes(services: Services): Router {
  const router = new Router({ prefix: '/api/sandbox' });
  router.post('/verifications/:id/outcome', validate({ params: z.object({ id: z.string().min(1).max(64) }), body: SandboxOutcomeRequestSchema }), async (ctx) => {
    const { params, body } = ctx.state.input;
    const verification = await services.models.Verification.findById(params.id, { providerRef: 1, provider: 1 }).lean();
    if (!verification || verification.provider !== 'sandbox') throw notFound();
    await services.models.SandboxOutcome.replaceOne(
      { _id: verification.providerRef },
      { _id: verification.providerRef, outcome: body.outcome, reason: body.reason ?? null, at: services.now() },
      { upsert: true },
    );
    ctx.body = { outcome: body.outcome };
  });
  return router;
}
