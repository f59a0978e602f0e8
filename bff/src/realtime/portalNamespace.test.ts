import { io as connect, type Socket } from 'socket.io-client';
import type { MatterView } from '@regverify/shared';
import { createViewerTokens } from '../security/viewerTokens';
import { apiClient } from '../../test/client';
import { openTestDatabase } from '../../test/database';
import { matterRequest, residentId } from '../../test/factories';
import { SandboxPerson } from '../../test/person';
import { startTestServer, type TestServer } from '../../test/server';
import { until } from '../../test/until';

/** A portal-page socket that records everything it receives. */
function watch(url: string, token: string) {
  const socket: Socket = connect(`${url}/portal`, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
  const received: Array<{ event: string; view: MatterView }> = [];
  socket.on('matter:snapshot', (view: MatterView) => received.push({ event: 'matter:snapshot', view }));
  socket.on('matter:updated', (view: MatterView) => received.push({ event: 'matter:updated', view }));
  const connectError = new Promise<{ message: string; data?: { code?: string } }>((resolve) => socket.on('connect_error', resolve));
  return { socket, received, connectError };
}

describe('live status on /portal', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let server: TestServer;
  const sockets: Socket[] = [];
  const portal = () => apiClient(server.url, 'demo-portal-key');

  beforeAll(async () => {
    db = await openTestDatabase();
    server = await startTestServer(db.conn);
  });
  afterEach(() => sockets.splice(0).forEach((s) => s.disconnect()));
  afterAll(async () => {
    await server.close();
    await db.drop();
  });

  async function newMatter(n: number, seed: number) {
    const people = Array.from({ length: n }, (_, i) => ({
      name: `测试${'甲乙丙丁戊'[i]}`,
      idType: 'resident_id' as const,
      idNumber: residentId(seed + i),
    }));
    const created = await portal().post('/api/portal/matters', matterRequest(people));
    expect(created.status).toBe(201);
    const token = (await portal().post(`/api/portal/matters/${created.body.matter.id}/viewer-token`)).body.token as string;
    return { matter: created.body.matter as MatterView, people, token };
  }

  const open = (token: string) => {
    const w = watch(server.url, token);
    sockets.push(w.socket);
    return w;
  };

  it('sends a snapshot on connect and a newer full snapshot after each change', async () => {
    const { matter, people, token } = await newMatter(2, 100);
    const w = open(token);
    const snapshot = await until(() => w.received.find((r) => r.event === 'matter:snapshot'), 'the snapshot');
    expect(snapshot.view).toMatchObject({ id: matter.id, version: matter.version, canSubmit: false });

    await new SandboxPerson(server.url, people[0]).throughEntry().then((p) => p.confirm(matter.id));
    const updates = await until(() => {
      const u = w.received.filter((r) => r.event === 'matter:updated');
      return u.at(-1)?.view.progress.done === 1 && u;
    }, 'the update after the first confirmation');
    // task.verified then task.confirmed: every update is a full view, versions only grow.
    const versions = updates.map((u) => u.view.version);
    expect(versions).toEqual([...versions].sort((a, b) => a - b));
    expect(versions[0]).toBeGreaterThan(matter.version);
    expect(updates.at(-1)!.view.participants[0]).toMatchObject({ verify: 'done', sign: 'done' });
  });

  it('unlocks 提交 live: canSubmit turns true in the push that follows the last confirmation', async () => {
    const { matter, people, token } = await newMatter(1, 110);
    const w = open(token);
    await until(() => w.received.length > 0, 'the snapshot');
    await new SandboxPerson(server.url, people[0]).throughEntry().then((p) => p.confirm(matter.id));
    const ready = await until(() => w.received.find((r) => r.view.canSubmit), 'canSubmit');
    expect(ready.view.status).toBe('ready');
    await portal().post(`/api/portal/matters/${matter.id}/submit`);
    await until(() => w.received.find((r) => r.view.status === 'submitted'), 'the submitted snapshot');
  });

  it('gives a token for matter A nothing of matter B', async () => {
    const a = await newMatter(1, 120);
    const b = await newMatter(1, 121);
    const w = open(a.token);
    await until(() => w.received.length > 0, 'the snapshot');
    await new SandboxPerson(server.url, b.people[0]).throughEntry().then((p) => p.confirm(b.matter.id));
    await portal().delete(`/api/portal/matters/${a.matter.id}`); // a change of A, after all of B's
    await until(() => w.received.find((r) => r.view.status === 'cancelled'), "A's own update");
    expect(w.received.every((r) => r.view.id === a.matter.id)).toBe(true);
  });

  it('ends on the right snapshot after missing two confirmations while disconnected', async () => {
    const { matter, people, token } = await newMatter(2, 140);
    const first = open(token);
    await until(() => first.received.length > 0, 'the snapshot');
    first.socket.disconnect();
    for (const who of people) await new SandboxPerson(server.url, who).throughEntry().then((p) => p.confirm(matter.id));

    const again = open(token);
    const snapshot = await until(() => again.received.find((r) => r.event === 'matter:snapshot'), 'the snapshot after reconnecting');
    const current = (await portal().get(`/api/portal/matters/${matter.id}`)).body as MatterView;
    expect(snapshot.view).toEqual(current);
    expect(snapshot.view).toMatchObject({ canSubmit: true, progress: { done: 2, total: 2 } });
  });

  it('disconnects a socket when its viewer token expires', async () => {
    const shortLived = await startTestServer(
      db.conn,
      {},
      { services: (s) => ({ ...s, viewerTokens: createViewerTokens(s.config.TOKEN_SECRET, 1) }) },
    );
    try {
      const created = await apiClient(shortLived.url, 'demo-portal-key').post(
        '/api/portal/matters',
        matterRequest([{ name: '王五', idType: 'resident_id', idNumber: residentId(150) }]),
      );
      const { token } = (
        await apiClient(shortLived.url, 'demo-portal-key').post(`/api/portal/matters/${created.body.matter.id}/viewer-token`)
      ).body;
      const w = watch(shortLived.url, token);
      sockets.push(w.socket);
      const reason = new Promise<string>((resolve) => w.socket.on('disconnect', resolve));
      await until(() => w.received.length > 0, 'the snapshot');
      expect(await reason).toBe('io server disconnect');
    } finally {
      await shortLived.close();
    }
  });
});
