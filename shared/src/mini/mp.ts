import * as z from 'zod/mini';
import { isBankCardNumber } from '../luhn';
import {
  ActionSchema,
  DeclineReasonSchema,
  DocumentViewSchema,
  IdTypeSchema,
  IsoDateSchema,
  ReviewReasonSchema,
  SignStateSchema,
  TaskStatusSchema,
  VerifyStateSchema,
} from './common';

/**
 * The requests the mini-program checks before it sends them and the answers it checks when they
 * come, from ../schemas/mp.ts in zod/mini: same names, same rules and words. mini.test.ts holds each
 * one equal to its original; the types stay those inferred from the originals.
 */

export const PlatformSchema = z.enum(['alipay', 'weapp', 'h5']);

export const ConsentKindSchema = z.enum(['rules', 'face', 'bankcard']);

export const ConsentDocumentSchema = z.object({
  kind: ConsentKindSchema,
  version: z.string(),
  title: z.string(),
  text: z.string(),
  sha256: z.string(),
});

export const ConsentResponseSchema = z.object({
  version: z.string(),
  title: z.string(),
  sections: z.array(z.object({ title: z.string(), paragraphs: z.array(z.string()) })),
  sha256: z.string(),
  documents: z.array(ConsentDocumentSchema),
});

export const IdentityResponseSchema = z.object({
  identity: z.object({ name: z.string(), idType: IdTypeSchema, idNumberMasked: z.string() }),
  needsBankCard: z.boolean(),
});

export const PrefillResponseSchema = z.object({ name: z.string(), idNumber: z.string() });

export const BankCardCheckRequestSchema = z.object({
  cardNumber: z
    .pipe(
      z.string({ error: '请填写银行卡号' }).check(z.maxLength(32)),
      z.transform((s: string) => s.replace(/\s+/g, '')),
    )
    .check(z.refine(isBankCardNumber, '银行卡号不正确，请核对后重新输入')),
  phone: z.optional(z.string().check(z.regex(/^1\d{10}$/, '手机号码应为11位数字'))),
  consentVersion: z.optional(z.string().check(z.maxLength(32))),
});
export const BankCardCheckResponseSchema = z.object({ passed: z.boolean(), reason: z.optional(z.string()) });

export const ProviderSchema = z.enum(['alipay', 'wechat', 'sandbox']);
export const StartVerificationResponseSchema = z.object({
  id: z.string(),
  provider: ProviderSchema,
  params: z.record(z.string(), z.unknown()),
});
export const WindowVerificationChosenSchema = z.object({
  method: z.literal('window'),
  status: z.literal('manual_review'),
  tasks: z.number().check(z.int(), z.nonnegative()),
});

export const VerificationResultSchema = z.object({
  status: z.enum(['passed', 'failed', 'pending']),
  reason: z.optional(z.string()),
  facePicture: z.optional(z.string()),
});

export const OrganizationRefSchema = z.object({ name: z.string(), usccMasked: z.string() });

export const TodoItemSchema = z.object({
  taskId: z.string(),
  matterId: z.string(),
  kind: z.string(),
  entityName: z.string(),
  organization: z.optional(z.nullable(OrganizationRefSchema)),
  roles: z.array(z.string()),
  actions: z.array(ActionSchema),
  status: TaskStatusSchema,
  decision: z.nullable(z.enum(['declined'])),
  declineReason: z.nullable(DeclineReasonSchema),
  createdAt: IsoDateSchema,
  expiresAt: IsoDateSchema,
});

export const TodosResponseSchema = z.object({ items: z.array(TodoItemSchema) });

export const TodoDetailSchema = z.extend(TodoItemSchema, {
  documents: z.array(z.extend(DocumentViewSchema, { viewed: z.boolean() })),
  documentsDigest: z.string(),
  verify: VerifyStateSchema,
  reviewReason: z.optional(ReviewReasonSchema),
  sign: SignStateSchema,
  verificationId: z.nullable(z.string()),
});

export const ConfirmResponseSchema = z.object({ status: z.literal('confirmed') });

export const DeclineRequestSchema = z.object({
  reason: DeclineReasonSchema,
  note: z.optional(z.string().check(z.trim(), z.maxLength(200, '说明不能超过200个字符'))),
});
export const DeclineResponseSchema = z.object({ status: z.literal('declined') });

export const ServiceInfoResponseSchema = z.object({
  platforms: z.array(PlatformSchema),
  platformsFaqAnswer: z.string(),
  supportQrUrl: z.string(),
  supportQrPlaceholder: z.boolean(),
});
