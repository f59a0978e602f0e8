/**
 * Embedded MongoDB-compatible database for local dev and tests:
 * FerretDB v1 (SQLite backend) embedded in the tiny Go program in
 * scripts/ferretdb, built on demand into <repo>/.data/bin/.
 *
 * Library:
 *   const db = await startEmbeddedDb({ dataDir, reuse: true, parentPid: process.pid });
 *   ... connect to db.uri ...
 *   await db.stop();
 *
 * CLI (e.g. `npx tsx scripts/lib/embedded-db.ts start`):
 *   start  start (or reuse) a server, print its URI, run until SIGINT/SIGTERM
 *   stop   stop the server named in the state file
 *   uri    print the URI of a running server; exit 1 if none
 *
 * Only node: builtins are used, so this runs before any npm install.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
const GO_SRC_DIR = path.join(REPO_ROOT, 'scripts', 'ferretdb');
const BIN_DIR = path.join(REPO_ROOT, '.data', 'bin');
export const DEFAULT_DATA_DIR = path.join(REPO_ROOT, '.data', 'ferretdb');

const STATE_FILE = 'ferretdb.json';
const READY_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 10_000;
const STDERR_TAIL_BYTES = 4096;

export interface EmbeddedDbState {
  pid: number;
  port: number;
  uri: string;
}

export interface EmbeddedDb {
  uri: string;
  pid: number;
  /** true when an already running server (from the state file) was returned */
  reused: boolean;
  /** Stops the server if this call started it; a no-op for reused servers. */
  stop(): Promise<void>;
}

export interface StartOptions {
  /** Holds the state file (ferretdb.json) and the SQLite files (sqlite/). */
  dataDir: string;
  /** Reuse a live server recorded in <dataDir>/ferretdb.json. */
  reuse?: boolean;
  /** The server exits by itself once this process is gone (no orphans on SIGKILL). */
  parentPid?: number;
  /**
   * Listen on this loopback port instead of a free one, e.g. to bring a stopped server back
   * where its clients expect it (fault tests). Fails when the port is taken.
   */
  port?: number;
}

// ---------------------------------------------------------------------------
// Building the binary

function findGo(): string {
  const candidates = (process.env.PATH ?? '')
    .split(path.delimiter)
    .filter(Boolean)
    .map((dir) => path.join(dir, 'go'));
  candidates.push('/usr/local/go/bin/go');
  for (const c of candidates) {
    try {
      fs.accessSync(c, fs.constants.X_OK);
      if (fs.statSync(c).isFile()) return c;
    } catch {
      // try the next one
    }
  }
  throw new Error(
    'embedded-db: the Go toolchain is required to build the embedded FerretDB, ' +
      'but `go` was not found on PATH or at /usr/local/go/bin/go. Install Go (https://go.dev/dl/).',
  );
}

/** Returns the path of the FerretDB binary, building it first if needed. */
export async function ensureFerretBinary(): Promise<string> {
  // The binary name carries a hash of its sources, so edits trigger a rebuild
  // and stale binaries are never picked up.
  const hash = createHash('sha256');
  const sources = fs
    .readdirSync(GO_SRC_DIR)
    .filter((f) => f.endsWith('.go') || f === 'go.mod' || f === 'go.sum')
    .sort();
  for (const f of sources) {
    hash.update(f).update(fs.readFileSync(path.join(GO_SRC_DIR, f)));
  }
  const bin = path.join(BIN_DIR, `ferretdb-${hash.digest('hex').slice(0, 12)}`);
  if (fs.existsSync(bin)) return bin;

  const go = findGo();
  fs.mkdirSync(BIN_DIR, { recursive: true });
  process.stderr.write('building embedded FerretDB (first run, ~2 min)…\n');

  // Build to a temporary name and rename, so that a concurrent or interrupted
  // build never leaves a half-written binary under the final name.
  const tmp = `${bin}.tmp-${process.pid}`;
  const args = ['build', '-buildvcs=false', '-trimpath', '-ldflags=-s -w', '-o', tmp, '.'];
  await new Promise<void>((resolve, reject) => {
    const child = spawn(go, args, { cwd: GO_SRC_DIR, stdio: ['ignore', 'inherit', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (code === 0) return resolve();
      reject(new Error(`embedded-db: \`go ${args.join(' ')}\` failed (${signal ?? `exit ${code}`}):\n${stderr.trim()}`));
    });
  }).catch((err) => {
    fs.rmSync(tmp, { force: true });
    throw err;
  });
  fs.renameSync(tmp, bin);
  return bin;
}

// ---------------------------------------------------------------------------
// Process helpers

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  // kill(pid, 0) also succeeds for zombies; on Linux look at the state.
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    if (stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) === 'Z') return false;
  } catch {
    // no /proc (macOS) or the process just went away
  }
  return true;
}

