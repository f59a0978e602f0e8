import type { TodoItem } from '@regverify/shared';
import { DECLINED_WORD, DECLINE_REASON_WORDS, EXPIRED_WORD, SIGN_WORDS, VERIFY_WORDS, matterStatusWord } from '@regverify/shared/words';

/**
 * The status of one to-do in the specification's words: what is still to do (待实名认证 / 待签名),
 * what was done (已实名认证 / 已签名), 已过期 or 已撤销; 已拒绝（不是本人办理） after the person declined.
 */
export function taskStatusWord(item: Pick<TodoItem, 'status' | 'actions'> & Partial<Pick<TodoItem, 'decision' | 'declineReason'>>): string {
  const { status, actions } = item;
  if (status === 'expired') return EXPIRED_WORD;
  if (status === 'cancelled') return matterStatusWord('cancelled', { done: 0, total: 0 });
  if (status === 'pending' && item.decision === 'declined')
    return item.declineReason ? `${DECLINED_WORD}（${DECLINE_REASON_WORDS[item.declineReason]}）` : DECLINED_WORD;
  const state = status === 'confirmed' ? 'done' : 'pending';
  const words: string[] = [];
  if (actions.indexOf('verify') >= 0) words.push(VERIFY_WORDS[state]);
  if (actions.indexOf('sign') >= 0) words.push(SIGN_WORDS[state]);
  return words.join(' · ');
}

/** `2026-11-28 14:41` in the phone's time zone. */
export function formatTime(iso: string): string {
  const d = new Date(iso);
  const two = (n: number) => (n < 10 ? `0${n}` : String(n));
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}`;
}
