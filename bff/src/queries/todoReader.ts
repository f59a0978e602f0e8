import type { MatterState } from '../ledger/ledger';
import type { SessionDoc, TaskDoc } from '../models';
import { authorizePersonTask } from '../policies/person';
import type { Services } from '../services';
import { entryLookups } from '../domain/personLookups';

const WINDOW_MS = 7 * 24 * 3600_000;

/** The to-do list of the person this session proved to be: their tasks of the last 7 days, newest first. */
export async function listTodos(services: Services, session: SessionDoc): Promise<Array<{ task: TaskDoc; state: MatterState }>> {
  const lookups = entryLookups(services.vault, session);
  const since = new Date(services.now().getTime() - WINDOW_MS);
  const mine = await services.models.Task.find({ 'person.lookup': { $in: lookups }, createdAt: { $gte: since } }, { matterId: 1 })
    .sort({ createdAt: -1 })
    .limit(100)
    .lean();
  const items: Array<{ task: TaskDoc; state: MatterState }> = [];
  for (const matterId of [...new Set(mine.map((t) => t.matterId))]) {
    const state = await services.ledger.load(matterId);
    for (const task of state?.tasks ?? []) if (lookups.includes(task.person.lookup)) items.push({ task, state: state! });
  }
  return items.sort((a, b) => new Date(b.task.createdAt).getTime() - new Date(a.task.createdAt).getTime());
}

/** One of this person's tasks with its matter; someone else's task is a 404, like a missing one. */
export async function readTodo(services: Services, session: SessionDoc, taskId: string): Promise<{ task: TaskDoc; state: MatterState }> {
  const lookups = entryLookups(services.vault, session);
  const matterId = await services.ledger.matterOfTask(taskId);
  const state = matterId ? await services.ledger.load(matterId) : null;
  const task = authorizePersonTask(
    lookups,
    state?.tasks.find((t) => t._id === taskId),
  );
  return { task, state: state! };
}
