/**
 * The database round trips of one person's flow, step by step: the BFF talks to the database
 * through a counting proxy (wireCounter.ts), and flows run one at a time, so what passes between
 * two steps is that step's work (plus the node's own jobs, measured while idle and reported apart).
 */
import type { Bff } from './env';
import { sleep } from './env';
import { STEPS, createMatter, person, prepare, type Step } from './flow';
import { startWireCounter } from './wireCounter';

export interface RoundTripStep {
  step: Step;
  /** the median over the flows */
  commands: number;
  /** the commands of the median flow, counted by kind (`find tasks` → 2) */
  kinds: Record<string, number>;
}

export interface RoundTripResult {
  flows: number;
  steps: RoundTripStep[];
  /** the median flow's commands from login to confirm */
  total: number;
  /** commands per second of the node's own jobs while nobody uses it */
  idlePerSecond: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const tally = (commands: string[]) => commands.reduce<Record<string, number>>((t, c) => ((t[c] = (t[c] ?? 0) + 1), t), {});

export async function runRoundTrips(opts: {
  dbUri: string;
  startNode: (uri: string) => Promise<Bff>;
  flows?: number;
  log: (m: string) => void;
}): Promise<RoundTripResult> {
  const counter = await startWireCounter(opts.dbUri);
  const node = await opts.startNode(counter.uri);
  try {
    await sleep(1000);
    counter.take();
    await sleep(3000);
    const idlePerSecond = counter.take().length / 3;
    const flows = opts.flows ?? 7;
    const perFlow: Array<Partial<Record<Step, string[]>>> = [];
    for (let i = 0; i < flows; i++) {
      const who = person(900_000 + i);
      const matterId = await createMatter(node.url, who);
      counter.take();
      const seen: Partial<Record<Step, string[]>> = {};
      const prepared = await prepare(node.url, who, matterId, undefined, (step) => (seen[step] = counter.take()));
      await prepared.confirm();
      perFlow.push(seen);
    }
    const steps = STEPS.map((step) => {
      const counts = perFlow.map((f) => f[step]?.length ?? 0);
      const m = median(counts);
      const typical = perFlow.find((f) => (f[step]?.length ?? 0) === m)?.[step] ?? [];
      return { step, commands: m, kinds: tally(typical) };
    });
    const result = { flows, steps, total: steps.reduce((s, x) => s + x.commands, 0), idlePerSecond };
    opts.log(`round trips per flow: ${result.total} (${steps.map((s) => `${s.step} ${s.commands}`).join(', ')})`);
    return result;
  } finally {
    await node.stop();
    await counter.close();
  }
}
