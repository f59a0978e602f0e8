/**
 * What the console says about reviews and audit events. The waiting state uses the product's own
 * status word (待人工核验); the decided states use the words of the window's two buttons.
 */
import { VERIFY_WORDS } from '@regverify/shared';
import type { AuditTrail, ReviewDetail } from './api';

type ReviewState = NonNullable<ReviewDetail['review']>;

/** The tag of a review: its word and the antd colour of its tag. */
export const REVIEW_TAGS: Record<ReviewState, { text: string; color: string }> = {
  pending: { text: VERIFY_WORDS.manual_review, color: 'gold' },
  approved: { text: '已通过', color: 'green' },
  refused: { text: '已驳回', color: 'red' },
};

/** Audit event types in words; an unknown type is shown as it is. */
const EVENT_WORDS: Record<string, string> = {
  'matter.created': '业务创建',
  'matter.documents_replaced': '业务文件更新',
  'matter.submitted': '业务提交',
  'matter.cancelled': '业务撤销',
  'matter.expired': '业务过期',
  'matter.redacted': '个人信息删除',
  'task.verified': '实名认证完成',
  'task.confirmed': '确认业务文件并签名',
  'task.review_approved': '人工核验通过',
  'task.review_refused': '人工核验驳回',
};

export const eventWord = (type: string): string => EVENT_WORDS[type] ?? type;

const CHAIN_PROBLEMS: Record<string, string> = {
  'missing event': '缺少该条记录',
  'broken link': '与上一条记录的哈希不相连',
  'content does not match its hash': '记录内容与其哈希不符（内容被改动）',
};

/** 链完整 (with the number of events), or the event where the chain breaks and why. */
export function chainWords(chain: AuditTrail['chain']): { ok: boolean; title: string; detail: string } {
  if (chain.ok) return { ok: true, title: '链完整', detail: `共 ${chain.length} 条记录，每条记录的哈希都与其内容和上一条记录相符。` };
  return {
    ok: false,
    title: `链在第 ${chain.seq} 条记录处断开`,
    detail: `第 ${chain.seq} 条：${CHAIN_PROBLEMS[chain.problem] ?? chain.problem}。该条及其后的记录不可信，请联系系统管理员。`,
  };
}

/** `2026-12-05 20:33` (or `20:33:07` with seconds), in China Standard Time whatever the browser's zone. */
export function formatTime(iso: string, { seconds = false } = {}): string {
  const t = new Date(new Date(iso).getTime() + 8 * 3600_000).toISOString();
  return `${t.slice(0, 10)} ${t.slice(11, seconds ? 19 : 16)}`;
}
