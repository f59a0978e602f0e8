import type { MatterStatus, SignState, VerifyState } from './schemas/common';

/** The status words of the specification, shown to people on the portal page and in the mini-program. */
export const VERIFY_WORDS: Record<VerifyState, string> = {
  pending: '待实名认证',
  done: '已实名认证',
  manual_review: '待人工核验',
  'n/a': '无需实名认证',
};

export const SIGN_WORDS: Record<SignState, string> = {
  pending: '待签名',
  done: '已签名',
  'n/a': '无需签名',
};

export const EXPIRED_WORD = '已过期';

/** `待完成 (n/m)`, `可提交`, `已提交`, `已过期`, `已撤销`. */
export function matterStatusWord(status: MatterStatus, progress: { done: number; total: number }): string {
  switch (status) {
    case 'pending':
      return `待完成 (${progress.done}/${progress.total})`;
    case 'ready':
      return '可提交';
    case 'submitted':
      return '已提交';
    case 'expired':
      return '已过期';
    case 'cancelled':
      return '已撤销';
  }
}

/** The words for one person of a matter: expired matters show 已过期 for anyone not finished. */
export function participantWords(
  p: { verify: VerifyState; sign: SignState; confirmedAt: string | null },
  matterStatus: MatterStatus,
): string[] {
  if (matterStatus === 'expired' && !p.confirmedAt) return [EXPIRED_WORD];
  const words: string[] = [];
  if (p.verify !== 'n/a') words.push(VERIFY_WORDS[p.verify]);
  if (p.sign !== 'n/a') words.push(SIGN_WORDS[p.sign]);
  return words;
}
