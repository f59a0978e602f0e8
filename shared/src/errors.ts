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
  request_timeout: '请求发送超时，请重试',
  unauthorized: '身份凭证无效或已过期，请重新进入',
  forbidden: '无权执行此操作',
  rate_limited: '操作过于频繁，请稍后再试',
  database_unavailable: '服务暂时繁忙，请稍后重试',
  shutting_down: '服务正在重启，请稍后重试',
  concurrent_update: '操作冲突，请重试',
  internal_error: '服务暂时不可用，请稍后重试',
  portal_ref_conflict: '该业务编号已登记，且内容与本次不一致',
  matter_not_ready: '仍有人员未完成实名认证或签名，暂不能提交',
  matter_expired: '该业务已超过7天有效期，请重新发起',
  matter_cancelled: '该业务已撤销',
  prefill_unavailable: '暂时无法自动带出身份信息，请手动填写',
  matter_submitted: '该业务已提交，不能再修改',
  review_not_pending: '该人员不在待人工核验状态',
  signature_not_found: '该人员尚未签名',
  matter_active: '该业务仍在办理中，请先提交或撤销后再删除个人信息',
  personal_data_purged: '该业务的个人信息已按规定删除',
  invalid_login_code: '登录凭证无效或已过期，请重新进入小程序',
  platform_not_supported: '当前平台暂不支持登录',
  account_not_owner: '非本人使用支付宝账号进行验证：请使用本人的支付宝账号，或核对姓名、证件号码后重试',
  identity_required: '请先填写姓名、证件类型和证件号码',
  bank_card_required: '使用居民身份证核验的，请先完成本人银行卡信息核验',
  bank_card_not_required: '该证件类型无需银行卡核验',
  manual_review_required: '该证件类型暂不支持刷脸核验，请到登记窗口进行人工核验',
  entry_verification_required: '请先完成刷脸身份核验',
  task_verification_required: '请先完成本业务的刷脸核验',
  verification_not_passed: '刷脸核验尚未通过',
  face_check_locked: '今日刷脸核验失败次数过多，请明天再试或到登记窗口办理',
  bank_card_locked: '今日银行卡核验未通过次数过多，请明天再试或到登记窗口办理',
  consent_version_mismatch: '《个人信息处理规则》已更新，请重新阅读并同意后再提交',
  verification_used: '该次刷脸核验已使用，请重新刷脸',
  verification_expired: '刷脸核验已超时，请重新刷脸',
  verification_mismatch: '该次刷脸核验不属于本待办事项',
  digest_mismatch: '业务文件已更新，请重新查看后再确认',
  task_not_pending: '该待办事项已处理',
  signature_required: '请先签名再确认',
  signature_invalid: '签名图片无效，请重新签名',
  signature_blank: '签名为空，请先签名再确认',
  provider_unavailable: '核验服务暂时不可用，请稍后重试',
  provider_error: '核验服务返回异常，请稍后重试',
  documents_not_viewed: '请先打开并阅读全部业务文件，再确认',
  participant_declined: '有人员已拒绝本业务，不能提交',
  document_digest_mismatch: '上传的文件内容与登记的文件摘要不一致',
} as const;

export type ErrorCode = keyof typeof ERROR_MESSAGES;

/** Readable text for any code, including codes this build does not know yet. */
export function errorMessage(code: string): string {
  return (ERROR_MESSAGES as Record<string, string>)[code] ?? ERROR_MESSAGES.internal_error;
}
