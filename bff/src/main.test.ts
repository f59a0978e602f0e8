import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { io as connect } from 'socket.io-client';
import { PORTAL_NAMESPACE, SOCKET_EVENTS } from '@regverify/shared';
import { apiClient } from '../test/client';
import { matterRequest, residentId } from '../test/factories';
import { freePort } from '../test/ports';
import { until } from '../test/until';

const REPO = path.resolve(__dirname, '..', '..');

/** Runs the built entry point (`npm run build`), as `npm start` and production do, with its own environment. */
function boot(env: Record<string, string>): {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
} {
  const child = spawn(process.execPath, ['--enable-source-maps', 'dist/bff/main.js'], {
    cwd: REPO,
    env: { PATH: process.env.PATH ?? '', NODE_ENV: 'test', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (err += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, stdout: () => out, stderr: () => err, exited };
}

describe('the production build', () => {
  const main = fs.readFileSync(path.join(REPO, 'dist', 'bff', 'main.js'), 'utf8');

  it('is plain JavaScript that loads only runtime packages: no build tool, no test code', () => {
    const required = new Set([...main.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1].replace(/^(@[^/]+\/[^/]+|[^/]+).*$/, '$1')));
    const runtime = Object.keys(JSON.parse(fs.readFileSync(path.join(REPO, 'bff', 'package.json'), 'utf8')).dependencies);
    const allowed = (name: string) => name.startsWith('node:') || runtime.includes(name) || builtinModules.includes(name);
    expect([...required].filter((name) => !allowed(name))).toEqual([]);
    for (const tool of ['esbuild', 'tsx', 'fast-check', 'jest', 'playwright-core']) expect(required).not.toContain(tool);
    expect(main).not.toMatch(/standIn|fuzzKit|callbackReceiver|startTestServer/);
  });
});

describe('bff entry point', () => {
  jest.setTimeout(60_000);

  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ IDENTITY_PROVIDER: 'magic' }, 'IDENTITY_PROVIDER'],
    [{ NODE_ENV: 'production' }, 'IDENTITY_PROVIDER'],
    [{ MONGODB_URI: '' }, 'MONGODB_URI'],
  ])('exits non-zero naming the bad setting for %j', async (override, setting) => {
    const run = boot({ MONGODB_URI: process.env.MONGODB_URI!, ...override });
    expect(await run.exited).toBe(1);
    expect(run.stderr()).toContain(`${setting}:`);
    expect(run.stderr()).toContain('配置无效');
  });

  it('applies production rules when NODE_ENV is not set, and says so', async () => {
    const run = boot({ MONGODB_URI: process.env.MONGODB_URI!, NODE_ENV: '' });
    expect(await run.exited).toBe(1);
    expect(run.stderr()).toContain('mode: production (NODE_ENV is not set');
    for (const setting of [
      'IDENTITY_PROVIDER',
      'BANKCARD_PROVIDER',
      'DATA_KEY',
      'LOOKUP_KEY',
      'TOKEN_SECRET',
      'AUDIT_ANCHOR_KEY',
      'OPERATORS',
      'PORTAL_KEYS',
      'PUBLIC_URL',
    ]) {
      expect(run.stderr()).toContain(`${setting}:`);
    }
  });

  it('serves, reports ready, and stops cleanly on SIGTERM', async () => {
    const port = await freePort();
    const run = boot({ MONGODB_URI: process.env.MONGODB_URI!, PORT: String(port), LOG_LEVEL: 'info' });
    const url = `http://127.0.0.1:${port}`;
    await until(async () => (await fetch(`${url}/readyz`)).status === 200, 'ready');
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
    expect(run.stdout()).toContain('"msg":"stopped"');
  });

  it('closes open portal sockets at once on SIGTERM instead of waiting out the grace period', async () => {
    const port = await freePort();
    const run = boot({ MONGODB_URI: process.env.MONGODB_URI!, PORT: String(port), LOG_LEVEL: 'warn', SHUTDOWN_GRACE_MS: '20000' });
    const url = `http://127.0.0.1:${port}`;
    await until(async () => (await fetch(`${url}/readyz`)).status === 200, 'ready');
    const portal = apiClient(url, 'demo-portal-key');
    const created = await portal.post(
      '/api/portal/matters',
      matterRequest([{ name: '张三', idType: 'resident_id', idNumber: residentId(880) }]),
    );
    const token = (await portal.post(`/api/portal/matters/${created.body.matter.id}/viewer-token`)).body.token;
    const socket = connect(`${url}${PORTAL_NAMESPACE}`, { auth: { token }, transports: ['websocket'], reconnection: false });
    await new Promise((resolve) => socket.once(SOCKET_EVENTS.snapshot, resolve));
    const dropped = new Promise<string>((resolve) => socket.once('disconnect', resolve));

    const t0 = Date.now();
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
    expect(Date.now() - t0).toBeLessThan(5000);
    expect(await dropped).toBe('io server disconnect');
  });

  it('stays up without its database: alive, not ready', async () => {
    const port = await freePort();
    const deadDb = await freePort();
    const run = boot({ MONGODB_URI: `mongodb://127.0.0.1:${deadDb}/x`, PORT: String(port), LOG_LEVEL: 'warn' });
    const url = `http://127.0.0.1:${port}`;
    try {
      await until(async () => (await fetch(`${url}/healthz`)).status === 200, 'alive');
      const ready = await fetch(`${url}/readyz`);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toMatchObject({ error: { code: 'database_unavailable' } });
    } finally {
      run.child.kill('SIGTERM');
      expect(await run.exited).toBe(0);
    }
  });
});
