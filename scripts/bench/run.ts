/**
 * `npm run bench`: every benchmark on loopback against a fresh embedded FerretDB (or MONGODB_URI),
 * then docs/benchmarks.md and docs/benchmarks-unlock.svg from this run's figures.
 *
 * Knobs (environment): BENCH_SOCKETS (default "1,1000,10000"), BENCH_TRIALS (unlocks per socket
 * count, default 50), BENCH_BROWSER_TRIALS (default 30), BENCH_CONCURRENCY (default "1,4,8,16"),
 * BENCH_REUSE_BUILD=1 (measure dist/ without building), BENCH_SKIP (comma list of
 * size,cold,unlock,browser,throughput,twonodes), BENCH_CONNECT_BUDGET_S (seconds allowed for connecting
 * the sockets of one row, default 150). BENCH_REPORT_ONLY=<results.json> re-renders the report.
 * BENCH_BASELINE=<git ref>: also builds that commit in a worktree (scripts/bench/baseline.ts) and
 * runs every row for both, alternating; the report gives each headline figure with its ratio.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startRedis } from '../../bff/test/redis';
import { unlockChart } from './chart';
import { REPO, now, startBff, startDatabase, summarize, withDbName, type Bff } from './env';
import { writeReport } from './report';
import type { BenchResults } from './results';
import { ensureBffBuild } from '../lib/bffBuild';
import { ensureH5Build } from '../lib/h5Build';
import { runBrowser } from './browser';
import { summarizeProfile } from './profile';
import { measureConsoleSize, measureSize } from './size';
import { runCrossNode } from './crossNode';
import { runRoundTrips } from './roundTrips';
import { runStorm } from './storm';
import { runThroughput } from './throughput';
import { runUnlock } from './unlock';
import { buildIn, currentSide, prepareBaseline, type Side } from './baseline';

const list = (v: string | undefined, d: number[]) =>
  v
    ? v
        .split(',')
        .map(Number)
        .filter((n) => n > 0)
    : d;
const skip = new Set((process.env.BENCH_SKIP ?? '').split(',').filter(Boolean));
const log = (m: string) => console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${m}`);

/** docs/benchmarks-unlock.svg: p50/p95/p99 per socket count, and the polling of the first row. */
function writeChart(results: BenchResults): void {
  if (!results.unlock?.levels.length) return;
  const chartGroups = [
    ...results.unlock.levels.map((l) => ({
      label: `socket.io, ${l.sockets.toLocaleString('en')} socket${l.sockets === 1 ? '' : 's'}`,
      values: l.socket,
    })),
    { label: 'polling every 2 s', values: results.unlock.levels[0].polling },
  ];
  fs.writeFileSync(
    path.join(REPO, 'docs', 'benchmarks-unlock.svg'),
    unlockChart(
      chartGroups,
      'Unlock latency: confirm answered → portal page sees canSubmit (one node)',
      `${results.unlock.trials} unlocks per group · log scale · ${results.startedAt.slice(0, 10)}`,
    ),
  );
}

/** The results of one side, with the machine and the commit it ran. */
function freshResults(side: Side): BenchResults {
  return {
    command: process.env.BENCH_COMMAND ?? 'npm run bench',
    env: Object.fromEntries(Object.entries(process.env).filter(([k]) => k.startsWith('BENCH_') && k !== 'BENCH_COMMAND')) as Record<
      string,
      string
    >,
    startedAt: new Date().toISOString(),
    machine: {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model ?? 'unknown',
      memGiB: os.totalmem() / 2 ** 30,
      node: process.version,
      os: `${os.type()} ${os.release()}`,
      fdLimit: spawnSync('sh', ['-c', 'ulimit -n'], { encoding: 'utf8' }).stdout.trim(),
      commit: side.commit,
    },
    database: '',
    skipped: [],
  };
}

