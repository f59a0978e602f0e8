import type { DeclineReason, IdType } from '@regverify/shared';
import {
  BankCardCheckResponseSchema,
  ConfirmResponseSchema,
  ConsentResponseSchema,
  DeclineResponseSchema,
  IdentityResponseSchema,
  PrefillResponseSchema,
  SandboxOutcomeResponseSchema,
  ServiceInfoResponseSchema,
  StartVerificationResponseSchema,
  TodoDetailSchema,
  TodosResponseSchema,
  VerificationResultSchema,
  WindowVerificationChosenSchema,
} from '@regverify/shared/mini';
import { api, publicApi } from './request';

/** The mini-program's calls, one function per endpoint of the contract. */

/** What depends on the deployment: the platforms live, FAQ 1's answer, the 技术支持 QR code. */
export const readServiceInfo = () => publicApi('GET', '/api/mp/service-info', ServiceInfoResponseSchema);

/** 《个人信息处理规则》 as the server has them now: the text shown, and the version agreed to. */
export const readConsent = () => publicApi('GET', '/api/mp/consent', ConsentResponseSchema);

/** The identity, with the version of the rules the person agreed to (the server refuses any other). */
export const saveIdentity = (identity: { name: string; idType: IdType; idNumber: string }, consentVersion: string) =>
  api('PUT', '/api/mp/identity', IdentityResponseSchema, { ...identity, consentVersion });

export const prefill = (authCode: string) => api('POST', '/api/mp/identity/prefill', PrefillResponseSchema, { authCode });

/** A bank-card check, with the version of 《银行卡信息处理告知》 the person agreed to. */
export const checkBankCard = (cardNumber: string, phone: string | undefined, consentVersion: string) =>
  api('POST', '/api/mp/bankcard-checks', BankCardCheckResponseSchema, { cardNumber, ...(phone ? { phone } : {}), consentVersion });

/** A face check, with the version of 《人脸信息处理告知》 the person agreed to. */
export const startVerification = (purpose: { purpose: 'entry' } | { purpose: 'task'; taskId: string }, consentVersion: string) =>
  api('POST', '/api/mp/verifications', StartVerificationResponseSchema, { ...purpose, consentVersion });

/** 到登记窗口核验: the person's tasks wait for manual review at a registration window instead. */
export const chooseWindow = () =>
  api('POST', '/api/mp/verifications', WindowVerificationChosenSchema, { purpose: 'entry', method: 'window' });

/** 拒绝: 不是本人办理 or 内容有误, with an optional note. */
export const declineTodo = (taskId: string, reason: DeclineReason, note?: string) =>
  api('POST', `/api/mp/todos/${encodeURIComponent(taskId)}/decline`, DeclineResponseSchema, { reason, ...(note ? { note } : {}) });

/** Where a to-do's document is read; the platform opens it with the session's credential (the server records the opening). */
export const todoDocumentPath = (taskId: string, index: number) => `/api/mp/todos/${encodeURIComponent(taskId)}/documents/${index}/content`;

export const completeVerification = (id: string) =>
  api('POST', `/api/mp/verifications/${encodeURIComponent(id)}/complete`, VerificationResultSchema, {});

/** Sandbox only: what the simulated face screen chose. */
export const chooseSandboxOutcome = (id: string, outcome: 'pass' | 'fail') =>
  api('POST', `/api/sandbox/verifications/${encodeURIComponent(id)}/outcome`, SandboxOutcomeResponseSchema, { outcome });

export const listTodos = () => api('GET', '/api/mp/todos', TodosResponseSchema);

export const readTodo = (taskId: string) => api('GET', `/api/mp/todos/${encodeURIComponent(taskId)}`, TodoDetailSchema);

export const confirmTodo = (taskId: string, body: { verificationId?: string; documentsDigest: string; signature?: string }) =>
  api('POST', `/api/mp/todos/${encodeURIComponent(taskId)}/confirm`, ConfirmResponseSchema, body);
