import { apiClient } from '../../test/client';
import { openTestDatabase } from '../../test/database';
import { matterRequest, residentId } from '../../test/factories';
import { expectError, SandboxPerson } from '../../test/person';
import { startTestServer, type TestServer } from '../../test/server';

/**
 * A node that dies after recording a pass but before recording what it proves (the session's
 * entry proof, the task's 已实名认证) must not strand the person: the next `complete` finishes it.
 * The crash is reproduced by writing the pass straight into the database, as the dead node did.
 */
describe('completing a face check after a crash between its steps', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let server: TestServer;
  let n = 700;
  const resident = () => ({ name: '张三', idType: 'resident_id' as const, idNumber: residentId(++n) });
  const passInDatabase = (id: string) =>
    server.services.models.Verification.updateOne({ _id: id }, { $set: { status: 'passed', passedAt: new Date() } });

  beforeAll(async () => {
    db = await openTestDatabase();
    server = await startTestServer(db.conn);
  });
  afterAll(async () => {
    await server.close();
    await db.drop();
  });

  it('gives the session its entry proof on the next call', async () => {
    const person = await new SandboxPerson(server.url, resident()).beforeEntry();
    const started = await person.api.post('/api/mp/verifications', { purpose: 'entry', consentVersion: '2026-12' });
    expect(started.status).toBe(201);
    await passInDatabase(started.body.id);
    expectError(await person.api.get('/api/mp/todos'), 403, 'entry_verification_required');

    const again = await person.api.post(`/api/mp/verifications/${started.body.id}/complete`, {});
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ status: 'passed' });
    expect((await person.api.get('/api/mp/todos')).status).toBe(200);
  });

  it('marks the task verified on the next call, once', async () => {
    const who = resident();
    const created = await apiClient(server.url, 'demo-portal-key').post('/api/portal/matters', matterRequest([who]));
    const matterId = created.body.matter.id as string;
    const person = await new SandboxPerson(server.url, who).throughEntry();
    const { taskId } = await person.todoOf(matterId);
    const started = await person.api.post('/api/mp/verifications', { purpose: 'task', taskId, consentVersion: '2026-12' });
    expect(started.status).toBe(201);
    await passInDatabase(started.body.id);
    const portalView = async () => (await apiClient(server.url, 'demo-portal-key').get(`/api/portal/matters/${matterId}`)).body;
    expect((await portalView()).participants[0].verify).toBe('pending');

    for (let i = 0; i < 2; i++) {
      const again = await person.api.post(`/api/mp/verifications/${started.body.id}/complete`, {});
      expect(again.body).toEqual({ status: 'passed' });
    }
    const view = await portalView();
    expect(view.participants[0].verify).toBe('done');
    const events = await server.services.models.MatterEvent.find({ matterId, type: 'task.verified' }).lean();
    expect(events).toHaveLength(1);
  });
});
