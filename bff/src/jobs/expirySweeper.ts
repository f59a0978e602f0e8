import { expireIfDue } from '../commands/matterExpirer';
import type { Services } from '../services';

/**
 * The sweeper: every `intervalMs`, expires the open matters whose time is up, so that portals
 * (live status, callbacks) hear about it even when nobody reads the matter.
 */
export function startExpirySweeper(services: Services, intervalMs = 60_000): { stop(): void; sweep(): Promise<number> } {
  const sweep = async (): Promise<number> => {
    const due = await services.models.Matter.find(
      { status: { $in: ['pending', 'ready'] }, expiresAt: { $lte: services.now() } },
      { _id: 1 },
    )
      .limit(500)
      .lean();
    for (const { _id } of due) {
      const state = await services.ledger.load(_id);
      if (state) await expireIfDue(services, state);
    }
    await services.models.EntryCode.deleteMany({ expiresAt: { $lte: services.now() } });
    return due.length;
  };
  const timer = setInterval(() => {
    sweep().catch((err) =>
      services.logger.warn({ err: { name: (err as Error).name, message: (err as Error).message } }, 'expiry sweep failed'),
    );
  }, intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer), sweep };
}
