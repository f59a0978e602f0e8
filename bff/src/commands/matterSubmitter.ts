import { AppError } from '../errors';
import { assertOpen } from '../domain/matterStatus';
import type { MatterState } from '../ledger/ledger';
import type { Services } from '../services';
import { readMatter } from '../queries/matterReader';

/**
 * The server-side gate of 提交: only a matter whose every task is confirmed is submitted; again
 * after that gives the same answer. `409 participant_declined` names the tasks whose person
 * declined the filing (已拒绝); `409 matter_not_ready` lists the tasks still pending.
 */
export async function submitMatter(
  services: Services,
  props: { tenant: string; matterId: string },
): Promise<{ state: MatterState; submittedAt: Date }> {
  await readMatter(services, props);
  const now = services.now();
  const { state } = await services.ledger.commit(props.matterId, ({ matter, tasks }) => {
    if (matter.status === 'submitted') return null;
    assertOpen(matter, now);
    const declined = tasks.filter((t) => t.decision === 'declined').map((t) => t._id);
    if (declined.length > 0) throw new AppError('participant_declined', { details: { taskIds: declined } });
    const pending = tasks.filter((t) => t.status !== 'confirmed').map((t) => t._id);
    if (pending.length > 0 || matter.status !== 'ready') throw new AppError('matter_not_ready', { details: { pending } });
    return { type: 'matter.submitted', data: {}, matter: { status: 'submitted', submittedAt: now, closedAt: now } };
  });
  return { state, submittedAt: new Date(state.matter.submittedAt!) };
}
