/**
 * An answer given before the body was read (413, 415, 401) reaches clients that are still
 * sending, many at once: the connection is not reset under them. Raw `http.request`, because a
 * reset is exactly what a higher-level client might retry or hide.
 */
import http from 'node:http';
import { openTestDatabase } from '../../test/database';
import { startTestServer, type TestServer } from '../../test/server';

const PARALLEL = 24;
const BODY = Buffer.from(JSON.stringify({ pad: 'x'.repeat(1_500_000) }));
const CHUNK = 64 * 1024;
const METRICS_TOKEN = 'metrics-token-for-lingering-close';

/**
 * The status of the answer, or the code of the error the request failed with instead; both (`413
 * EPIPE`) when the answer came but sending the rest of the body then failed.
 */
function send(url: string, options: { method: string; path: string; headers: Record<string, string> }): Promise<string> {
  return new Promise((resolve) => {
    let status: number | undefined;
    let error: string | undefined;
    const req = http.request(
      url + options.path,
      {
        method: options.method,
        agent: false, // a connection of its own each, like separate clients
        timeout: 20_000,
        headers: { ...options.headers, 'content-length': String(BODY.length) },
      },
      (res) => {
        res.resume();
        res.on('end', () => (status = res.statusCode));
        res.on('error', (err: NodeJS.ErrnoException) => (error ??= err.code ?? err.message));
      },
    );
    req.on('timeout', () => req.destroy(Object.assign(new Error('no answer'), { code: 'TIMEOUT' })));
    req.on('error', (err: NodeJS.ErrnoException) => (error ??= err.code ?? err.message));
    req.on('close', () => resolve([status, error].filter(Boolean).join(' ')));
    // In pieces, as a client streaming a file does: some of it is still to be written when the answer comes.
    const pieces = Array.from({ length: Math.ceil(BODY.length / CHUNK) }, (_, i) => BODY.subarray(i * CHUNK, (i + 1) * CHUNK));
    const writeNext = () => {
      const piece = pieces.shift();
      if (!piece) return req.end();
      if (req.destroyed) return;
      req.write(piece, () => setImmediate(writeNext));
    };
    writeNext();
  });
}

/** How many of the parallel requests ended how: `{ 413: 24 }` when all got their answer. */
async function burst(url: string, options: Parameters<typeof send>[1]): Promise<Record<string, number>> {
  const outcomes = await Promise.all(Array.from({ length: PARALLEL }, () => send(url, options)));
  const counts: Record<string, number> = {};
  for (const outcome of outcomes) counts[outcome] = (counts[outcome] ?? 0) + 1;
  return counts;
}

describe('answers before the body is read reach clients still sending it', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let server: TestServer;

  beforeAll(async () => {
    db = await openTestDatabase();
    server = await startTestServer(db.conn, { METRICS_TOKEN });
  });
  afterAll(async () => {
    await server.close();
    await db.drop();
  });

  const json = (key: string) => ({ 'content-type': 'application/json', authorization: `Bearer ${key}` });

  it.each([
    ['a valid portal key', 'demo-portal-key'],
    ['a wrong portal key', 'not-a-portal-key'],
  ])('413 for parallel bodies of 1.5 MB to a portal route, with %s', async (_label, key) => {
    expect(await burst(server.url, { method: 'POST', path: '/api/portal/matters', headers: json(key) })).toEqual({ 413: PARALLEL });
  });

  it('413 for parallel bodies of 1.5 MB on a route that takes none', async () => {
    expect(await burst(server.url, { method: 'GET', path: '/api/portal/matters/m1', headers: json('demo-portal-key') })).toEqual({
      413: PARALLEL,
    });
  });

  it('415 for parallel bodies of 1.5 MB of a type that is not JSON', async () => {
    const headers = { 'content-type': 'text/plain', authorization: 'Bearer demo-portal-key' };
    expect(await burst(server.url, { method: 'POST', path: '/api/portal/matters', headers })).toEqual({ 415: PARALLEL });
  });

  // Portal routes check the body's size before the key; /metrics checks its token without reading.
  it('401 for parallel bodies of 1.5 MB sent with a wrong token', async () => {
    expect(await burst(server.url, { method: 'GET', path: '/metrics', headers: json('wrong-metrics-token-xxxxxxx') })).toEqual({
      401: PARALLEL,
    });
  });
});
