import type { TaskDoc } from '../models';
import { CLOSED, isPastExpiry } from '../domain/matterStatus';
import type { MatterState } from '../ledger/ledger';
import type { Services } from '../services';
import type { MatterStatus } from '@regverify/shared';

/** Records the expiry of a matter past its 7 days (and of its unfinished tasks); no-op otherwise. */
export async function expireIfDue(services: Services, state: MatterState): Promise<MatterState> {
  const now = services.now();
  if (CLOSED.has(state.matter.status as MatterStatus) || !isPastExpiry(state.matter, now)) return state;
  const { state: after } = await services.ledger.commit(state.matter._id, ({ matter, tasks }) => {
    if (CLOSED.has(matter.status as MatterStatus)) return null;
    const taskPatches: Record<string, Partial<TaskDoc>> = {};
    for (const t of tasks) if (t.status === 'pending') taskPatches[t._id] = { status: 'expired' };
    return {
      type: 'matter.expired',
      data: { expiresAt: matter.expiresAt },
      matter: { status: 'expired', closedAt: now },
      tasks: taskPatches,
    };
  });
  return after;
}
