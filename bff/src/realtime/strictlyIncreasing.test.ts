/**
 * What a portal page sees with a plain socket.io client (not the SDK): its snapshot, then only
 * views with a higher `version` than the last one it got — under simultaneous confirms of one
 * task, and simultaneous changes from the portal side (documents, cancel, submit) and the person's,
 * on one node and on two nodes through Redis — and every socket ends on its matter's final version.
 */
import { io as connect, type Socket } from 'socket.io-client';
import type { MatterView } from '@regverify/shared';
import { databaseUri, startBffProcess } from '../../test/bffProcess';
import { apiClient } from '../../test/client';
import { openTestDatabase } from '../../test/database';
import { matterRequest, residentId, sha, signaturePng } from '../../test/factories';
import { SandboxPerson } from '../../test/person';
import { startRedis } from '../../test/redis';
import { startTestServer, type TestServer } from '../../test/server';
import { until } from '../../test/until';

let n = 0;
const someone = () => ({ name: '周五', idType: 'resident_id' as const, idNumber: residentId(950 + n++) });

/** A page's socket and every version it received, in order (snapshot first). */
interface Watcher {
  socket: Socket;
  versions: number[];
  kinds: string[];
}

const sockets: Socket[] = [];
function watch(baseUrl: string, token: string): Watcher {
  const socket = connect(`${baseUrl}/portal`, { auth: { token }, transports: ['websocket'], forceNew: true, reconnection: false });
  sockets.push(socket);
  const w: Watcher = { socket, versions: [], kinds: [] };
  socket.on('matter:snapshot', (v: MatterView) => (w.versions.push(v.version), w.kinds.push('snapshot')));
  socket.on('matter:updated', (v: MatterView) => (w.versions.push(v.version), w.kinds.push('updated')));
  return w;
}

/** Snapshot first, then strictly increasing, ending on `final`. */
async function expectStrictlyIncreasingTo(watchers: Watcher[], final: () => Promise<number>): Promise<void> {
  const target = await final();
  await until(() => watchers.every((w) => w.versions.at(-1) === target), `every socket on version ${target}`);
  await new Promise((r) => setTimeout(r, 300)); // anything late would show now
  for (const w of watchers) {
    expect(w.kinds[0]).toBe('snapshot');
    expect(w.kinds.slice(1).every((k) => k === 'updated')).toBe(true);
    const repeatedOrOlder = w.versions.filter((v, i) => i > 0 && v <= w.versions[i - 1]);
    expect({ versions: w.versions, repeatedOrOlder }).toEqual({ versions: w.versions, repeatedOrOlder: [] });
    expect(w.versions.at(-1)).toBe(target);
  }
}

/** The races, against the nodes given (requests alternate between them). */
function races(urls: () => string[]) {
  const portal = (i = 0) => apiClient(urls()[i % urls().length], 'demo-portal-key');
  const viewerToken = async (matterId: string, i: number) =>
    (await portal(i).post(`/api/portal/matters/${matterId}/viewer-token`)).body.token as string;
  const version = (matterId: string) => async () => (await portal().get(`/api/portal/matters/${matterId}`)).body.version as number;

  /** A matter of two people; `who` is through the entry check with a passed task check. */
  const setUp = async () => {
    const who = someone();
    const matter = (await portal().post('/api/portal/matters', matterRequest([who, someone()]))).body.matter;
    const person = await new SandboxPerson(urls()[0], who).throughEntry();
    const { taskId } = await person.todoOf(matter.id);
    const { documentsDigest } = await person.detail(taskId);
    const verificationId = await person.passTaskCheck(taskId);
    const watchers = await Promise.all([0, 1, 2].map(async (i) => watch(urls()[i % urls().length], await viewerToken(matter.id, i))));
    await until(() => watchers.every((w) => w.versions.length > 0), 'the snapshots');
    return { matter, person, taskId, documentsDigest, verificationId, watchers };
  };

  return {
    async concurrentConfirms() {
      const { matter, person, taskId, documentsDigest, verificationId, watchers } = await setUp();
      const confirm = (i: number) =>
        apiClient(urls()[i % urls().length], person.token).post(`/api/mp/todos/${taskId}/confirm`, {
          verificationId,
          documentsDigest,
          signature: signaturePng(300 + i),
        });
      const answers = await Promise.all([0, 1, 2, 3, 4, 5].map(confirm));
      expect(answers.filter((a) => a.status === 200)).toHaveLength(1);
      await expectStrictlyIncreasingTo(watchers, version(matter.id));
    },
    async portalAndPersonTogether() {
      const { matter, person, taskId, documentsDigest, verificationId, watchers } = await setUp();
      const documents = (k: number) => [{ name: `章程第${k}版`, sha256: sha(`v${k}`) }];
      const results = await Promise.all([
        portal(0).put(`/api/portal/matters/${matter.id}/documents`, { documents: documents(1) }),
        portal(1).put(`/api/portal/matters/${matter.id}/documents`, { documents: documents(2) }),
        apiClient(urls()[0], person.token).post(`/api/mp/todos/${taskId}/confirm`, {
          verificationId,
          documentsDigest,
          signature: signaturePng(),
        }),
        portal(0).post(`/api/portal/matters/${matter.id}/submit`),
        portal(1).put(`/api/portal/matters/${matter.id}/documents`, { documents: documents(3) }),
        portal(0).delete(`/api/portal/matters/${matter.id}`),
        portal(1).put(`/api/portal/matters/${matter.id}/documents`, { documents: documents(4) }),
      ]);
      expect(results.every((r) => r.status < 500)).toBe(true);
      await expectStrictlyIncreasingTo(watchers, version(matter.id));
    },
  };
}

describe('every socket gets strictly increasing versions: one node', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let server: TestServer;
  const run = races(() => [server.url]);

  beforeAll(async () => {
    db = await openTestDatabase();
    server = await startTestServer(db.conn);
  });
  afterAll(async () => {
    sockets.splice(0).forEach((s) => s.disconnect());
    await server.close();
    await db.drop();
  });

  it.each([1, 2, 3, 4, 5])('six simultaneous confirms of one task (run %i)', () => run.concurrentConfirms());
  it.each([1, 2, 3])('documents, submit, cancel and a confirm at once (run %i)', () => run.portalAndPersonTogether());
});

describe('every socket gets strictly increasing versions: two nodes through Redis', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let redis: Awaited<ReturnType<typeof startRedis>>;
  let nodes: Array<Awaited<ReturnType<typeof startBffProcess>>> = [];
  const run = races(() => nodes.map((node) => node.url));

  beforeAll(async () => {
    db = await openTestDatabase();
    redis = await startRedis();
    const env = { MONGODB_URI: databaseUri(db.uri, db.dbName), REDIS_URL: redis.url };
    nodes = await Promise.all([startBffProcess(env), startBffProcess(env)]);
  }, 60_000);
  afterAll(async () => {
    sockets.splice(0).forEach((s) => s.disconnect());
    await Promise.allSettled(nodes.map((node) => node.stop()));
    await redis?.stop();
    await db?.drop();
  });

  it.each([1, 2, 3, 4, 5])('six simultaneous confirms of one task, sent to both nodes (run %i)', () => run.concurrentConfirms());
  it.each([1, 2, 3])('documents, submit, cancel and a confirm at once, on both nodes (run %i)', () => run.portalAndPersonTogether());
});
