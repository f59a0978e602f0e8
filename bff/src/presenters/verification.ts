/** A face check started: its id, the provider, and what the client passes to the platform's face screen; or the window chosen. */
export const presentVerificationStart = (
  started:
    | { verificationId: string; provider: 'sandbox' | 'alipay' | 'wechat'; params: Record<string, unknown> }
    | { window: true; tasks: number },
) =>
  'window' in started
    ? { method: 'window' as const, status: 'manual_review' as const, tasks: started.tasks }
    : { id: started.verificationId, provider: started.provider, params: started.params };

/** The result of a face check; the face picture only with the first answer that saw the pass. */
export const presentVerificationResult = (result: { status: 'passed' | 'failed' | 'pending'; reason?: string; facePicture?: string }) => ({
  status: result.status,
  ...(result.reason !== undefined ? { reason: result.reason } : {}),
  ...(result.facePicture !== undefined ? { facePicture: result.facePicture } : {}),
});
