import { z } from 'zod';
import {
  BankCardCheckResponseSchema,
  ConfirmResponseSchema,
  ConsentResponseSchema,
  IdentityResponseSchema,
  PrefillResponseSchema,
  ServiceInfoResponseSchema,
  StartVerificationResponseSchema,
  TodoDetailSchema,
  TodosResponseSchema,
  VerificationResultSchema,
  type IdType,
} from '@regverify/shared';
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

export const checkBankCard = (cardNumber: string, phone?: string) =>
  api('POST', '/api/mp/bankcard-checks', BankCardCheckResponseSchema, { cardNumber, ...(phone ? { phone } : {}) });

export const startVerification = (purpose: { purpose: 'entry' } | { purpose: 'task'; taskId: string }) =>
  api('POST', '/api/mp/verifications', StartVerificationResponseSchema, purpose);

export const completeVerification = (id: string) =>
  api('POST', `/api/mp/verifications/${encodeURIComponent(id)}/complete`, VerificationResultSchema, {});

/** Sandbox only: what the simulated face screen chose. */
export const chooseSandboxOutcome = (id: string, outcome: 'pass' | 'fail') =>
  api('POST', `/api/sandbox/verifications/${encodeURIComponent(id)}/outcome`, z.object({ outcome: z.string() }), { outcome });

export const listTodos = () => api('GET', '/api/mp/todos', TodosResponseSchema);

export const readTodo = (taskId: string) => api('GET', `/api/mp/todos/${encodeURIComponent(taskId)}`, TodoDetailSchema);

export const confirmTodo = (taskId: string, body: { verificationId?: string; documentsDigest: string; signature?: string }) =>
  api('POST', `/api/mp/todos/${encodeURIComponent(taskId)}/confirm`, ConfirmResponseSchema, body);
