import { openTestDatabase } from '../../../test/database';
import { apiClient } from '../../../test/client';
import { bankCard, matterRequest, residentId } from '../../../test/factories';
import { SandboxPerson } from '../../../test/person';
import { startTestServer, type TestServer } from '../../../test/server';

/**
 * The whole sandbox flow of a three-person matter (two resident IDs, one Hong Kong/Macau permit),
 * from registration by the portal to a successful submit, through the real HTTP API.
 */
describe('three-person matter, end to end with the sandbox provider', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let server: TestServer;
  const portal = () => apiClient(server.url, 'demo-portal-key');

  beforeAll(async () => {
    db = await openTestDatabase();
    server = await startTestServer(db.conn);
  });
  afterAll(async () => {
    await server.close();
    await db.drop();
  });

  it('registers, verifies and confirms everyone, unlocks and submits', async () => {
    const people = [
      { name: '张三', idType: 'resident_id' as const, idNumber: '11010519491231002X', roles: ['法定代表人', '股东'] },
      { name: '李四', idType: 'resident_id' as const, idNumber: residentId(7), roles: ['监事'] },
      { name: '陈大文', idType: 'hk_macau_permit' as const, idNumber: 'H12345678', roles: ['董事'] },
    ];
    const created = await portal().post('/api/portal/matters', matterRequest(people));
    expect(created.status).toBe(201);
    const matter = created.body.matter;
    expect(matter).toMatchObject({ status: 'pending', version: 1, canSubmit: false, progress: { done: 0, total: 3 } });
    expect(matter.participants.map((p: { name: string; idNumberMasked: string }) => [p.name, p.idNumberMasked])).toEqual([
      ['张*', '1101**********002X'],
      ['李*', expect.stringMatching(/^4101\*{10}\d{3}[\dX]$/)],
      ['陈**', 'H******78'],
    ]);
    expect(JSON.stringify(created.body)).not.toContain('11010519491231002X');
    expect(created.body.entry.weappPath).toBe(`pages/entry/index?matterId=${matter.id}`);

    // Submitting early is refused by the server, naming who is still pending.
    const early = await portal().post(`/api/portal/matters/${matter.id}/submit`);
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe('matter_not_ready');
    expect(early.body.error.details.pending).toHaveLength(3);

    let lastVersion = matter.version;
    for (const [i, who] of people.entries()) {
      const person = await new SandboxPerson(server.url, who).throughEntry();
      expect((await person.todos()).map((t) => t.matterId)).toEqual([matter.id]);
      await person.confirm(matter.id);
      const view = (await portal().get(`/api/portal/matters/${matter.id}`)).body;
      expect(view.version).toBeGreaterThan(lastVersion);
      lastVersion = view.version;
      expect(view.progress).toEqual({ done: i + 1, total: 3 });
      expect(view.participants[i]).toMatchObject({ verify: 'done', sign: 'done', confirmedAt: expect.any(String) });
      expect(view.canSubmit).toBe(i === 2);
      expect(view.status).toBe(i === 2 ? 'ready' : 'pending');
    }

    const submitted = await portal().post(`/api/portal/matters/${matter.id}/submit`);
    expect(submitted.status).toBe(200);
    expect(submitted.body.matter.status).toBe('submitted');
    const again = await portal().post(`/api/portal/matters/${matter.id}/submit`);
    expect(again.status).toBe(200);
    expect(again.body.submittedAt).toBe(submitted.body.submittedAt);

    const signature = await portal().raw(`/api/portal/matters/${matter.id}/tasks/${matter.participants[0].taskId}/signature`, {
      headers: { authorization: 'Bearer demo-portal-key' },
    });
    expect(signature.status).toBe(200);
    expect(signature.headers.get('content-type')).toBe('image/png');
    expect(
      Buffer.from(await signature.arrayBuffer())
        .subarray(1, 4)
        .toString(),
    ).toBe('PNG');

    // Nothing personal is stored in clear: every collection, every document, as raw BSON-to-JSON.
    const secrets = ['11010519491231002X', people[1].idNumber, 'H12345678', '张三', '李四', '陈大文', bankCard()];
    for (const { name } of await db.conn.db!.listCollections().toArray()) {
      const dump = JSON.stringify(await db.conn.db!.collection(name).find().toArray());
      for (const secret of secrets) expect({ collection: name, leaks: dump.includes(secret) }).toEqual({ collection: name, leaks: false });
    }
    // Session tokens are stored only as hashes.
    const session = await db.conn.db!.collection('sessions').findOne({});
    expect(Object.keys(session!)).not.toContain('token');
  });
});
