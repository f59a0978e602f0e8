import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mongoose from 'mongoose';
import { openTestDatabase } from '../test/database';
import { startTestServer, type TestServer } from '../test/server';

describe('app', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let server: TestServer;
  const h5Dir = fs.mkdtempSync(path.join(os.tmpdir(), 'regverify-h5-'));

  beforeAll(async () => {
    fs.writeFileSync(path.join(h5Dir, 'index.html'), '<!doctype html><title>登记注册身份验证</title>');
    fs.mkdirSync(path.join(h5Dir, 'js'));
    fs.writeFileSync(path.join(h5Dir, 'js', 'app.0123abcd.js'), 'console.log(1)');
    db = await openTestDatabase();
    server = await startTestServer(db.conn, { H5_DIR: h5Dir });
  });
  afterAll(async () => {
    await server.close();
    await db.drop();
    fs.rmSync(h5Dir, { recursive: true, force: true });
  });

  it('is alive', async () => {
    const res = await fetch(`${server.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });

  it('is ready when the database answers', async () => {
    const res = await fetch(`${server.url}/readyz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      status: 'ready',
      checks: { database: 'ok', shuttingDown: false, platforms: ['alipay', 'weapp', 'h5'] },
    });
  });

  it('is not ready without a database, and says so in the error envelope', async () => {
    const unopened = mongoose.createConnection();
    const lonely = await startTestServer(unopened);
    try {
      const res = await fetch(`${lonely.url}/readyz`);
      expect(res.status).toBe(503);
      expect(await res.json()).toMatchObject({ error: { code: 'database_unavailable', details: { checks: { database: 'unavailable' } } } });
    } finally {
      await lonely.close();
    }
  });

  it('answers unknown API routes with the 404 envelope, never cached', async () => {
    const res = await fetch(`${server.url}/api/nothing-here`);
    expect(res.status).toBe(404);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(await res.json()).toMatchObject({ error: { code: 'not_found' } });
  });

  it('answers a wrong method on a known route with 405', async () => {
    const res = await fetch(`${server.url}/readyz`, { method: 'POST' });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toContain('GET');
  });

  it('serves the H5 preview under /h5/ and sends / there', async () => {
    const root = await fetch(`${server.url}/`, { redirect: 'manual' });
    expect(root.status).toBe(302);
    expect(root.headers.get('location')).toBe('/h5/');
    const page = await fetch(`${server.url}/h5/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('cache-control')).toBe('no-cache');
    expect(await page.text()).toContain('登记注册身份验证');
    const asset = await fetch(`${server.url}/h5/js/app.0123abcd.js`);
    expect(asset.headers.get('cache-control')).toContain('immutable');
    expect((await fetch(`${server.url}/h5/missing.js`)).status).toBe(404);
    expect((await fetch(`${server.url}/h5/../package.json`)).status).toBe(404);
  });
});
