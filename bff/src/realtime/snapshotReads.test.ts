import mongoose, { type Connection } from 'mongoose';
import { io as connect, type Socket } from 'socket.io-client';
import type { MatterView } from '@regverify/shared';
import { apiClient } from '../../test/client';
import { openTestDatabase } from '../../test/database';
import { matterRequest, residentId } from '../../test/factories';
import { startTestServer, type TestServer } from '../../test/server';

/** Opens a page's socket and resolves with its snapshot. */
function snapshotOf(url: string, token: string, sockets: Socket[]): Promise<MatterView> {
  return new Promise((resolve, reject) => {
    const socket = connect(`${url}/portal`, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
    sockets.push(socket);
    socket.once('matter:snapshot', resolve);
    socket.once('connect_error', reject);
  });
}

describe('snapshots served from the node', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let conn: Connection;
  let server: TestServer;
  const sockets: Socket[] = [];
  const commands: string[] = [];
  const portal = () => apiClient(server.url, 'demo-portal-key');

  beforeAll(async () => {
    db = await openTestDatabase();
    // A connection of its own that reports every command it sends.
    conn = await mongoose.createConnection(db.uri, { dbName: db.dbName, bufferCommands: false, monitorCommands: true }).asPromise();
    conn.getClient().on('commandStarted', (e) => commands.push(`${e.commandName} ${String(e.command[e.commandName])}`));
    server = await startTestServer(conn);
  });
  afterEach(() => sockets.splice(0).forEach((s) => s.disconnect()));
  afterAll(async () => {
    await server.close();
    await conn.close();
    await db.drop();
  });

  /** A matter of one person, and a viewer token for it. */
  async function newMatter(name: string, seed: number) {
    const created = await portal().post(
      '/api/portal/matters',
      matterRequest([{ name, idType: 'resident_id', idNumber: residentId(seed) }]),
    );
    const id = created.body.matter.id as string;
    const token = (await portal().post(`/api/portal/matters/${id}/viewer-token`)).body.token as string;
    return { created, id, token };
  }

  it('reads a matter once for a hundred pages connecting at once, and serves the next change from the push', async () => {
    const { created, id, token } = await newMatter('测试甲', 610);

    commands.length = 0;
    const views = await Promise.all(Array.from({ length: 100 }, () => snapshotOf(server.url, token, sockets)));
    expect(new Set(views.map((v) => v.version))).toEqual(new Set([created.body.matter.version]));
    // One read (or, the node having just written the matter, one probe of its next event).
    expect(commands.length).toBeLessThanOrEqual(3);

    const changed = await portal().put(`/api/portal/matters/${id}/documents`, {
      documents: [{ name: '公司章程（修订）', sha256: 'ab'.repeat(32) }],
    });
    expect(changed.status).toBe(200);
    commands.length = 0;
    const after = await snapshotOf(server.url, token, sockets);
    expect(after.version).toBe(changed.body.version);
    expect(commands).toEqual([]);
  });

  it('reads again a matter changed behind its back, once the view is older than a second', async () => {
    const { id, token } = await newMatter('测试乙', 611);
    await snapshotOf(server.url, token, sockets);

    // Another node without a way to tell this one: the same database, its own services.
    const other = await startTestServer(db.conn);
    try {
      const changed = await apiClient(other.url, 'demo-portal-key').put(`/api/portal/matters/${id}/documents`, {
        documents: [{ name: '公司章程（修订）', sha256: 'cd'.repeat(32) }],
      });
      expect(changed.status).toBe(200);
      await new Promise((r) => setTimeout(r, 1100));
      expect((await snapshotOf(server.url, token, sockets)).version).toBe(changed.body.version);
    } finally {
      await other.close();
    }
  });
});