/** Guards against PID reuse: on Linux, check that pid really is one of our binaries. */
function looksLikeFerret(pid: number): boolean {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('ferretdb-');
  } catch {
    return process.platform !== 'linux' && isAlive(pid);
  }
}

function canConnect(port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = net.connect({ host: '127.0.0.1', port });
    const done = (ok: boolean) => {
      sock.destroy();
      resolve(ok);
    };
    sock.setTimeout(timeoutMs, () => done(false));
    sock.once('connect', () => done(true));
    sock.once('error', () => done(false));
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** SIGTERM, wait up to STOP_TIMEOUT_MS, then SIGKILL; for processes we did not spawn. */
async function stopPid(pid: number): Promise<void> {
  if (!isAlive(pid)) return;
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return;
  }
  const deadline = Date.now() + STOP_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return;
    await sleep(50);
  }
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

/** Same as stopPid, but waits for the 'exit' event of our own child. */
async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  // The child was unref()'d after start; re-ref it (and use a ref'd timer) so
  // the event loop stays alive until the exit is observed. Otherwise Node may
  // exit with `await db.stop()` still pending.
  child.ref();
  await new Promise<void>((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

// ---------------------------------------------------------------------------
// State file

function statePath(dataDir: string): string {
  return path.join(dataDir, STATE_FILE);
}

export function readState(dataDir: string): EmbeddedDbState | undefined {
  try {
    const s = JSON.parse(fs.readFileSync(statePath(dataDir), 'utf8')) as EmbeddedDbState;
    if (Number.isInteger(s.pid) && Number.isInteger(s.port) && typeof s.uri === 'string') return s;
  } catch {
    // missing or corrupt
  }
  return undefined;
}

/** The server named in the state file, if it is alive and accepts connections. */
export async function findRunning(dataDir: string): Promise<EmbeddedDbState | undefined> {
  const s = readState(dataDir);
  if (s && isAlive(s.pid) && looksLikeFerret(s.pid) && (await canConnect(s.port))) return s;
  return undefined;
}

function removeStateIfPid(dataDir: string, pid: number): void {
  // Only remove the file if it still describes our process.
  if (readState(dataDir)?.pid === pid) fs.rmSync(statePath(dataDir), { force: true });
}

// ---------------------------------------------------------------------------
// Start / stop

export async function startEmbeddedDb(opts: StartOptions): Promise<EmbeddedDb> {
  const dataDir = path.resolve(opts.dataDir);

  if (opts.reuse) {
    const running = await findRunning(dataDir);
    if (running) {
      return { uri: running.uri, pid: running.pid, reused: true, stop: async () => {} };
    }
  }

  const bin = await ensureFerretBinary();
  fs.mkdirSync(dataDir, { recursive: true });
  const port = opts.port ?? (await freePort());
  const args = ['-listen', `127.0.0.1:${port}`, '-dir', path.join(dataDir, 'sqlite')];
  if (opts.parentPid) args.push('-parent-pid', String(opts.parentPid));

  // detached: own process group, so a terminal Ctrl-C reaches only the Node
  // parent, which then stops the server in order (or leaves a reusable one).
  const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true });

  // Keep a tail of stderr for error messages. We keep draining both pipes for
  // the child's whole life so that it never blocks on a full pipe.
  let stderrTail = '';
  child.stderr!.on('data', (d: Buffer) => {
    stderrTail = (stderrTail + d.toString()).slice(-STDERR_TAIL_BYTES);
  });

  const uri = await new Promise<string>((resolve, reject) => {
    let stdout = '';
    const fail = (why: string) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      const tail = stderrTail.trim();
      reject(new Error(`embedded-db: FerretDB ${why}${tail ? `; stderr:\n${tail}` : ' (no stderr output)'}`));
    };
    const timer = setTimeout(() => fail(`not ready within ${READY_TIMEOUT_MS / 1000}s`), READY_TIMEOUT_MS);
    child.once('error', (err) => fail(`failed to spawn ${bin}: ${err.message}`));
    child.once('exit', (code, signal) => fail(`exited before ready (${signal ?? `exit ${code}`})`));
    child.stdout!.on('data', (d: Buffer) => {
      stdout += d.toString();
      const m = /^READY (\S+)\r?\n/m.exec(stdout);
      if (m) {
        clearTimeout(timer);
        child.removeAllListeners('exit');
        child.removeAllListeners('error');
        resolve(m[1]);
      }
    });
  });

  // Don't keep the caller's event loop alive just because the server runs;
  // callers stop it explicitly (or it dies with parentPid).
  child.unref();
  (child.stdout as net.Socket).unref();
  (child.stderr as net.Socket).unref();
  child.on('error', () => {});

  const pid = child.pid!;
  const state: EmbeddedDbState = { pid, port, uri };
  fs.writeFileSync(statePath(dataDir), JSON.stringify(state, null, 2) + '\n');

  let stopping: Promise<void> | undefined;
  return {
    uri,
    pid,
    reused: false,
    stop() {
      stopping ??= stopChild(child).then(() => removeStateIfPid(dataDir, pid));
      return stopping;
    },
  };
}

