import { MatterViewSchema } from '@regverify/shared';
import { apiClient } from '../../../test/client';
import { openTestDatabase } from '../../../test/database';
import { matterRequest, residentId, sha, signaturePng, type PersonSpec } from '../../../test/factories';
import { expectError, SandboxPerson } from '../../../test/person';
import { startTestServer, type TestServer } from '../../../test/server';

/** Two tenants, each with its own portal key. */
const PORTAL_KEYS = 'demo:demo-portal-key,other:other-portal-key-123';
const DAY_MS = 24 * 3600_000;

let seq = 0;
/** A resident ID holder that no other test of this file names. */
const resident = (name = '张三'): PersonSpec => ({ name, idType: 'resident_id', idNumber: residentId(++seq) });

const newDocuments = [
  { name: '公司登记（备案）申请书', sha256: sha('application v2') },
  { name: '公司章程', sha256: sha('articles v2') },
];

describe('portal API', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let server: TestServer;
  const portal = () => apiClient(server.url, 'demo-portal-key');
  const otherTenant = () => apiClient(server.url, 'other-portal-key-123');

  /** Registers a matter for the demo tenant and returns its view. */
  const register = async (people: PersonSpec[], over: Record<string, unknown> = {}) => {
    const res = await portal().post('/api/portal/matters', matterRequest(people, over));
    expect(res.status).toBe(201);
    return res.body.matter;
  };
  const view = async (matterId: string) => {
    const res = await portal().get(`/api/portal/matters/${matterId}`);
    expect(res.status).toBe(200);
    return res.body;
  };

  beforeAll(async () => {
    db = await openTestDatabase();
    server = await startTestServer(db.conn, { PORTAL_KEYS });
  });
  afterAll(async () => {
    await server.close();
    await db.drop();
  });

  describe('POST /api/portal/matters', () => {
    it('registers a matter with one task per person → 201 with the view and the ways in', async () => {
      const people = [resident('张三'), { name: '陈大文', idType: 'hk_macau_permit' as const, idNumber: 'H12345678', roles: ['董事'] }];
      const res = await portal().post('/api/portal/matters', matterRequest(people));
      expect(res.status).toBe(201);
      expect(MatterViewSchema.safeParse(res.body.matter).success).toBe(true);
      expect(res.body.matter).toMatchObject({ status: 'pending', version: 1, progress: { done: 0, total: 2 }, canSubmit: false });
      expect(res.body.matter.participants.map((p: { verify: string; sign: string }) => [p.verify, p.sign])).toEqual([
        ['pending', 'pending'],
        ['pending', 'pending'],
      ]);
      expect(res.body.entry).toEqual({
        qrText: expect.any(String),
        alipayUrl: expect.any(String),
        weappPath: `pages/entry/index?matterId=${res.body.matter.id}`,
        weappQrUrl: expect.stringMatching(new RegExp(`/entry/${res.body.matter.id}/weapp\\.png$`)),
      });
      expect(JSON.stringify(res.body)).not.toContain(people[0].idNumber);
    });

    it('answers 200 with the same matter when the same portalRef comes again with the same content', async () => {
      const request = matterRequest([resident()]);
      const first = await portal().post('/api/portal/matters', request);
      expect(first.status).toBe(201);
      const again = await portal().post('/api/portal/matters', request);
      expect(again.status).toBe(200);
      expect(again.body.matter.id).toBe(first.body.matter.id);
      expect(again.body.matter.version).toBe(first.body.matter.version);
    });

    it('gives one matter to simultaneous registrations of the same portalRef (one 201, the others 200), leaving nothing of the others behind', async () => {
      const { Task, MatterEvent } = server.services.models;
      const before = [await Task.countDocuments(), await MatterEvent.countDocuments()];
      const request = matterRequest([resident()]);
      const answers = await Promise.all([1, 2, 3].map(() => portal().post('/api/portal/matters', request)));
      expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 201]);
      expect(new Set(answers.map((a) => a.body.matter.id)).size).toBe(1);
      expect([await Task.countDocuments(), await MatterEvent.countDocuments()]).toEqual([before[0] + 1, before[1] + 1]);
    });

    it('refuses the same portalRef with other content → 409 portal_ref_conflict', async () => {
      const request = matterRequest([resident()]);
      expect((await portal().post('/api/portal/matters', request)).status).toBe(201);
      const res = await portal().post('/api/portal/matters', { ...request, entityName: '郑州另一家科技有限公司' });
      expectError(res, 409, 'portal_ref_conflict');
    });

    it('keeps tenants apart: the same portalRef under another tenant is another matter', async () => {
      const request = matterRequest([resident()]);
      const mine = await portal().post('/api/portal/matters', request);
      const theirs = await otherTenant().post('/api/portal/matters', request);
      expect([mine.status, theirs.status]).toEqual([201, 201]);
      expect(theirs.body.matter.id).not.toBe(mine.body.matter.id);
      expect(theirs.body.matter.portalRef).toBe(mine.body.matter.portalRef);
    });

    it.each([
      [
        'an ID number with a wrong check character',
        () => matterRequest([{ name: '张三', idType: 'resident_id', idNumber: '110105194912310021' }]),
        'participants[0].idNumber',
      ],
      ['no documents', () => ({ ...matterRequest([resident()]), documents: undefined }), 'documents'],
      ['an empty document list', () => matterRequest([resident()], { documents: [] }), 'documents'],
      [
        'a document digest that is not 64 hex characters',
        () => matterRequest([resident()], { documents: [{ name: '公司章程', sha256: 'abc123' }] }),
        'documents[0].sha256',
      ],
      [
        'the same person twice',
        () => {
          const p = resident();
          return matterRequest([p, { ...p, roles: ['监事'] }]);
        },
        'participants[1].idNumber',
      ],
      ['no participants', () => matterRequest([]), 'participants'],
      ['an unknown document type', () => matterRequest([{ ...resident(), idType: 'driving_licence' as never }]), 'participants[0].idType'],
      ['a person without roles', () => matterRequest([{ ...resident(), roles: [] }]), 'participants[0].roles'],
      ['a portalRef with spaces', () => matterRequest([resident()], { portalRef: 'HN 2026 1' }), 'portalRef'],
    ])('refuses %s → 400 validation_failed naming the field', async (_label, body, field) => {
      const error = expectError(await portal().post('/api/portal/matters', body()), 400, 'validation_failed');
      expect(error.details.field).toBe(field);
    });

    it('does not echo a refused ID number in the error', async () => {
      const res = await portal().post(
        '/api/portal/matters',
        matterRequest([{ name: '张三', idType: 'resident_id', idNumber: '110105194912310021' }]),
      );
      expect(res.status).toBe(400);
      expect(JSON.stringify(res.body)).not.toContain('110105194912310021');
    });

    it('refuses malformed JSON → 400 invalid_json', async () => {
      const res = await portal().raw('/api/portal/matters', {
        method: 'POST',
        headers: { authorization: 'Bearer demo-portal-key', 'content-type': 'application/json' },
        body: '{"portalRef": ',
      });
      expectError({ status: res.status, body: await res.json(), headers: res.headers }, 400, 'invalid_json');
    });

    it('refuses a request without a portal key → 401 unauthorized', async () => {
      expectError(await apiClient(server.url).post('/api/portal/matters', matterRequest([resident()])), 401, 'unauthorized');
    });

    it('refuses a wrong portal key → 401 unauthorized', async () => {
      expectError(
        await apiClient(server.url, 'not-a-portal-key-000').post('/api/portal/matters', matterRequest([resident()])),
        401,
        'unauthorized',
      );
    });
  });

  describe('GET /api/portal/matters/:id', () => {
    it('answers 200 with the view, which never carries a full ID number', async () => {
      const people = [resident('欧阳娜娜'), resident('李四')];
      const matter = await register(people);
      const res = await portal().get(`/api/portal/matters/${matter.id}`);
      expect(res.status).toBe(200);
      expect(MatterViewSchema.safeParse(res.body).success).toBe(true);
      expect(res.body).toEqual(matter);
      expect(res.body.participants.map((p: { name: string }) => p.name)).toEqual(['欧***', '李*']);
      for (const p of people) expect(JSON.stringify(res.body)).not.toContain(p.idNumber);
      expect(res.body.participants[0].idNumberMasked).toBe(`${people[0].idNumber.slice(0, 4)}**********${people[0].idNumber.slice(-4)}`);
    });

    it('answers 404 not_found for an unknown id', async () => {
      expectError(await portal().get('/api/portal/matters/no-such-matter'), 404, 'not_found');
    });
  });

  describe('PUT /api/portal/matters/:id/documents', () => {
    const people = [resident('王五'), resident('赵六')];
    let before: any;
    let after: any;
    let person: SandboxPerson;

    beforeAll(async () => {
      const matter = await register(people);
      person = await new SandboxPerson(server.url, people[0]).throughEntry();
      await person.confirm(matter.id);
      before = await view(matter.id);
      expect(before.participants[0]).toMatchObject({ verify: 'done', sign: 'done', confirmedAt: expect.any(String) });
      const res = await portal().put(`/api/portal/matters/${matter.id}/documents`, { documents: newDocuments });
      expect(res.status).toBe(200);
      after = res.body;
    });

    it('answers a new documentsDigest and a higher version', () => {
      expect(after.documentsDigest).not.toBe(before.documentsDigest);
      expect(after.version).toBeGreaterThan(before.version);
      expect(after.documents).toEqual(newDocuments.map((d) => ({ ...d, hasContent: false })));
    });

    it('sends every confirmed task back to pending', () => {
      expect(after.participants[0]).toMatchObject({ verify: 'pending', sign: 'pending', confirmedAt: null });
      expect(after.progress).toEqual({ done: 0, total: 2 });
      expect(after).toMatchObject({ status: 'pending', canSubmit: false });
    });

    it('shows the person the new documents and digest', async () => {
      const todo = await person.todoOf(after.id);
      const detail = await person.detail(todo.taskId);
      expect(detail).toMatchObject({ status: 'pending', documentsDigest: after.documentsDigest, documents: newDocuments });
    });

    it('no longer serves the signature given for the old documents → 404 signature_not_found', async () => {
      const res = await portal().get(`/api/portal/matters/${after.id}/tasks/${after.participants[0].taskId}/signature`);
      expectError(res, 404, 'signature_not_found');
    });

    it('refuses a confirmation of the old documents afterwards → 409 digest_mismatch', async () => {
      const { taskId } = await person.todoOf(after.id);
      const verificationId = await person.passTaskCheck(taskId);
      const res = await person.api.post(`/api/mp/todos/${taskId}/confirm`, {
        verificationId,
        documentsDigest: before.documentsDigest,
        signature: signaturePng(),
      });
      expectError(res, 409, 'digest_mismatch');
      expect((await view(after.id)).progress).toEqual({ done: 0, total: 2 });
    });

    it('changes nothing when the same documents come again (same version)', async () => {
      const current = await view(after.id);
      const res = await portal().put(`/api/portal/matters/${after.id}/documents`, { documents: newDocuments });
      expect(res.status).toBe(200);
      expect(res.body.version).toBe(current.version);
      expect(res.body.documentsDigest).toBe(current.documentsDigest);
    });

    it('refuses new documents for a cancelled matter → 409 matter_cancelled', async () => {
      const matter = await register([resident()]);
      expect((await portal().delete(`/api/portal/matters/${matter.id}`)).status).toBe(200);
      expectError(await portal().put(`/api/portal/matters/${matter.id}/documents`, { documents: newDocuments }), 409, 'matter_cancelled');
    });

    it('refuses a bad document list → 400 validation_failed', async () => {
      const error = expectError(
        await portal().put(`/api/portal/matters/${after.id}/documents`, { documents: [] }),
        400,
        'validation_failed',
      );
      expect(error.details.field).toBe('documents');
    });
  });

  describe('POST /api/portal/matters/:id/viewer-token', () => {
    it('answers 201 with a token that expires about 15 minutes ahead', async () => {
      const matter = await register([resident()]);
      const res = await portal().post(`/api/portal/matters/${matter.id}/viewer-token`);
      expect(res.status).toBe(201);
      expect(res.body).toEqual({ token: expect.any(String), expiresAt: expect.any(String) });
      const ahead = Date.parse(res.body.expiresAt) - Date.now();
      expect(ahead).toBeGreaterThan(14 * 60_000);
      expect(ahead).toBeLessThanOrEqual(15 * 60_000 + 1000);
    });

    it('answers 404 for an unknown matter', async () => {
      expectError(await portal().post('/api/portal/matters/no-such-matter/viewer-token'), 404, 'not_found');
    });
  });

  describe('POST /api/portal/matters/:id/submit', () => {
    const people = [resident('孙七'), resident('周八')];
    let matter: any;

    beforeAll(async () => {
      matter = await register(people);
    });

    it('refuses an early submit → 409 matter_not_ready listing every pending task', async () => {
      const error = expectError(await portal().post(`/api/portal/matters/${matter.id}/submit`), 409, 'matter_not_ready');
      expect([...error.details.pending].sort()).toEqual(matter.participants.map((p: { taskId: string }) => p.taskId).sort());
    });

    it('lists only the tasks still pending once someone has confirmed', async () => {
      await (await new SandboxPerson(server.url, people[0]).throughEntry()).confirm(matter.id);
      const error = expectError(await portal().post(`/api/portal/matters/${matter.id}/submit`), 409, 'matter_not_ready');
      expect(error.details.pending).toEqual([matter.participants[1].taskId]);
    });

    it('submits once everyone has confirmed → 200, and again gives the same answer', async () => {
      await (await new SandboxPerson(server.url, people[1]).throughEntry()).confirm(matter.id);
      const first = await portal().post(`/api/portal/matters/${matter.id}/submit`);
      expect(first.status).toBe(200);
      expect(first.body.matter).toMatchObject({ status: 'submitted', progress: { done: 2, total: 2 } });
      expect(Date.parse(first.body.submittedAt)).not.toBeNaN();
      const again = await portal().post(`/api/portal/matters/${matter.id}/submit`);
      expect(again.status).toBe(200);
      expect(again.body.submittedAt).toBe(first.body.submittedAt);
      expect(again.body.matter.version).toBe(first.body.matter.version);
    });

    it('refuses a submit after the 7 days → 410 matter_expired, and the view then says expired', async () => {
      const old = await register([resident()]);
      const later = await startTestServer(db.conn, { PORTAL_KEYS }, { now: () => new Date(Date.now() + 8 * DAY_MS) });
      try {
        const laterPortal = apiClient(later.url, 'demo-portal-key');
        expectError(await laterPortal.post(`/api/portal/matters/${old.id}/submit`), 410, 'matter_expired');
        const seen = await laterPortal.get(`/api/portal/matters/${old.id}`);
        expect(seen.body).toMatchObject({ status: 'expired', canSubmit: false });
        expect(seen.body.version).toBeGreaterThan(old.version);
      } finally {
        await later.close();
      }
      // The expiry is recorded, not only computed: the normal clock sees it too.
      expect((await view(old.id)).status).toBe('expired');
    });

    it('refuses a submit of a cancelled matter → 409 matter_cancelled', async () => {
      const cancelled = await register([resident()]);
      await portal().delete(`/api/portal/matters/${cancelled.id}`);
      expectError(await portal().post(`/api/portal/matters/${cancelled.id}/submit`), 409, 'matter_cancelled');
    });
  });

  describe('DELETE /api/portal/matters/:id', () => {
    it('cancels → 200 with status cancelled, and again gives the same view', async () => {
      const matter = await register([resident()]);
      const first = await portal().delete(`/api/portal/matters/${matter.id}`);
      expect(first.status).toBe(200);
      expect(first.body).toMatchObject({ status: 'cancelled', canSubmit: false });
      expect(first.body.version).toBeGreaterThan(matter.version);
      const again = await portal().delete(`/api/portal/matters/${matter.id}`);
      expect(again.status).toBe(200);
      expect(again.body).toEqual(first.body);
    });

    it('refuses to cancel a submitted matter → 409 matter_submitted', async () => {
      const who = resident();
      const matter = await register([who]);
      await (await new SandboxPerson(server.url, who).throughEntry()).confirm(matter.id);
      expect((await portal().post(`/api/portal/matters/${matter.id}/submit`)).status).toBe(200);
      expectError(await portal().delete(`/api/portal/matters/${matter.id}`), 409, 'matter_submitted');
      expect((await view(matter.id)).status).toBe('submitted');
    });

    it("shows the person's to-do as cancelled and refuses to start its face check → 409 matter_cancelled", async () => {
      const who = resident();
      const matter = await register([who]);
      const person = await new SandboxPerson(server.url, who).throughEntry();
      expect((await person.todoOf(matter.id)).status).toBe('pending');
      expect((await portal().delete(`/api/portal/matters/${matter.id}`)).status).toBe(200);
      const todo = await person.todoOf(matter.id);
      expect(todo.status).toBe('cancelled');
      expectError(
        await person.api.post('/api/mp/verifications', { purpose: 'task', taskId: todo.taskId, consentVersion: '2026-12' }),
        409,
        'matter_cancelled',
      );
    });
  });

  describe('GET /api/portal/matters/:id/tasks/:taskId/signature', () => {
    const who = resident('吴九');
    let matter: any;

    beforeAll(async () => {
      matter = await register([who]);
    });

    it('answers 404 signature_not_found before the person has signed', async () => {
      expectError(
        await portal().get(`/api/portal/matters/${matter.id}/tasks/${matter.participants[0].taskId}/signature`),
        404,
        'signature_not_found',
      );
    });

    it('answers 200 image/png once signed', async () => {
      await (await new SandboxPerson(server.url, who).throughEntry()).confirm(matter.id);
      const res = await portal().raw(`/api/portal/matters/${matter.id}/tasks/${matter.participants[0].taskId}/signature`, {
        headers: { authorization: 'Bearer demo-portal-key' },
      });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('image/png');
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(
        Buffer.from(await res.arrayBuffer())
          .subarray(1, 4)
          .toString(),
      ).toBe('PNG');
    });

    it('answers 404 not_found for a task that is not part of the matter', async () => {
      expectError(await portal().get(`/api/portal/matters/${matter.id}/tasks/no-such-task/signature`), 404, 'not_found');
    });
  });
});
