import { ERROR_MESSAGES, type ErrorCode } from '@regverify/shared';

/**
 * An error with a stable code that the error middleware renders as
 * `{"error": {"code", "message", "details"}}`. Create them through the factories below.
 */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string = ERROR_MESSAGES[code],
    readonly details?: Record<string, unknown>,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const notFound = () => new AppError(404, 'not_found');

export const methodNotAllowed = (allow: string) =>
  new AppError(405, 'method_not_allowed', undefined, { allowed: allow ? allow.split(/,\s*/) : [] }, allow ? { Allow: allow } : undefined);

export const invalidJson = () => new AppError(400, 'invalid_json');

/** One readable message naming the first bad field; every issue is in `details.issues`. */
export const validationFailed = (issues: Array<{ path: string; message: string }>) =>
  new AppError(
    400,
    'validation_failed',
    issues.length > 0 ? `${issues[0].message}（${issues[0].path || '请求'}）` : ERROR_MESSAGES.validation_failed,
    { field: issues[0]?.path, issues },
  );

export const payloadTooLarge = (limitBytes?: number) =>
  new AppError(413, 'payload_too_large', undefined, limitBytes ? { limitBytes } : undefined);

export const unsupportedMediaType = () => new AppError(415, 'unsupported_media_type');

export const unauthorized = () => new AppError(401, 'unauthorized');

export const forbidden = () => new AppError(403, 'forbidden');

export const rateLimited = (retryAfterSeconds: number) =>
  new AppError(429, 'rate_limited', undefined, { retryAfter: retryAfterSeconds }, { 'Retry-After': String(retryAfterSeconds) });

export const databaseUnavailable = () => new AppError(503, 'database_unavailable', undefined, undefined, { 'Retry-After': '5' });

export const internalError = () => new AppError(500, 'internal_error');
