/**
 * Separate consent (PIPL art. 29; 人脸识别技术应用安全管理办法): the face notice and the bank-card
 * notice each have a server-owned version; the step they cover starts only with the current one,
 * and each consent is recorded once per kind and task (or session, before a task is known).
 */
import { createHash } from 'node:crypto';
import { apiClient } from '../../../test/client';
import { openTestDatabase } from '../../../test/database';
import { bankCard, matterRequest, residentId, type PersonSpec } from '../../../test/factories';
import { expectError, SandboxPerson } from '../../../test/person';
import { startTestServer, type TestServer } from '../../../test/server';
import { LIMITS } from '../../security/rateLimits';

let seq = 0;
const resident = (name = '张三'): PersonSpec => ({ name, idType: 'resident_id', idNumber: residentId(7500 + ++seq) });

describe('consents to the face and bank-card notices', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let server: TestServer;
  const consents = () => db.conn.db!.collection('consents');

  beforeAll(async () => {
    db = await openTestDatabase();
    server = await startTestServer(db.conn);
  });
  afterAll(async () => {
    await server.close();
    await db.drop();
  });

  it('GET /api/mp/consent keeps the rules and adds three documents, each with its version and the digest of its text', async () => {
    const res = await apiClient(server.url).get('/api/mp/consent');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      version: '2026-11',
      title: '个人信息处理规则',
      sections: expect.any(Array),
      sha256: expect.any(String),
    });
    expect(res.body.documents.map((d: { kind: string }) => d.kind)).toEqual(['rules', 'face', 'bankcard']);
    const [rules, face, bankcard] = res.body.documents;
    expect(rules).toMatchObject({ version: '2026-11', sha256: res.body.sha256 });
    expect(face).toMatchObject({ version: '2026-12', title: '人脸信息处理告知', text: expect.stringContaining('到登记窗口核验') });
    expect(bankcard).toMatchObject({ version: '2026-12', title: '银行卡信息处理告知', text: expect.stringContaining('银行卡') });
    for (const d of [face, bankcard]) {
      const digest = createHash('sha256')
        .update(JSON.stringify({ kind: d.kind, version: d.version, title: d.title, text: d.text }), 'utf8')
        .digest('hex');
      expect(d.sha256).toBe(digest);
    }
  });

  it('refuses a bank-card check without the current bank-card consent → 400 consent_version_mismatch naming the kind', async () => {
    const person = await new SandboxPerson(server.url, resident()).login();
    await person.enterIdentity();
    for (const body of [{ cardNumber: bankCard() }, { cardNumber: bankCard(), consentVersion: '2025-01' }]) {
      const error = expectError(await person.api.post('/api/mp/bankcard-checks', body), 400, 'consent_version_mismatch');
      expect(error.details).toEqual({ kind: 'bankcard', current: '2026-12' });
      expect(error.message).toContain('银行卡信息处理告知');
    }
    // A refusal of consent spends none of the person's bank-card checks.
    for (let i = 0; i < LIMITS.bankCardSession.points + 1; i++)
      expectError(await person.api.post('/api/mp/bankcard-checks', { cardNumber: bankCard() }), 400, 'consent_version_mismatch');
    expect((await person.api.post('/api/mp/bankcard-checks', { cardNumber: bankCard(), consentVersion: '2026-12' })).body).toEqual({
      passed: true,
    });
  });

  it('refuses a face-check start without the current face consent → 400 consent_version_mismatch naming the kind', async () => {
    const who = resident();
    const matter = (await apiClient(server.url, 'demo-portal-key').post('/api/portal/matters', matterRequest([who]))).body.matter;
    const person = await new SandboxPerson(server.url, who).beforeEntry();
    const entry = expectError(await person.api.post('/api/mp/verifications', { purpose: 'entry' }), 400, 'consent_version_mismatch');
    expect(entry.details).toEqual({ kind: 'face', current: '2026-12' });
    expect(entry.message).toContain('人脸信息处理告知');
    // The bank-card consent is not the face's.
    expectError(
      await person.api.post('/api/mp/verifications', { purpose: 'entry', consentVersion: '2026-11' }),
      400,
      'consent_version_mismatch',
    );
    const { result } = await person.faceCheck({ purpose: 'entry' });
    expect(result.status).toBe('passed');
    const taskId = matter.participants[0].taskId;
    const task = expectError(await person.api.post('/api/mp/verifications', { purpose: 'task', taskId }), 400, 'consent_version_mismatch');
    expect(task.details.kind).toBe('face');
  });

  it('keeps one consent record per kind and task: the session’s before the entry check, the task’s before its check', async () => {
    const who = resident();
    const matter = (await apiClient(server.url, 'demo-portal-key').post('/api/portal/matters', matterRequest([who]))).body.matter;
    const person = await new SandboxPerson(server.url, who).beforeEntry();
    await person.faceCheck({ purpose: 'entry' }, 'fail');
    await person.faceCheck({ purpose: 'entry' });
    const taskId = matter.participants[0].taskId;
    await person.passTaskCheck(taskId);
    await person.passTaskCheck(taskId);

    const ofTask = await consents().find({ taskId }).toArray();
    expect(ofTask.map((c) => c.kind).sort()).toEqual(['face']);
    expect(ofTask[0]).toMatchObject({ version: '2026-12', matterId: matter.id, account: expect.any(String) });
    const ofSessions = (await consents().find({ account: ofTask[0].account }).toArray()).filter((c) => c.sessionId);
    expect(ofSessions.map((c) => c.kind).sort()).toEqual(['bankcard', 'face']);
    expect(new Set(ofSessions.map((c) => c.sessionId)).size).toBe(1); // one session, both before any task
    // Nothing of the person in a consent record: an account hash, kind, version and time.
    const text = JSON.stringify([...ofTask, ...ofSessions]);
    expect(text).not.toContain(who.idNumber);
    expect(text).not.toContain(who.name);
  });
});
