/**
 * Key rotation on a populated database: a flow writes people, an Alipay session (its account
 * token), a signature, a callback secret, a document's file and a decline's note under the old key; the rekey moves every ciphertext to
 * the new key; a BFF that knows only the new key then reads all of it. Which fields are sealed is
 * not taken from a list: the whole database is searched for ciphertexts.
 */
import { createCipheriv, randomBytes } from 'node:crypto';
import { apiClient, operatorAuthorization } from '../../test/client';
import { pdfBytes, pdfDocument, uploadContent } from '../../test/documents';
import { openTestDatabase } from '../../test/database';
import { bankCard, matterRequest, residentId } from '../../test/factories';
import { expectError } from '../../test/person';
import { platformPeople } from '../../test/platformPeople';
import { startTestServer, type TestServer } from '../../test/server';
import { startAlipayStandIn, type AlipayStandIn } from '../../test/standIns/alipay';
import { ciphertextsIn } from '../../test/ciphertexts';
import { SEALED_FIELDS } from '../security/sealedFields';
import { rekeyAll } from './rekey';

const OLD = randomBytes(32).toString('base64');
const NEW = randomBytes(32).toString('base64');
const ZHANG = { name: '张三', idType: 'resident_id' as const, idNumber: residentId(4401) };
const LI = { name: '李四', idType: 'resident_id' as const, idNumber: residentId(4402) };

describe('npm run rekey', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let alipay: AlipayStandIn;
  let current: TestServer;
  const servers: TestServer[] = [];
  const people = platformPeople(
    () => current.url,
    () => ({ alipay, wechat: undefined as never }),
  );
  const start = async (DATA_KEYS: string) => {
    current = await startTestServer(db.conn, {
      DATA_KEYS,
      CALLBACK_ALLOW_PRIVATE: 'true',
      IDENTITY_PROVIDER: 'platform',
      ALIPAY_APP_ID: alipay.appId,
      ALIPAY_PRIVATE_KEY: alipay.appPrivateKey,
      ALIPAY_PUBLIC_KEY: alipay.alipayPublicKey,
      ALIPAY_ENDPOINT: alipay.url,
      ALIPAY_GATEWAY: alipay.gateway,
    });
    servers.push(current);
    return current;
  };

  beforeAll(async () => {
    db = await openTestDatabase();
    alipay = await startAlipayStandIn();
  });
  afterAll(async () => {
    for (const s of servers) await s.close();
    await alipay.close();
    await db.drop();
  });

  it('moves every ciphertext to the newest key — every sealed field, the Alipay token included; the old key can then be dropped', async () => {
    // Written under the old key: two people, a confirmation with a signature, an Alipay session, a callback secret.
    const before = await start(`old:${OLD}`);
    const portal = apiClient(before.url, 'demo-portal-key');
    const matter = (await portal.post('/api/portal/matters', matterRequest([ZHANG, LI]))).body.matter;
    const zhang = await people.onAlipay(ZHANG);
    await people.faceCheck(zhang, { purpose: 'entry' });
    await people.confirm(zhang, matter.id);
    expect((await portal.put('/api/portal/callback', { url: 'http://127.0.0.1:9/cb' })).status).toBe(200);
    // A document the people read (its file sealed whole), and 张三 declining another filing with a note.
    const pdf = pdfBytes('rekey articles');
    const withFile = (await portal.post('/api/portal/matters', matterRequest([ZHANG], { documents: [pdfDocument('公司章程', pdf)] }))).body
      .matter;
    expect((await uploadContent(portal, withFile.id, 0, pdf)).status).toBe(200);
    const declined = (await zhang.get('/api/mp/todos')).body.items.find((t: { matterId: string }) => t.matterId === withFile.id);
    const note = { reason: 'not_mine', note: '我没有投资这家公司' };
    expect((await zhang.post(`/api/mp/todos/${declined.taskId}/decline`, note)).status).toBe(200);
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

    // Wherever the database holds a ciphertext, it is a field the vault lists — and the flow wrote each of them.
    const written = await ciphertextsIn(db.conn.db!);
    const listed = Object.entries(SEALED_FIELDS).flatMap(([collection, fields]) => fields.map((f) => `${collection}:${f}`));
    expect([...new Set(written.map((c) => c.at))].sort()).toEqual([...listed].sort());
    expect(written.every((c) => c.value.startsWith('v2:old:') || c.value.startsWith('v1:'))).toBe(true);

    // Rotation: the new key first, the old one still accepted; then the rekey.
    const rotating = await start(`new:${NEW},old:${OLD}`);
    const report = await rekeyAll(rotating.services);
    expect(report).toMatchObject({
      tasks: { rewritten: 3 }, // 张三's two and 李四's
      sessions: { rewritten: 1 },
      signatures: { rewritten: 1 },
      tenants: { rewritten: 2 },
      declines: { rewritten: 1 },
      documentFiles: { rewritten: 1 },
    });
    expect((await ciphertextsIn(db.conn.db!)).filter((c) => !c.value.startsWith('v2:new:'))).toEqual([]);
    expect(Object.values(await rekeyAll(rotating.services)).every((c) => c.rewritten === 0)).toBe(true);

    // Only the new key now: everything still reads.
    const after = await start(`new:${NEW}`);
    const signature = await apiClient(after.url).raw(`/api/portal/matters/${matter.id}/tasks/${matter.participants[0].taskId}/signature`, {
      headers: { authorization: 'Bearer demo-portal-key' },
    });
    expect(signature.status).toBe(200);
    const file = await apiClient(after.url).raw(`/api/portal/matters/${withFile.id}/documents/0/content`, {
      headers: { authorization: 'Bearer demo-portal-key' },
    });
    expect(Buffer.from(await file.arrayBuffer())).toEqual(pdf);
    const declines = (await apiClient(after.url, operatorAuthorization()).get('/api/operator/declines')).body.items;
    expect(declines).toEqual([expect.objectContaining({ reason: 'not_mine', note: note.note, taskId: declined.taskId })]);
    const legacy = await after.services.models.Tenant.findById('legacy').lean();
    expect(after.services.vault.decryptText(legacy!.secretEnc!, { collection: 'tenants', id: 'legacy', field: 'secretEnc' })).toBe(
      'legacy-secret',
    );
    // The live Alipay session: its sealed account token is read to ask Alipay whose account it is.
    const zhangNow = apiClient(after.url, zhang.token);
    const other = await zhangNow.put('/api/mp/identity', { ...LI, consentVersion: '2026-11' });
    expect(other.status).toBe(200);
    expectError(
      await zhangNow.post('/api/mp/bankcard-checks', { cardNumber: bankCard(), consentVersion: '2026-12' }),
      403,
      'account_not_owner',
    );
    // And its own identity again goes to the vendors: a face check starts.
    expect((await zhangNow.put('/api/mp/identity', { ...ZHANG, consentVersion: '2026-11' })).status).toBe(200);
    expect((await zhangNow.post('/api/mp/bankcard-checks', { cardNumber: bankCard(), consentVersion: '2026-12' })).status).toBe(200);
    expect((await zhangNow.post('/api/mp/verifications', { purpose: 'entry', consentVersion: '2026-12' })).status).toBe(201);
  });
});
