import { z } from 'zod';
import {
  DeclineReasonSchema,
  DocumentSchema,
  IdNumberInputSchema,
  IdTypeSchema,
  IsoDateSchema,
  MatterStatusSchema,
  OrganizationRefSchema,
  ReviewReasonSchema,
  withValidIdNumber,
} from './common';
import { PERSON_BUDGET_NAMES } from '../personBudgets';
import { MatterViewSchema } from './matterView';

/**
 * `POST /api/operator/tasks/:taskId/review`: the decision of a service-window operator. Who decided
 * is the authenticated operator; an `operatorRef` the caller writes is ignored.
 */
export const ReviewDecisionSchema = z
  .object({
    decision: z.enum(['approved', 'refused']),
    /** Why the person was refused (required then), or a note on an approval; kept in the ledger. */
    reason: z.string().trim().min(1, '请填写原因').max(200, '原因不能超过200个字符').optional(),
  })
  .refine((d) => d.decision !== 'refused' || !!d.reason, { message: '拒绝时须填写原因', path: ['reason'] });

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

export const PersonBudgetSchema = z.enum(PERSON_BUDGET_NAMES);

export const PersonUnlockResponseSchema = z.object({ lifted: z.array(PersonBudgetSchema) });

/** `POST /api/operator/session`: a window operator signs in to the console with their own name and secret. */
export const OperatorSignInRequestSchema = z.object({
  name: z.string({ error: '请填写操作员账号' }).trim().min(1, '请填写操作员账号').max(32),
  secret: z.string({ error: '请填写密码' }).min(1, '请填写密码').max(256),
});

/** The signed-in operator, and the token every change must carry in `X-CSRF-Token`. */
export const OperatorSessionResponseSchema = z.object({
  operator: z.object({ name: z.string(), tenants: z.union([z.literal('*'), z.array(z.string())]) }),
  csrfToken: z.string(),
  expiresAt: IsoDateSchema,
});

export const OperatorLogoutResponseSchema = z.object({ status: z.literal('logged_out') });

/** `GET /api/operator/reviews?q=`: the search of the review list (portal reference or masked name). */
export const ReviewQuerySchema = z.object({ q: z.string().trim().max(64).optional() });

/** One person waiting for manual review (待人工核验), as the window sees them: masked. */
export const ReviewItemSchema = z.object({
  taskId: z.string(),
  matterId: z.string(),
  tenant: z.string(),
  portalRef: z.string(),
  kind: z.string(),
  entityName: z.string(),
  name: z.string(),
  idType: IdTypeSchema,
  idNumberMasked: z.string(),
  /** The organization this person represents in the matter, when the task is an organization's. */
  organization: OrganizationRefSchema.nullable().optional(),
  roles: z.array(z.string()),
  matterStatus: MatterStatusSchema,
  /** Why the person waits at the window: their document type, their own choice, repeated failed checks. */
  reviewReason: ReviewReasonSchema,
  /** The same, in the window's words. */
  reviewReasonLabel: z.string(),
  createdAt: IsoDateSchema,
  expiresAt: IsoDateSchema,
});

export const ReviewListResponseSchema = z.object({ items: z.array(ReviewItemSchema) });

/** A matter of the operator's tenants that names the person of an alarm. */
export const AlarmMatterSchema = z.object({
  matterId: z.string(),
  portalRef: z.string(),
  entityName: z.string(),
  tenant: z.string(),
  status: MatterStatusSchema,
});

/**
 * One alarm (异常核验提醒): a person's vendor attempts across platform accounts crossed the day's
 * threshold of `budget`. The person as the window sees them (masked), the matters of the operator's
 * tenants that name them, and whether an operator has since cleared the counts (`lifted`).
 */
export const AlarmItemSchema = z.object({
  id: z.string(),
  at: IsoDateSchema,
  budget: PersonBudgetSchema,
  /** The budget in words: 多个账号银行卡核验多次未通过, … */
  budgetLabel: z.string(),
  person: z.object({ name: z.string(), idType: IdTypeSchema, idNumberMasked: z.string() }),
  matters: z.array(AlarmMatterSchema),
  /** The first `POST /api/operator/people/unlock` for this person after the alarm: who, when; null while not lifted. */
  lifted: z.object({ operator: z.string(), at: IsoDateSchema }).nullable(),
});

/** `GET /api/operator/alarms`: the alarms of the last 7 days of people in the operator's tenants, newest first, at most 100. */
export const AlarmListResponseSchema = z.object({ items: z.array(AlarmItemSchema) });

/**
 * One declined filing (不是本人办理 or 内容有误) for the window to follow up: the person masked, the
 * matter and its tenant, the note the person wrote (their own words, shown only here).
 */
export const DeclineItemSchema = z.object({
  id: z.string(),
  at: IsoDateSchema,
  reason: DeclineReasonSchema,
  reasonLabel: z.string(),
  note: z.string().nullable(),
  taskId: z.string(),
  person: z.object({ name: z.string(), idType: IdTypeSchema, idNumberMasked: z.string() }),
  matter: z.object({
    matterId: z.string(),
    portalRef: z.string(),
    entityName: z.string(),
    kind: z.string(),
    tenant: z.string(),
    status: MatterStatusSchema,
  }),
  /** True while the documents it was about are still the matter's documents. */
  current: z.boolean(),
});

/** `GET /api/operator/declines?reason=`: declines of the operator's tenants, newest first, at most 100. */
export const DeclineQuerySchema = z.object({ reason: DeclineReasonSchema.optional() });

export const DeclineListResponseSchema = z.object({ items: z.array(DeclineItemSchema) });

/** `GET /api/operator/reviews/:taskId`: what the operator approves or refuses. */
export const ReviewDetailSchema = z.object({
  item: ReviewItemSchema,
  review: z.enum(['pending', 'approved', 'refused']).nullable(),
  matter: MatterViewSchema,
  documents: z.array(DocumentSchema),
  documentsDigest: z.string(),
  /** What the person still has to do, in words: 到窗口核验身份, 签名确认, …; empty when done. */
  stillToDo: z.array(z.string()),
});

/** Who did something to a matter, as the audit view shows it (a person masked, an operator by name). */
export const AuditActorSchema = z.object({
  kind: z.enum(['person', 'operator', 'portal', 'system']),
  label: z.string(),
});

export const AuditEventViewSchema = z.object({
  seq: z.number().int().positive(),
  at: IsoDateSchema,
  type: z.string(),
  actor: AuditActorSchema,
  taskId: z.string().nullable(),
  hash: z.string(),
  prevHash: z.string(),
});

/**
 * The result of checking a matter's hash chain: whole (链完整), or where it breaks. `anchored`: every
 * event carries a keyed anchor the database cannot make, so no one who can only write the database
 * rewrote it; false for a matter begun before anchors were written (its chain is only self-consistent).
 */
export const ChainCheckSchema = z.union([
  z.object({ ok: z.literal(true), length: z.number().int().nonnegative(), anchored: z.boolean() }),
  z.object({ ok: z.literal(false), seq: z.number().int().positive(), problem: z.string() }),
]);

/** `GET …/matters/:id/audit` (operator console and portal backend): the ledger and its check. */
export const AuditTrailResponseSchema = z.object({
  matterId: z.string(),
  events: z.array(AuditEventViewSchema),
  chain: ChainCheckSchema,
});
export type AuditTrailResponse = z.output<typeof AuditTrailResponseSchema>;
