import type { ErrorCode } from '../errors';

/**
 * The error words the mini-program writes itself: the fallback for an answer without a message
 * (one that never came from the BFF, which words every error) and the codes its pages name. The
 * whole table (../errors.ts) is 3 KB of the main package, most of it for the portal and the
 * console; these are its words for these codes, kept equal by errorWords.test.ts.
 */
export const MINI_ERROR_MESSAGES = {
  internal_error: '服务暂时不可用，请稍后重试',
  prefill_unavailable: '暂时无法自动带出身份信息，请手动填写',
  manual_review_required: '该证件类型暂不支持刷脸核验，请到登记窗口进行人工核验',
} satisfies Partial<Record<ErrorCode, string>>;

/** Readable text for a code: its words, or the generic server wording. */
export function miniErrorMessage(code: string): string {
  return (MINI_ERROR_MESSAGES as Record<string, string>)[code] ?? MINI_ERROR_MESSAGES.internal_error;
}
