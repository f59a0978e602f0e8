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
    portalRef: z.string().trim().min(1, '请填写业务编号').max(64).regex(/^[A-Za-z0-9._:-]+$/, '业务编号只能包含字母、数字和 . _ : -'),
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

export const MatterPathSchema = z.object({ id: z.string().min(1).max(64) });
export const TaskPathSchema = MatterPathSchema.extend({ taskId: z.string().min(1).max(64) });
