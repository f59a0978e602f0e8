import { z } from 'zod';
import { IdNumberInputSchema, IdTypeSchema, withValidIdNumber } from './common';

/**
 * `POST /api/operator/tasks/:taskId/review`: the decision of a service-window operator. Who decided
 * is the authenticated operator; an `operatorRef` the caller writes is ignored.
 */
export const ReviewDecisionSchema = z.object({
  decision: z.enum(['approved', 'refused']),
});

/**
 * `POST /api/operator/people/unlock`: lifts a person's daily ceilings (failed face and bank-card
 * checks, face-check starts) after a window operator has seen them. The number is used for its
 * lookup hash only, never stored or echoed.
 */
export const PersonUnlockRequestSchema = withValidIdNumber(
  z.object({
    idType: IdTypeSchema,
    idNumber: IdNumberInputSchema,
  }),
);

export const PersonUnlockResponseSchema = z.object({ lifted: z.array(z.enum(['faceStarts', 'faceFailures', 'bankCardFailures'])) });
