import { AppError } from '../errors';
import { isPastExpiry } from '../domain/matterStatus';
import type { MatterState } from '../ledger/ledger';
import type { TaskDoc } from '../models';
import type { Services } from '../services';
import { readMatter } from '../queries/matterReader';

/** Withdraws a matter (撤销): its open tasks leave everyone's to-do list. Idempotent; a submitted matter stays submitted. */
export async function cancelMatter(services: Services, props: { tenant: string; matterId: string }): Promise<MatterState> {
  await readMatter(services, props);
  const now = services.now();
  const { state } = await services.ledger.commit(props.matterId, ({ matter, tasks }) => {
    if (matter.status === 'cancelled') return null;
    if (matter.status === 'submitted') throw new AppError('matter_submitted');
    if (matter.status === 'expired' || isPastExpiry(matter, now)) throw new AppError('matter_expired');
    const taskPatches: Record<string, Partial<TaskDoc>> = {};
    for (const t of tasks) if (t.status === 'pending') taskPatches[t._id] = { status: 'cancelled' };
    return {
      type: 'matter.cancelled',
      data: { previousStatus: matter.status },
      matter: { status: 'cancelled', closedAt: now },
      tasks: taskPatches,
    };
  });
  // The documents' contents go with the matter: nobody is to read them any more.
  await services.documentFiles.removeOf(props.matterId);
  return state;
}
