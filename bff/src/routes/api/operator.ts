import Router from '@koa/router';
import { z } from 'zod';
import { operatorAuth } from '../../auth/portal';
import { decideReview } from '../../commands/reviewDecider';
import { validate } from '../../middleware/validate';
import { presentMatter } from '../../presenters/matter';
import type { Services } from '../../services';

export const ReviewDecisionSchema = z.object({
  decision: z.enum(['approved', 'refused']),
  operatorRef: z.string().trim().min(1).max(64).optional(),
});

/** Service-window operators: decisions on tasks that need manual review. Their own key, never a portal key. */
export function operatorRoutes(services: Services): Router {
  const router = new Router({ prefix: '/api/operator' });
  router.use(operatorAuth(services.config.OPERATOR_KEY));
  router.post('/tasks/:taskId/review', validate({ params: z.object({ taskId: z.string().min(1).max(64) }), body: ReviewDecisionSchema }), async (ctx) => {
    const { params, body } = ctx.state.input;
    ctx.body = presentMatter(await decideReview(services, { taskId: params.taskId, ...body }));
  });
  return router;
}
