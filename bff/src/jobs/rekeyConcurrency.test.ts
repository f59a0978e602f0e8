/**
 * The rekey while people are served, on the embedded FerretDB (which writes an updated document
 * back whole): confirmations and bank-card checks running at the same moment all land, and a
 * ledger write that a rekey's write-back did overwrite is brought back from the ledger.
 */
import { randomBytes } from 'node:crypto';
import { apiClient } from '../../test/client';
import { openTestDatabase } from '../../test/database';
import { matterRequest, residentId } from '../../test/factories';
import { SandboxPerson } from '../../test/person';
import { startTestServer, type TestServer } from '../../test/server';
import { ciphertextsIn } from '../../test/ciphertexts';
import { rekeyAll } from './rekey';

const OLD = randomBytes(32).toString('base64');
const NEW = randomBytes(32).toString('base64');
const person = (n: number) => ({
  name: `张${'一二三四五六七八九'[n % 9]}`,
  idType: 'resident_id' as const,
  idNumber: residentId(5300 + n),
});

describe('npm run rekey while the BFF serves', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  const servers: TestServer[] = [];
  const start = async (DATA_KEYS: string) => {
    const server = await startTestServer(db.conn, { DATA_KEYS });
    servers.push(server);
    return server;
  };
  beforeAll(async () => {
    db = await openTestDatabase();
  });
  afterAll(async () => {
    for (const s of servers) await s.close();
    await db.drop();
  });

  it('loses none of the confirmations and proofs written while it rewrites the same documents', async () => {
    const before = await start(`old:${OLD}`);
    const confirming = [0, 1, 2, 3, 4, 5].map(person);
    const matter = (await apiClient(before.url, 'demo-portal-key').post('/api/portal/matters', matterRequest(confirming))).body.matter;
    const entered = await Promise.all(confirming.map((who) => new SandboxPerson(before.url, who).throughEntry()));
    const carding = await Promise.all(
      [6, 7, 8, 9, 10, 11].map(async (n) => {
        const p = await new SandboxPerson(before.url, person(n)).login();
        await p.enterIdentity();
        return p;
      }),
    );

    const rotating = await start(`new:${NEW},old:${OLD}`);
    const on = (p: SandboxPerson) =>
      Object.assign(new SandboxPerson(rotating.url, p.who, p.code), { token: p.token, api: apiClient(rotating.url, p.token) });
    await Promise.all([
      rekeyAll(rotating.services, { batchSize: 2 }),
      ...entered.map((p) => on(p).confirm(matter.id)),
      ...carding.map((p) => on(p).passBankCard()),
    ]);
    await rekeyAll(rotating.services); // whatever was written under the old key while it ran

    const { Task, Session } = rotating.services.models;
    const tasks = await Task.find({ matterId: matter.id }).lean();
    expect(tasks.map((t) => t.status)).toEqual(confirming.map(() => 'confirmed'));
    for (const p of carding) {
      const session = await Session.findOne({
        'identity.lookup': rotating.services.vault.lookupHash('resident_id', p.who.idNumber),
      }).lean();
      expect(session?.bankCard?.lookup).toBe(session?.identity?.lookup);
    }
    expect((await apiClient(rotating.url, 'demo-portal-key').get(`/api/portal/matters/${matter.id}`)).body.status).toBe('ready');
    expect(await rotating.services.ledger.verifyChain(matter.id)).toMatchObject({ ok: true });
    expect((await ciphertextsIn(db.conn.db!)).filter((c) => !c.value.startsWith('v2:new:'))).toEqual([]);
  });

  it('brings back a ledger write that a whole-document write-back overwrote', async () => {
    const server = await start(`new:${NEW}`);
    const who = person(20);
    const matter = (await apiClient(server.url, 'demo-portal-key').post('/api/portal/matters', matterRequest([who]))).body.matter;
    const taskId = matter.participants[0].taskId;
    const { Task } = server.services.models;
    const stale = await Task.findById(taskId).lean();
    await (await new SandboxPerson(server.url, who).throughEntry()).confirm(matter.id);
    // What a write-back of the document read before the confirmation would leave.
    await Task.replaceOne({ _id: taskId }, stale!);
    expect((await Task.findById(taskId).lean())!.status).toBe('pending');
    await server.services.ledger.restoreTask(matter.id, taskId, stale!.seq);
    expect(await Task.findById(taskId).lean()).toMatchObject({ status: 'confirmed', verify: 'done' });
  });
});
