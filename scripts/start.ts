/**
 * The local system in one command: embedded FerretDB (unless MONGODB_URI is set), the H5 preview
 * build, and the BFF with the sandbox providers. Prints where to open everything; Ctrl-C stops all.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { DEFAULT_DATA_DIR, startEmbeddedDb, type EmbeddedDb } from './lib/embedded-db';
import { ensureBffBuild } from './lib/bffBuild';
import { ensureH5Build } from './lib/h5Build';

const REPO = path.resolve(__dirname, '..');
const log = (line: string) => process.stderr.write(`[start] ${line}\n`);

async function waitUntilReady(url: string, child: { exitCode: number | null }, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the BFF exited (code ${child.exitCode}) before it was ready`);
    const ok = await fetch(`${url}/readyz`).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ok) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`the BFF was not ready within ${timeoutMs / 1000} s`);
}

async function main(): Promise<void> {
  let db: EmbeddedDb | undefined;
  // The local system is development unless told otherwise; the BFF alone defaults to production.
  const env: NodeJS.ProcessEnv = { NODE_ENV: 'development', ...process.env };
  if (!env.MONGODB_URI) {
    db = await startEmbeddedDb({ dataDir: DEFAULT_DATA_DIR, reuse: true, parentPid: process.pid });
    const uri = new URL(db.uri);
    uri.pathname = '/regverify'; // keeps the server's query (its pool size)
    env.MONGODB_URI = uri.toString();
    log(`database: embedded FerretDB ${db.reused ? 'already running' : 'started'} (pid ${db.pid}, data in .data/ferretdb)`);
  } else {
    log('database: MONGODB_URI');
  }

  try {
    await ensureBffBuild(log);
    await ensureH5Build(log);
  } catch (err) {
    await db?.stop();
    throw err;
  }

  const port = Number(env.PORT ?? 3000);
  const bff = spawn(process.execPath, ['--enable-source-maps', 'dist/bff/main.js'], { cwd: REPO, env, stdio: 'inherit' });
  let stopping = false;
  const stopAll = async (code: number) => {
    if (stopping) return;
    stopping = true;
    if (bff.exitCode === null) {
      bff.kill('SIGTERM');
      await new Promise((r) => bff.once('exit', r));
    }
    await db?.stop();
    process.exit(code);
  };
  process.once('SIGINT', () => void stopAll(0));
  process.once('SIGTERM', () => void stopAll(0));
  bff.once('exit', (code) => void stopAll(code ?? 1));

  const local = `http://localhost:${port}`;
  try {
    await waitUntilReady(local, bff);
  } catch (err) {
    log((err as Error).message);
    return stopAll(1);
  }
  const portalKey = (env.PORTAL_KEYS ?? 'demo:demo-portal-key').split(',')[0].split(':').slice(1).join(':');
  process.stdout.write(
    [
      '',
      'regverify is running — 登记注册身份验证',
      `  H5 preview (the mini-program in a browser)  ${local}/h5/`,
      `  demo portal (create a matter, watch 提交)    ${local}/demo`,
      `  service-window console (人工核验)            ${local}/console/  (${env.OPERATORS ? 'your OPERATORS' : 'operator demo, secret demo-operator-key'})`,
      `  health / readiness                          ${local}/healthz  ${local}/readyz`,
      `  portal API (OpenAPI)                        ${local}/api/portal/matters  (${local}/api/openapi.json)`,
      `  demo portal key                             ${portalKey}   (Authorization: Bearer ${portalKey})`,
      `  identity provider                           ${env.IDENTITY_PROVIDER ?? 'sandbox'}`,
      `  database                                    ${db ? `embedded FerretDB ${db.uri}` : 'MONGODB_URI'}`,
      'Ctrl-C stops everything.',
      '',
    ].join('\n'),
  );
}

main().catch((err) => {
  log(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
