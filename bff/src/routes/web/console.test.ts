/**
 * What the console's page loads from `/console/`: the page under its own policy, the entry script
 * at its stable address, and the chunks the build wrote beside it — by their names only, cached for
 * good since their names carry their content's hash; nothing else from that folder or above it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { openTestDatabase } from '../../../test/database';
import { startTestServer, type TestServer } from '../../../test/server';
import { PUBLIC_DIR } from '../../paths';
import { CONSOLE_CSP } from './console';

const chunks = fs.readdirSync(path.join(PUBLIC_DIR, 'console')).filter((file) => file.endsWith('.js') && file !== 'console.js');

describe('/console/', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let server: TestServer;
  const get = (url: string, headers: Record<string, string> = {}) => fetch(server.url + url, { headers, redirect: 'manual' });

  beforeAll(async () => {
    db = await openTestDatabase();
    server = await startTestServer(db.conn);
  });
  afterAll(async () => {
    await server.close();
    await db.drop();
  });

  it('serves the page under its policy, loading the entry as a module', async () => {
    const res = await get('/console/');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toBe(CONSOLE_CSP);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(await res.text()).toContain('<script type="module" src="/console/console.js"></script>');
    const bare = await get('/console');
    expect(bare.status).toBe(308);
    expect(bare.headers.get('location')).toBe('/console/');
  });

  it('serves the entry at its stable address, cached briefly', async () => {
    const res = await get('/console/console.js');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/javascript; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('public, max-age=300');
    expect(await res.text()).toMatch(/^import/);
  });

  it('serves every chunk the build wrote, as a script browsers may keep', async () => {
    expect(chunks.length).toBeGreaterThan(1);
    for (const chunk of chunks) {
      const res = await get(`/console/${chunk}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/javascript; charset=utf-8');
      expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(await res.text()).toBe(fs.readFileSync(path.join(PUBLIC_DIR, 'console', chunk), 'utf8'));
      // With its own Cache-Control, as a browser revalidating sends it (fetch would add no-cache).
      const again = await get(`/console/${chunk}`, { 'if-none-match': res.headers.get('etag')!, 'cache-control': 'max-age=0' });
      expect(again.status).toBe(304);
    }
  });

  it.each([
    ['a chunk the build did not write', '/console/chunk-AAAAAAAA.js'],
    ['the page by its file name', '/console/index.html'],
    ['a file above the folder', '/console/..%2F..%2Fmain.js'],
    ['a file above the folder, dots encoded', '/console/%2e%2e%2fmain.js.map'],
    ['the build stamp', '/console/..%2F.build-stamp'],
    ['a path into the folder', '/console/x/console.js'],
  ])('answers 404 for %s', async (_what, url) => {
    const res = await get(url);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).not.toMatch(/javascript/);
  });
});
