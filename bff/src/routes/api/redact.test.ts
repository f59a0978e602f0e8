import { MatterViewSchema, RedactResponseSchema } from '@regverify/shared';
import { apiClient } from '../../../test/client';
import { openTestDatabase } from '../../../test/database';
import { matterRequest, residentId, type PersonSpec } from '../../../test/factories';
import { expectError, SandboxPerson } from '../../../test/person';
import { startTestServer, type TestServer } from '../../../test/server';

const PORTAL_KEYS = 'demo:demo-portal-key,other:other-portal-key-123';
const DAY_MS = 24 * 3600_000;

let seq = 200;
const resident = (name = '张三'): PersonSpec => ({ name, idType: 'resident_id', idNumber: residentId(++seq) });

describe('POST /api/portal/matters/:id/redact', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let server: TestServer;
  let offsetMs = 0;
  const portal = () => apiClient(server.url, 'demo-portal-key');
  const redact = (id: string, client = portal()) => client.post(`/api/portal/matters/${id}/redact`);

  const register = async (people: PersonSpec[]) => {
    const res = await portal().post('/api/portal/matters', matterRequest(people));
    expect(res.status).toBe(201);
    return res.body.matter as { id: string; version: number; participants: Array<{ taskId: string; name: string }> };
  };

  beforeAll(async () => {
    db = await openTestDatabase();
    server = await startTestServer(db.conn, { PORTAL_KEYS }, { now: () => new Date(Date.now() + offsetMs) });
  });
  afterAll(async () => {
    await server.close();
    await db.drop();
  });
  afterEach(() => {
    offsetMs = 0;
  });

  it('redacts a cancelled matter → 200 with purgedAt and blank people; again → the same answer', async () => {
    const matter = await register([
      resident('张三'),
      { name: '陈大文', idType: 'hk_macau_permit', idNumber: 'H87654321', roles: ['董事'] },
    ]);
    expect((await portal().delete(`/api/portal/matters/${matter.id}`)).status).toBe(200);

    const first = await redact(matter.id);
    expect(first.status).toBe(200);
    expect(RedactResponseSchema.safeParse(first.body).success).toBe(true);
    expect(first.body).toMatchObject({ id: matter.id, status: 'cancelled', version: 3, purgedAt: expect.any(String) });
    expect(first.body.participants.map((p: Record<string, string>) => [p.name, p.idNumberMasked, p.idType])).toEqual([
      ['', '', 'resident_id'],
      ['', '', 'hk_macau_permit'],
    ]);

    const second = await redact(matter.id);
    expect(second.status).toBe(200);
    expect(second.body).toEqual(first.body);
    expect((await portal().get(`/api/portal/matters/${matter.id}`)).body).toEqual(first.body);

    // One ledger event, without personal data, in the outbox for callbacks like every change.
    const events = await server.services.models.MatterEvent.find({ matterId: matter.id, type: 'matter.redacted' }).lean();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ seq: 3, data: { reason: 'portal' }, outbox: { status: 'pending' } });
    expect(MatterViewSchema.parse(events[0].view)).toEqual(first.body);
    expect(await server.services.ledger.verifyChain(matter.id)).toEqual({ ok: true, length: 3, anchored: true });
  });

  it('refuses an open matter → 409 matter_active, and changes nothing', async () => {
    const matter = await register([resident('李四')]);
    const res = await redact(matter.id);
    expectError(res, 409, 'matter_active');
    expect(res.body.error.details).toEqual({ status: 'pending' });
    const view = (await portal().get(`/api/portal/matters/${matter.id}`)).body;
    expect(view).toMatchObject({ version: 1, participants: [{ name: '李*' }] });
    expect(view).not.toHaveProperty('purgedAt');
  });

  it('redacts a matter past its 7 days: expired on the spot, then redacted', async () => {
    const matter = await register([resident('王五')]);
    offsetMs = 7 * DAY_MS + 1000;
    const res = await redact(matter.id);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'expired', version: 3, participants: [{ name: '', idNumberMasked: '' }] });
  });

  it('redacts a submitted matter: its signatures are gone (410 personal_data_purged), submit again still answers', async () => {
    const who = resident('赵六');
    const matter = await register([who]);
    const person = await new SandboxPerson(server.url, who).throughEntry();
    await person.confirm(matter.id);
    const submitted = await portal().post(`/api/portal/matters/${matter.id}/submit`);
    expect(submitted.status).toBe(200);
    const signaturePath = `/api/portal/matters/${matter.id}/tasks/${matter.participants[0].taskId}/signature`;
    const auth = { headers: { authorization: 'Bearer demo-portal-key' } };
    expect((await portal().raw(signaturePath, auth)).status).toBe(200);

    const res = await redact(matter.id);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      status: 'submitted',
      participants: [{ name: '', verify: 'done', sign: 'done', confirmedAt: expect.any(String) }],
    });
    const signature = await portal().get(signaturePath);
    expectError(signature, 410, 'personal_data_purged');
    const again = await portal().post(`/api/portal/matters/${matter.id}/submit`);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ submittedAt: submitted.body.submittedAt, matter: { purgedAt: res.body.purgedAt } });
    // The person's to-do is gone with the lookup hash that found it.
    expect(await person.todos()).toEqual([]);
  });

  it("answers 404 for another tenant's matter and for an unknown one, 401 without a key, 400 for a bad id", async () => {
    const matter = await register([resident('孙七')]);
    await portal().delete(`/api/portal/matters/${matter.id}`);
    expectError(await redact(matter.id, apiClient(server.url, 'other-portal-key-123')), 404, 'not_found');
    expectError(await redact('no-such-matter'), 404, 'not_found');
    expectError(await redact(matter.id, apiClient(server.url)), 401, 'unauthorized');
    expectError(await redact('x'.repeat(65)), 400, 'validation_failed');
    expect((await portal().get(`/api/portal/matters/${matter.id}`)).body).not.toHaveProperty('purgedAt');
  });
});
