import type { DeclineReason } from '@regverify/shared';
import { AppError, notFound } from '../errors';
import { assertOpen } from '../domain/matterStatus';
import type { SessionDoc, TaskDoc } from '../models';
import { declineId } from '../models/decline';
import { readTodo } from '../queries/todoReader';
import type { Services } from '../services';

export interface DeclineTaskProps {
  session: SessionDoc;
  taskId: string;
  reason: DeclineReason;
  note?: string;
}

/**
 * The person refuses the filing (拒绝): 不是本人办理 — someone used their identity — or 内容有误.
 * The task shows 已拒绝 (`decision`) with the reason; the portal sees it live and cannot submit,
 * callbacks carry it, the ledger records it (the reason, never the note). The note, if any, is kept
 * apart and sealed (`declines`), for the window console. The person may still confirm afterwards;
 * new documents clear it. Only a pending task of their own, after the entry face check.
 */
export async function declineTask(services: Services, props: DeclineTaskProps): Promise<void> {
  const now = services.now();
  const { task, state } = await readTodo(services, props.session, props.taskId);
  assertOpen(state.matter, now);
  if (task.status !== 'pending') throw new AppError('task_not_pending');
  const generation = state.matter.generation;
  const id = declineId(task._id, generation);
  const note = props.note?.trim();
  const record = {
    _id: id,
    taskId: task._id,
    matterId: task.matterId,
    tenant: task.tenant,
    generation,
    reason: props.reason,
    noteEnc: note ? services.vault.encrypt(note, { collection: 'declines', id, field: 'noteEnc' }) : null,
    at: now,
  };
  // Before the event, so the console finds the note of every decline it lists; again on a second decline.
  await services.models.Decline.replaceOne({ _id: id }, record, { upsert: true }).catch(async (err: { code?: number }) => {
    if (err.code !== 11000) throw err;
    await services.models.Decline.replaceOne({ _id: id }, record);
  });
  await services.ledger.commit(task.matterId, ({ matter, tasks }) => {
    assertOpen(matter, now);
    const current = tasks.find((t) => t._id === task._id);
    if (!current) throw notFound();
    if (current.status !== 'pending') throw new AppError('task_not_pending');
    if (matter.generation !== generation) throw new AppError('digest_mismatch');
    if (current.decision === 'declined' && current.declineReason === props.reason) return null;
    const patch: Partial<TaskDoc> = { decision: 'declined', declineReason: props.reason };
    return { type: 'task.declined', taskId: task._id, data: { reason: props.reason, generation }, tasks: { [task._id]: patch } };
  });
}
