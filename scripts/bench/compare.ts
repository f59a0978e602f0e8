/**
 * The figures a comparing run sets side by side: each with its value for the current commit and
 * the baseline, and the ratio current ÷ baseline. The goals of the performance work are ratios,
 * because machines of the same kind differ two to three times from one to the next.
 */
import { fmt } from './env';
import { ratio } from './baseline';
import type { BenchResults } from './results';
import type { ThroughputLevel } from './throughput';

export interface Figure {
  name: string;
  unit: string;
  /** Which way is better: a smaller figure (latency, size, CPU) or a larger one (rates). */
  better: 'lower' | 'higher';
  value: number | undefined;
}

const cpuPerFlowMs = (l: ThroughputLevel) =>
  ((l.bffCpu.reduce((a, b) => a + b, 0) + (Number.isFinite(l.dbCpu) ? l.dbCpu : 0)) * 1000) / l.flowsPerSec;

/** The headline figures of one run, named alike for both sides. */
export function figuresOf(r: BenchResults): Figure[] {
  const out: Figure[] = [];
  for (const s of r.size ?? []) out.push({ name: `main package ${s.platform}`, unit: 'KB', better: 'lower', value: s.mainBytes / 1024 });
  if (r.console) {
    out.push({ name: 'console.js, what sign-in loads, gzipped', unit: 'KB', better: 'lower', value: r.console.signInGzipBytes / 1024 });
    out.push({ name: 'console, every script, gzipped', unit: 'KB', better: 'lower', value: r.console.totalGzipBytes / 1024 });
  }
  if (r.coldStart) out.push({ name: 'BFF cold start p50 (build)', unit: 'ms', better: 'lower', value: r.coldStart.summary.p50 });
  if (r.roundTrips) {
    out.push({ name: 'database commands per flow', unit: '', better: 'lower', value: r.roundTrips.total });
    for (const s of r.roundTrips.steps) out.push({ name: `database commands, ${s.step}`, unit: '', better: 'lower', value: s.commands });
  }
  for (const l of r.unlock?.levels ?? []) {
    const n = l.sockets.toLocaleString('en');
    out.push({ name: `confirm sent → push p50, ${n} sockets`, unit: 'ms', better: 'lower', value: l.socketFromSend.p50 });
    out.push({ name: `confirm sent → push p99, ${n} sockets`, unit: 'ms', better: 'lower', value: l.socketFromSend.p99 });
    if (l.sockets > 1) out.push({ name: `${n} sockets connected in`, unit: 's', better: 'lower', value: l.connectSeconds });
  }
  if (r.storm) {
    const n = r.storm.sockets.toLocaleString('en');
    out.push({ name: `${n} pages cold-connected in`, unit: 's', better: 'lower', value: r.storm.coldSeconds });
    out.push({ name: `database commands of ${n} cold connects`, unit: '', better: 'lower', value: r.storm.coldDbCommands });
    out.push({
      name: `storm: the last of ${n} pages back after the node is ready`,
      unit: 's',
      better: 'lower',
      value: r.storm.backSeconds,
    });
    out.push({ name: 'storm: database CPU, % of a core', unit: '%', better: 'lower', value: r.storm.stormDbCpu * 100 });
    out.push({ name: `storm: database commands`, unit: '', better: 'lower', value: r.storm.stormDbCommands });
  }
  if (r.browser) {
    out.push({ name: 'H5 first contentful paint p50', unit: 'ms', better: 'lower', value: r.browser.h5FirstPaint.p50 });
    out.push({ name: 'H5 entry screen drawn by the app p50', unit: 'ms', better: 'lower', value: r.browser.h5EntryReady.p50 });
    out.push({ name: 'confirm answered → 提交 enabled p99 (Chromium)', unit: 'ms', better: 'lower', value: r.browser.unlock.p99 });
  }
  for (const l of r.throughputOne ?? []) {
    out.push({ name: `flows/s, one node, concurrency ${l.concurrency}`, unit: '/s', better: 'higher', value: l.flowsPerSec });
    out.push({ name: `CPU per flow (BFF + database), concurrency ${l.concurrency}`, unit: 'ms', better: 'lower', value: cpuPerFlowMs(l) });
  }
  if (r.crossNode) {
    out.push({
      name: 'across nodes: confirm sent → push on the other node p50',
      unit: 'ms',
      better: 'lower',
      value: r.crossNode.fromSend.p50,
    });
    out.push({
      name: 'across nodes: confirm sent → push on the other node p99',
      unit: 'ms',
      better: 'lower',
      value: r.crossNode.fromSend.p99,
    });
  }
  for (const l of r.throughputTwo ?? []) {
    out.push({ name: `flows/s, two nodes + Redis, concurrency ${l.concurrency}`, unit: '/s', better: 'higher', value: l.flowsPerSec });
    out.push({ name: `confirm p99, two nodes, concurrency ${l.concurrency}`, unit: 'ms', better: 'lower', value: l.steps.confirm?.p99 });
  }
  return out;
}

