import type { ChainCheck, MatterState } from '../ledger/ledger';
import type { MatterEventDoc } from '../models';
import { iso } from './iso';

type Actor = { kind: 'person' | 'operator' | 'portal' | 'system'; label: string };

/** What the people do themselves: verify, confirm, decline, choose the window. */
const PERSON_EVENTS = new Set(['task.verified', 'task.confirmed', 'task.declined', 'tasks.window_chosen']);

/** Who did it: the person (masked), the operator by name, the portal (its tenant), or the system. */
function actorOf(event: MatterEventDoc, state: MatterState): Actor {
  const data = (event.data ?? {}) as Record<string, unknown>;
  if (event.type === 'task.review_approved' || event.type === 'task.review_refused') {
    const name = typeof data.operator === 'string' ? data.operator : typeof data.operatorRef === 'string' ? data.operatorRef : '';
    return { kind: 'operator', label: name ? `操作员 ${name}` : '操作员' };
  }
  if (PERSON_EVENTS.has(event.type)) {
    // The window choice names every task it sent; they are one person's.
    const taskId = event.taskId ?? (Array.isArray(data.taskIds) ? String(data.taskIds[0]) : undefined);
    const task = state.tasks.find((t) => t._id === taskId);
    const name = state.matter.purgedAt ? '' : (task?.person.nameMasked ?? '');
    return { kind: 'person', label: name || '（个人信息已删除）' };
  }
  if (event.type === 'matter.expired' || (event.type === 'matter.redacted' && data.reason === 'retention')) {
    return { kind: 'system', label: '系统' };
  }
  return { kind: 'portal', label: `登记平台 ${state.matter.tenant}` };
}

/** A matter's ledger as the audit view shows it, with the check of its hash chain (链完整, or where it breaks). */
export const presentAuditTrail = ({ state, events, chain }: { state: MatterState; events: MatterEventDoc[]; chain: ChainCheck }) => ({
  matterId: state.matter._id,
  events: events.map((e) => ({
    seq: e.seq,
    at: iso(e.at)!,
    type: e.type,
    actor: actorOf(e, state),
    taskId: e.taskId ?? null,
    hash: e.hash,
    prevHash: e.prevHash,
  })),
  chain,
});
