/**
 * `npm run bench`: every benchmark on loopback against a fresh embedded FerretDB (or MONGODB_URI),
 * then docs/benchmarks.md and docs/benchmarks-unlock.svg from this run's figures.
 *
 * Knobs (environment): BENCH_SOCKETS (default "1,1000,10000"), BENCH_TRIALS (unlocks per socket
 * count, default 50), BENCH_BROWSER_TRIALS (default 30), BENCH_CONCURRENCY (default "1,4,8,16"),
 * BENCH_REUSE_BUILD=1 (measure dist/ without building), BENCH_SKIP (comma list of
 * size,cold,unlock,browser,throughput,twonodes), BENCH_CONNECT_BUDGET_S (seconds allowed for connecting
 * the sockets of one row, default 150). BENCH_REPORT_ONLY=<results.json> re-renders the report.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startRedis } from '../../bff/test/redis';
import { unlockChart } from './chart';
import { REPO, now, startBff, startDatabase, summarize, withDbName, type Bff } from './env';
import { writeReport, type BenchResults } from './report';
import { ensureBffBuild } from '../lib/bffBuild';
import { ensureH5Build } from '../lib/h5Build';
import { runBrowser } from './browser';
import { summarizeProfile } from './profile';
import { measureSize } from './size';
import { runThroughput } from './throughput';
import { runUnlock } from './unlock';

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

async function main(): Promise<void> {
  // Re-render the report from a saved run (.data/bench-results.json) without measuring again.
  if (process.env.BENCH_REPORT_ONLY) {
    const saved = JSON.parse(fs.readFileSync(process.env.BENCH_REPORT_ONLY, 'utf8')) as BenchResults;
    writeChart(saved);
    writeReport(saved, path.join(REPO, 'docs', 'benchmarks.md'));
    return;
  }
  const t0 = now();
  const results: BenchResults = {
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
      commit: spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: REPO, encoding: 'utf8' }).stdout.trim(),
    },
    database: '',
    skipped: [],
  };
  const live: Bff[] = [];
  const stopAll = async () => {
    await Promise.allSettled(live.map((b) => b.stop()));
    live.length = 0;
  };

  if (!skip.has('size')) {
    results.size = (['weapp', 'alipay'] as const).map((p) => measureSize(p, log)).filter((s) => s !== null);
    log(`sizes: ${results.size.map((s) => `${s.platform} main ${(s.mainBytes / 1024).toFixed(0)} KB`).join(', ')}`);
  } else results.skipped.push('mini-program size (BENCH_SKIP)');

  await ensureBffBuild(log);
  const db = await startDatabase();
  results.database = db.label;
  const onSignal = () => {
    void stopAll().finally(() => db.stop().finally(() => process.exit(130)));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    if (!skip.has('cold')) {
      const boot = async (runtime: 'built' | 'tsx') => {
        const boots: number[] = [];
        for (let i = 0; i < 5; i++) {
          const b = await startBff({ MONGODB_URI: withDbName(db.uri, 'bench_cold') }, runtime);
          boots.push(b.readyMs);
          await b.stop();
        }
        log(`cold start (${runtime}): ${boots.map((b) => b.toFixed(0)).join(', ')} ms`);
        return { boots, summary: summarize(boots) };
      };
      results.coldStart = await boot('built');
      results.coldStartTsx = await boot('tsx');
    } else results.skipped.push('BFF cold start (BENCH_SKIP)');

    if (!skip.has('unlock')) {
      const bff = await startBff({ MONGODB_URI: withDbName(db.uri, 'bench_unlock') });
      live.push(bff);
      results.unlock = await runUnlock({
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
      results.skipped.push(...results.unlock.skipped);
      await stopAll();
      writeChart(results);
    } else results.skipped.push('unlock latency (BENCH_SKIP)');

    if (!skip.has('browser')) {
      await ensureH5Build(log);
      const bff = await startBff({ MONGODB_URI: withDbName(db.uri, 'bench_browser') });
      live.push(bff);
      results.browser = await runBrowser({
        baseUrl: bff.url,
        trials: Number(process.env.BENCH_BROWSER_TRIALS ?? 30),
        paints: 10,
        firstK: 300_000,
        log,
      });
      log(
        `Chromium: 提交 enabled p50/p99 ${results.browser.unlock.p50.toFixed(1)}/${results.browser.unlock.p99.toFixed(1)} ms after the confirm answer; H5 first paint p50 ${results.browser.h5FirstPaint.p50.toFixed(0)} ms`,
      );
      results.skipped.push(...results.browser.errors);
      await stopAll();
    } else results.skipped.push('Chromium unlock and H5 first paint (BENCH_SKIP)');

    const concurrency = list(process.env.BENCH_CONCURRENCY, [1, 4, 8, 16]);
    if (!skip.has('throughput')) {
      const profileDir = fs.mkdtempSync(path.join(os.tmpdir(), 'regverify-prof-'));
      const bff = await startBff({ MONGODB_URI: withDbName(db.uri, 'bench_tp1'), profileDir });
      live.push(bff);
      results.throughputOne = await runThroughput({ nodes: [bff], dbPid: db.pid, levels: concurrency, firstK: 100_000, log });
      await stopAll();
      const profile = fs.readdirSync(profileDir).find((f) => f.endsWith('.cpuprofile'));
      if (profile) {
        results.bffProfile = summarizeProfile(path.join(profileDir, profile));
        log(
          `BFF profile: ${results.bffProfile.groups
            .slice(0, 6)
            .map((g) => `${g.name} ${(g.share * 100).toFixed(0)}%`)
            .join(', ')}`,
        );
      }
      fs.rmSync(profileDir, { recursive: true, force: true });
    } else results.skipped.push('throughput on one node (BENCH_SKIP)');

    if (!skip.has('twonodes')) {
      let redis: Awaited<ReturnType<typeof startRedis>> | undefined;
      try {
        redis = await startRedis();
        const env = { MONGODB_URI: withDbName(db.uri, 'bench_tp2'), REDIS_URL: redis.url };
        const nodes = await Promise.all([startBff(env), startBff(env)]);
        live.push(...nodes);
        results.throughputTwo = await runThroughput({ nodes, dbPid: db.pid, levels: concurrency, firstK: 200_000, log });
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
