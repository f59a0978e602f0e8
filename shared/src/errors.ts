/**
 * Stable error codes with the Chinese message people read. The BFF renders these in
 * `{"error": {"code", "message", "details"}}`; the mini-program shows the same words for a code.
 */
export const ERROR_MESSAGES = {
  not_found: '未找到请求的资源',
  method_not_allowed: '不支持该请求方法',
  invalid_json: '请求内容不是有效的JSON',
  validation_failed: '提交的信息有误，请检查后重试',
  payload_too_large: '提交的内容过大',
  unsupported_media_type: '请求内容须为JSON格式',
  unauthorized: '身份凭证无效或已过期，请重新进入',
  forbidden: '无权执行此操作',
  rate_limited: '操作过于频繁，请稍后再试',
  database_unavailable: '服务暂时繁忙，请稍后重试',
  shutting_down: '服务正在重启，请稍后重试',
  internal_error: '服务暂时不可用，请稍后重试',
  portal_ref_conflict: '该业务编号已登记，且内容与本次不一致',
  matter_not_ready: '仍有人员未完成实名认证或签名，暂不能提交',
  matter_expired: '该业务已超过7天有效期，请重新发起',
  matter_cancelled: '该业务已撤销',
  prefill_unavailable: '暂时无法自动带出身份信息，请手动填写',
} as const;

export type ErrorCode = keyof typeof ERROR_MESSAGES;

/** Readable text for any code, including codes this build does not know yet. */
export function errorMessage(code: string): string {
  return (ERROR_MESSAGES as Record<string, string>)[code] ?? ERROR_MESSAGES.internal_error;
}
