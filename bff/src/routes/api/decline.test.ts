/**
 * 拒绝: a person named in a filing says it is not theirs (不是本人办理) or that it is wrong (内容有误).
 * The portal sees 已拒绝 live and cannot submit, callbacks and the audit trail carry it, the window
 * console lists the declines of its tenants; new documents clear them.
 */
import { io as connect, type Socket } from 'socket.io-client';
import type { MatterView } from '@regverify/shared';
import { startCallbackReceiver, type CallbackReceiver } from '../../../test/callbackReceiver';
import { apiClient, operatorAuthorization } from '../../../test/client';
import { openTestDatabase } from '../../../test/database';
import { matterRequest, residentId, sha, type PersonSpec } from '../../../test/factories';
import { expectError, SandboxPerson } from '../../../test/person';
import { startTestServer, type TestServer } from '../../../test/server';
import { until } from '../../../test/until';
import { hashOperatorSecret } from '../../security/operatorSecrets';
import { startCallbackDispatcher, type CallbackDispatcher } from '../../jobs/callbackDispatcher';

let seq = 0;
const resident = (name = '张三'): PersonSpec => ({ name, idType: 'resident_id', idNumber: residentId(7300 + ++seq) });

describe('POST /api/mp/todos/:taskId/decline', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let server: TestServer;
  let receiver: CallbackReceiver;
  let dispatcher: CallbackDispatcher;
  const sockets: Socket[] = [];
  const portal = (key = 'demo-portal-key') => apiClient(server.url, key);
  const operator = (name = 'chen', secret = 'chen-secret-0001') => apiClient(server.url, operatorAuthorization(name, secret));

  const register = async (people: PersonSpec[], key = 'demo-portal-key') => {
    const res = await portal(key).post('/api/portal/matters', matterRequest(people));
    expect(res.status).toBe(201);
    return res.body.matter as MatterView;
  };
  /** The person through entry and the task of this matter. */
  const personOf = async (who: PersonSpec, matter: MatterView) => {
    const person = await new SandboxPerson(server.url, who).throughEntry();
    return { person, taskId: (await person.todoOf(matter.id)).taskId };
  };
  const watch = async (matterId: string) => {
    const token = (await portal().post(`/api/portal/matters/${matterId}/viewer-token`)).body.token as string;
    const socket = connect(`${server.url}/portal`, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
    sockets.push(socket);
    const views: MatterView[] = [];
    socket.on('matter:snapshot', (v: MatterView) => views.push(v));
    socket.on('matter:updated', (v: MatterView) => views.push(v));
    await until(() => views.length > 0, 'the snapshot');
    return views;
  };

  beforeAll(async () => {
    db = await openTestDatabase();
    receiver = await startCallbackReceiver();
    const [chen, wang] = await Promise.all([hashOperatorSecret('chen-secret-0001'), hashOperatorSecret('wang-secret-0001')]);
    server = await startTestServer(db.conn, {
      PORTAL_KEYS: 'demo:demo-portal-key,other:other-portal-key',
      OPERATORS: `chen:${chen}:demo+other,wang:${wang}:other`,
      CALLBACK_ALLOW_PRIVATE: 'true',
    });
    const registered = await portal().put('/api/portal/callback', { url: receiver.url });
    receiver.useSecret(registered.body.secret);
    dispatcher = startCallbackDispatcher(server.services, { pollMs: 10, timeoutMs: 2000 });
  });
  afterEach(() => sockets.splice(0).forEach((s) => s.disconnect()));
  afterAll(async () => {
    await dispatcher.stop();
    await server.close();
    await receiver.close();
    await db.drop();
  });

  it('shows 已拒绝 with the reason live, refuses submit → 409 participant_declined, calls back, records it', async () => {
    const [zhang, li] = [resident(), resident('李四')];
    const matter = await register([zhang, li]);
    const views = await watch(matter.id);
    const { person: lisi, taskId: liTask } = await personOf(li, matter);
    await lisi.confirm(matter.id);
    const { person, taskId } = await personOf(zhang, matter);

    const res = await person.api.post(`/api/mp/todos/${taskId}/decline`, { reason: 'not_mine', note: '我从未办理过这家公司的登记' });
    expect(res).toMatchObject({ status: 200, body: { status: 'declined' } });

    const live = await until(() => views.find((v) => v.participants[0].decision === 'declined'), 'the decline pushed');
    expect(live.participants[0]).toMatchObject({ decision: 'declined', declineReason: 'not_mine', sign: 'pending' });
    expect(live.participants[1]).toMatchObject({ decision: null, sign: 'done' });
    expect(live.canSubmit).toBe(false);
    const refused = expectError(await portal().post(`/api/portal/matters/${matter.id}/submit`), 409, 'participant_declined');
    expect(refused.details).toEqual({ taskIds: [taskId] });
    expect(liTask).not.toBe(taskId);

    const callback = await until(
      () => receiver.received.find((c) => c.json?.matterId === matter.id && c.json.type === 'task.declined'),
      'the callback of the decline',
    );
    expect(callback.verified).toBe(true);
    expect(callback.json.matter.participants[0]).toMatchObject({ decision: 'declined', declineReason: 'not_mine' });
    expect(callback.body).not.toContain('从未办理');

    const audit = (await portal().get(`/api/portal/matters/${matter.id}/audit`)).body;
    const event = audit.events.find((e: { type: string }) => e.type === 'task.declined');
    expect(event).toMatchObject({ taskId, actor: { kind: 'person', label: '张*' } });
    // The note is the person's own words: kept sealed, for the window only — not in the ledger.
    const ledger = JSON.stringify(await db.conn.db!.collection('matter_events').find({ matterId: matter.id }).toArray());
    expect(ledger).not.toContain('从未办理');
    expect(JSON.stringify(await db.conn.db!.collection('declines').find().toArray())).not.toContain('从未办理');
  });

  it('lists the declines of the operator’s tenants in the console, newest first, with the matter, the tenant and the note', async () => {
    const [a, b, c] = [resident('赵一'), resident('钱二'), resident('孙三')];
    const first = await register([a]);
    const second = await register([b]);
    const elsewhere = await register([c], 'other-portal-key');
    const one = await personOf(a, first);
    await one.person.api.post(`/api/mp/todos/${one.taskId}/decline`, { reason: 'not_mine', note: '不认识这家公司' });
    const two = await personOf(b, second);
    await two.person.api.post(`/api/mp/todos/${two.taskId}/decline`, { reason: 'content_wrong' });
    const three = await personOf(c, elsewhere);
    await three.person.api.post(`/api/mp/todos/${three.taskId}/decline`, { reason: 'not_mine' });

    const all = (await operator().get('/api/operator/declines')).body.items; // chen: both tenants
    const ours = all.filter((d: { taskId: string }) => [one.taskId, two.taskId, three.taskId].includes(d.taskId));
    expect(ours.map((d: { taskId: string }) => d.taskId)).toEqual([three.taskId, two.taskId, one.taskId]);
    expect(ours[2]).toEqual({
      id: expect.any(String),
      at: expect.any(String),
      reason: 'not_mine',
      reasonLabel: '不是本人办理',
      note: '不认识这家公司',
      taskId: one.taskId,
      person: { name: '赵*', idType: 'resident_id', idNumberMasked: expect.stringMatching(/^4101\*+\d{3}[\dX]$/) },
      matter: {
        matterId: first.id,
        portalRef: first.portalRef,
        entityName: first.entityName,
        kind: first.kind,
        tenant: 'demo',
        status: 'pending',
      },
      current: true,
    });
    const notMine = (await operator().get('/api/operator/declines?reason=not_mine')).body.items.map((d: { taskId: string }) => d.taskId);
    expect(notMine).toContain(one.taskId);
    expect(notMine).not.toContain(two.taskId);
    expectError(await operator().get('/api/operator/declines?reason=bored'), 400, 'validation_failed');
    // An operator of another tenant sees only theirs.
    const theirs = (await operator('wang', 'wang-secret-0001').get('/api/operator/declines')).body.items.map(
      (d: { taskId: string }) => d.taskId,
    );
    expect(theirs).toEqual([three.taskId]);
    expectError(await apiClient(server.url).get('/api/operator/declines'), 401, 'unauthorized');
  });

  it('is cleared by new documents (the people decide again) and by the person confirming after all', async () => {
    const [zhang, li] = [resident(), resident('李四')];
    const matter = await register([zhang, li]);
    const a = await personOf(zhang, matter);
    const b = await personOf(li, matter);
    await a.person.api.post(`/api/mp/todos/${a.taskId}/decline`, { reason: 'content_wrong', note: '出资额写错了' });
    await b.person.api.post(`/api/mp/todos/${b.taskId}/decline`, { reason: 'content_wrong' });

    const replaced = await portal().put(`/api/portal/matters/${matter.id}/documents`, {
      documents: [{ name: '公司章程（更正）', sha256: sha(`corrected ${matter.id}`) }],
    });
    expect(replaced.status).toBe(200);
    expect(replaced.body.participants.map((p: { decision: unknown }) => p.decision)).toEqual([null, null]);
    const listed = (await operator().get('/api/operator/declines')).body.items.find((d: { taskId: string }) => d.taskId === a.taskId);
    expect(listed).toMatchObject({ current: false, note: '出资额写错了' });

    // Declined again on the new documents, then confirmed after all: the confirmation wins.
    await a.person.api.post(`/api/mp/todos/${a.taskId}/decline`, { reason: 'content_wrong' });
    expect((await portal().get(`/api/portal/matters/${matter.id}`)).body.participants[0].decision).toBe('declined');
    await a.person.confirm(matter.id);
    await b.person.confirm(matter.id);
    const done = (await portal().get(`/api/portal/matters/${matter.id}`)).body;
    expect(done.participants.map((p: { decision: unknown }) => p.decision)).toEqual([null, null]);
    expect(done.canSubmit).toBe(true);
  });

  it('is withdrawn when the person confirms at the window: an approved review clears the decline', async () => {
    const who = resident();
    const matter = await register([who]);
    const { person, taskId } = await personOf(who, matter);
    await person.api.post(`/api/mp/todos/${taskId}/decline`, { reason: 'content_wrong' });
    expect((await person.api.post('/api/mp/verifications', { purpose: 'entry', method: 'window' })).body).toMatchObject({ tasks: 1 });
    const approved = await operator().post(`/api/operator/tasks/${taskId}/review`, { decision: 'approved' });
    expect(approved.status).toBe(200);
    expect(approved.body.participants[0]).toMatchObject({ decision: null, declineReason: null, verify: 'done', sign: 'done' });
    expect(approved.body.canSubmit).toBe(true);
    expect((await portal().post(`/api/portal/matters/${matter.id}/submit`)).status).toBe(200);
  });

  it('takes only the person’s own pending task after the entry check, and a known reason', async () => {
    const [zhang, li] = [resident(), resident('李四')];
    const matter = await register([zhang, li]);
    const a = await personOf(zhang, matter);
    const liTask = matter.participants[1].taskId;
    expectError(await a.person.api.post(`/api/mp/todos/${liTask}/decline`, { reason: 'not_mine' }), 404, 'not_found');
    expect(
      expectError(await a.person.api.post(`/api/mp/todos/${a.taskId}/decline`, { reason: 'bored' }), 400, 'validation_failed').details,
    ).toMatchObject({
      field: 'reason',
    });
    const long = expectError(
      await a.person.api.post(`/api/mp/todos/${a.taskId}/decline`, { reason: 'not_mine', note: '字'.repeat(201) }),
      400,
      'validation_failed',
    );
    expect(long.details).toMatchObject({ field: 'note' });
    const early = await new SandboxPerson(server.url, li, 'before-entry').beforeEntry();
    expectError(await early.api.post(`/api/mp/todos/${liTask}/decline`, { reason: 'not_mine' }), 403, 'entry_verification_required');
    await a.person.confirm(matter.id);
    expectError(await a.person.api.post(`/api/mp/todos/${a.taskId}/decline`, { reason: 'not_mine' }), 409, 'task_not_pending');
    const b = await personOf(li, matter);
    expect((await portal().delete(`/api/portal/matters/${matter.id}`)).status).toBe(200);
    expectError(await b.person.api.post(`/api/mp/todos/${liTask}/decline`, { reason: 'not_mine' }), 409, 'matter_cancelled');
  });
});
