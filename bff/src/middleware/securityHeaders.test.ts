import { buildApp } from '../app';
import { createLogger } from '../logger';
import { listen } from '../server';
import { openTestDatabase } from '../../test/database';
import { startTestServer, type TestServer } from '../../test/server';

describe('security headers', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let server: TestServer;

  beforeAll(async () => {
    db = await openTestDatabase();
    server = await startTestServer(db.conn);
  });
  afterAll(async () => {
    await server.close();
    await db.drop();
  });

  it.each([
    ['an API answer', '/api/portal/matters/none', /^default-src 'none'/],
    ['an error', '/api/nothing-here', /^default-src 'none'/],
    ['the portal SDK', '/portal-sdk.js', /^default-src 'none'/],
    ['the demo portal page', '/demo', /script-src 'self'/],
    ['a health check', '/healthz', /^default-src 'none'/],
  ])('%s carries a CSP, nosniff, no referrer, no framing, no powerful features', async (_what, path, csp) => {
    const res = await fetch(server.url + path, { headers: { authorization: 'Bearer demo-portal-key' } });
    expect(res.headers.get('content-security-policy')).toMatch(csp);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('permissions-policy')).toMatch(/camera=\(\).*geolocation=\(\)/);
    expect(res.headers.get('strict-transport-security')).toBeNull(); // not outside production
  });

  it('adds Strict-Transport-Security in production', async () => {
    const logger = createLogger('silent');
    const { app } = buildApp({
      config: { ...server.config, NODE_ENV: 'production' },
      logger,
      db: db.conn,
      services: server.services,
      isShuttingDown: () => false,
    });
    const running = await listen(app, '127.0.0.1', 0, logger);
    try {
      const res = await fetch(`http://127.0.0.1:${running.port}/healthz`);
      expect(res.headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains');
    } finally {
      await running.close(1000);
    }
  });
});
