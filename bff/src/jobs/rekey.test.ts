/**
 * Key rotation on a populated database: a flow writes people, sessions, a signature and a callback
 * secret under the old key; the rekey moves every ciphertext to the new key; a BFF that knows only
 * the new key then reads all of it.
 */
import { createCipheriv, randomBytes } from 'node:crypto';
import { apiClient } from '../../test/client';
import { openTestDatabase } from '../../test/database';
import { bankCard, matterRequest, residentId } from '../../test/factories';
import { SandboxPerson } from '../../test/person';
import { startTestServer, type TestServer } from '../../test/server';
import { rekeyAll } from './rekey';

const OLD = randomBytes(32).toString('base64');
const NEW = randomBytes(32).toString('base64');

describe('npm run rekey', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  const servers: TestServer[] = [];
  const start = async (DATA_KEYS: string) => {
    const server = await startTestServer(db.conn, { DATA_KEYS, CALLBACK_ALLOW_PRIVATE: 'true' });
    servers.push(server);
    return server;
  };
  /** Every ciphertext in the database, by where it is. */
  const ciphertexts = async () => {
    const found: string[] = [];
    for (const name of ['tasks', 'sessions', 'signatures', 'tenants']) {
      for (const doc of await db.conn.db!.collection(name).find().toArray()) {
        const text = JSON.stringify(doc);
        found.push(...(text.match(/v[12]:[^"]+/g) ?? []));
      }
    }
    return found;
  };

  beforeAll(async () => {
    db = await openTestDatabase();
  });
  afterAll(async () => {
    for (const s of servers) await s.close();
    await db.drop();
  });

  it('moves every ciphertext to the newest key; the old key can then be dropped', async () => {
    // Written under the old key: two people, a confirmation with a signature, a session, a callback secret.
    const before = await start(`old:${OLD}`);
    const who = { name: '张三', idType: 'resident_id' as const, idNumber: residentId(4401) };
    const portal = apiClient(before.url, 'demo-portal-key');
    const matter = (
      await portal.post('/api/portal/matters', matterRequest([who, { name: '李四', idType: 'resident_id', idNumber: residentId(4402) }]))
    ).body.matter;
    const person = await new SandboxPerson(before.url, who).throughEntry();
    await person.confirm(matter.id);
    expect((await portal.put('/api/portal/callback', { url: 'http://127.0.0.1:9/cb' })).status).toBe(200);
    // And one of the first format (v1: no key id, no associated data), as a deployment before rotation has.
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', Buffer.from(OLD, 'base64'), iv);
    const body = Buffer.concat([cipher.update('legacy-secret', 'utf8'), cipher.final()]);
    await before.services.models.Tenant.create({
      _id: 'legacy',
      callbackUrl: 'https://portal.example.cn/cb',
      secretEnc: `v1:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')}`,
      updatedAt: new Date(),
    });
    const written = await ciphertexts();
    expect(written.length).toBeGreaterThanOrEqual(8);
    expect(written.every((c) => c.startsWith('v2:old:') || c.startsWith('v1:'))).toBe(true);

    // Rotation: the new key first, the old one still accepted; then the rekey.
    const rotating = await start(`new:${NEW},old:${OLD}`);
    const report = await rekeyAll(rotating.services);
    expect(report.tasks.rewritten).toBe(4);
    expect(report.sessions.rewritten).toBe(2);
    expect(report.signatures.rewritten).toBe(1);
    expect(report.tenants.rewritten).toBe(2);
    expect((await ciphertexts()).every((c) => c.startsWith('v2:new:'))).toBe(true);
    expect(Object.values(await rekeyAll(rotating.services)).map((c) => c.rewritten)).toEqual([0, 0, 0, 0]);

    // Only the new key now: everything still reads.
    const after = await start(`new:${NEW}`);
    const signature = await apiClient(after.url).raw(`/api/portal/matters/${matter.id}/tasks/${matter.participants[0].taskId}/signature`, {
      headers: { authorization: 'Bearer demo-portal-key' },
    });
    expect(signature.status).toBe(200);
    const legacy = await after.services.models.Tenant.findById('legacy').lean();
    expect(after.services.vault.decryptText(legacy!.secretEnc!, { collection: 'tenants', id: 'legacy', field: 'secretEnc' })).toBe(
      'legacy-secret',
    );
    // A session sealed under the old key: its identity goes to the provider again (a bank-card check).
    const again = new SandboxPerson(after.url, who);
    again.token = person.token;
    again.api = apiClient(after.url, person.token);
    expect((await again.api.post('/api/mp/bankcard-checks', { cardNumber: bankCard() })).body).toEqual({ passed: true });
  });
});
