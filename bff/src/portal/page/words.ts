/**
 * What the portal page says about a MatterView, in the words of the specification. Pure and free of
 * zod, so the server's HTML and the page's live updates (bundled for the browser) say the same.
 */
import type { MatterView, ParticipantView } from '@regverify/shared';
import {
  DECLINE_REASON_WORDS,
  DECLINED_WORD,
  EXPIRED_WORD,
  ID_TYPE_LABELS,
  matterStatusWord,
  REVIEW_REASON_WORDS,
  SIGN_WORDS,
  VERIFY_WORDS,
} from '@regverify/shared/words';

/** Colour of a status badge: finished, waiting, at a service window, over, or nothing to do. */
export type Tone = 'done' | 'pending' | 'review' | 'over' | 'none';

export interface Word {
  text: string;
  tone: Tone;
}

export { ID_TYPE_LABELS };

const VERIFY_TONES = { pending: 'pending', done: 'done', manual_review: 'review', 'n/a': 'none' } as const;
const SIGN_TONES = { pending: 'pending', done: 'done', 'n/a': 'none' } as const;

/**
 * The 实名认证 and 签名 columns of one person. As in `participantWords`, a person who had not
 * finished when the matter expired shows 已过期 instead. A person who declined shows 已拒绝 with the
 * reason in the 签名 column; one who chose the window says so beside 待人工核验.
 */
export function participantCells(p: ParticipantView, matterStatus: MatterView['status']): { verify: Word; sign: Word } {
  if (matterStatus === 'expired' && !p.confirmedAt) {
    return {
      verify: { text: p.verify === 'n/a' ? VERIFY_WORDS['n/a'] : EXPIRED_WORD, tone: p.verify === 'n/a' ? 'none' : 'over' },
      sign: { text: p.sign === 'n/a' ? SIGN_WORDS['n/a'] : EXPIRED_WORD, tone: p.sign === 'n/a' ? 'none' : 'over' },
    };
  }
  const verify: Word = { text: VERIFY_WORDS[p.verify], tone: VERIFY_TONES[p.verify] };
  if (p.verify === 'manual_review' && p.review === 'refused') verify.text += '（未通过）';
  else if (p.verify === 'manual_review' && p.reviewReason === 'person_chose_window')
    verify.text += `（${REVIEW_REASON_WORDS.person_chose_window}）`;
  if (p.decision === 'declined') {
    const reason = p.declineReason ? `（${DECLINE_REASON_WORDS[p.declineReason]}）` : '';
    return { verify, sign: { text: `${DECLINED_WORD}${reason}`, tone: 'over' } };
  }
  return { verify, sign: { text: SIGN_WORDS[p.sign], tone: SIGN_TONES[p.sign] } };
}

/** The matter's status word (待完成 (n/m), 可提交, 已提交, 已过期, 已撤销) and its badge colour. */
export function matterWord(view: Pick<MatterView, 'status' | 'progress'>): Word {
  const tones: Record<MatterView['status'], Tone> = {
    pending: 'pending',
    ready: 'done',
    submitted: 'done',
    expired: 'over',
    cancelled: 'over',
  };
  return { text: matterStatusWord(view.status, view.progress), tone: tones[view.status] };
}

/** The 提交 button: its label, whether it can be pressed, and why not (read by screen readers). */
export function submitButton(view: Pick<MatterView, 'status' | 'progress' | 'canSubmit'> & Partial<Pick<MatterView, 'participants'>>): {
  label: string;
  enabled: boolean;
  reason: string;
} {
  const left = view.progress.total - view.progress.done;
  switch (view.status) {
    case 'submitted':
      return { label: '已提交', enabled: false, reason: '本业务已提交，无需再次提交。' };
    case 'expired':
      return { label: '提交', enabled: false, reason: '本业务已过期（待办事项有效期7天），请重新生成申请材料。' };
    case 'cancelled':
      return { label: '提交', enabled: false, reason: '本业务已撤销，不能提交。' };
    default:
      if (view.participants?.some((p) => p.decision === 'declined'))
        return { label: '提交', enabled: false, reason: '有人员已拒绝本业务，不能提交；请核实后更新业务文件或撤销业务。' };
      return view.canSubmit
        ? { label: '提交', enabled: true, reason: '所涉人员均已完成实名认证和签名，可以提交。' }
        : { label: '提交', enabled: false, reason: `还有 ${left} 人未完成实名认证和签名；全部完成后，提交按钮会自动解锁，无需刷新页面。` };
  }
}

/** Words of the connection indicator. A refused token is being replaced: to the reader that is reconnecting too. */
export const CONNECTION_WORDS = {
  connecting: '连接中',
  connected: '已连接',
  reconnecting: '重连中',
  unauthorized: '重连中',
} as const;

/** `2026-12-05 20:33`, in China Standard Time whatever the server's or browser's zone. */
export function formatTime(iso: string): string {
  const t = new Date(new Date(iso).getTime() + 8 * 3600_000).toISOString();
  return `${t.slice(0, 10)} ${t.slice(11, 16)}`;
}
