import { miniErrorMessage as errorMessage } from '@regverify/shared/errorWords';

/** A failed call, with the server's stable code and a message people can read. */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** The network failed (no answer at all): worth a retry button. */
  get isNetwork(): boolean {
    return this.code === 'network_error';
  }
}

export const networkError = () => new ApiError('network_error', '网络连接失败，请检查网络后重试', 0);

/** Turns the error envelope into an ApiError; unknown shapes become a generic one. */
export function fromEnvelope(status: number, data: unknown): ApiError {
  const error = (data as { error?: { code?: unknown; message?: unknown; details?: unknown } } | null)?.error;
  const code = typeof error?.code === 'string' ? error.code : status >= 500 ? 'internal_error' : 'bad_request';
  const message = typeof error?.message === 'string' && error.message ? error.message : errorMessage(code);
  return new ApiError(code, message, status, (error?.details as Record<string, unknown>) ?? undefined);
}

/** Anything thrown on the way (a bug, a platform failure) shown as the generic server wording. */
export function asApiError(err: unknown): ApiError {
  return err instanceof ApiError ? err : new ApiError('internal_error', errorMessage('internal_error'), 0);
}
