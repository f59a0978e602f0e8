import type { MatterView } from '@regverify/shared';
import { roomOf } from '../../realtime/portalNamespace';
import { createViewerTokens } from '../../security/viewerTokens';
import { apiClient } from '../../../test/client';
import { openTestDatabase } from '../../../test/database';
import { matterRequest, residentId } from '../../../test/factories';
import { SandboxPerson } from '../../../test/person';
import { startTestServer, type TestServer } from '../../../test/server';
import { connectMatter, type ConnectionStatus, type MatterConnection } from './index';
import { until } from '../../../test/until';

/** The SDK on a matter, recording everything it reports. */
function follow(url: string, getToken: () => Promise<string>) {
  const changes: MatterView[] = [];
  const statuses: ConnectionStatus[] = [];
  const connection = connectMatter({ baseUrl: url, getToken, onChange: (v) => changes.push(v), onStatus: (s) => statuses.push(s) });
  return { connection, changes, statuses };
}

describe('browser SDK (connectMatter) against the real /portal namespace', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let server: TestServer;
  const connections: MatterConnection[] = [];
  let seq = 300;

  beforeAll(async () => {
    db = await openTestDatabase();
    server = await startTestServer(db.conn);
  });
  afterEach(() => connections.splice(0).forEach((c) => c.close()));
  afterAll(async () => {
    await server.close();
    await db.drop();
  });

  async function newMatter(on: TestServer, n = 1) {
    const portal = apiClient(on.url, 'demo-portal-key');
    const people = Array.from({ length: n }, (_, i) => ({
      name: `测试${'甲乙丙'[i]}`,
      idType: 'resident_id' as const,
      idNumber: residentId(++seq),
    }));
    const created = await portal.post('/api/portal/matters', matterRequest(people));
    expect(created.status).toBe(201);
    let tokensIssued = 0;
    const getToken = async () => {
      tokensIssued += 1;
      return (await portal.post(`/api/portal/matters/${created.body.matter.id}/viewer-token`)).body.token as string;
    };
    return { matter: created.body.matter as MatterView, people, getToken, tokensIssued: () => tokensIssued };
  }

  const open = (url: string, getToken: () => Promise<string>) => {
    const f = follow(url, getToken);
    connections.push(f.connection);
    return f;
  };

  it('delivers the snapshot, then the update after a confirmation; latest() follows', async () => {
    const { matter, people, getToken } = await newMatter(server);
    const f = open(server.url, getToken);
    await until(() => f.changes.length === 1, 'the snapshot');
    expect(f.connection.latest()).toEqual(matter);
    expect(f.statuses).toEqual(['connecting', 'connected']);

    await new SandboxPerson(server.url, people[0]).throughEntry().then((p) => p.confirm(matter.id));
    const ready = await until(() => f.connection.latest()?.canSubmit && f.connection.latest(), 'canSubmit');
    expect(ready).toMatchObject({ status: 'ready', progress: { done: 1, total: 1 } });
    expect(ready.participants[0]).toMatchObject({ verify: 'done', sign: 'done' });
  });

  it('drops views that are not newer than the one it has: latest() never goes back', async () => {
    const { matter, people, getToken } = await newMatter(server, 2);
    const f = open(server.url, getToken);
    await until(() => f.changes.length === 1, 'the snapshot');
    const room = server.realtime.io.of('/portal').to(roomOf(matter.id));
    // A stale copy and a repeat of the current one, as a late or duplicated push would bring them.
    room.emit('matter:updated', { ...matter, version: matter.version - 1, entityName: 'stale' });
    room.emit('matter:updated', { ...matter, entityName: 'repeat' });

    await new SandboxPerson(server.url, people[0]).throughEntry().then((p) => p.confirm(matter.id));
    await until(() => f.connection.latest()?.progress.done === 1, 'the first confirmation');
    // Pushes to one socket arrive in order: the stale ones came before the real updates and were dropped.
    expect(f.changes.map((v) => v.entityName)).not.toContain('stale');
    expect(f.changes.map((v) => v.entityName)).not.toContain('repeat');
    const versions = f.changes.map((v) => v.version);
    expect(versions).toEqual([...new Set(versions)].sort((a, b) => a - b));
    expect(f.connection.latest()!.version).toBe(versions.at(-1));
  });

  it('retries a refused token with a fresh one and connects', async () => {
    const { getToken } = await newMatter(server);
    let calls = 0;
    const f = open(server.url, async () => (++calls === 1 ? 'not-a-token' : getToken()));
    await until(() => f.changes.length === 1, 'the snapshot after the retry');
    expect(calls).toBe(2);
    expect(f.statuses).toEqual(['connecting', 'unauthorized', 'connecting', 'connected']);
  });

  it('reports nothing after close()', async () => {
    const { matter, people, getToken } = await newMatter(server);
    const f = open(server.url, getToken);
    await until(() => f.changes.length === 1, 'the snapshot');
    f.connection.close();
    await new SandboxPerson(server.url, people[0]).throughEntry().then((p) => p.confirm(matter.id));
    await new Promise((r) => setTimeout(r, 300));
    expect(f.changes).toHaveLength(1);
    expect(f.statuses).toEqual(['connecting', 'connected']);
  });

  it('asks for a fresh token when the server drops it at token expiry, and keeps following the matter', async () => {
    const shortLived = await startTestServer(
      db.conn,
      {},
      { services: (s) => ({ ...s, viewerTokens: createViewerTokens(s.config.TOKEN_SECRET, 2) }) },
    );
    try {
      const { matter, people, getToken, tokensIssued } = await newMatter(shortLived);
      const f = open(shortLived.url, getToken);
      await until(() => f.changes.length === 1, 'the snapshot');
      await until(() => tokensIssued() >= 2 && f.statuses.at(-1) === 'connected', 'the reconnection with a second token', 8_000);
      expect(f.statuses.slice(0, 4)).toEqual(['connecting', 'connected', 'reconnecting', 'connected']);

      await new SandboxPerson(shortLived.url, people[0]).throughEntry().then((p) => p.confirm(matter.id));
      await until(() => f.connection.latest()?.canSubmit, 'the update after reconnecting', 8_000);
      const versions = f.changes.map((v) => v.version);
      expect(versions).toEqual([...new Set(versions)].sort((a, b) => a - b));
    } finally {
      connections.splice(0).forEach((c) => c.close());
      await shortLived.close();
    }
  });
});
