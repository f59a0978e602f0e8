import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { freePort } from './ports';

const REPO = path.resolve(__dirname, '..', '..');

/**
 * The built BFF (`dist/bff/main.js`, as production runs it) as a child process, on a free port, ready when
 * /readyz answers 200. For multi-node, restart and kill tests. Rate limits are 1000× wider unless `env` says otherwise.
 * `env.PORT` picks the port (a restarted node where its clients reconnect).
 */
export async function startBffProcess(
  env: Record<string, string>,
): Promise<{ url: string; port: number; child: ChildProcess; stop(signal?: NodeJS.Signals): Promise<void>; output(): string }> {
  const port = env.PORT ? Number(env.PORT) : await freePort();
  const child = spawn(process.execPath, ['--enable-source-maps', 'dist/bff/main.js'], {
    cwd: REPO,
    env: { PATH: process.env.PATH ?? '', NODE_ENV: 'test', LOG_LEVEL: 'warn', PORT: String(port), RATE_LIMIT_SCALE: '1000', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d) => (output = (output + d).slice(-20_000)));
  child.stderr!.on('data', (d) => (output = (output + d).slice(-20_000)));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`bff exited early (${child.exitCode}):\n${output}`);
    if (
      await fetch(`${url}/readyz`).then(
        (r) => r.status === 200,
        () => false,
      )
    )
      break;
    if (Date.now() > deadline) throw new Error(`bff not ready in 30 s:\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    port,
    child,
    output: () => output,
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill(signal);
      await exited;
    },
  };
}

/** The URI of a test database, with its name, for child processes. */
export function databaseUri(uri: string, dbName: string): string {
  const u = new URL(uri);
  u.pathname = `/${dbName}`;
  return u.toString();
}
