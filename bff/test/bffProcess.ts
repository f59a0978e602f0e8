import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { freePort } from './ports';

const REPO = path.resolve(__dirname, '..', '..');

export interface BffProcess {
  url: string;
  port: number;
  pid: number;
  child: ChildProcess;
  /** ms from spawn to the first 200 of /readyz */
  readyMs: number;
  /** SIGTERM (or `signal`), SIGKILL after 15 s, and the exit. */
  stop(signal?: NodeJS.Signals): Promise<void>;
  output(): string;
}

export interface BffProcessOptions {
  /** The build (`dist/bff/main.js`, as production runs it; default) or the TypeScript source through tsx. */
  runtime?: 'built' | 'tsx';
  /** Node flags before the entry point (a CPU profile, say). */
  nodeArgs?: string[];
  /** How often /readyz is polled until it answers 200. Default 100 ms. */
  pollMs?: number;
  /** How long it may take to be ready. Default 30 s. */
  readyTimeoutMs?: number;
  /** The checkout whose build runs (the bench's baseline worktree); this one by default. */
  root?: string;
}

/**
 * The BFF as a child process on a free port, ready when /readyz answers 200; for multi-node,
 * restart, kill and entry-point tests and for the bench. `NODE_ENV=test`, and rate limits 1000×
 * wider, unless `env` says otherwise; `env.PORT` picks the port (a restarted node where its
 * clients reconnect).
 */
export async function startBffProcess(env: Record<string, string>, options: BffProcessOptions = {}): Promise<BffProcess> {
  const { runtime = 'built', nodeArgs = [], pollMs = 100, readyTimeoutMs = 30_000, root = REPO } = options;
  const port = env.PORT ? Number(env.PORT) : await freePort();
  const entry = runtime === 'built' ? ['--enable-source-maps', 'dist/bff/main.js'] : ['--import', 'tsx', 'bff/src/main.ts'];
  const started = performance.now();
  const child = spawn(process.execPath, [...nodeArgs, ...entry], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', NODE_ENV: 'test', LOG_LEVEL: 'warn', PORT: String(port), RATE_LIMIT_SCALE: '1000', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d) => (output = (output + d).slice(-20_000)));
  child.stderr!.on('data', (d) => (output = (output + d).slice(-20_000)));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + readyTimeoutMs;
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
      throw new Error(`bff not ready in ${readyTimeoutMs / 1000} s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, pollMs));
  }
  return {
    url,
    port,
    pid: child.pid!,
    child,
    readyMs: performance.now() - started,
    output: () => output,
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill(signal);
      const force = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(force);
    },
  };
}

/** The URI of a test database, with its name, for child processes. */
export function databaseUri(uri: string, dbName: string): string {
  const u = new URL(uri);
  u.pathname = `/${dbName}`;
  return u.toString();
}
