import { z } from 'zod';
import {
  ActionSchema,
  DeclineReasonSchema,
  DocumentViewSchema,
  ReviewReasonSchema,
  IdTypeSchema,
  IsoDateSchema,
  MatterStatusSchema,
  SignStateSchema,
  VerifyStateSchema,
} from './common';

/**
 * One participant of a matter as the portal sees it: masked, never the full number. A person has no
 * `kind`; an organization has `kind: "organization"`, its name in full, its code masked and its
 * representative (masked), whose `idType` and `idNumberMasked` it also carries at the top level.
 */
export const ParticipantViewSchema = z.object({
  taskId: z.string(),
  kind: z.enum(['organization']).optional(),
  name: z.string(),
  idType: IdTypeSchema,
  idNumberMasked: z.string(),
  usccMasked: z.string().optional(),
  representative: z.object({ name: z.string(), idType: IdTypeSchema, idNumberMasked: z.string() }).optional(),
  roles: z.array(z.string()),
  actions: z.array(ActionSchema),
  verify: VerifyStateSchema,
  sign: SignStateSchema,
  confirmedAt: IsoDateSchema.nullable(),
  /** For document types checked by hand at a service window (待人工核验). */
  review: z.enum(['pending', 'approved', 'refused']).optional(),
  /** Why the task waits for manual review, when it does. */
  reviewReason: ReviewReasonSchema.optional(),
  /** 已拒绝: the person declined the filing (new documents clear it). */
  decision: z.enum(['declined']).nullable(),
  declineReason: DeclineReasonSchema.nullable(),
});
export type ParticipantView = z.output<typeof ParticipantViewSchema>;

export const MatterViewSchema = z.object({
  id: z.string(),
  portalRef: z.string(),
  kind: z.string(),
  entityName: z.string(),
  status: MatterStatusSchema,
  version: z.number().int().nonnegative(),
  documents: z.array(DocumentViewSchema).optional(),
  documentsDigest: z.string(),
  createdAt: IsoDateSchema,
  expiresAt: IsoDateSchema,
  participants: z.array(ParticipantViewSchema),
  progress: z.object({ done: z.number().int().nonnegative(), total: z.number().int().nonnegative() }),
  canSubmit: z.boolean(),
  /**
   * Only once the people's personal data has been purged (retention period or redaction): from then
   * on every participant's `name` and `idNumberMasked` are empty strings.
   */
  purgedAt: IsoDateSchema.optional(),
});
export type MatterView = z.output<typeof MatterViewSchema>;
