/**
 * The console's one request client: same-origin calls to `/api/operator/*` with the session cookie
 * (HttpOnly, so this code never sees it) and the CSRF token of the session on every change. Answers
 * are checked against the shared schemas; error answers become an `ApiError` with the server's
 * Chinese message. A 401 on a signed-in call means the session is over (idle, signed out
 * elsewhere): the console is told, and goes back to sign-in.
 */
import {
  AlarmListResponseSchema,
  AuditTrailResponseSchema,
  DeclineListResponseSchema,
  type DeclineReason,
  ErrorBodySchema,
  errorMessage,
  type IdType,
  MatterViewSchema,
  OperatorLogoutResponseSchema,
  OperatorSessionResponseSchema,
  PersonUnlockResponseSchema,
  ReviewDetailSchema,
  ReviewListResponseSchema,
} from '@regverify/shared';
import type { z } from 'zod';

export type OperatorSession = z.output<typeof OperatorSessionResponseSchema>;
export type ReviewItem = z.output<typeof ReviewListResponseSchema>['items'][number];
export type ReviewDetail = z.output<typeof ReviewDetailSchema>;
export type MatterView = z.output<typeof MatterViewSchema>;
export type AuditTrail = z.output<typeof AuditTrailResponseSchema>;
export type AlarmItem = z.output<typeof AlarmListResponseSchema>['items'][number];
export type DeclineItem = z.output<typeof DeclineListResponseSchema>['items'][number];
export type Decision = { decision: 'approved' } | { decision: 'refused'; reason: string };

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

async function errorOf(res: Response): Promise<ApiError> {
  const parsed = ErrorBodySchema.safeParse(await res.json().catch(() => null));
  if (!parsed.success) return new ApiError(res.status, 'internal_error', errorMessage('internal_error'));
  const { code, message, details } = parsed.data.error;
  return new ApiError(res.status, code, message || errorMessage(code), typeof details?.field === 'string' ? details.field : undefined);
}

export interface ConsoleApiOptions {
  /** A signed-in call was answered 401: the session has ended. */
  onSessionExpired(): void;
}

export function createConsoleApi(options: ConsoleApiOptions) {
  let csrfToken = '';

  async function call<S extends z.ZodType>(
    schema: S,
    method: 'GET' | 'POST',
    path: string,
    body?: unknown,
    { signedIn = true }: { signedIn?: boolean } = {},
  ): Promise<z.output<S>> {
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
    return schema.parse(await res.json());
  }

  const remember = (session: OperatorSession) => {
    csrfToken = session.csrfToken;
    return session;
  };

  return {
    signIn: async (name: string, secret: string) =>
      remember(await call(OperatorSessionResponseSchema, 'POST', '/api/operator/session', { name, secret }, { signedIn: false })),
    /** The session of this browser's cookie after a reload, or null when there is none. */
    restoreSession: async (): Promise<OperatorSession | null> => {
      try {
        return remember(await call(OperatorSessionResponseSchema, 'GET', '/api/operator/session', undefined, { signedIn: false }));
      } catch (err) {
        if (err instanceof ApiError && (err.status === 401 || err.status === 404)) return null;
        throw err;
      }
    },
    signOut: async () => {
      await call(OperatorLogoutResponseSchema, 'POST', '/api/operator/session/logout');
      csrfToken = '';
    },
    listReviews: async (q: string) =>
      (await call(ReviewListResponseSchema, 'GET', `/api/operator/reviews${q.trim() ? `?q=${encodeURIComponent(q.trim())}` : ''}`)).items,
    getReview: (taskId: string) => call(ReviewDetailSchema, 'GET', `/api/operator/reviews/${encodeURIComponent(taskId)}`),
    decide: (taskId: string, decision: Decision) =>
      call(MatterViewSchema, 'POST', `/api/operator/tasks/${encodeURIComponent(taskId)}/review`, decision),
    getAuditTrail: (matterId: string) =>
      call(AuditTrailResponseSchema, 'GET', `/api/operator/matters/${encodeURIComponent(matterId)}/audit`),
    listAlarms: async () => (await call(AlarmListResponseSchema, 'GET', '/api/operator/alarms')).items,
    /** The declines of the operator's tenants, newest first; only those of `reason` when given. */
    listDeclines: async (reason?: DeclineReason) =>
      (await call(DeclineListResponseSchema, 'GET', `/api/operator/declines${reason ? `?reason=${encodeURIComponent(reason)}` : ''}`))
        .items,
    /** Clears the counts of the person whose document the operator has in hand (the number goes to the server only). */
    unlockPerson: (person: { idType: IdType; idNumber: string }) =>
      call(PersonUnlockResponseSchema, 'POST', '/api/operator/people/unlock', person),
  };
}

export type ConsoleApi = ReturnType<typeof createConsoleApi>;
