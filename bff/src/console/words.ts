/**
 * What the console says about reviews, alarms, declines and audit events. The waiting state uses the product's own
 * status word (待人工核验); the decided states use the words of the window's two buttons.
 */
import type { DeclineReason, MatterStatus } from '@regverify/shared';
import { VERIFY_WORDS } from '@regverify/shared/words';
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
  'task.declined': '拒绝办理',
  'document.uploaded': '上传业务文件',
  'tasks.window_chosen': '选择窗口核验',
};

export const eventWord = (type: string): string => EVENT_WORDS[type] ?? type;

const CHAIN_PROBLEMS: Record<string, string> = {
  'missing event': '缺少该条记录',
  'broken link': '与上一条记录的哈希不相连',
  'content does not match its hash': '记录内容与其哈希不符（内容被改动）',
  'head does not match the matter': '业务记载的最新记录哈希与该条不符',
  'anchor does not match': '记录的密钥锚定与其哈希不符（记录被改写后重算了哈希）',
  'anchored with another key': '记录由另一个锚定密钥签出（各节点的 AUDIT_ANCHOR_KEY 不一致，或密钥已更换）',
  'event not anchored': '此前的记录已有密钥锚定，该条却没有（锚定被移除）',
};

/**
 * 链完整 (with the number of events), or the event where the chain breaks and why. A whole chain
 * without anchors is a warning, not a success: it only shows that its records agree with each other.
 */
export function chainWords(chain: AuditTrail['chain']): {
  ok: boolean;
  type: 'success' | 'warning' | 'error';
  title: string;
  detail: string;
} {
  if (chain.ok && chain.anchored) {
    return {
      ok: true,
      type: 'success',
      title: '链完整',
      detail: `共 ${chain.length} 条记录，每条记录的哈希都与其内容和上一条记录相符，并有密钥锚定。`,
    };
  }
  if (chain.ok) {
    return {
      ok: true,
      type: 'warning',
      title: '链完整，但未经密钥锚定',
      detail: `共 ${chain.length} 条记录，哈希彼此相符；该业务的前几条记录写于启用锚定之前（或锚定已被整体移除），无法排除有数据库写权限者的改写。`,
    };
  }
  return {
    ok: false,
    type: 'error',
    title: `链在第 ${chain.seq} 条记录处断开`,
    detail: `第 ${chain.seq} 条：${CHAIN_PROBLEMS[chain.problem] ?? chain.problem}。该条及其后的记录不可信，请联系系统管理员。`,
  };
}

/** `2026-12-05 20:33` (or `20:33:07` with seconds), in China Standard Time whatever the browser's zone. */
export function formatTime(iso: string, { seconds = false } = {}): string {
  const t = new Date(new Date(iso).getTime() + 8 * 3600_000).toISOString();
  return `${t.slice(0, 10)} ${t.slice(11, seconds ? 19 : 16)}`;
}

/** A matter's status in a word, where its progress is not at hand (the alarms and declines lists). */
export const MATTER_STATUS_WORDS: Record<MatterStatus, string> = {
  pending: '待完成',
  ready: '可提交',
  submitted: '已提交',
  expired: '已过期',
  cancelled: '已撤销',
};

/**
 * The tag of an alarm: counts not yet cleared (未解除) or cleared by an operator (已解除). Their own
 * dark text on a pale ground (at least 7:1), not antd's preset tag colours, some of which fall
 * below 4.5:1.
 */
export const ALARM_TAGS = {
  open: { text: '未解除', style: { color: '#a8071a', background: '#fff1f0', borderColor: '#ffa39e' } },
  lifted: { text: '已解除', style: { color: '#135200', background: '#f6ffed', borderColor: '#b7eb8f' } },
} as const;

/** The ground and border of a tag whose text is dark enough to read on it (at least 7:1). */
interface TagStyle {
  color: string;
  background: string;
  borderColor: string;
}

/**
 * The tag of a decline's reason (its words come with the decline): 不是本人办理 in red, the cases of
 * impersonation to follow up; 内容有误 in orange. Dark text on a pale ground, like the alarms' tags:
 * antd's preset orange falls below 4.5:1.
 */
export const DECLINE_TAGS: Record<DeclineReason, { style: TagStyle }> = {
  not_mine: { style: { color: '#a8071a', background: '#fff1f0', borderColor: '#ffa39e' } },
  content_wrong: { style: { color: '#873800', background: '#fff7e6', borderColor: '#ffd591' } },
};

/** A decline whose documents the portal has replaced since: the people decide again on the new ones. */
export const DOCUMENTS_REPLACED_TAG: { text: string; style: TagStyle } = {
  text: '已更新文件',
  style: { color: '#003eb3', background: '#e6f4ff', borderColor: '#91caff' },
};
