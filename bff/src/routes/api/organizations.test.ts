import { openTestDatabase } from '../../../test/database';
import { apiClient } from '../../../test/client';
import { matterRequest, residentId, signaturePng } from '../../../test/factories';
import { CHINESE, expectError, SandboxPerson } from '../../../test/person';
import { startTestServer, type TestServer } from '../../../test/server';

/**
 * 企业股东: organizations among the participants, each confirmed by its representative. One person
 * represents two organizations and is a shareholder in their own name as well: one to-do, one face
 * check and one confirmation per participant (一人一事一认证).
 */
describe('organizations among the participants', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let server: TestServer;
  const portal = () => apiClient(server.url, 'demo-portal-key');

  const zhang = { name: '张三', idType: 'resident_id' as const, idNumber: '11010519491231002X' };
  const li = { name: '李四', idType: 'resident_id' as const, idNumber: residentId(41) };
  const organization = (name: string, uscc: string, representative = zhang) => ({
    kind: 'organization',
    name,
    uscc,
    roles: ['股东'],
    actions: ['verify', 'sign'],
    representative,
  });
  const investments = organization('河南某某投资有限公司', '91110000600037341L');
  const holdings = organization('福建某某控股有限公司', '91350100m000100y43');

  beforeAll(async () => {
    db = await openTestDatabase();
    server = await startTestServer(db.conn);
  });
  afterAll(async () => {
    await server.close();
    await db.drop();
  });

  it('refuses a wrong 统一社会信用代码 with a 400 naming participants[i].uscc, and stores nothing', async () => {
    const body = matterRequest([{ ...zhang, roles: ['法定代表人'] }], {});
    body.participants.push(organization('河南某某投资有限公司', '91110000600037341A') as never);
    const res = await portal().post('/api/portal/matters', body);
    const error = expectError(res, 400, 'validation_failed');
    expect(JSON.stringify(error.details)).toContain('participants[1].uscc');
    expect(error.message).toMatch(CHINESE);
    expect(await db.conn.collection('matters').countDocuments({ portalRef: body.portalRef })).toBe(0);
  });

  it('registers organizations with their representatives, and each participant confirms on their own', async () => {
    const body = matterRequest([
      { ...zhang, roles: ['法定代表人', '股东'] },
      { ...li, roles: ['监事'] },
    ]);
    body.participants.push(investments as never, holdings as never);
    const created = await portal().post('/api/portal/matters', body);
    expect(created.status).toBe(201);
    const matter = created.body.matter;
    expect(matter.progress).toEqual({ done: 0, total: 4 });
    expect(matter.participants[0]).not.toHaveProperty('kind');
    expect(matter.participants[2]).toMatchObject({
      kind: 'organization',
      name: '河南某某投资有限公司',
      usccMasked: '91************341L',
      representative: { name: '张*', idType: 'resident_id', idNumberMasked: '1101**********002X' },
      idType: 'resident_id',
      idNumberMasked: '1101**********002X',
      roles: ['股东'],
    });
    expect(matter.participants[3]).toMatchObject({ kind: 'organization', name: '福建某某控股有限公司', usccMasked: '91************0Y43' });
    const text = JSON.stringify(created.body);
    expect(text).not.toContain('11010519491231002X');
    expect(text).not.toContain('91110000600037341L');

    const rep = await new SandboxPerson(server.url, zhang).throughEntry();
    const todos = (await rep.api.get('/api/mp/todos')).body.items.filter((t: { matterId: string }) => t.matterId === matter.id);
    expect(todos.map((t: { organization: unknown; roles: string[] }) => [t.organization, t.roles])).toEqual([
      [null, ['法定代表人', '股东']],
      [{ name: '河南某某投资有限公司', usccMasked: '91************341L' }, ['股东']],
      [{ name: '福建某某控股有限公司', usccMasked: '91************0Y43' }, ['股东']],
    ]);
    const [own, forInvestments, forHoldings] = todos.map((t: { taskId: string }) => t.taskId);
    expect((await rep.detail(forInvestments)).organization).toEqual({ name: '河南某某投资有限公司', usccMasked: '91************341L' });

    // The face check is bound to its task: one passed for 河南某某投资 does not confirm for 福建某某控股.
    const bound = await rep.passTaskCheck(forInvestments);
    const detail = await rep.detail(forHoldings);
    const misused = await rep.api.post(`/api/mp/todos/${forHoldings}/confirm`, {
      verificationId: bound,
      documentsDigest: detail.documentsDigest,
      signature: signaturePng(),
    });
    expect(misused.status).toBeGreaterThanOrEqual(400);
    expect(misused.status).toBeLessThan(500);
    expect((await portal().get(`/api/portal/matters/${matter.id}`)).body.progress.done).toBe(0);

    for (const taskId of [forInvestments, own, forHoldings]) await rep.confirmTask(taskId);
    let view = (await portal().get(`/api/portal/matters/${matter.id}`)).body;
    expect(view.participants.map((p: { sign: string }) => p.sign)).toEqual(['done', 'pending', 'done', 'done']);
    expect(view.canSubmit).toBe(false);

    await (await new SandboxPerson(server.url, li).throughEntry()).confirm(matter.id);
    view = (await portal().get(`/api/portal/matters/${matter.id}`)).body;
    expect(view).toMatchObject({ status: 'ready', canSubmit: true, progress: { done: 4, total: 4 } });
    expect((await portal().post(`/api/portal/matters/${matter.id}/submit`)).status).toBe(200);

    // The callbacks carry the same view: the stored event of the last change names the organizations.
    const events = await db.conn.collection('matter_events').find({ matterId: matter.id }).toArray();
    const last = events.sort((a, b) => b.seq - a.seq)[0];
    expect(JSON.stringify(last.view)).toContain('"usccMasked":"91************341L"');
    expect(JSON.stringify(events)).not.toContain('91110000600037341L');
  });
});
