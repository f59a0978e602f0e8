import { z } from 'zod';
import {
  ActionSchema,
  DocumentListSchema,
  IdNumberInputSchema,
  IdTypeSchema,
  IsoDateSchema,
  PersonNameSchema,
  RoleSchema,
  withValidIdNumber,
} from './common';
import { MatterViewSchema } from './matterView';

export const ParticipantInputSchema = withValidIdNumber(
  z.object({
    name: PersonNameSchema,
    idType: IdTypeSchema,
    idNumber: IdNumberInputSchema,
    roles: z.array(RoleSchema).min(1, '至少需要一个角色').max(10, '角色不能超过10个'),
    actions: z
      .array(ActionSchema)
      .min(1, '至少需要一项操作')
      .max(2)
      .refine((a) => new Set(a).size === a.length, '操作不能重复'),
  }),
);
export type ParticipantInput = z.output<typeof ParticipantInputSchema>;

export const CreateMatterRequestSchema = z
  .object({
    portalRef: z
      .string()
      .trim()
      .min(1, '请填写业务编号')
      .max(64)
      .regex(/^[A-Za-z0-9._:-]+$/, '业务编号只能包含字母、数字和 . _ : -'),
    kind: z.string().trim().min(1, '请填写业务类型').max(50),
    entityName: z.string().trim().min(1, '请填写主体名称').max(200),
    documents: DocumentListSchema,
    participants: z.array(ParticipantInputSchema).min(1, '至少需要一名人员').max(50, '人员不能超过50名'),
  })
  .superRefine((matter, ctx) => {
    const seen = new Map<string, number>();
    matter.participants.forEach((p, i) => {
      const key = `${p.idType}:${p.idNumber}`;
      if (seen.has(key)) {
        ctx.addIssue({ code: 'custom', path: ['participants', i, 'idNumber'], message: '同一业务中不能重复登记同一证件' });
      }
      seen.set(key, i);
    });
  });
export type CreateMatterRequest = z.output<typeof CreateMatterRequestSchema>;

export const MatterEntrySchema = z.object({
  qrText: z.string(),
  alipayUrl: z.string(),
  weappPath: z.string(),
});

export const CreateMatterResponseSchema = z.object({ matter: MatterViewSchema, entry: MatterEntrySchema });

export const ReplaceDocumentsRequestSchema = z.object({ documents: DocumentListSchema });

export const ViewerTokenResponseSchema = z.object({ token: z.string(), expiresAt: IsoDateSchema });

export const SubmitResponseSchema = z.object({ matter: MatterViewSchema, submittedAt: IsoDateSchema });

/** The answer to a redaction: the matter as it stands now, its people's personal data gone. */
export const RedactResponseSchema = MatterViewSchema.extend({ purgedAt: IsoDateSchema });

export const MatterPathSchema = z.object({ id: z.string().min(1).max(64) });
export const TaskPathSchema = MatterPathSchema.extend({ taskId: z.string().min(1).max(64) });
export const MatterDocumentPathSchema = MatterPathSchema.extend({ index: z.coerce.number().int().min(0).max(49) });
/** `PUT …/documents/:index/content`: what was stored. */
export const DocumentUploadResponseSchema = z.object({ index: z.number().int(), sha256: z.string(), size: z.number().int() });

/** A callback URL: http(s), no user name or password in it (the BFF also demands https in production). */
export const CallbackUrlSchema = z
  .string({ error: '请填写回调地址' })
  .trim()
  .max(2048, '回调地址不能超过2048个字符')
  .pipe(z.url({ protocol: /^https?$/, hostname: /^.+$/, error: '回调地址须为 http(s) URL' }))
  .refine((s) => {
    if (!URL.canParse(s)) return true; // already reported as not a URL
    const u = new URL(s);
    return u.username === '' && u.password === '';
  }, '回调地址中不能包含用户名或密码')
  .meta({ format: 'uri', description: 'http(s) URL without user name or password; https when the BFF runs in production' });

export const CallbackRegistrationRequestSchema = z.object({ url: CallbackUrlSchema });

/** The answer to registering (or re-registering) a callback: the signing secret is shown only here. */
export const CallbackRegistrationResponseSchema = z.object({ url: z.string(), secret: z.string() });

export const CallbackStatusResponseSchema = z.object({ url: z.string() });

export const CallbackDeletedResponseSchema = z.object({ url: z.null() });

/**
 * The body of a callback POST: one change of a matter, with the MatterView right after it.
 * `id` (`<matterId>:<version>`) is the same on every retry of the same change.
 */
export const CallbackEventSchema = z.object({
  id: z.string(),
  type: z.string(),
  matterId: z.string(),
  version: z.number().int().min(1),
  occurredAt: IsoDateSchema,
  matter: MatterViewSchema,
});
export type CallbackEvent = z.output<typeof CallbackEventSchema>;
