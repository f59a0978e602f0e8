import { z } from 'zod';

/** `POST /api/operator/tasks/:taskId/review`: the decision of a service-window operator. */
export const ReviewDecisionSchema = z.object({
  decision: z.enum(['approved', 'refused']),
  operatorRef: z.string().trim().min(1).max(64).optional(),
});
