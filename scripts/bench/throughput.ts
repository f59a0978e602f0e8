/**
 * Throughput: complete person flows per second (login → identity → bank card → entry check →
 * to-do → task check → confirm) at rising concurrency, on one node or several. Matters are created
 * beforehand (outside the timed window); each flow stays on one node (round-robin per flow).
 */
import { cpuMs, now, pool, summarize, type Summary } from './env';
import { STEPS, createMatter, person, prepare, type Step } from './flow';

export interface ThroughputLevel {
  concurrency: number;
  flows: number;
  failed: number;
  seconds: number;
  flowsPerSec: number;
  flow: Summary;
  steps: Record<Step, Summary>;
  /** BFF CPU per node, as a share of one core */
  bffCpu: number[];
  /** this load generator's own CPU, as a share of one core */
  clientCpu: number;
  /** the database process's CPU, as a share of one core (NaN with an external database) */
  dbCpu: number;
}

export async function runThroughput(opts: {
  nodes: Array<{ url: string; pid: number }>;
  dbPid?: number;
  levels: number[];
  firstK: number;
  log(msg: string): void;
}): Promise<ThroughputLevel[]> {
  const out: ThroughputLevel[] = [];
  let k = opts.firstK;
  for (const c of opts.levels) {
    const flows = Math.max(30, 6 * c);
    const people = Array.from({ length: flows }, () => person(k++));
    const matters = await pool(people, 8, (who) => createMatter(opts.nodes[0].url, who));
    const timings: Partial<Record<Step, number[]>> = {};
    const flowMs: number[] = [];
    let failed = 0;
    const cpu0 = opts.nodes.map((n) => cpuMs(n.pid));
    const client0 = process.cpuUsage();
    const db0 = cpuMs(opts.dbPid);
    const t0 = now();
    await pool(people, c, async (who, i) => {
      const node = opts.nodes[i % opts.nodes.length];
      const s = now();
      try {
        const p = await prepare(node.url, who, matters[i], timings);
        await p.confirm();
        flowMs.push(now() - s);
      } catch (err) {
        failed++;
        if (failed <= 3) opts.log(`flow failed: ${(err as Error).message}`);
      }
    });
    const elapsed = now() - t0;
    const client = process.cpuUsage(client0);
    const level: ThroughputLevel = {
      concurrency: c,
      flows: flowMs.length,
      failed,
      seconds: elapsed / 1000,
      flowsPerSec: (flowMs.length / elapsed) * 1000,
      flow: summarize(flowMs),
      steps: Object.fromEntries(STEPS.map((st) => [st, summarize(timings[st] ?? [])])) as Record<Step, Summary>,
      bffCpu: opts.nodes.map((n, j) => (cpuMs(n.pid) - cpu0[j]) / elapsed),
      clientCpu: (client.user + client.system) / 1000 / elapsed,
      dbCpu: (cpuMs(opts.dbPid) - db0) / elapsed,
    };
    out.push(level);
    opts.log(
      `${opts.nodes.length} node(s), concurrency ${c}: ${level.flowsPerSec.toFixed(1)} flows/s, flow p99 ${level.flow.p99.toFixed(0)} ms, BFF CPU ${level.bffCpu.map((x) => (x * 100).toFixed(0) + '%').join('+')}, DB CPU ${(level.dbCpu * 100).toFixed(0)}%`,
    );
  }
  return out;
}
