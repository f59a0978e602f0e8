/** Shared pieces of the benchmarks: database, BFF processes, clocks, statistics. Loopback only. */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { freePort } from '../../bff/test/ports';
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
export function withDbName(uri: string, dbName: string): string {
  const u = new URL(uri);
  u.pathname = `/${dbName}`;
  return u.toString();
}

export interface Bff {
  url: string;
  pid: number;
  child: ChildProcess;
  /** ms from spawn to the first 200 of /readyz */
  readyMs: number;
  stop(): Promise<void>;
  output(): string;
}

/**
 * The BFF as a child process, polled every 5 ms for /readyz: the built one (`dist/bff/main.js`, as
 * production and startBffProcess run it), or the TypeScript source through tsx (`runtime: 'tsx'`,
 * to compare cold starts).
 */
export async function startBff(env: Record<string, string>, runtime: 'built' | 'tsx' = 'built'): Promise<Bff> {
  const port = await freePort();
  const t0 = now();
  // `profileDir`: a V8 CPU profile of the whole life of this node, written when it stops.
  const { profileDir, ...rest } = env;
  const profiling = profileDir ? ['--cpu-prof', '--cpu-prof-dir', profileDir] : [];
  const entry = runtime === 'built' ? ['--enable-source-maps', 'dist/bff/main.js'] : ['--import', 'tsx', 'bff/src/main.ts'];
  const child = spawn(process.execPath, [...profiling, ...entry], {
    cwd: REPO,
    env: { PATH: process.env.PATH ?? '', NODE_ENV: 'test', LOG_LEVEL: 'warn', PORT: String(port), RATE_LIMIT_SCALE: '1000000', ...rest },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d) => (output = (output + d).slice(-20_000)));
  child.stderr!.on('data', (d) => (output = (output + d).slice(-20_000)));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`bff exited early (${child.exitCode}):\n${output}`);
    if (
      await fetch(`${url}/readyz`).then(
        (r) => r.status === 200,
        () => false,
      )
    )
      break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`bff not ready in 60 s:\n${output}`);
    }
    await sleep(5);
  }
  const readyMs = now() - t0;
  return {
    url,
    pid: child.pid!,
    child,
    readyMs,
    output: () => output,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(t);
    },
  };
}

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