/** Stops the server named in <dataDir>/ferretdb.json (any owner); returns its pid if one was running. */
export async function stopFromState(dataDir: string): Promise<number | undefined> {
  const s = readState(dataDir);
  if (!s) return undefined;
  let stopped: number | undefined;
  if (isAlive(s.pid) && looksLikeFerret(s.pid)) {
    await stopPid(s.pid);
    stopped = s.pid;
  }
  removeStateIfPid(dataDir, s.pid);
  return stopped;
}

// ---------------------------------------------------------------------------
// CLI

async function cli(argv: string[]): Promise<number> {
  const [cmd, dirArg] = argv;
  const dataDir = path.resolve(dirArg ?? DEFAULT_DATA_DIR);
  switch (cmd) {
    case 'start': {
      // No parentPid: we stop the server ourselves on SIGINT/SIGTERM; a
      // SIGKILLed CLI leaves a server behind that `start`/`stop` pick up.
      const db = await startEmbeddedDb({ dataDir, reuse: true });
      process.stdout.write(db.uri + '\n');
      process.stderr.write(
        db.reused
          ? `embedded-db: reusing running FerretDB (pid ${db.pid}); Ctrl-C leaves it running\n`
          : `embedded-db: FerretDB running (pid ${db.pid}, data ${dataDir}); Ctrl-C to stop\n`,
      );
      const keepAlive = setInterval(() => {}, 1 << 30);
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      await db.stop();
      clearInterval(keepAlive);
      return 0;
    }
    case 'stop': {
      const pid = await stopFromState(dataDir);
      process.stderr.write(pid ? `embedded-db: stopped FerretDB (pid ${pid})\n` : 'embedded-db: not running\n');
      return 0;
    }
    case 'uri': {
      const running = await findRunning(dataDir);
      if (!running) {
        process.stderr.write('embedded-db: not running\n');
        return 1;
      }
      process.stdout.write(running.uri + '\n');
      return 0;
    }
    default:
      process.stderr.write('usage: embedded-db.ts start|stop|uri [dataDir]\n');
      return 2;
  }
}

if (require.main === module) {
  cli(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: Error) => {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    },
  );
}
