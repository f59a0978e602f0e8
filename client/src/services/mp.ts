import { z } from 'zod';
import {
  BankCardCheckResponseSchema,
  ConfirmResponseSchema,
  IdentityResponseSchema,
  PrefillResponseSchema,
  StartVerificationResponseSchema,
  TodoDetailSchema,
  TodosResponseSchema,
  VerificationResultSchema,
  type IdType,
} from '@regverify/shared';
import { api } from './request';

/** The mini-program's calls, one function per endpoint of the contract. */

export const CONSENT_VERSION = '2026-11';

export const saveIdentity = (identity: { name: string; idType: IdType; idNumber: string }) =>
  api('PUT', '/api/mp/identity', IdentityResponseSchema, { ...identity, consentVersion: CONSENT_VERSION });

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
