import { io as connect, type Socket } from 'socket.io-client';
import type { MatterView } from '@regverify/shared';
import { databaseUri, startBffProcess } from '../../test/bffProcess';
import { apiClient } from '../../test/client';
import { openTestDatabase } from '../../test/database';
import { matterRequest, residentId } from '../../test/factories';
import { SandboxPerson } from '../../test/person';
import { startRedis } from '../../test/redis';
import { until } from '../../test/until';

/**
 * Two BFF processes on one database and a real Redis: a portal page connected to node B sees,
 * live, a confirmation made through node A.
 */
describe('live status across two nodes (Redis streams adapter)', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let redis: Awaited<ReturnType<typeof startRedis>>;
  let nodeA: Awaited<ReturnType<typeof startBffProcess>>;
  let nodeB: Awaited<ReturnType<typeof startBffProcess>>;
  let socket: Socket | undefined;

  beforeAll(async () => {
    db = await openTestDatabase();
    redis = await startRedis();
    const env = { MONGODB_URI: databaseUri(db.uri, db.dbName), REDIS_URL: redis.url };
    [nodeA, nodeB] = await Promise.all([startBffProcess(env), startBffProcess(env)]);
  }, 60_000);
  afterAll(async () => {
    socket?.disconnect();
    await Promise.allSettled([nodeA?.stop(), nodeB?.stop()]);
    await redis?.stop();
    await db?.drop();
  });

  it('pushes a confirmation made through node A to a portal socket on node B', async () => {
    const portalA = apiClient(nodeA.url, 'demo-portal-key');
    const people = [
      { name: '赵一', idType: 'resident_id' as const, idNumber: residentId(201) },
      { name: '钱二', idType: 'resident_id' as const, idNumber: residentId(202) },
    ];
    const created = await portalA.post('/api/portal/matters', matterRequest(people));
    const matterId = created.body.matter.id as string;
    const { token } = (await apiClient(nodeB.url, 'demo-portal-key').post(`/api/portal/matters/${matterId}/viewer-token`)).body;

    const received: MatterView[] = [];
    socket = connect(`${nodeB.url}/portal`, { auth: { token }, transports: ['websocket'], forceNew: true });
    socket.on('matter:snapshot', (v: MatterView) => received.push(v));
    socket.on('matter:updated', (v: MatterView) => received.push(v));
    await until(() => received.length > 0, 'the snapshot');

    // Everything happens through node A; node B only relays what Redis carries.
    for (const who of people) await new SandboxPerson(nodeA.url, who).throughEntry().then((p) => p.confirm(matterId));
    await until(() => received.some((v) => v.canSubmit), 'canSubmit on node B');
    const last = received.at(-1)!;
    expect(last).toMatchObject({ id: matterId, status: 'ready', progress: { done: 2, total: 2 } });
    expect(last.version).toBe((await portalA.get(`/api/portal/matters/${matterId}`)).body.version);
  });

  it('needs Redis for that: without REDIS_URL node B hears nothing of node A', async () => {
    const env = { MONGODB_URI: databaseUri(db.uri, db.dbName) };
    const [a, b] = await Promise.all([startBffProcess(env), startBffProcess(env)]);
    const lonely: Socket[] = [];
    try {
      const who = { name: '孙三', idType: 'resident_id' as const, idNumber: residentId(203) };
      const created = await apiClient(a.url, 'demo-portal-key').post('/api/portal/matters', matterRequest([who]));
      const matterId = created.body.matter.id as string;
      const { token } = (await apiClient(b.url, 'demo-portal-key').post(`/api/portal/matters/${matterId}/viewer-token`)).body;
      const received: MatterView[] = [];
      const s = connect(`${b.url}/portal`, { auth: { token }, transports: ['websocket'], forceNew: true });
      lonely.push(s);
      s.on('matter:snapshot', (v: MatterView) => received.push(v));
      s.on('matter:updated', (v: MatterView) => received.push(v));
      await until(() => received.length > 0, 'the snapshot');
      await new SandboxPerson(a.url, who).throughEntry().then((p) => p.confirm(matterId));
      await new Promise((r) => setTimeout(r, 1000));
      expect(received).toHaveLength(1); // the snapshot only
    } finally {
      lonely.forEach((s) => s.disconnect());
      await Promise.allSettled([a.stop(), b.stop()]);
    }
  });
});