/** The comparison table of docs/benchmarks.md: figure, baseline, current, ratio (current ÷ baseline). */
export function comparisonLines(current: BenchResults, baseline: BenchResults, ref: string): string[] {
  const base = new Map(figuresOf(baseline).map((f) => [f.name, f]));
  const lines = [
    `## Against ${ref} (${baseline.machine.commit}), side by side in this run`,
    '',
    'Each row ran for both commits, one after the other (the order alternating from row to row), on the same machine and database process. Ratio: current ÷ baseline — below 1 is smaller (for rates, above 1 is more).',
    '',
    '| figure | baseline | current | ratio |',
    '|---|---:|---:|---:|',
  ];
  for (const f of figuresOf(current)) {
    const b = base.get(f.name);
    const r = ratio(f.value, b?.value);
    const digits = f.unit === '' ? 0 : f.unit === 'ms' || f.unit === 'KB' ? 1 : 2;
    lines.push(
      `| ${f.name} | ${b?.value === undefined ? '–' : `${fmt(b.value, digits)}${f.unit ? ` ${f.unit}` : ''}`} | ${f.value === undefined ? '–' : `${fmt(f.value, digits)}${f.unit ? ` ${f.unit}` : ''}`} | ${Number.isFinite(r) ? `${r.toFixed(2)}×` : '–'} |`,
    );
  }
  lines.push('', ...goalLines(new Map(figuresOf(current).map((f) => [f.name, f])), base));
  return [...lines, ''];
}

/** The goals of the performance work, as ratios to the baseline or as absolute bounds. */
const GOALS: Array<{ figure: string; goal: string; met: (ratio: number, value: number) => boolean }> = [
  { figure: 'confirm sent → push p99, 10,000 sockets', goal: '≤ 0.5×', met: (r) => r <= 0.5 },
  { figure: 'CPU per flow (BFF + database), concurrency 4', goal: '≤ 0.5×', met: (r) => r <= 0.5 },
  { figure: 'CPU per flow (BFF + database), concurrency 8', goal: '≤ 0.5×', met: (r) => r <= 0.5 },
  { figure: 'flows/s, one node, concurrency 4', goal: '≥ 2×', met: (r) => r >= 2 },
  { figure: 'flows/s, one node, concurrency 8', goal: '≥ 2×', met: (r) => r >= 2 },
  { figure: '10,000 pages cold-connected in', goal: '≤ 0.25× (4× faster)', met: (r) => r <= 0.25 },
  { figure: 'storm: the last of 10,000 pages back after the node is ready', goal: '≤ 10 s', met: (_r, v) => v <= 10 },
  { figure: 'across nodes: confirm sent → push on the other node p99', goal: '≤ 0.6×', met: (r) => r <= 0.6 },
  { figure: 'H5 first contentful paint p50', goal: '≤ 0.5×', met: (r) => r <= 0.5 },
  { figure: 'main package weapp', goal: '≤ 380 KB', met: (_r, v) => v <= 380 },
  { figure: 'main package alipay', goal: '≤ 340 KB', met: (_r, v) => v <= 340 },
  { figure: 'console.js, what sign-in loads, gzipped', goal: '≤ 200 KB', met: (_r, v) => v <= 200 },
];

function goalLines(current: Map<string, Figure>, base: Map<string, Figure>): string[] {
  const rows = GOALS.flatMap(({ figure, goal, met }) => {
    const f = current.get(figure);
    if (f?.value === undefined) return [];
    const r = ratio(f.value, base.get(figure)?.value);
    const value = `${fmt(f.value, 1)} ${f.unit}`;
    return [
      `| ${figure} | ${goal} | ${value}${Number.isFinite(r) ? ` (${r.toFixed(2)}×)` : ''} | ${met(r, f.value) ? 'met' : 'not met'} |`,
    ];
  });
  return rows.length ? ['| goal of the performance work | bound | this run | |', '|---|---|---:|---|', ...rows] : [];
}
