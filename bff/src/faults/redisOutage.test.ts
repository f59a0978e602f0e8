import { io as connect, type Socket } from 'socket.io-client';
import type { MatterView } from '@regverify/shared';
import { databaseUri, startBffProcess } from '../../test/bffProcess';
import { apiClient, type Answer } from '../../test/client';
import { openTestDatabase } from '../../test/database';
import { matterRequest, residentId, sha } from '../../test/factories';
import { startRedis } from '../../test/redis';
import { until } from '../../test/until';
import { percentile, report } from './figures';

type Bff = Awaited<ReturnType<typeof startBffProcess>>;

/** A portal page's socket: the newest view it holds (older ones dropped, as the SDK does). */
interface Page {
  node: 'A' | 'B';
  matterId: string;
  socket: Socket;
  latest?: MatterView;
}

/**
 * Two BFF nodes on one database and one Redis, portal pages on both watching the same matters;
 * Redis is stopped for a few seconds and started again on the same port. Changes keep reaching the
 * pages on the node that made them, requests (rate limits live in Redis) do not hang, and once
 * Redis is back cross-node pushes resume and every page converges on its matter's version.
 */
describe('fault: Redis stops under two nodes', () => {
  jest.setTimeout(90_000);
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let redis: Awaited<ReturnType<typeof startRedis>>;
  let nodeA: Bff;
  let nodeB: Bff;
  const pages: Page[] = [];

  beforeAll(async () => {
    db = await openTestDatabase();
    redis = await startRedis();
    const env = { MONGODB_URI: databaseUri(db.uri, db.dbName), REDIS_URL: redis.url };
    [nodeA, nodeB] = await Promise.all([startBffProcess(env), startBffProcess(env)]);
  }, 60_000);
  afterAll(async () => {
    pages.forEach((p) => p.socket.disconnect());
    await Promise.allSettled([nodeA?.stop('SIGKILL'), nodeB?.stop('SIGKILL')]);
    await redis?.stop();
    await db?.drop();
  });

  it('keeps local pushes and requests going without Redis, and converges every page after it returns', async () => {
    const portal = { A: apiClient(nodeA.url, 'demo-portal-key'), B: apiClient(nodeB.url, 'demo-portal-key') };
    const url = { A: nodeA.url, B: nodeB.url };
    const matterIds: string[] = [];
    for (const n of [1, 2]) {
      const created = await portal.A.post(
        '/api/portal/matters',
        matterRequest([{ name: '冯九', idType: 'resident_id', idNumber: residentId(950 + n) }]),
      );
      expect(created.status).toBe(201);
      matterIds.push(created.body.matter.id);
    }
    // Two pages per matter and node.
    for (const matterId of matterIds) {
      for (const node of ['A', 'B', 'A', 'B'] as const) {
        const { token } = (await portal[node].post(`/api/portal/matters/${matterId}/viewer-token`)).body;
        const page: Page = {
          node,
          matterId,
          socket: connect(`${url[node]}/portal`, { auth: { token }, transports: ['websocket'], forceNew: true }),
        };
        const accept = (view: MatterView) => {
          if ((page.latest?.version ?? 0) < view.version) page.latest = view;
        };
        page.socket.on('matter:snapshot', accept);
        page.socket.on('matter:updated', accept);
        pages.push(page);
      }
    }
    await until(() => pages.every((p) => p.latest), 'a snapshot on every page');

    let revision = 0;
    /** Replaces a matter's documents through one node: a change, answered with the new version. */
    const change = async (node: 'A' | 'B', matterId: string): Promise<number> => {
      const res = await portal[node].put(`/api/portal/matters/${matterId}/documents`, {
        documents: [{ name: '公司章程', sha256: sha(`revision ${++revision}`) }],
      });
      expect(res.status).toBe(200);
      return res.body.version as number;
    };
    const pagesOf = (matterId: string, node?: 'A' | 'B') => pages.filter((p) => p.matterId === matterId && (!node || p.node === node));
    const versionInDb = async (matterId: string) => (await portal.A.get(`/api/portal/matters/${matterId}`)).body.version as number;
    const allConverged = async () => {
      for (const matterId of matterIds) {
        const version = await versionInDb(matterId);
        if (!pagesOf(matterId).every((p) => p.latest?.version === version)) return false;
      }
      return true;
    };

    // With Redis: a change through A reaches the pages on B.
    const [m1, m2] = matterIds;
    const v1 = await change('A', m1);
    await until(() => pagesOf(m1).every((p) => p.latest?.version === v1), 'the change through A on both nodes');

    // Redis goes away, for 4 s.
    await redis.stop();
    const stoppedAt = Date.now();
    const timedRequests: Array<Answer & { ms: number }> = [];
    const timed = async (send: () => Promise<Answer>) => {
      const started = performance.now();
      const answer = await send();
      timedRequests.push({ ...answer, ms: performance.now() - started });
      return answer;
    };
    // Requests that consume rate limits (portal key, login) on both nodes answer, promptly.
    for (let i = 0; i < 5; i++) {
      for (const node of ['A', 'B'] as const) {
        expect((await timed(() => portal[node].get(`/api/portal/matters/${m1}`))).status).toBe(200);
        expect(
          (await timed(() => apiClient(url[node]).post('/api/mp/session', { platform: 'alipay', code: `code-redis-away-${node}-${i}` })))
            .status,
        ).toBe(201);
      }
    }
    // A change through a node still reaches the pages on that node.
    const localStarted = Date.now();
    const vA = await change('A', m1);
    await until(
      () => pagesOf(m1, 'A').every((p) => p.latest?.version === vA),
      'the change through A on the pages of A, Redis away',
      10_000,
    );
    const localA = Date.now() - localStarted;
    const localStartedB = Date.now();
    const vB = await change('B', m2);
    await until(
      () => pagesOf(m2, 'B').every((p) => p.latest?.version === vB),
      'the change through B on the pages of B, Redis away',
      10_000,
    );
    const localB = Date.now() - localStartedB;
    const staleWhileAway = pages.filter((p) => p.latest!.version < (p.matterId === m1 ? vA : vB)).length;
    await new Promise((r) => setTimeout(r, Math.max(0, 4000 - (Date.now() - stoppedAt))));
    const outageMs = Date.now() - stoppedAt;
    expect(nodeA.child.exitCode).toBeNull();
    expect(nodeB.child.exitCode).toBeNull();

    // Redis is back (same port, empty): with no further change, every page converges.
    await redis.restart();
    const backAt = Date.now();
    await until(allConverged, 'every page on its matter version after Redis returned (no new change)', 20_000);
    const convergedMs = Date.now() - backAt;

    // Cross-node pushes work again: a change through A reaches B's pages, and one through B A's.
    const crossStarted = Date.now();
    const vA2 = await change('A', m2);
    const vB2 = await change('B', m1);
    await until(
      () => pagesOf(m2).every((p) => p.latest?.version === vA2) && pagesOf(m1).every((p) => p.latest?.version === vB2),
      'cross-node pushes again',
      20_000,
    );
    const crossMs = Date.now() - crossStarted;
    expect(await allConverged()).toBe(true);
    for (const matterId of matterIds)
      for (const p of pagesOf(matterId)) expect(p.latest).toMatchObject({ id: matterId, version: await versionInDb(matterId) });

    const latencies = timedRequests.map((r) => r.ms);
    report('Redis stopped under two nodes', {
      'Redis away ms': outageMs,
      'requests while Redis away (rate-limited routes)': timedRequests.length,
      'their latency p50 ms': percentile(latencies, 0.5),
      'their latency max ms': Math.max(...latencies),
      'local push on node A, Redis away, ms': localA,
      'local push on node B, Redis away, ms': localB,
      'pages behind while Redis away': `${staleWhileAway}/${pages.length}`,
      'every page converged after Redis back (no new change) ms': convergedMs,
      'cross-node pushes after return, change to all pages ms': crossMs,
    });
    // Rate limits fall back to memory at once: no request waits for Redis.
    expect(Math.max(...latencies)).toBeLessThan(2000);

    // And a node still stops cleanly: its resync reader, blocked in XREAD, does not hold it up.
    // (Pages closed first: shutdown does not yet disconnect /portal sockets itself, so with pages
    // open it waits SHUTDOWN_GRACE_MS — a matter of portalNamespace.ts, see docs/reliability.md.)
    pages.forEach((p) => p.socket.disconnect());
    const stopStarted = Date.now();
    await nodeB.stop('SIGTERM');
    expect(nodeB.child.exitCode).toBe(0);
    expect(Date.now() - stopStarted).toBeLessThan(4000);
  });
});
