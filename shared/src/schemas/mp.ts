import { z } from 'zod';
import { isBankCardNumber } from '../luhn';
import {
  ActionSchema,
  DeclineReasonSchema,
  DocumentViewSchema,
  ReviewReasonSchema,
  IdNumberInputSchema,
  IdTypeSchema,
  IsoDateSchema,
  OrganizationRefSchema,
  PersonNameSchema,
  SignStateSchema,
  TaskStatusSchema,
  VerifyStateSchema,
  withValidIdNumber,
} from './common';

export const PLATFORMS = ['alipay', 'weapp', 'h5'] as const;
export const PlatformSchema = z.enum(PLATFORMS);
export type Platform = z.output<typeof PlatformSchema>;

export const SessionRequestSchema = z.object({
  platform: PlatformSchema,
  code: z.string().min(1, '缺少登录凭证').max(512),
});
export const SessionResponseSchema = z.object({ token: z.string(), expiresAt: IsoDateSchema });
/** `POST /api/mp/session/logout`: the token stops working at once. */
export const LogoutResponseSchema = z.object({ status: z.literal('logged_out') });

/** What each consent is to: the rules (identity), face information, bank-card information. */
export const CONSENT_KINDS = ['rules', 'face', 'bankcard'] as const;
export const ConsentKindSchema = z.enum(CONSENT_KINDS);
export type ConsentKind = z.output<typeof ConsentKindSchema>;

/** One notice a person consents to on its own (PIPL art. 29; 人脸识别技术应用安全管理办法). */
export const ConsentDocumentSchema = z.object({
  kind: ConsentKindSchema,
  version: z.string(),
  title: z.string(),
  /** The whole notice, paragraphs separated by blank lines. */
  text: z.string(),
  /** SHA-256 (hex) of kind, version, title and text. */
  sha256: z.string(),
});
export type ConsentDocument = z.output<typeof ConsentDocumentSchema>;

/** `GET /api/mp/consent`: the current 《个人信息处理规则》, which the identity request must name by version, and every notice. */
export const ConsentResponseSchema = z.object({
  version: z.string(),
  title: z.string(),
  sections: z.array(z.object({ title: z.string(), paragraphs: z.array(z.string()) })),
  /** SHA-256 (hex) of version, title and sections: what exactly this version says. */
  sha256: z.string(),
  documents: z.array(ConsentDocumentSchema),
});
export type ConsentResponse = z.output<typeof ConsentResponseSchema>;

export const IdentityRequestSchema = withValidIdNumber(
  z.object({
    name: PersonNameSchema,
    idType: IdTypeSchema,
    idNumber: IdNumberInputSchema,
    consentVersion: z.string({ error: '请先阅读并同意《个人信息处理规则》' }).min(1).max(32),
  }),
);
export type IdentityRequest = z.output<typeof IdentityRequestSchema>;

export const IdentityResponseSchema = z.object({
  identity: z.object({ name: z.string(), idType: IdTypeSchema, idNumberMasked: z.string() }),
  needsBankCard: z.boolean(),
});

export const PrefillRequestSchema = z.object({ authCode: z.string().min(1).max(512) });
export const PrefillResponseSchema = z.object({ name: z.string(), idNumber: z.string() });

export const BankCardCheckRequestSchema = z.object({
  cardNumber: z
    .string({ error: '请填写银行卡号' })
    .max(32)
    .transform((s) => s.replace(/\s+/g, ''))
    .refine(isBankCardNumber, '银行卡号不正确，请核对后重新输入'),
  phone: z
    .string()
    .regex(/^1\d{10}$/, '手机号码应为11位数字')
    .optional(),
  /** The version of the bank-card notice (`documents[kind=bankcard]`) the person agreed to. */
  consentVersion: z.string().max(32).optional(),
});
export const BankCardCheckResponseSchema = z.object({ passed: z.boolean(), reason: z.string().optional() });

export const VerificationPurposeSchema = z.enum(['entry', 'task']);
/** The face notice's version (`documents[kind=face]`), required for a face check. */
const FaceConsentSchema = z.string().max(32).optional();
export const StartVerificationRequestSchema = z.discriminatedUnion('purpose', [
  z.object({
    purpose: z.literal('entry'),
    /** `window`: no face check — the person's tasks go to manual review at a registration window. */
    method: z.enum(['face', 'window']).optional(),
    consentVersion: FaceConsentSchema,
  }),
  z.object({ purpose: z.literal('task'), taskId: z.string().min(1).max(64), consentVersion: FaceConsentSchema }),
]);
export type StartVerificationRequest = z.output<typeof StartVerificationRequestSchema>;

