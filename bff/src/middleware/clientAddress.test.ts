import { buildApp } from '../app';
import { createLogger } from '../logger';
import { LIMITS } from '../security/rateLimits';
import { openTestDatabase } from '../../test/database';
import { startTestServer, type TestServer } from '../../test/server';
import { trustOf } from './clientAddress';

/** Logins from three different X-Forwarded-For addresses over one connection's address (loopback). */
async function loginsFromThreeAddresses(server: TestServer): Promise<number[]> {
  const statuses: number[] = [];
  for (const forwarded of ['203.0.113.1', '203.0.113.2', '203.0.113.3']) {
    const res = await fetch(`${server.url}/api/mp/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': forwarded },
      body: JSON.stringify({ platform: 'alipay', code: `code-${forwarded}` }),
    });
    statuses.push(res.status);
  }
  return statuses;
}

describe('the client address', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let server: TestServer | undefined;
  // Two logins per address per minute.
  const scale = String(2 / LIMITS.login.points);

  beforeAll(async () => {
    db = await openTestDatabase();
  });
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });
  afterAll(async () => {
    await db.drop();
  });

  it('is the TCP peer by default: a client cannot pick another address with X-Forwarded-For', async () => {
    server = await startTestServer(db.conn, { RATE_LIMIT_SCALE: scale });
    expect(await loginsFromThreeAddresses(server)).toEqual([201, 201, 429]);
  });

  it('is the forwarded one behind a configured proxy (the loopback peer here)', async () => {
    server = await startTestServer(db.conn, { RATE_LIMIT_SCALE: scale, TRUSTED_PROXIES: '127.0.0.1/8' });
    expect(await loginsFromThreeAddresses(server)).toEqual([201, 201, 201]);
  });

  it('is never taken from the trust Koa itself would give proxies, in production neither', async () => {
    server = await startTestServer(db.conn);
    const production = buildApp({
      config: { ...server.config, NODE_ENV: 'production' },
      logger: createLogger('silent'),
      db: db.conn,
      services: server.services,
      isShuttingDown: () => false,
    });
    expect(production.app.proxy).toBe(false);
  });

  it('trusts a number of hops, or listed proxies, and nothing else', () => {
    expect(trustOf(undefined)('127.0.0.1', 0)).toBe(false);
    const twoHops = trustOf('2');
    expect([twoHops('198.51.100.1', 0), twoHops('198.51.100.1', 1), twoHops('198.51.100.1', 2)]).toEqual([true, true, false]);
    const listed = trustOf('10.0.0.0/8, 192.0.2.7');
    expect([listed('10.1.2.3', 0), listed('192.0.2.7', 0), listed('192.0.2.8', 0)]).toEqual([true, true, false]);
  });
});