async function main(): Promise<void> {
  // Re-render the report from a saved run (.data/bench-results.json) without measuring again.
  if (process.env.BENCH_REPORT_ONLY) {
    const saved = JSON.parse(fs.readFileSync(process.env.BENCH_REPORT_ONLY, 'utf8')) as BenchResults;
    writeChart(saved);
    writeReport(saved, path.join(REPO, 'docs', 'benchmarks.md'));
    return;
  }
  const t0 = now();
  const current = currentSide();
  const sides: Side[] = [current];
  if (process.env.BENCH_BASELINE) sides.push(prepareBaseline(process.env.BENCH_BASELINE, log));
  const resultsOf = new Map(sides.map((side) => [side, freshResults(side)]));
  const results = resultsOf.get(current)!;
  const live: Bff[] = [];
  const stopAll = async () => {
    await Promise.allSettled(live.map((b) => b.stop()));
    live.length = 0;
  };
  /** Runs one row for every side, the order alternating from row to row so neither always goes first. */
  let row = 0;
  const forEachSide = async (fn: (side: Side, r: BenchResults, tag: string) => Promise<void>) => {
    const order = row++ % 2 === 0 ? sides : [...sides].reverse();
    for (const side of order) {
      if (sides.length > 1) log(`— ${side.name} (${side.commit})`);
      await fn(side, resultsOf.get(side)!, side.name === 'current' ? '' : `_${side.name}`);
    }
  };
  const start = (side: Side, env: Record<string, string>, runtime: 'built' | 'tsx' = 'built') => startBff(env, runtime, side.root);

  if (!skip.has('size')) {
    await forEachSide(async (side, r) => {
      r.size = (['weapp', 'alipay'] as const).map((p) => measureSize(p, log, side.root)).filter((s) => s !== null);
      log(`sizes: ${r.size.map((s) => `${s.platform} main ${(s.mainBytes / 1024).toFixed(0)} KB`).join(', ')}`);
    });
  } else results.skipped.push('mini-program size (BENCH_SKIP)');

  await ensureBffBuild(log);
  if (!skip.has('size'))
    for (const side of sides) {
      resultsOf.get(side)!.console = measureConsoleSize(side.root) ?? undefined;
      const c = resultsOf.get(side)!.console;
      if (c)
        log(
          `console (${side.name}): sign-in ${(c.signInGzipBytes / 1024).toFixed(0)} KB gzipped, all ${(c.totalGzipBytes / 1024).toFixed(0)} KB`,
        );
    }
  const db = await startDatabase();
  for (const r of resultsOf.values()) r.database = db.label;
  const onSignal = () => {
    void stopAll().finally(() => db.stop().finally(() => process.exit(130)));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    if (!skip.has('cold')) {
      await forEachSide(async (side, r, tag) => {
        const boot = async (runtime: 'built' | 'tsx') => {
          const boots: number[] = [];
          for (let i = 0; i < 5; i++) {
            const b = await start(side, { MONGODB_URI: withDbName(db.uri, `bench_cold${tag}`) }, runtime);
            boots.push(b.readyMs);
            await b.stop();
          }
          log(`cold start (${runtime}): ${boots.map((b) => b.toFixed(0)).join(', ')} ms`);
          return { boots, summary: summarize(boots) };
        };
        r.coldStart = await boot('built');
        if (side === current) r.coldStartTsx = await boot('tsx');
      });
    } else results.skipped.push('BFF cold start (BENCH_SKIP)');

    if (!skip.has('trips')) {
      await forEachSide(async (side, r, tag) => {
        r.roundTrips = await runRoundTrips({
          dbUri: db.uri,
          startNode: (uri) => start(side, { MONGODB_URI: withDbName(uri, `bench_trips${tag}`) }),
          log,
        });
      });
    } else results.skipped.push('database round trips per step (BENCH_SKIP)');

    if (!skip.has('unlock')) {
      await forEachSide(async (side, r, tag) => {
        const bff = await start(side, { MONGODB_URI: withDbName(db.uri, `bench_unlock${tag}`) });
        live.push(bff);
        r.unlock = await runUnlock({
          baseUrl: bff.url,
          pid: bff.pid,
          dbPid: db.pid,
          connectBudgetMs: Number(process.env.BENCH_CONNECT_BUDGET_S ?? 150) * 1000,
          levels: list(process.env.BENCH_SOCKETS, [1, 1000, 10_000]),
          trials: Number(process.env.BENCH_TRIALS ?? 50),
          idleSeconds: 5,
          log,
          budgetMs: 8 * 60_000,
        });
        r.skipped.push(...r.unlock.skipped);
        await stopAll();
      });
      writeChart(results);
    } else results.skipped.push('unlock latency (BENCH_SKIP)');

    if (!skip.has('storm')) {
      await forEachSide(async (side, r, tag) => {
        r.storm = await runStorm({
          dbUri: db.uri,
          dbPid: db.pid,
          startNode: (uri, port) => start(side, { MONGODB_URI: withDbName(uri, `bench_storm${tag}`), PORT: String(port) }),
          sockets: Number(process.env.BENCH_STORM_SOCKETS ?? 10_000),
          matters: 100,
          log,
        });
      });
    } else results.skipped.push('reconnect storm (BENCH_SKIP)');

    if (!skip.has('browser')) {
      await forEachSide(async (side, r, tag) => {
        if (side === current) await ensureH5Build(log);
        else buildIn(side.root, 'build:h5', path.join(side.root, 'dist', 'h5', 'index.html'), log);
        const bff = await start(side, { MONGODB_URI: withDbName(db.uri, `bench_browser${tag}`) });
        live.push(bff);
        r.browser = await runBrowser({
          baseUrl: bff.url,
          trials: Number(process.env.BENCH_BROWSER_TRIALS ?? 30),
          paints: 10,
          firstK: 300_000,
          log,
        });
        log(
          `Chromium: 提交 enabled p50/p99 ${r.browser.unlock.p50.toFixed(1)}/${r.browser.unlock.p99.toFixed(1)} ms after the confirm answer; H5 first paint p50 ${r.browser.h5FirstPaint.p50.toFixed(0)} ms`,
        );
        r.skipped.push(...r.browser.errors);
        await stopAll();
      });
    } else results.skipped.push('Chromium unlock and H5 first paint (BENCH_SKIP)');

    const concurrency = list(process.env.BENCH_CONCURRENCY, [1, 4, 8, 16]);
    if (!skip.has('throughput')) {
      await forEachSide(async (side, r, tag) => {
        const profileDir = fs.mkdtempSync(path.join(os.tmpdir(), 'regverify-prof-'));
        const bff = await start(side, { MONGODB_URI: withDbName(db.uri, `bench_tp1${tag}`), profileDir });
        live.push(bff);
        r.throughputOne = await runThroughput({ nodes: [bff], dbPid: db.pid, levels: concurrency, firstK: 100_000, log });
        await stopAll();
        const profile = fs.readdirSync(profileDir).find((f) => f.endsWith('.cpuprofile'));
        if (profile) {
          r.bffProfile = summarizeProfile(path.join(profileDir, profile));
          log(
            `BFF profile: ${r.bffProfile.groups
              .slice(0, 6)
              .map((g) => `${g.name} ${(g.share * 100).toFixed(0)}%`)
              .join(', ')}`,
          );
        }
        fs.rmSync(profileDir, { recursive: true, force: true });
      });
    } else results.skipped.push('throughput on one node (BENCH_SKIP)');

    if (!skip.has('twonodes')) {
      let redis: Awaited<ReturnType<typeof startRedis>> | undefined;
      try {
        redis = await startRedis();
        const url = redis.url;
        await forEachSide(async (side, r, tag) => {
          const env = { MONGODB_URI: withDbName(db.uri, `bench_tp2${tag}`), REDIS_URL: url };
          const nodes = await Promise.all([start(side, env), start(side, env)]);
          live.push(...nodes);
          r.crossNode = await runCrossNode({
            nodes: [nodes[0], nodes[1]],
            trials: Number(process.env.BENCH_TRIALS ?? 50),
            firstK: 250_000,
            log,
          });
          r.throughputTwo = await runThroughput({ nodes, dbPid: db.pid, levels: concurrency, firstK: 200_000, log });
          await stopAll();
        });
      } catch (err) {
        results.skipped.push(`throughput on two nodes with Redis (${(err as Error).message.split('\n')[0]})`);
      } finally {
        await stopAll();
        await redis?.stop();
      }
    } else results.skipped.push('throughput on two nodes with Redis (BENCH_SKIP)');
  } finally {
    await stopAll();
    await db.stop();
  }
  results.seconds = (now() - t0) / 1000;
  const baseline = sides.find((s) => s.name === 'baseline');
  if (baseline) results.baseline = { ref: baseline.ref, results: resultsOf.get(baseline)! };
  fs.mkdirSync(path.join(REPO, '.data'), { recursive: true });
  fs.writeFileSync(path.join(REPO, '.data', 'bench-results.json'), JSON.stringify(results, null, 2));
  writeReport(results, path.join(REPO, 'docs', 'benchmarks.md'));
  log(`wrote docs/benchmarks.md and docs/benchmarks-unlock.svg in ${results.seconds.toFixed(0)} s`);
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
