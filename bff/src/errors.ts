import { ERROR_MESSAGES, type ErrorCode } from '@regverify/shared';

/**
 * The HTTP status of every error code, in one place: the error envelope, the OpenAPI document's
 * error answers and the tests all read it from here.
 */
export const ERROR_STATUS = {
  not_found: 404,
  method_not_allowed: 405,
  invalid_json: 400,
  validation_failed: 400,
  payload_too_large: 413,
  unsupported_media_type: 415,
  request_timeout: 408,
  unauthorized: 401,
  forbidden: 403,
  rate_limited: 429,
  database_unavailable: 503,
  shutting_down: 503,
  concurrent_update: 409,
  internal_error: 500,
  portal_ref_conflict: 409,
  matter_not_ready: 409,
  matter_expired: 410,
  matter_cancelled: 409,
  prefill_unavailable: 403,
  matter_submitted: 409,
  review_not_pending: 409,
  signature_not_found: 404,
  matter_active: 409,
  personal_data_purged: 410,
  invalid_login_code: 401,
  platform_not_supported: 400,
  account_not_owner: 403,
  identity_required: 409,
  bank_card_required: 409,
  bank_card_not_required: 409,
  manual_review_required: 409,
  entry_verification_required: 403,
  task_verification_required: 409,
  verification_not_passed: 409,
  face_check_locked: 429,
  bank_card_locked: 429,
  consent_version_mismatch: 400,
  verification_used: 409,
  verification_expired: 410,
  verification_mismatch: 409,
  digest_mismatch: 409,
  documents_not_viewed: 409,
  participant_declined: 409,
  document_digest_mismatch: 400,
  task_not_pending: 409,
  signature_required: 400,
  signature_invalid: 400,
  signature_blank: 400,
  provider_unavailable: 502,
  provider_error: 502,
} as const satisfies Record<ErrorCode, number>;

export interface AppErrorOptions {
  /** Replaces the code's standard message (still Chinese, still without personal data). */
  message?: string;
  details?: Record<string, unknown>;
  headers?: Record<string, string>;
}

/**
 * An error with a stable code that the error middleware renders as
 * `{"error": {"code", "message", "details"}}`, with the code's status from `ERROR_STATUS`.
 */
export class AppError extends Error {
  readonly status: number;
  readonly details?: Record<string, unknown>;
  readonly headers?: Record<string, string>;

  constructor(
    readonly code: ErrorCode,
    options: AppErrorOptions = {},
  ) {
    super(options.message ?? ERROR_MESSAGES[code]);
    this.name = 'AppError';
    this.status = ERROR_STATUS[code];
    this.details = options.details;
    this.headers = options.headers;
  }
}

export const notFound = () => new AppError('not_found');

export const methodNotAllowed = (allow: string) =>
  new AppError('method_not_allowed', {
    details: { allowed: allow ? allow.split(/,\s*/) : [] },
    headers: allow ? { Allow: allow } : undefined,
  });

export const invalidJson = () => new AppError('invalid_json');

/** One readable message naming the first bad field; every issue is in `details.issues`. */
export const validationFailed = (issues: Array<{ path: string; message: string }>) =>
  new AppError('validation_failed', {
    message: issues.length > 0 ? `${issues[0].message}（${issues[0].path || '请求'}）` : undefined,
    details: { field: issues[0]?.path, issues },
  });

export const payloadTooLarge = (limitBytes?: number) =>
  new AppError('payload_too_large', { details: limitBytes ? { limitBytes } : undefined });

export const unsupportedMediaType = () => new AppError('unsupported_media_type');

export const unauthorized = () => new AppError('unauthorized');

export const forbidden = () => new AppError('forbidden');

export const rateLimited = (retryAfterSeconds: number) =>
  new AppError('rate_limited', { details: { retryAfter: retryAfterSeconds }, headers: { 'Retry-After': String(retryAfterSeconds) } });

export const databaseUnavailable = () => new AppError('database_unavailable', { headers: { 'Retry-After': '5' } });

export const internalError = () => new AppError('internal_error');
