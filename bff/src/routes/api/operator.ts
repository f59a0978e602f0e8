import {
  MatterViewSchema,
  PersonUnlockRequestSchema,
  PersonUnlockResponseSchema,
  ReviewDecisionSchema,
  TaskIdPathSchema,
} from '@regverify/shared';
import { unlockPerson } from '../../commands/personUnlocker';
import { decideReview } from '../../commands/reviewDecider';
import { presentMatter } from '../../presenters/matter';
import { defineRoute, type AnyRoute } from '../route';

/** Service-window operators: decisions on tasks that need manual review. Their own key, never a portal key. */
export const operatorRoutes: AnyRoute[] = [
  defineRoute({
    operationId: 'decideReview',
    tag: 'operator',
    auth: 'operator' as const,
    method: 'post',
    path: '/api/operator/tasks/{taskId}/review',
    summary: 'Operator: manual review decision',
    params: TaskIdPathSchema,
    body: ReviewDecisionSchema,
    answer: { status: 200, schema: MatterViewSchema, description: 'The matter after the decision' },
    errors: ['review_not_pending', 'not_found', 'matter_expired', 'matter_cancelled', 'matter_submitted', 'concurrent_update'],
    handle: async (req, { services }) =>
      presentMatter(await decideReview(services, { taskId: req.params.taskId, decision: req.body.decision, operator: req.operator })),
  }),
  defineRoute({
    operationId: 'unlockPerson',
    tag: 'operator',
    auth: 'operator' as const,
    method: 'post',
    path: '/api/operator/people/unlock',
    summary: "Operator: lift a person's daily ceilings of failed checks (after seeing them at the window); audited",
    body: PersonUnlockRequestSchema,
    answer: { status: 200, schema: PersonUnlockResponseSchema, description: 'The ceilings lifted' },
    errors: [],
    handle: async (req, { services }) => unlockPerson(services, { operator: req.operator, ...req.body }),
  }),
];
