import { randomInt } from 'node:crypto';
import { PNG } from 'pngjs';
import { apiClient, operatorAuthorization } from '../../../test/client';
import { openTestDatabase } from '../../../test/database';
import { bankCard, residentId, sha, signaturePng, type PersonSpec } from '../../../test/factories';
import { CHINESE, expectError, portalFixtures, SandboxPerson } from '../../../test/person';
import { startTestServer, type TestServer } from '../../../test/server';

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 3600_000;

let seq = 0;
/** People that no other test of this file names, one per document type the tests need. */
const resident = (name = '张三'): PersonSpec => ({ name, idType: 'resident_id', idNumber: residentId(++seq) });
const hkPermitHolder = (name = '陈大文'): PersonSpec => ({ name, idType: 'hk_macau_permit', idNumber: `H${10_000_000 + ++seq}` });
const passportHolder = (name = '林华侨'): PersonSpec => ({ name, idType: 'passport', idNumber: `E${10_000_000 + ++seq}` });

const goodSignature = signaturePng();
const notAPng = 'data:image/png;base64,' + Buffer.from('GIF89a this is not a png at all').toString('base64');

describe('mini-program API', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let server: TestServer;
  const { portal, register, view, pendingTask, confirm } = portalFixtures(
    () => server.url,
    () => resident(),
  );

  /** A second server on the same database whose clock runs `aheadMs` ahead; closed after `use`. */
  const withClockAhead = async (aheadMs: number, use: (later: TestServer) => Promise<void>) => {
    const later = await startTestServer(db.conn, {}, { now: () => new Date(Date.now() + aheadMs) });
    try {
      await use(later);
    } finally {
      await later.close();
    }
  };

  beforeAll(async () => {
    db = await openTestDatabase();
    server = await startTestServer(db.conn);
  });
  afterAll(async () => {
    await server.close();
    await db.drop();
  });

  describe('POST /api/mp/session', () => {
    it('answers 201 with a token for any code in the sandbox', async () => {
      const res = await apiClient(server.url).post('/api/mp/session', { platform: 'weapp', code: 'any-code-at-all' });
      expect(res.status).toBe(201);
      expect(res.body).toEqual({ token: expect.any(String), expiresAt: expect.any(String) });
      expect(Date.parse(res.body.expiresAt)).toBeGreaterThan(Date.now());
    });

    it('gives the same person to the same code: the tasks are visible to both sessions once each passed entry', async () => {
      const who = resident();
      const matter = await register([who]);
      const first = await new SandboxPerson(server.url, who, 'shared-login-code').throughEntry();
      const second = await new SandboxPerson(server.url, who, 'shared-login-code').throughEntry();
      expect(second.token).not.toBe(first.token);
      const taskIds = [matter.participants[0].taskId];
      expect((await first.todos()).map((t) => t.taskId)).toEqual(taskIds);
      expect((await second.todos()).map((t) => t.taskId)).toEqual(taskIds);
    });

    it('refuses an empty code → 400 validation_failed', async () => {
      const error = expectError(
        await apiClient(server.url).post('/api/mp/session', { platform: 'alipay', code: '' }),
        400,
        'validation_failed',
      );
      expect(error.details.field).toBe('code');
    });

    it('refuses an unknown platform → 400 validation_failed', async () => {
      const error = expectError(
        await apiClient(server.url).post('/api/mp/session', { platform: 'douyin', code: 'abc' }),
        400,
        'validation_failed',
      );
      expect(error.details.field).toBe('platform');
    });
  });

  describe('authentication', () => {
    const AUTHENTICATED: Array<[method: 'GET' | 'PUT' | 'POST', path: string, body?: unknown]> = [
      ['PUT', '/api/mp/identity', { name: '张三', idType: 'resident_id', idNumber: '11010519491231002X', consentVersion: '2026-11' }],
      ['POST', '/api/mp/identity/prefill', { authCode: 'auth-code' }],
      ['POST', '/api/mp/bankcard-checks', { cardNumber: bankCard(), consentVersion: '2026-12' }],
      ['POST', '/api/mp/verifications', { purpose: 'entry', consentVersion: '2026-12' }],
      ['POST', '/api/mp/verifications/some-verification/complete', {}],
      ['GET', '/api/mp/todos'],
      ['POST', '/api/mp/session/logout', {}],
      ['GET', '/api/mp/todos/some-task'],
      ['POST', '/api/mp/todos/some-task/confirm', { verificationId: 'v1', documentsDigest: sha('documents'), signature: goodSignature }],
    ];
    const call = (token: string | undefined, [method, path, body]: (typeof AUTHENTICATED)[number]) => {
      const client = apiClient(server.url, token);
      return method === 'GET' ? client.get(path) : method === 'PUT' ? client.put(path, body) : client.post(path, body);
    };

    it.each(AUTHENTICATED)('refuses %s %s without a token → 401 unauthorized', async (...endpoint) => {
      expectError(await call(undefined, endpoint), 401, 'unauthorized');
    });

    it.each(AUTHENTICATED)('refuses %s %s with a garbage token → 401 unauthorized', async (...endpoint) => {
      expectError(await call('garbage', endpoint), 401, 'unauthorized');
    });

    it('refuses a well-formed token that was never issued → 401 unauthorized', async () => {
      expectError(await apiClient(server.url, 'A'.repeat(43)).get('/api/mp/todos'), 401, 'unauthorized');
    });

    it('refuses a portal key as a session token → 401 unauthorized', async () => {
      expectError(await apiClient(server.url, 'demo-portal-key').get('/api/mp/todos'), 401, 'unauthorized');
    });
  });

  describe('PUT /api/mp/identity', () => {
    it('answers the masked identity and needsBankCard true for a resident ID card', async () => {
      const who = resident('欧阳娜娜');
      const person = await new SandboxPerson(server.url, who).login();
      const res = await person.api.put('/api/mp/identity', { ...who, consentVersion: '2026-11' });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        identity: {
          name: '欧***',
          idType: 'resident_id',
          idNumberMasked: `${who.idNumber.slice(0, 4)}**********${who.idNumber.slice(-4)}`,
        },
        needsBankCard: true,
      });
      expect(JSON.stringify(res.body)).not.toContain(who.idNumber);
    });

    it('answers needsBankCard false for a Hong Kong/Macau permit', async () => {
      const person = await new SandboxPerson(server.url, hkPermitHolder()).login();
      const body = await person.enterIdentity();
      expect(body).toMatchObject({ identity: { name: '陈**', idType: 'hk_macau_permit' }, needsBankCard: false });
    });

    it('refuses a bad ID number → 400 validation_failed naming idNumber', async () => {
      const person = await new SandboxPerson(server.url, resident()).login();
      const res = await person.api.put('/api/mp/identity', {
        name: '张三',
        idType: 'resident_id',
        idNumber: '110105194912310021',
        consentVersion: '2026-11',
      });
      expect(expectError(res, 400, 'validation_failed').details.field).toBe('idNumber');
    });

    it('drops the proofs of the previous identity when another one is entered', async () => {
      const who = resident();
      const person = await new SandboxPerson(server.url, who).throughEntry();
      await person.api.put('/api/mp/identity', { ...resident('王五'), consentVersion: '2026-11' });
      expectError(await person.api.get('/api/mp/todos'), 403, 'entry_verification_required');
      expectError(
        await person.api.post('/api/mp/verifications', { purpose: 'entry', consentVersion: '2026-12' }),
        409,
        'bank_card_required',
      );
      // Coming back to the first identity does not bring its proofs back either.
      await person.enterIdentity();
      expectError(await person.api.get('/api/mp/todos'), 403, 'entry_verification_required');
    });

    it('refuses an identity without consent → 400 validation_failed naming consentVersion', async () => {
      const who = resident();
      const person = await new SandboxPerson(server.url, who).login();
      const res = await person.api.put('/api/mp/identity', who);
      expect(expectError(res, 400, 'validation_failed').details.field).toBe('consentVersion');
    });
  });

  describe('consent the server owns (《个人信息处理规则》)', () => {
    it('answers the current rules without a session: version, text and its SHA-256', async () => {
      const res = await apiClient(server.url).get('/api/mp/consent');
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ version: '2026-11', title: '个人信息处理规则', sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
      expect(res.body.sections.map((s: { title: string }) => s.title)).toEqual([
        '一、我们处理哪些个人信息',
        '二、为什么处理这些信息',
        '三、我们如何保护这些信息',
        '四、我们保存多久',
        '五、您的权利',
      ]);
      const { createHash } = await import('node:crypto');
      const { version, title, sections } = res.body;
      expect(createHash('sha256').update(JSON.stringify({ version, title, sections })).digest('hex')).toBe(res.body.sha256);
    });

    it('refuses an identity given under any other version → 400 consent_version_mismatch', async () => {
      const who = resident();
      const person = await new SandboxPerson(server.url, who).login();
      for (const consentVersion of ['2025-01', 'whatever', '2026-11 ']) {
        const error = expectError(await person.api.put('/api/mp/identity', { ...who, consentVersion }), 400, 'consent_version_mismatch');
        expect(error.details).toEqual({ current: '2026-11' });
      }
    });

    it('keeps a consent record with each confirmed task: version, time, the platform account as a keyed hash', async () => {
      const { person, matter } = await pendingTask();
      await person.confirm(matter.id);
      const matterId = matter.id;
      const { taskId } = await person.todoOf(matterId);
      const task = await server.services.models.Task.findById(taskId).lean();
      const session = await server.services.models.Session.findOne({ 'identity.lookup': task!.person.lookup }).lean();
      expect(task!.confirmation).toMatchObject({ consentVersion: '2026-11', consentId: expect.any(String) });
      const record = await server.services.models.ConsentRecord.findById(task!.confirmation!.consentId).lean();
      expect(record).toMatchObject({
        taskId,
        matterId,
        version: '2026-11',
        at: session!.identity!.consentAt,
        account: server.services.vault.accountHash(session!.platform, session!.platformUserId),
      });
      expect(record!.account).not.toContain(session!.platformUserId);
      const event = await server.services.models.MatterEvent.findOne({ matterId, type: 'task.confirmed' }).lean();
      expect(event!.data).toMatchObject({ consentVersion: '2026-11' });
      expect(JSON.stringify(event)).not.toContain(record!.account); // the ledger, kept for good, does not name the account
    });
  });

  describe('POST /api/mp/identity/prefill', () => {
    it('answers 403 prefill_unavailable in the sandbox', async () => {
      const person = await new SandboxPerson(server.url, resident()).login();
      expectError(await person.api.post('/api/mp/identity/prefill', { authCode: 'auth-code' }), 403, 'prefill_unavailable');
    });
  });

  describe('POST /api/mp/bankcard-checks', () => {
    it('passes a Luhn-valid card', async () => {
      const person = await new SandboxPerson(server.url, resident()).login();
      await person.enterIdentity();
      const res = await person.api.post('/api/mp/bankcard-checks', { cardNumber: bankCard(), consentVersion: '2026-12' });
      expect(res).toMatchObject({ status: 200, body: { passed: true } });
    });

    it('refuses a Luhn-invalid number → 400 validation_failed naming cardNumber', async () => {
      const person = await new SandboxPerson(server.url, resident()).login();
      await person.enterIdentity();
      const good = bankCard();
      const wrongLastDigit = good.slice(0, -1) + ((Number(good.slice(-1)) + 1) % 10);
      const error = expectError(
        await person.api.post('/api/mp/bankcard-checks', { cardNumber: wrongLastDigit, consentVersion: '2026-12' }),
        400,
        'validation_failed',
      );
      expect(error.details.field).toBe('cardNumber');
    });

    it('answers 200 {passed: false, reason} for a sandbox number ending in 0000, and entry then stays closed', async () => {
      const person = await new SandboxPerson(server.url, resident()).login();
      await person.enterIdentity();
      const res = await person.api.post('/api/mp/bankcard-checks', { cardNumber: bankCard(true), consentVersion: '2026-12' });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ passed: false, reason: expect.stringMatching(CHINESE) });
      expectError(
        await person.api.post('/api/mp/verifications', { purpose: 'entry', consentVersion: '2026-12' }),
        409,
        'bank_card_required',
      );
    });

    it('refuses a check before the identity is entered → 409 identity_required', async () => {
      const person = await new SandboxPerson(server.url, resident()).login();
      expectError(
        await person.api.post('/api/mp/bankcard-checks', { cardNumber: bankCard(), consentVersion: '2026-12' }),
        409,
        'identity_required',
      );
    });

    it('refuses a check for a Hong Kong/Macau permit identity → 409 bank_card_not_required', async () => {
      const person = await new SandboxPerson(server.url, hkPermitHolder()).login();
      await person.enterIdentity();
      expectError(
        await person.api.post('/api/mp/bankcard-checks', { cardNumber: bankCard(), consentVersion: '2026-12' }),
        409,
        'bank_card_not_required',
      );
    });
  });

  describe('POST /api/mp/verifications and /complete', () => {
    it('refuses an entry check before the identity is entered → 409 identity_required', async () => {
      const person = await new SandboxPerson(server.url, resident()).login();
      expectError(
        await person.api.post('/api/mp/verifications', { purpose: 'entry', consentVersion: '2026-12' }),
        409,
        'identity_required',
      );
    });

    it('refuses an entry check of a resident ID holder without a bank card → 409 bank_card_required', async () => {
      const person = await new SandboxPerson(server.url, resident()).login();
      await person.enterIdentity();
      expectError(
        await person.api.post('/api/mp/verifications', { purpose: 'entry', consentVersion: '2026-12' }),
        409,
        'bank_card_required',
      );
    });

    it('starts the entry check of a permit holder without any bank card → 201', async () => {
      const person = await new SandboxPerson(server.url, hkPermitHolder()).login();
      await person.enterIdentity();
      const res = await person.api.post('/api/mp/verifications', { purpose: 'entry', consentVersion: '2026-12' });
      expect(res.status).toBe(201);
      expect(res.body).toEqual({ id: expect.any(String), provider: 'sandbox', params: expect.any(Object) });
    });

    it('refuses a face check for a passport identity → 409 manual_review_required', async () => {
      const person = await new SandboxPerson(server.url, passportHolder()).login();
      expect((await person.enterIdentity()).needsBankCard).toBe(false);
      expectError(
        await person.api.post('/api/mp/verifications', { purpose: 'entry', consentVersion: '2026-12' }),
        409,
        'manual_review_required',
      );
    });

    it('refuses a task check before the entry check → 403 entry_verification_required', async () => {
      const who = resident();
      const matter = await register([who]);
      const person = await new SandboxPerson(server.url, who).beforeEntry();
      const res = await person.api.post('/api/mp/verifications', {
        purpose: 'task',
        taskId: matter.participants[0].taskId,
        consentVersion: '2026-12',
      });
      expectError(res, 403, 'entry_verification_required');
    });

    it("refuses a task check of someone else's task → 404 not_found", async () => {
      const [mine, theirs] = [resident(), resident('李四')];
      const matter = await register([mine, theirs]);
      const person = await new SandboxPerson(server.url, mine).throughEntry();
      const res = await person.api.post('/api/mp/verifications', {
        purpose: 'task',
        taskId: matter.participants[1].taskId,
        consentVersion: '2026-12',
      });
      expectError(res, 404, 'not_found');
    });

    it('refuses a task check of an unknown task → 404 not_found', async () => {
      const person = await new SandboxPerson(server.url, resident()).throughEntry();
      expectError(
        await person.api.post('/api/mp/verifications', { purpose: 'task', taskId: 'no-such-task', consentVersion: '2026-12' }),
        404,
        'not_found',
      );
    });

    it('answers failed with a reason for a failed face check, and stays failed', async () => {
      const person = await new SandboxPerson(server.url, hkPermitHolder()).login();
      await person.enterIdentity();
      const { id, result } = await person.faceCheck({ purpose: 'entry' }, 'fail');
      expect(result).toEqual({ status: 'failed', reason: expect.stringMatching(CHINESE) });
      await person.api.post(`/api/sandbox/verifications/${id}/outcome`, { outcome: 'pass' });
      expect((await person.api.post(`/api/mp/verifications/${id}/complete`, {})).body.status).toBe('failed');
      expectError(await person.api.get('/api/mp/todos'), 403, 'entry_verification_required');
    });

    it('returns the face picture with the first complete only', async () => {
      const person = await new SandboxPerson(server.url, hkPermitHolder()).login();
      await person.enterIdentity();
      const { id, result } = await person.faceCheck({ purpose: 'entry' });
      expect(result).toEqual({ status: 'passed', facePicture: expect.stringMatching(/^data:image\//) });
      const again = await person.api.post(`/api/mp/verifications/${id}/complete`, {});
      expect(again.body).toEqual({ status: 'passed' });
    });

    it('gives the face picture to exactly one of several simultaneous completes', async () => {
      const person = await new SandboxPerson(server.url, hkPermitHolder()).login();
      await person.enterIdentity();
      const started = await person.api.post('/api/mp/verifications', { purpose: 'entry', consentVersion: '2026-12' });
      await person.api.post(`/api/sandbox/verifications/${started.body.id}/outcome`, { outcome: 'pass' });
      const answers = await Promise.all([1, 2, 3].map(() => person.api.post(`/api/mp/verifications/${started.body.id}/complete`, {})));
      expect(answers.map((a) => a.body.status)).toEqual(['passed', 'passed', 'passed']);
      expect(answers.filter((a) => a.body.facePicture).length).toBe(1);
    });

    it('answers failed for a check completed more than 30 minutes after it started', async () => {
      const person = await new SandboxPerson(server.url, hkPermitHolder()).login();
      await person.enterIdentity();
      const started = await person.api.post('/api/mp/verifications', { purpose: 'entry', consentVersion: '2026-12' });
      await person.api.post(`/api/sandbox/verifications/${started.body.id}/outcome`, { outcome: 'pass' });
      await withClockAhead(31 * MINUTE_MS, async (later) => {
        const res = await apiClient(later.url, person.token).post(`/api/mp/verifications/${started.body.id}/complete`, {});
        expect(res.body).toEqual({ status: 'failed', reason: expect.stringMatching(CHINESE) });
      });
      expectError(await person.api.get('/api/mp/todos'), 403, 'entry_verification_required');
    });

    it('refuses completing an unknown verification → 404 not_found', async () => {
      const person = await new SandboxPerson(server.url, resident()).login();
      expectError(await person.api.post('/api/mp/verifications/no-such-verification/complete', {}), 404, 'not_found');
    });
  });

  describe('GET /api/mp/todos', () => {
    it('refuses the list and a detail before the entry check → 403 entry_verification_required', async () => {
      const who = resident();
      const matter = await register([who]);
      const person = await new SandboxPerson(server.url, who).beforeEntry();
      expectError(await person.api.get('/api/mp/todos'), 403, 'entry_verification_required');
      expectError(await person.api.get(`/api/mp/todos/${matter.participants[0].taskId}`), 403, 'entry_verification_required');
    });

    it("lists only this person's tasks, newest first", async () => {
      const [a, b] = [resident('钱一'), resident('孙二')];
      const shared = await register([a, b]);
      const onlyB = await register([b]);
      const personA = await new SandboxPerson(server.url, a).throughEntry();
      const personB = await new SandboxPerson(server.url, b).throughEntry();
      expect((await personA.todos()).map((t) => t.taskId)).toEqual([shared.participants[0].taskId]);
      expect((await personB.todos()).map((t) => t.taskId)).toEqual([onlyB.participants[0].taskId, shared.participants[1].taskId]);
      const item = (await personA.todos())[0];
      expect(item).toEqual({
        taskId: shared.participants[0].taskId,
        matterId: shared.id,
        kind: '设立登记',
        entityName: '郑州某某科技有限公司',
        organization: null,
        roles: ['股东'],
        actions: ['verify', 'sign'],
        status: 'pending',
        decision: null,
        declineReason: null,
        createdAt: shared.createdAt,
        expiresAt: shared.expiresAt,
      });
    });

    it('gives the detail with the documents and the digest to confirm', async () => {
      const { matter, person, taskId } = await pendingTask();
      const detail = await person.detail(taskId);
      expect(detail).toMatchObject({ taskId, matterId: matter.id, documents: matter.documents, documentsDigest: matter.documentsDigest });
    });

    it("answers 404 for the detail of someone else's task", async () => {
      const [a, b] = [resident(), resident('李四')];
      const matter = await register([a, b]);
      const person = await new SandboxPerson(server.url, a).throughEntry();
      expectError(await person.api.get(`/api/mp/todos/${matter.participants[1].taskId}`), 404, 'not_found');
    });

    it('no longer lists a matter older than 7 days', async () => {
      const who = resident();
      const matter = await register([who]);
      expect((await (await new SandboxPerson(server.url, who).throughEntry()).todos()).map((t) => t.matterId)).toEqual([matter.id]);
      await withClockAhead(8 * DAY_MS, async (later) => {
        const person = await new SandboxPerson(later.url, who).throughEntry();
        expect(await person.todos()).toEqual([]);
      });
    });
  });

  describe('POST /api/mp/todos/:taskId/confirm', () => {
    it('confirms with a task check that passed for this very task → 200 {status: confirmed}', async () => {
      const { matter, person, taskId, documentsDigest } = await pendingTask();
      const verificationId = await person.passTaskCheck(taskId);
      expect((await person.detail(taskId)).verificationId).toBe(verificationId);
      const res = await confirm(person, taskId, { verificationId, documentsDigest, signature: goodSignature });
      expect(res).toMatchObject({ status: 200, body: { status: 'confirmed' } });
      expect((await person.todoOf(matter.id)).status).toBe('confirmed');
      expect((await view(matter.id)).participants[0]).toMatchObject({ verify: 'done', sign: 'done', confirmedAt: expect.any(String) });
    });

    it('takes a signature of up to 200 KB, although bodies elsewhere stop at BODY_LIMIT_KB', async () => {
      const { person, taskId, documentsDigest } = await pendingTask();
      const verificationId = await person.passTaskCheck(taskId);
      // A high-resolution pad: a faint, incompressible grain under the stroke makes a PNG of ~150 KB.
      const png = PNG.sync.read(Buffer.from(signaturePng(600, 240).split(',')[1], 'base64'));
      for (let i = 0; i < 600 * 240; i++) if (png.data[i * 4 + 3] === 0) png.data.set([255, 255, 255, randomInt(0, 4)], i * 4);
      const big = PNG.sync.write(png);
      expect(big.length).toBeGreaterThan(100 * 1024);
      expect(big.length).toBeLessThan(200 * 1024);
      const signature = `data:image/png;base64,${big.toString('base64')}`;

      expectError(
        await person.api.put('/api/mp/identity', { ...person.who, consentVersion: '2026-11', pad: signature }),
        413,
        'payload_too_large',
      );
      const res = await confirm(person, taskId, { verificationId, documentsDigest, signature });
      expect(res).toMatchObject({ status: 200, body: { status: 'confirmed' } });
      expectError(
        await confirm(person, taskId, { verificationId, documentsDigest, signature: signature + 'A'.repeat(200 * 1024) }),
        413,
        'payload_too_large',
      );
    });

    it('refuses a verify task without a verificationId → 409 task_verification_required', async () => {
      const { person, taskId, documentsDigest } = await pendingTask();
      expectError(await confirm(person, taskId, { documentsDigest, signature: goodSignature }), 409, 'task_verification_required');
    });

    it('refuses a failed verification → 409 verification_not_passed', async () => {
      const { person, taskId, documentsDigest } = await pendingTask();
      const { id, result } = await person.faceCheck({ purpose: 'task', taskId }, 'fail');
      expect(result.status).toBe('failed');
      expectError(
        await confirm(person, taskId, { verificationId: id, documentsDigest, signature: goodSignature }),
        409,
        'verification_not_passed',
      );
    });

    it('refuses a stale documents digest → 409 digest_mismatch', async () => {
      const { person, taskId } = await pendingTask();
      const verificationId = await person.passTaskCheck(taskId);
      expectError(
        await confirm(person, taskId, { verificationId, documentsDigest: sha('other documents'), signature: goodSignature }),
        409,
        'digest_mismatch',
      );
    });

    it('refuses a blank signature → 400 signature_blank', async () => {
      const { person, taskId, documentsDigest } = await pendingTask();
      const verificationId = await person.passTaskCheck(taskId);
      const blank = signaturePng(300, 120, true, [255, 255, 255, 255]);
      expectError(await confirm(person, taskId, { verificationId, documentsDigest, signature: blank }), 400, 'signature_blank');
    });

    it('refuses a PNG data URL whose bytes are not a PNG → 400 signature_invalid', async () => {
      const { person, taskId, documentsDigest } = await pendingTask();
      const verificationId = await person.passTaskCheck(taskId);
      expectError(await confirm(person, taskId, { verificationId, documentsDigest, signature: notAPng }), 400, 'signature_invalid');
    });

    it('refuses a signature that is not a PNG data URL → 400 validation_failed naming signature', async () => {
      const { person, taskId, documentsDigest } = await pendingTask();
      const verificationId = await person.passTaskCheck(taskId);
      const res = await confirm(person, taskId, { verificationId, documentsDigest, signature: 'data:image/jpeg;base64,/9j/4AAQ' });
      expect(expectError(res, 400, 'validation_failed').details.field).toBe('signature');
    });

    it('refuses a sign task without a signature → 400 signature_required', async () => {
      const { person, taskId, documentsDigest } = await pendingTask();
      const verificationId = await person.passTaskCheck(taskId);
      expectError(await confirm(person, taskId, { verificationId, documentsDigest }), 400, 'signature_required');
    });

    it('keeps the face check usable after a refused signature: the retry is confirmed', async () => {
      const { person, taskId, documentsDigest } = await pendingTask();
      const verificationId = await person.passTaskCheck(taskId);
      expect((await confirm(person, taskId, { verificationId, documentsDigest, signature: notAPng })).status).toBe(400);
      expect((await confirm(person, taskId, { verificationId, documentsDigest, signature: goodSignature })).status).toBe(200);
    });

    it('refuses a verification that passed more than 10 minutes ago → 410 verification_expired', async () => {
      const { person, taskId, documentsDigest } = await pendingTask();
      const verificationId = await person.passTaskCheck(taskId);
      await withClockAhead(11 * MINUTE_MS, async (later) => {
        const res = await apiClient(later.url, person.token).post(`/api/mp/todos/${taskId}/confirm`, {
          verificationId,
          documentsDigest,
          signature: goodSignature,
        });
        expectError(res, 410, 'verification_expired');
      });
    });

    it('refuses a task already confirmed → 409 task_not_pending', async () => {
      const { person, taskId, documentsDigest } = await pendingTask();
      const verificationId = await person.passTaskCheck(taskId);
      const body = { verificationId, documentsDigest, signature: goodSignature };
      expect((await confirm(person, taskId, body)).status).toBe(200);
      expectError(await confirm(person, taskId, body), 409, 'task_not_pending');
    });

    it("refuses someone else's task → 404 not_found", async () => {
      const [a, b] = [resident(), resident('李四')];
      const matter = await register([a, b]);
      const person = await new SandboxPerson(server.url, a).throughEntry();
      const res = await confirm(person, matter.participants[1].taskId, {
        verificationId: 'v',
        documentsDigest: matter.documentsDigest,
        signature: goodSignature,
      });
      expectError(res, 404, 'not_found');
    });

    it('refuses a task of a cancelled matter → 409 matter_cancelled', async () => {
      const { matter, person, taskId, documentsDigest } = await pendingTask();
      const verificationId = await person.passTaskCheck(taskId);
      expect((await portal().delete(`/api/portal/matters/${matter.id}`)).status).toBe(200);
      expectError(await confirm(person, taskId, { verificationId, documentsDigest, signature: goodSignature }), 409, 'matter_cancelled');
    });

    it('refuses a task of a matter past its 7 days → 410 matter_expired', async () => {
      const { person, taskId, documentsDigest } = await pendingTask();
      await withClockAhead(8 * DAY_MS, async (later) => {
        const laterPerson = await new SandboxPerson(later.url, person.who).throughEntry();
        expect((await laterPerson.detail(taskId)).status).toBe('expired');
        expectError(
          await confirm(laterPerson, taskId, { verificationId: 'v', documentsDigest, signature: goodSignature }),
          410,
          'matter_expired',
        );
      });
    });

    it('gives exactly one confirmation to two simultaneous confirms with the same verification (one 200, one 409)', async () => {
      const { matter, person, taskId, documentsDigest } = await pendingTask();
      const verificationId = await person.passTaskCheck(taskId);
      const before = await view(matter.id);
      const body = { verificationId, documentsDigest, signature: goodSignature };
      const answers = await Promise.all([confirm(person, taskId, body), confirm(person, taskId, body)]);
      expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
      const refused = answers.find((a) => a.status === 409)!;
      expect(['verification_used', 'task_not_pending']).toContain(refused.body.error.code);
      expect(refused.body.error.message).toMatch(CHINESE);
      const after = await view(matter.id);
      expect(after.progress).toEqual({ done: 1, total: 1 });
      expect(after.version).toBe(before.version + 1); // one task.confirmed event, not two
    });

    it('answers simultaneous retries of one confirm (same X-Request-Id) with one 200 and 409s, never a 500', async () => {
      // A race: a few rounds make a lost one visible.
      for (let round = 0; round < 8; round++) {
        const { matter, person, taskId, documentsDigest } = await pendingTask();
        const verificationId = await person.passTaskCheck(taskId);
        const before = await view(matter.id);
        const send = () =>
          person.api.raw(`/api/mp/todos/${taskId}/confirm`, {
            method: 'POST',
            headers: {
              authorization: `Bearer ${person.token}`,
              'content-type': 'application/json',
              'x-request-id': `retried-request-${round}`,
            },
            body: JSON.stringify({ verificationId, documentsDigest, signature: goodSignature }),
          });
        const statuses = (await Promise.all(Array.from({ length: 8 }, send))).map((r) => r.status);
        expect(statuses.sort()).toEqual([200, 409, 409, 409, 409, 409, 409, 409]);
        const after = await view(matter.id);
        expect(after.progress).toEqual({ done: 1, total: 1 });
        expect(after.version).toBe(before.version + 1);
      }
    });
  });

  describe('a sign-only task', () => {
    it('confirms without any task verification', async () => {
      const who = { ...resident(), actions: ['sign' as const] };
      const { matter, person, taskId, documentsDigest } = await pendingTask(who);
      expect(matter.participants[0]).toMatchObject({ verify: 'n/a', sign: 'pending' });
      const res = await confirm(person, taskId, { documentsDigest, signature: goodSignature });
      expect(res).toMatchObject({ status: 200, body: { status: 'confirmed' } });
      expect(await view(matter.id)).toMatchObject({ status: 'ready', canSubmit: true, participants: [{ verify: 'n/a', sign: 'done' }] });
    });

    it('refuses to start a face check for it → 409 task_not_pending', async () => {
      const { person, taskId } = await pendingTask({ ...resident(), actions: ['sign'] });
      expectError(
        await person.api.post('/api/mp/verifications', { purpose: 'task', taskId, consentVersion: '2026-12' }),
        409,
        'task_not_pending',
      );
    });
  });

  describe('manual review of a passport holder', () => {
    const operatorKey = operatorAuthorization();
    const traveller = passportHolder();
    const local = resident('郑十');
    let matter: any;
    let reviewTaskId: string;
    /** An operator decision, with the operator key unless another (or none: null) is given. */
    const review = (taskId: string, body: unknown, key: string | null = operatorKey) =>
      apiClient(server.url, key ?? undefined).post(`/api/operator/tasks/${taskId}/review`, body);

    beforeAll(async () => {
      matter = await register([traveller, local]);
      reviewTaskId = matter.participants[0].taskId;
      await (await new SandboxPerson(server.url, local).throughEntry()).confirm(matter.id);
    });

    it('shows the passport holder as manual_review (待人工核验) on the portal', () => {
      expect(matter.participants[0]).toMatchObject({ idType: 'passport', verify: 'manual_review', review: 'pending' });
    });

    it('lets the passport holder start no face check → 409 manual_review_required', async () => {
      const person = await new SandboxPerson(server.url, traveller).login();
      await person.enterIdentity();
      expectError(
        await person.api.post('/api/mp/verifications', { purpose: 'entry', consentVersion: '2026-12' }),
        409,
        'manual_review_required',
      );
    });

    it('refuses an unknown decision → 400 validation_failed', async () => {
      expect(expectError(await review(reviewTaskId, { decision: 'maybe' }), 400, 'validation_failed').details.field).toBe('decision');
    });

    it('refuses a decision on a task that needs no review → 409 review_not_pending', async () => {
      expectError(await review(matter.participants[1].taskId, { decision: 'approved' }), 409, 'review_not_pending');
    });

    it('answers 404 for an unknown task', async () => {
      expectError(await review('no-such-task', { decision: 'approved' }), 404, 'not_found');
    });

    it('confirms the task on approval, and the matter is ready once everyone else is done', async () => {
      const res = await review(reviewTaskId, { decision: 'approved' });
      expect(res.status).toBe(200);
      expect(res.body.participants[0]).toMatchObject({ verify: 'done', review: 'approved', confirmedAt: expect.any(String) });
      expect(res.body).toMatchObject({ status: 'ready', canSubmit: true, progress: { done: 2, total: 2 } });
      expect((await portal().post(`/api/portal/matters/${matter.id}/submit`)).status).toBe(200);
    });

    it('answers the same decision again without a change', async () => {
      const before = await view(matter.id);
      const res = await review(reviewTaskId, { decision: 'approved' });
      expect(res.status).toBe(200);
      expect(res.body.version).toBe(before.version);
    });

    it('refuses a second, different decision → 409 review_not_pending', async () => {
      expectError(await review(reviewTaskId, { decision: 'refused', reason: '证件与本人不符' }), 409, 'review_not_pending');
    });

    it('gives a sign-only passport holder a way to finish too: the operator can approve the task', async () => {
      // They cannot pass the entry face check, so they can never sign in the mini-program.
      const other = await register([{ ...passportHolder('黄女士'), actions: ['sign'] }]);
      const res = await review(other.participants[0].taskId, { decision: 'approved' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ status: 'ready', progress: { done: 1, total: 1 } });
    });

    it('keeps a refused task pending, so the matter cannot be submitted', async () => {
      const other = await register([passportHolder('白先生')]);
      const res = await review(other.participants[0].taskId, { decision: 'refused', reason: '证件与本人不符' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        status: 'pending',
        canSubmit: false,
        participants: [{ verify: 'manual_review', review: 'refused', confirmedAt: null }],
      });
      expectError(await portal().post(`/api/portal/matters/${other.id}/submit`), 409, 'matter_not_ready');
    });
  });
});
