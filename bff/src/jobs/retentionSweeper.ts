import { purgeDueMatters, removeStaleRecords } from '../commands/personalDataPurger';
import type { Services } from '../services';

export type SweepResult = { matters: number } & Awaited<ReturnType<typeof removeStaleRecords>>;

/**
 * The retention sweeper: every `RETENTION_SWEEP_MS`, purges the matters past their retention
 * period and removes stale sessions, checks, claims and sandbox records. Several nodes may run it
 * on one database: every step is idempotent.
 */
export function startRetentionSweeper(
  services: Services,
  intervalMs = services.config.RETENTION_SWEEP_MS,
): { stop(): void; sweep(): Promise<SweepResult> } {
  const sweep = async (): Promise<SweepResult> => {
    const matters = await purgeDueMatters(services);
    const removed = await removeStaleRecords(services);
    const result = { matters, ...removed };
    if (Object.values(result).some((n) => n > 0)) services.logger.info(result, 'retention sweep');
    return result;
  };
  let running = false;
  const timer = setInterval(() => {
    if (running) return; // a slow sweep is not started twice on one node
    running = true;
    sweep()
      // Name and code only: a database error's message may quote a document.
      .catch((err) =>
        services.logger.warn({ err: { name: (err as Error).name, code: (err as { code?: unknown }).code } }, 'retention sweep failed'),
      )
      .finally(() => {
        running = false;
      });
  }, intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer), sweep };
}
