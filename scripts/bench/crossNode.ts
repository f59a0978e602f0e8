/**
 * Across nodes: a portal page's socket on one node, the person's confirm on the other, two nodes
 * sharing the database and Redis. From sending the confirm until the page's node pushes the view
 * that unlocks 提交, one trial after another (each its own matter and person).
 */
import { SOCKET_EVENTS, type MatterView } from '@regverify/shared';
import { now, sleep, summarize, type Summary } from './env';
import { createMatter, person, prepare, viewerToken } from './flow';
import { openSocket } from './unlock';

export interface CrossNodeResult {
  trials: number;
  /** confirm sent (to node A) → the unlocking push on node B's socket */
  fromSend: Summary;
  missed: number;
}

export async function runCrossNode(opts: {
  nodes: [{ url: string }, { url: string }];
  trials: number;
  firstK: number;
  log: (m: string) => void;
}): Promise<CrossNodeResult> {
  const [writer, watcher] = opts.nodes;
  const samples: number[] = [];
  let missed = 0;
  for (let i = 0; i < opts.trials; i++) {
    const who = person(opts.firstK + i);
    const matterId = await createMatter(writer.url, who);
    const prepared = await prepare(writer.url, who, matterId);
    const token = await viewerToken(writer.url, matterId);
    const socket = await openSocket(watcher.url, token);
    try {
      let unlockedAt = NaN;
      const unlocked = new Promise<void>((resolve) =>
        socket.on(SOCKET_EVENTS.updated, (view: MatterView) => {
          if (view.canSubmit && Number.isNaN(unlockedAt)) {
            unlockedAt = now();
            resolve();
          }
        }),
      );
      const { sentAt } = await prepared.confirm();
      await Promise.race([unlocked, sleep(10_000)]);
      if (Number.isNaN(unlockedAt)) missed++;
      else samples.push(unlockedAt - sentAt);
    } finally {
      socket.disconnect();
    }
  }
  const fromSend = summarize(samples);
  opts.log(
    `across nodes: confirm sent → push on the other node p50/p99 ${fromSend.p50.toFixed(1)}/${fromSend.p99.toFixed(1)} ms (${missed} missed)`,
  );
  return { trials: opts.trials, fromSend, missed };
}
