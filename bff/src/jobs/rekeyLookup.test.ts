/**
 * Rotating the lookup key (`npm run rekey -- --lookup`): records written under the old key are
 * found while nodes accept both keys, the rekey rewrites every lookup hash — tasks', sessions' and
 * their proofs', face checks', audit subjects', consent records' accounts — and afterwards a node
 * with only the new key finds the person everywhere, and the old hashes are gone from the database.
 */
import { randomBytes } from 'node:crypto';
import { apiClient, operatorAuthorization } from '../../test/client';
import { openTestDatabase } from '../../test/database';
import { bankCard, matterRequest, residentId } from '../../test/factories';
import { SandboxPerson } from '../../test/person';
import { startTestServer, type TestServer } from '../../test/server';
import { createVault } from '../security/personalData';
import { rekeyAll } from './rekey';

const L1 = randomBytes(32).toString('base64');
const L2 = randomBytes(32).toString('base64');
const ZHANG = { name: '张三', idType: 'resident_id' as const, idNumber: residentId(6101) };
const LI = { name: '李四', idType: 'resident_id' as const, idNumber: residentId(6102) };

describe('npm run rekey -- --lookup', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  const servers: TestServer[] = [];
  const start = async (env: Record<string, string>) => {
    const server = await startTestServer(db.conn, env);
    servers.push(server);
    return server;
  };
  const hashUnder = (key: string, who: { idType: 'resident_id'; idNumber: string }) =>
    createVault([{ id: 'x', key: randomBytes(32) }], key).lookupHash(who.idType, who.idNumber);
  const on = (server: TestServer, p: SandboxPerson) =>
    Object.assign(new SandboxPerson(server.url, p.who, p.code), { token: p.token, api: apiClient(server.url, p.token) });

  beforeAll(async () => {
    db = await openTestDatabase();
  });
  afterAll(async () => {
    for (const s of servers) await s.close();
    await db.drop();
  });

  it('finds people under either key while it runs, rewrites every hash, and then needs only the new key', async () => {
    const old = await start({ LOOKUP_KEY: L1 });
    const portal = apiClient(old.url, 'demo-portal-key');
    const first = (await portal.post('/api/portal/matters', matterRequest([ZHANG, LI]))).body.matter;
    const second = (await portal.post('/api/portal/matters', matterRequest([ZHANG]))).body.matter;
    const zhang = await new SandboxPerson(old.url, ZHANG).throughEntry();
    await zhang.confirm(first.id); // a consent record, a task face check
    // A stranger's refused bank card names 张三 in an audit event.
    const stranger = await new SandboxPerson(old.url, { ...ZHANG, name: '王五' }, 'stranger').login();
    await stranger.enterIdentity();
    expect(
      (await stranger.api.post('/api/mp/bankcard-checks', { cardNumber: bankCard(true), consentVersion: '2026-12' })).body,
    ).toMatchObject({ passed: false });
    const oldHash = hashUnder(L1, ZHANG);
    const stored = JSON.stringify(await db.conn.db!.collection('tasks').find().toArray());
    expect(stored).toContain(oldHash);

    // Nodes now hash with L2 and accept L1: a new session of 张三 (hashed with L2) finds the tasks still under L1.
    const rotating = await start({ LOOKUP_KEY: L2, LOOKUP_KEY_PREVIOUS: L1 });
    const again = await new SandboxPerson(rotating.url, ZHANG, 'zhang-again').throughEntry();
    expect((await again.todos()).map((t) => t.matterId).sort()).toEqual([first.id, second.id].sort());
    expect((await on(rotating, zhang).todos()).length).toBe(2);
    const unlock = () => apiClient(rotating.url, operatorAuthorization()).post('/api/operator/people/unlock', ZHANG);
    expect((await unlock()).status).toBe(200);

    const report = await rekeyAll(rotating.services, { lookup: true });
    expect(report).toMatchObject({
      tasks: { rewritten: 3 }, // 张三's two and 李四's
      sessions: { rewritten: 2 }, // 张三's first and the stranger's; the one begun under the new key has nothing to rewrite
      verifications: { rewritten: expect.any(Number) },
      auditEvents: { rewritten: expect.any(Number) },
      consentRecords: { rewritten: 5 }, // 张三's rules, bank-card, entry and task face-check consents; the stranger's bank-card one
    });
    expect(report.verifications!.rewritten).toBeGreaterThanOrEqual(2); // the entry and the task face check
    expect(report.auditEvents!.rewritten).toBeGreaterThanOrEqual(1);
    expect(Object.values(await rekeyAll(rotating.services, { lookup: true })).every((c) => c.rewritten === 0)).toBe(true);

    // No hash under the old key is left anywhere in the database.
    const oldHashes = [oldHash, hashUnder(L1, LI)];
    for (const { name } of await db.conn.db!.listCollections().toArray()) {
      const text = JSON.stringify(await db.conn.db!.collection(name).find().toArray());
      for (const h of oldHashes)
        expect({ collection: name, holdsOldHash: text.includes(h) }).toEqual({ collection: name, holdsOldHash: false });
    }

    // Only the new key: both of 张三's sessions find both tasks and can act on the second.
    const after = await start({ LOOKUP_KEY: L2 });
    for (const p of [zhang, again])
      expect((await on(after, p).todos()).map((t) => t.matterId).sort()).toEqual([first.id, second.id].sort());
    await on(after, zhang).confirm(second.id);
    expect((await apiClient(after.url, operatorAuthorization()).post('/api/operator/people/unlock', ZHANG)).status).toBe(200);
    const audit = await after.services.models.AuditEvent.find({ subject: hashUnder(L2, ZHANG) }).lean();
    expect(audit.map((e) => e.kind)).toEqual(expect.arrayContaining(['bank_card_refused', 'person_limit_lifted']));
  });
});
