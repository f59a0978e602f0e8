/** Shared pieces of the benchmarks: database, BFF processes, clocks, statistics. Loopback only. */
import fs from 'node:fs';
import path from 'node:path';
import { databaseUri, startBffProcess, type BffProcess } from '../../bff/test/bffProcess';
import { startEmbeddedDb } from '../lib/embedded-db';

export const REPO = path.resolve(__dirname, '..', '..');
export const now = (): number => performance.now();
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A fresh embedded FerretDB under .data/bench-<pid>, or MONGODB_URI when set. */
export async function startDatabase(): Promise<{ uri: string; label: string; pid?: number; stop(): Promise<void> }> {
  if (process.env.MONGODB_URI) return { uri: process.env.MONGODB_URI, label: 'MONGODB_URI (external)', stop: async () => undefined };
  const dataDir = path.join(REPO, '.data', `bench-${process.pid}`);
  const db = await startEmbeddedDb({ dataDir, reuse: false, parentPid: process.pid });
  return {
    uri: db.uri,
    label: 'embedded FerretDB v1.24 (SQLite), fresh data dir',
    pid: db.pid,
    stop: async () => {
      await db.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The database URI with a database name of its own. */
export const withDbName = databaseUri;

export type Bff = BffProcess;

/**
 * The BFF as a child process, polled every 5 ms for /readyz, with the rate limits out of the way:
 * the build (`dist/bff/main.js`, as production runs it), or the TypeScript source through tsx
 * (`runtime: 'tsx'`, to compare cold starts). `env.profileDir`: a V8 CPU profile of the whole life
 * of this node, written when it stops.
 */
export function startBff(env: Record<string, string>, runtime: 'built' | 'tsx' = 'built', root = REPO): Promise<Bff> {
  const { profileDir, ...rest } = env;
  return startBffProcess(
    { RATE_LIMIT_SCALE: '1000000', ...PRODUCTION_LIKE, ...rest },
    { runtime, root, nodeArgs: profileDir ? ['--cpu-prof', '--cpu-prof-dir', profileDir] : [], pollMs: 5, readyTimeoutMs: 60_000 },
  );
}

/**
 * As production runs the BFF, where the sandbox allows: answers not checked against their schemas
 * (`ANSWER_CHECKS=off`, which commits before it ignore: they check in test mode) and the production
 * log level.
 */
const PRODUCTION_LIKE = { ANSWER_CHECKS: 'off', LOG_LEVEL: 'info' };

/** Resident set size of a process, in bytes (Linux /proc). */
export function rssBytes(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb * 1024;
}

/** CPU time (user + system) of a process, in ms (Linux /proc; clock ticks of 10 ms). */
export function cpuMs(pid: number | undefined): number {
  if (pid === undefined) return NaN;
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // fields[11] = utime, fields[12] = stime (14th and 15th of the full line)
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

export interface Summary {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

export function summarize(samples: number[]): Summary {
  const s = [...samples].sort((a, b) => a - b);
  const mean = s.reduce((a, b) => a + b, 0) / (s.length || 1);
  return { n: s.length, p50: percentile(s, 50), p95: percentile(s, 95), p99: percentile(s, 99), max: s[s.length - 1] ?? NaN, mean };
}

/** Runs `fn` over `items` with at most `limit` at a time. */
export async function pool<T, R>(items: T[], limit: number, fn: (item: T, i: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i], i);
      }
    }),
  );
  return out;
}

export const fmt = (ms: number, digits = 1): string => (Number.isFinite(ms) ? ms.toFixed(digits) : '–');
