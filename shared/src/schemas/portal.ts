import { z } from 'zod';
import {
  ActionSchema,
  DocumentListSchema,
  IdNumberInputSchema,
  IdTypeSchema,
  IsoDateSchema,
  PersonNameSchema,
  RoleSchema,
  UsccSchema,
  withValidIdNumber,
} from './common';
import { MatterViewSchema } from './matterView';

const RolesSchema = z.array(RoleSchema).min(1, '至少需要一个角色').max(10, '角色不能超过10个');
const ActionsSchema = z
  .array(ActionSchema)
  .min(1, '至少需要一项操作')
  .max(2)
  .refine((a) => new Set(a).size === a.length, '操作不能重复');

/** A natural person with an ID document, as they verify and confirm: the participant, or an organization's representative. */
export const NaturalPersonInputSchema = withValidIdNumber(
  z.object(
    {
      name: PersonNameSchema,
      idType: IdTypeSchema,
      idNumber: IdNumberInputSchema,
    },
    { error: '请填写代表人（法定代表人或经办人）的姓名和证件' },
  ),
);

/** A participant in their own name (`kind` left out, or `"person"`). */
export const PersonParticipantInputSchema = withValidIdNumber(
  z.object({
    kind: z.literal('person').optional(),
    name: PersonNameSchema,
    idType: IdTypeSchema,
    idNumber: IdNumberInputSchema,
    roles: RolesSchema,
    actions: ActionsSchema,
  }),
);

/** 企业股东 and other organizations: their 统一社会信用代码, and the person who acts for them. */
export const OrganizationParticipantInputSchema = z.object({
  kind: z.literal('organization'),
  name: z.string({ error: '请填写单位名称' }).trim().min(1, '请填写单位名称').max(200, '单位名称不能超过200字'),
  uscc: UsccSchema,
  roles: RolesSchema,
  actions: ActionsSchema,
  /** 法定代表人 or 经办人: verifies and confirms for the organization. */
  representative: NaturalPersonInputSchema,
});

export const ParticipantInputSchema = z.discriminatedUnion('kind', [PersonParticipantInputSchema, OrganizationParticipantInputSchema], {
  error: '人员类型只能是 person（自然人）或 organization（单位）',
});
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
    // A person once in their own name, an organization once; one person may still represent
    // several organizations and be a participant in their own name too (one task each).
    const seen = new Map<string, number>();
    matter.participants.forEach((p, i) => {
      const [key, path, message] =
        p.kind === 'organization'
          ? [`uscc:${p.uscc}`, 'uscc', '同一业务中不能重复登记同一单位']
          : [`${p.idType}:${p.idNumber}`, 'idNumber', '同一业务中不能重复登记同一证件'];
      if (seen.has(key)) ctx.addIssue({ code: 'custom', path: ['participants', i, path], message });
      seen.set(key, i);
    });
  });
export type CreateMatterRequest = z.output<typeof CreateMatterRequestSchema>;

export const MatterEntrySchema = z.object({
  qrText: z.string(),
  alipayUrl: z.string(),
  weappPath: z.string(),
  /** A PNG (or JPEG) WeChat mini-program code leading to the matter; where WeChat is a platform, and in the sandbox. */
  weappQrUrl: z.string().optional(),
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
