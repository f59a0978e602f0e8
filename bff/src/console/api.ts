/**
 * The console's one request client: same-origin calls to `/api/operator/*` with the session cookie
 * (HttpOnly, so this code never sees it) and the CSRF token of the session on every change. Error
 * answers become an `ApiError` with the server's Chinese message. A 401 on a signed-in call means the
 * session is over (idle, signed out elsewhere): the console is told, and goes back to sign-in.
 *
 * Answers are typed by the shared schemas but not parsed with them: the server checks its answers
 * against those schemas (outside production, `routes/mount.ts`), and zod would be a third of the
 * console's script for a check of our own server's same-origin answers.
 */
import type {
  AlarmListResponseSchema,
  AuditTrailResponseSchema,
  DeclineListResponseSchema,
  DeclineReason,
  IdType,
  MatterViewSchema,
  OperatorSessionResponseSchema,
  PersonUnlockResponseSchema,
  ReviewDetailSchema,
  ReviewListResponseSchema,
} from '@regverify/shared';
import { errorMessage } from '@regverify/shared/words';
import type { z } from 'zod';

export type OperatorSession = z.output<typeof OperatorSessionResponseSchema>;
export type ReviewItem = z.output<typeof ReviewListResponseSchema>['items'][number];
export type ReviewDetail = z.output<typeof ReviewDetailSchema>;
export type MatterView = z.output<typeof MatterViewSchema>;
export type AuditTrail = z.output<typeof AuditTrailResponseSchema>;
export type AlarmItem = z.output<typeof AlarmListResponseSchema>['items'][number];
export type DeclineItem = z.output<typeof DeclineListResponseSchema>['items'][number];
export type Decision = { decision: 'approved' } | { decision: 'refused'; reason: string };
type Items<T> = { items: T[] };

/** An error answer (or no answer): its status (0 when the network failed), code and message to show. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** The field a `validation_failed` is about, when the server names one. */
    readonly field?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

const NETWORK_MESSAGE = '无法连接服务器，请检查网络后重试';

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

/** The error envelope (`{ error: { code, message, details? } }`), or a generic error when the answer is not one. */
async function errorOf(res: Response): Promise<ApiError> {
  const body: unknown = await res.json().catch(() => null);
  const error = isRecord(body) ? body.error : undefined;
  if (!isRecord(error) || typeof error.code !== 'string') return new ApiError(res.status, 'internal_error', errorMessage('internal_error'));
  const message = typeof error.message === 'string' && error.message ? error.message : errorMessage(error.code);
  const field = isRecord(error.details) && typeof error.details.field === 'string' ? error.details.field : undefined;
  return new ApiError(res.status, error.code, message, field);
}

export interface ConsoleApiOptions {
  /** A signed-in call was answered 401: the session has ended. */
  onSessionExpired(): void;
}

export function createConsoleApi(options: ConsoleApiOptions) {
  let csrfToken = '';

  async function call<T>(
    method: 'GET' | 'POST',
    path: string,
    body?: unknown,
    { signedIn = true }: { signedIn?: boolean } = {},
  ): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
    let res: Response;
    try {
      res = await fetch(path, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        credentials: 'same-origin',
        cache: 'no-store',
      });
    } catch {
      throw new ApiError(0, 'network_error', NETWORK_MESSAGE);
    }
    if (!res.ok) {
      const error = await errorOf(res);
      if (res.status === 401 && signedIn) {
        csrfToken = '';
        options.onSessionExpired();
      }
      throw error;
    }
    return (await res.json()) as T;
  }

  const remember = (session: OperatorSession) => {
    csrfToken = session.csrfToken;
    return session;
  };

  return {
    signIn: async (name: string, secret: string) =>
      remember(await call<OperatorSession>('POST', '/api/operator/session', { name, secret }, { signedIn: false })),
    /** The session of this browser's cookie after a reload, or null when there is none. */
    restoreSession: async (): Promise<OperatorSession | null> => {
      try {
        return remember(await call<OperatorSession>('GET', '/api/operator/session', undefined, { signedIn: false }));
      } catch (err) {
        if (err instanceof ApiError && (err.status === 401 || err.status === 404)) return null;
        throw err;
      }
    },
    signOut: async () => {
      await call<unknown>('POST', '/api/operator/session/logout');
      csrfToken = '';
    },
    listReviews: async (q: string) =>
      (await call<Items<ReviewItem>>('GET', `/api/operator/reviews${q.trim() ? `?q=${encodeURIComponent(q.trim())}` : ''}`)).items,
    getReview: (taskId: string) => call<ReviewDetail>('GET', `/api/operator/reviews/${encodeURIComponent(taskId)}`),
    decide: (taskId: string, decision: Decision) =>
      call<MatterView>('POST', `/api/operator/tasks/${encodeURIComponent(taskId)}/review`, decision),
    getAuditTrail: (matterId: string) => call<AuditTrail>('GET', `/api/operator/matters/${encodeURIComponent(matterId)}/audit`),
    listAlarms: async () => (await call<Items<AlarmItem>>('GET', '/api/operator/alarms')).items,
    /** The declines of the operator's tenants, newest first; only those of `reason` when given. */
    listDeclines: async (reason?: DeclineReason) =>
      (await call<Items<DeclineItem>>('GET', `/api/operator/declines${reason ? `?reason=${encodeURIComponent(reason)}` : ''}`)).items,
    /** Clears the counts of the person whose document the operator has in hand (the number goes to the server only). */
    unlockPerson: (person: { idType: IdType; idNumber: string }) =>
      call<z.output<typeof PersonUnlockResponseSchema>>('POST', '/api/operator/people/unlock', person),
  };
}

export type ConsoleApi = ReturnType<typeof createConsoleApi>;
