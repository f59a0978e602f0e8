import type { DeclineReason, MatterStatus, ReviewReason, SignState, VerifyState } from './schemas/common';

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

export const DECLINED_WORD = '已拒绝';

/** The reasons a person gives for 拒绝, in the words of the mini-program's choice. */
export const DECLINE_REASON_WORDS: Record<DeclineReason, string> = {
  not_mine: '不是本人办理',
  content_wrong: '内容有误',
};

/** Why a task waits for manual review, in the window's words. */
export const REVIEW_REASON_WORDS: Record<ReviewReason, string> = {
  document_type: '证件类型需人工核验',
  person_chose_window: '本人选择窗口核验',
  repeated_failures: '多次人脸核验未通过',
};

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

/**
 * The words for one person of a matter: expired matters show 已过期 for anyone not finished; a
 * person who declined shows 已拒绝 with the reason (`已拒绝（不是本人办理）`); a person who chose the
 * window shows it (`待人工核验（本人选择窗口核验）`).
 */
export function participantWords(
  p: {
    verify: VerifyState;
    sign: SignState;
    confirmedAt: string | null;
    decision?: 'declined' | null;
    declineReason?: DeclineReason | null;
    reviewReason?: ReviewReason | null;
  },
  matterStatus: MatterStatus,
): string[] {
  if (matterStatus === 'expired' && !p.confirmedAt) return [EXPIRED_WORD];
  if (p.decision === 'declined') return [p.declineReason ? `${DECLINED_WORD}（${DECLINE_REASON_WORDS[p.declineReason]}）` : DECLINED_WORD];
  const words: string[] = [];
  if (p.verify === 'manual_review' && p.reviewReason === 'person_chose_window')
    words.push(`${VERIFY_WORDS.manual_review}（${REVIEW_REASON_WORDS.person_chose_window}）`);
  else if (p.verify !== 'n/a') words.push(VERIFY_WORDS[p.verify]);
  if (p.sign !== 'n/a') words.push(SIGN_WORDS[p.sign]);
  return words;
}
