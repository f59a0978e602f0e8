/**
 * 到登记窗口核验: another way than the face. The person's open tasks wait for manual review at a
 * registration window, with the reason (their choice, or after repeated failed face checks), as
 * tasks of documents no vendor checks do; the console says why.
 */
import { apiClient, operatorAuthorization } from '../../../test/client';
import { openTestDatabase } from '../../../test/database';
import { matterRequest, residentId, type PersonSpec } from '../../../test/factories';
import { expectError, SandboxPerson } from '../../../test/person';
import { startTestServer, type TestServer } from '../../../test/server';

let seq = 0;
const resident = (name = '张三'): PersonSpec => ({ name, idType: 'resident_id', idNumber: residentId(7700 + ++seq) });
const WINDOW = { purpose: 'entry', method: 'window' } as const;

describe("POST /api/mp/verifications with method 'window'", () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let server: TestServer;
  const portal = () => apiClient(server.url, 'demo-portal-key');
  const operator = () => apiClient(server.url, operatorAuthorization());
  const register = async (people: PersonSpec[]) => (await portal().post('/api/portal/matters', matterRequest(people))).body.matter;
  const view = async (id: string) => (await portal().get(`/api/portal/matters/${id}`)).body;
  const reviewOf = async (taskId: string) =>
    (await operator().get('/api/operator/reviews')).body.items.find((i: { taskId: string }) => i.taskId === taskId);

  beforeAll(async () => {
    db = await openTestDatabase();
    server = await startTestServer(db.conn);
  });
  afterAll(async () => {
    await server.close();
    await db.drop();
  });

  it('sends every open task of the person to manual review, chosen by the person; no face, no bank card, no face consent', async () => {
    const [who, other] = [resident(), resident('李四')];
    const first = await register([who, other]);
    const second = await register([who]);
    const person = await new SandboxPerson(server.url, who).login();
    expect((await person.enterIdentity()).needsBankCard).toBe(true);

    const res = await person.api.post('/api/mp/verifications', WINDOW);
    expect(res).toMatchObject({ status: 201, body: { method: 'window', status: 'manual_review', tasks: 2 } });
    for (const matter of [first, second]) {
      expect((await view(matter.id)).participants[0]).toMatchObject({
        verify: 'manual_review',
        review: 'pending',
        reviewReason: 'person_chose_window',
      });
    }
    expect((await view(first.id)).participants[1]).toMatchObject({ verify: 'pending' });
    expect((await view(first.id)).participants[1].reviewReason).toBeUndefined();
    expect(await reviewOf(first.participants[0].taskId)).toMatchObject({
      reviewReason: 'person_chose_window',
      reviewReasonLabel: '本人选择窗口核验',
    });
    // Chosen again: nothing more to send.
    expect((await person.api.post('/api/mp/verifications', WINDOW)).body).toMatchObject({ tasks: 0 });
  });

  it('says 多次人脸核验未通过 when the person chooses it after two failed face checks', async () => {
    const who = resident();
    const matter = await register([who]);
    const person = await new SandboxPerson(server.url, who).beforeEntry();
    await person.faceCheck({ purpose: 'entry' }, 'fail');
    await person.faceCheck({ purpose: 'entry' }, 'fail');
    expect((await person.api.post('/api/mp/verifications', WINDOW)).body).toMatchObject({ tasks: 1 });
    expect((await view(matter.id)).participants[0]).toMatchObject({ verify: 'manual_review', reviewReason: 'repeated_failures' });
    expect(await reviewOf(matter.participants[0].taskId)).toMatchObject({ reviewReasonLabel: '多次人脸核验未通过' });
  });

  it('locks nobody out: the person’s own face check still takes the chosen review’s place', async () => {
    const who = resident();
    const matter = await register([who]);
    const stranger = await new SandboxPerson(server.url, { ...who, name: who.name }, 'someone-else').login();
    await stranger.enterIdentity();
    expect((await stranger.api.post('/api/mp/verifications', WINDOW)).body).toMatchObject({ tasks: 1 });
    const person = await new SandboxPerson(server.url, who).throughEntry();
    await person.confirm(matter.id);
    const done = await view(matter.id);
    expect(done.participants[0]).toMatchObject({ verify: 'done', sign: 'done' });
    expect(done.canSubmit).toBe(true);
    expect(await reviewOf(matter.participants[0].taskId)).toBeUndefined();
  });

  it('leaves a review the document type needs alone, and needs an identity first', async () => {
    const holder: PersonSpec = { name: '林华侨', idType: 'passport', idNumber: `E${20_000_000 + ++seq}` };
    const matter = await register([holder]);
    const person = await new SandboxPerson(server.url, holder).login();
    expectError(await person.api.post('/api/mp/verifications', WINDOW), 409, 'identity_required');
    await person.enterIdentity();
    expect((await person.api.post('/api/mp/verifications', WINDOW)).body).toMatchObject({ tasks: 0 });
    expect((await view(matter.id)).participants[0]).toMatchObject({ verify: 'manual_review', reviewReason: 'document_type' });
  });
});