export const ProviderSchema = z.enum(['alipay', 'wechat', 'sandbox']);
export const StartVerificationResponseSchema = z.object({
  id: z.string(),
  provider: ProviderSchema,
  params: z.record(z.string(), z.unknown()),
});
/** `method: window`: how many of the person's tasks now wait for manual review. */
export const WindowVerificationChosenSchema = z.object({
  method: z.literal('window'),
  status: z.literal('manual_review'),
  tasks: z.number().int().nonnegative(),
});
/** What `POST /api/mp/verifications` answers: a face check started, or the window chosen. */
export const StartVerificationAnswerSchema = z.union([StartVerificationResponseSchema, WindowVerificationChosenSchema]);

export const VerificationResultSchema = z.object({
  status: z.enum(['passed', 'failed', 'pending']),
  reason: z.string().optional(),
  facePicture: z.string().optional(),
});

export const TodoItemSchema = z.object({
  taskId: z.string(),
  matterId: z.string(),
  kind: z.string(),
  entityName: z.string(),
  /** 代表 <organization>: the task is an organization's, confirmed by this person for it. */
  organization: OrganizationRefSchema.nullable().optional(),
  roles: z.array(z.string()),
  actions: z.array(ActionSchema),
  status: TaskStatusSchema,
  /** 已拒绝: this person declined the filing (they may still confirm it). */
  decision: z.enum(['declined']).nullable(),
  declineReason: DeclineReasonSchema.nullable(),
  createdAt: IsoDateSchema,
  expiresAt: IsoDateSchema,
});
export type TodoItem = z.output<typeof TodoItemSchema>;

export const TodosResponseSchema = z.object({ items: z.array(TodoItemSchema) });

export const TodoDetailSchema = TodoItemSchema.extend({
  /** `viewed`: this person has opened the document's content since the documents last changed. */
  documents: z.array(DocumentViewSchema.extend({ viewed: z.boolean() })),
  documentsDigest: z.string(),
  /** This person's own progress on the task (extensions of the contract). */
  verify: VerifyStateSchema,
  reviewReason: ReviewReasonSchema.optional(),
  sign: SignStateSchema,
  /** The task verification that passed and may be used to confirm, if any. */
  verificationId: z.string().nullable(),
});

/** A hand signature as a PNG data URL; about 200 KB of image at most. */
export const SignatureDataUrlSchema = z
  .string({ error: '请先签名' })
  .max(280_000, '签名图片过大')
  .regex(/^data:image\/png;base64,[A-Za-z0-9+/]+={0,2}$/, '签名须为PNG图片');

/** `verificationId` may be left out only for tasks without `verify`, `signature` only for tasks without `sign`. */
export const ConfirmRequestSchema = z.object({
  verificationId: z.string().min(1).max(64).optional(),
  documentsDigest: z.string().regex(/^[0-9a-f]{64}$/, '文件摘要格式不正确'),
  signature: SignatureDataUrlSchema.optional(),
});
export const ConfirmResponseSchema = z.object({ status: z.literal('confirmed') });

export const DeclineRequestSchema = z.object({
  reason: DeclineReasonSchema,
  note: z.string().trim().max(200, '说明不能超过200个字符').optional(),
});
export type DeclineRequest = z.output<typeof DeclineRequestSchema>;
export const DeclineResponseSchema = z.object({ status: z.literal('declined') });

export const DocumentIndexPathSchema = z.object({
  taskId: z.string().min(1).max(64),
  index: z.coerce.number().int().min(0).max(49),
});

export const SandboxOutcomeRequestSchema = z.object({
  outcome: z.enum(['pass', 'fail']),
  reason: z.string().max(200).optional(),
});

export const VerificationPathSchema = z.object({ id: z.string().min(1).max(64) });
export const TaskIdPathSchema = z.object({ taskId: z.string().min(1).max(64) });

/**
 * `GET /api/mp/service-info`: what the mini-program says that depends on the deployment, so that
 * opening a platform needs no new mini-program release: the platforms live, FAQ 1's answer, and
 * the 你呼我应 QR code of 技术支持.
 */
export const ServiceInfoResponseSchema = z.object({
  platforms: z.array(PlatformSchema),
  platformsFaqAnswer: z.string(),
  supportQrUrl: z.string(),
  /** True for the development placeholder (not a working code). */
  supportQrPlaceholder: z.boolean(),
});
export type ServiceInfoResponse = z.output<typeof ServiceInfoResponseSchema>;
