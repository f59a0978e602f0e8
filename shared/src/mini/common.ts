import * as z from 'zod/mini';
import { ID_TYPES } from '../idDocuments/types';

/**
 * The building blocks of ../schemas/common.ts that the mini-program's schemas use, in zod/mini.
 * Same names, same rules and words; mini.test.ts holds each one equal to its original.
 */

export const IdTypeSchema = z.enum(ID_TYPES, { error: '请选择证件类型' });

export const IsoDateSchema = z.iso.datetime();

export const Sha256Schema = z.pipe(
  z.string().check(z.regex(/^[0-9a-fA-F]{64}$/, '须为64位十六进制SHA-256摘要')),
  z.transform((s: string) => s.toLowerCase()),
);

export const PersonNameSchema = z
  .string({ error: '请填写姓名' })
  .check(
    z.trim(),
    z.minLength(1, '请填写姓名'),
    z.maxLength(64, '姓名不能超过64个字符'),
    z.regex(/^[^\p{Cc}0-9!"#$%&()*+,/:;<=>?@[\\\]^_`{|}~，。；：？！（）【】]+$/u, '姓名中不能包含数字或符号'),
  );

export const DocumentSchema = z.object({
  name: z.string().check(z.trim(), z.minLength(1, '请填写文件名称'), z.maxLength(200, '文件名称不能超过200个字符')),
  sha256: Sha256Schema,
  contentType: z.optional(z.enum(['application/pdf'], { error: '文件类型仅支持 application/pdf' })),
});

export const DocumentViewSchema = z.extend(DocumentSchema, { hasContent: z.boolean() });

export const DeclineReasonSchema = z.enum(['not_mine', 'content_wrong'], { error: '请选择拒绝原因' });

export const ReviewReasonSchema = z.enum(['document_type', 'person_chose_window', 'repeated_failures']);

export const ActionSchema = z.enum(['verify', 'sign']);

export const VerifyStateSchema = z.enum(['pending', 'done', 'manual_review', 'n/a']);

export const SignStateSchema = z.enum(['pending', 'done', 'n/a']);

export const TaskStatusSchema = z.enum(['pending', 'confirmed', 'expired', 'cancelled']);
