import type { Models } from '../models';

/**
 * The backlog of the callback outbox (`matter_events.outbox`), for operators: how many deliveries
 * are pending (due or waiting for a retry) and when the oldest of them was committed. A backlog
 * that only grows means a receiver is down or the dispatcher is not running.
 */
export async function outboxBacklog(models: Models): Promise<{ pending: number; oldestAt: Date | null }> {
  const pending = { 'outbox.status': 'pending' };
  const [count, oldest] = await Promise.all([
    models.MatterEvent.countDocuments(pending),
    models.MatterEvent.findOne(pending, { at: 1 }).sort({ at: 1 }).lean(),
  ]);
  return { pending: count, oldestAt: oldest ? new Date(oldest.at) : null };
}
