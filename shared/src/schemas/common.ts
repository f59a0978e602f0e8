import { z } from 'zod';
import { ID_TYPES, validateIdNumber, normalizeIdNumber, type IdType } from '../idDocuments';
import { normalizeUscc, validateUscc } from '../organizations';

export const IdTypeSchema = z.enum(ID_TYPES, { error: '请选择证件类型' });

/** ISO-8601 timestamps in UTC, as `Date#toISOString()` writes them. */
export const IsoDateSchema = z.iso.datetime();

export const Sha256Schema = z
  .string()
  .regex(/^[0-9a-fA-F]{64}$/, '须为64位十六进制SHA-256摘要')
  .transform((s) => s.toLowerCase());

/** Names as people write them: letters of any script, the middle dot of minority and foreign names, spaces. */
export const PersonNameSchema = z
  .string({ error: '请填写姓名' })
  .trim()
  .min(1, '请填写姓名')
  .max(64, '姓名不能超过64个字符')
  .regex(/^[^\p{Cc}0-9!"#$%&()*+,/:;<=>?@[\\\]^_`{|}~，。；：？！（）【】]+$/u, '姓名中不能包含数字或符号');

/** The one type of document content a portal may upload for people to read before confirming. */
export const DOCUMENT_CONTENT_TYPES = ['application/pdf'] as const;

export const DocumentSchema = z.object({
  name: z.string().trim().min(1, '请填写文件名称').max(200, '文件名称不能超过200个字符'),
  sha256: Sha256Schema,
  /** Set when the portal will upload the document's bytes (`PUT …/documents/:index/content`). */
  contentType: z.enum(DOCUMENT_CONTENT_TYPES, { error: '文件类型仅支持 application/pdf' }).optional(),
});
export type DocumentRef = z.output<typeof DocumentSchema>;

/** A document as the MatterView shows it: whether its bytes have been uploaded for people to open. */
export const DocumentViewSchema = DocumentSchema.extend({ hasContent: z.boolean() });
export type DocumentView = z.output<typeof DocumentViewSchema>;

/** Why a person declined a filing: 不是本人办理 (someone used their identity) or 内容有误. */
export const DECLINE_REASONS = ['not_mine', 'content_wrong'] as const;
export const DeclineReasonSchema = z.enum(DECLINE_REASONS, { error: '请选择拒绝原因' });
export type DeclineReason = z.output<typeof DeclineReasonSchema>;

/** Why a task waits for manual review at a service window. */
export const REVIEW_REASONS = ['document_type', 'person_chose_window', 'repeated_failures'] as const;
export const ReviewReasonSchema = z.enum(REVIEW_REASONS);
export type ReviewReason = z.output<typeof ReviewReasonSchema>;

export const DocumentListSchema = z.array(DocumentSchema).min(1, '至少需要一份文件').max(50, '文件不能超过50份');

export const ACTIONS = ['verify', 'sign'] as const;
export const ActionSchema = z.enum(ACTIONS);
export type Action = z.output<typeof ActionSchema>;

export const MATTER_STATUSES = ['pending', 'ready', 'submitted', 'expired', 'cancelled'] as const;
export const MatterStatusSchema = z.enum(MATTER_STATUSES);
export type MatterStatus = z.output<typeof MatterStatusSchema>;

export const VerifyStateSchema = z.enum(['pending', 'done', 'manual_review', 'n/a']);
export type VerifyState = z.output<typeof VerifyStateSchema>;

export const SignStateSchema = z.enum(['pending', 'done', 'n/a']);
export type SignState = z.output<typeof SignStateSchema>;

/** A task's own lifecycle, as the mini-program's to-do list shows it. */
export const TaskStatusSchema = z.enum(['pending', 'confirmed', 'expired', 'cancelled']);
export type TaskStatus = z.output<typeof TaskStatusSchema>;

export const RoleSchema = z.string().trim().min(1, '请填写角色').max(32, '角色名称不能超过32个字符');

/**
 * Adds the ID-number issue (checksum, birth date, area, format) at `idNumber` of an object that has
 * `idType` and `idNumber`, and normalises the number (upper case, no spaces) in the output.
 */
export function withValidIdNumber<T extends z.ZodObject<{ idType: typeof IdTypeSchema; idNumber: z.ZodString }>>(schema: T) {
  return schema
    .superRefine((value, ctx) => {
      const v = value as { idType: IdType; idNumber: string };
      const check = validateIdNumber(v.idType, v.idNumber);
      if (!check.ok) ctx.addIssue({ code: 'custom', path: ['idNumber'], message: check.message, params: { problem: check.problem } });
    })
    .transform((value) => ({ ...value, idNumber: normalizeIdNumber((value as { idNumber: string }).idNumber) }));
}

export const IdNumberInputSchema = z.string({ error: '请填写证件号码' }).max(32, '证件号码过长');

/**
 * A 统一社会信用代码 as people type it: upper-cased and without spaces in the output, refused with the
 * validator's message (and its reason in `params`) when the length, characters, region or check is wrong.
 */
export const UsccSchema = z
  .string({ error: '请填写统一社会信用代码' })
  .max(64, '统一社会信用代码应为18位')
  .transform(normalizeUscc)
  .superRefine((value, ctx) => {
    const check = validateUscc(value);
    if (!check.ok) ctx.addIssue({ code: 'custom', message: check.message, params: { reason: check.reason } });
  });

/** An organization as its representative and the window see it: name in full, code masked. */
export const OrganizationRefSchema = z.object({ name: z.string(), usccMasked: z.string() });

/** The error envelope of every 4xx/5xx answer. */
export const ErrorBodySchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.record(z.string(), z.unknown()).optional(),
  }),
});
export type ErrorBody = z.output<typeof ErrorBodySchema>;
