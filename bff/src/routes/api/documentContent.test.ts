/**
 * Read what you confirm: a portal uploads each document's PDF (checked against its SHA-256), the
 * person opens it in the mini-program, and 确认 waits until every document with content has been
 * opened by this person since the documents last changed. The files are sealed at rest and go with
 * the matter's personal data.
 */
import { apiClient } from '../../../test/client';
import { openTestDatabase } from '../../../test/database';
import { matterRequest, residentId, sha, signaturePng, type PersonSpec } from '../../../test/factories';
import { openContent, pdfBytes, pdfDocument, uploadContent } from '../../../test/documents';
import { expectError, SandboxPerson } from '../../../test/person';
import { startTestServer, type TestServer } from '../../../test/server';
import { DOCUMENT_BUCKET } from '../../models/documentFiles';

let seq = 0;
const resident = (name = '张三'): PersonSpec => ({ name, idType: 'resident_id', idNumber: residentId(7100 + ++seq) });

describe('document contents', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let server: TestServer;
  const portal = (key = 'demo-portal-key') => apiClient(server.url, key);
  const application = pdfBytes('application form');
  const articles = pdfBytes('articles of association');

  /** A matter whose first two documents have PDFs (the third has none), with both uploaded unless told. */
  const withFiles = async (people: PersonSpec[], upload = true) => {
    const created = await portal().post(
      '/api/portal/matters',
      matterRequest(people, {
        documents: [
          pdfDocument('公司登记（备案）申请书', application),
          pdfDocument('公司章程', articles),
          { name: '股东会决议', sha256: sha('x') },
        ],
      }),
    );
    expect(created.status).toBe(201);
    const matter = created.body.matter;
    if (upload) {
      expect((await uploadContent(portal(), matter.id, 0, application)).status).toBe(200);
      expect((await uploadContent(portal(), matter.id, 1, articles)).status).toBe(200);
    }
    return matter;
  };
  const filesOf = (matterId: string) =>
    db.conn.db!.collection(`${DOCUMENT_BUCKET}.files`).countDocuments({ 'metadata.matterId': matterId });
  const confirmBody = async (person: SandboxPerson, taskId: string) => ({
    verificationId: await person.passTaskCheck(taskId),
    documentsDigest: (await person.detail(taskId)).documentsDigest,
    signature: signaturePng(),
  });

  beforeAll(async () => {
    db = await openTestDatabase();
    server = await startTestServer(db.conn, { PORTAL_KEYS: 'demo:demo-portal-key,other:other-portal-key' });
  });
  afterAll(async () => {
    await server.close();
    await db.drop();
  });

  describe('PUT /api/portal/matters/:id/documents/:index/content', () => {
    it('takes the bytes whose SHA-256 the document names: 200 with index, digest and size; the view says hasContent', async () => {
      const matter = await withFiles([resident()], false);
      expect(matter.documents.map((d: { hasContent: boolean }) => d.hasContent)).toEqual([false, false, false]);
      const res = await uploadContent(portal(), matter.id, 1, articles);
      expect(res).toMatchObject({ status: 200, body: { index: 1, sha256: pdfDocument('', articles).sha256, size: articles.length } });
      const after = (await portal().get(`/api/portal/matters/${matter.id}`)).body;
      expect(after.documents.map((d: { hasContent: boolean }) => d.hasContent)).toEqual([false, true, false]);
      expect(after.version).toBeGreaterThan(matter.version);
      // The same bytes again change nothing.
      expect((await uploadContent(portal(), matter.id, 1, articles)).status).toBe(200);
      expect((await portal().get(`/api/portal/matters/${matter.id}`)).body.version).toBe(after.version);
      expect(await filesOf(matter.id)).toBe(1);
    });

    it('refuses other bytes → 400 document_digest_mismatch, and keeps nothing', async () => {
      const matter = await withFiles([resident()], false);
      const error = expectError(await uploadContent(portal(), matter.id, 0, articles), 400, 'document_digest_mismatch');
      expect(error.details).toMatchObject({ index: 0 });
      expect(await filesOf(matter.id)).toBe(0);
      expectError(await uploadContent(portal(), matter.id, 0, Buffer.alloc(0)), 400, 'document_digest_mismatch');
    });

    it('answers 404 for a document without contentType, an index out of range, and another tenant’s matter', async () => {
      const matter = await withFiles([resident()], false);
      expectError(await uploadContent(portal(), matter.id, 2, application), 404, 'not_found');
      expectError(await uploadContent(portal(), matter.id, 3, application), 404, 'not_found');
      expectError(await uploadContent(portal('other-portal-key'), matter.id, 0, application), 404, 'not_found');
      expectError(await uploadContent(portal(), 'no-such-matter', 0, application), 404, 'not_found');
    });

    it('refuses another content type → 415, an index that is not a number → 400, more than 20 MB → 413', async () => {
      const matter = await withFiles([resident()], false);
      expectError(await uploadContent(portal(), matter.id, 0, application, 'application/json'), 415, 'unsupported_media_type');
      expectError(await uploadContent(portal(), matter.id, 'first' as never, application), 400, 'validation_failed');
      const large = Buffer.alloc(20 * 1024 * 1024 + 1, 0x20);
      expectError(await uploadContent(portal(), matter.id, 0, large), 413, 'payload_too_large');
      expect(await filesOf(matter.id)).toBe(0);
    });

    it('seals the file at rest: the database holds no byte run of the PDF', async () => {
      const matter = await withFiles([resident()]);
      const chunks = await db.conn.db!.collection(`${DOCUMENT_BUCKET}.chunks`).find().toArray();
      const stored = Buffer.concat(chunks.map((c) => Buffer.from(c.data.buffer)));
      expect(stored.length).toBeGreaterThan(0);
      expect(stored.includes(Buffer.from('articles of association'))).toBe(false);
      expect(stored.includes(Buffer.from('%PDF'))).toBe(false);
      // The portal reads back exactly what it uploaded.
      const back = await portal().raw(`/api/portal/matters/${matter.id}/documents/1/content`, {
        headers: { authorization: 'Bearer demo-portal-key' },
      });
      expect(back.headers.get('content-type')).toBe('application/pdf');
      expect(Buffer.from(await back.arrayBuffer())).toEqual(articles);
    });
  });

  describe('the person opens and confirms', () => {
    it('serves the PDF to the person named in the matter, records the opening; 确认 waits for every document with content', async () => {
      const who = resident();
      const matter = await withFiles([who]);
      const person = await new SandboxPerson(server.url, who).throughEntry();
      const { taskId } = await person.todoOf(matter.id);
      const detail = await person.detail(taskId);
      expect(detail.documents).toEqual([
        expect.objectContaining({ name: '公司登记（备案）申请书', hasContent: true, viewed: false }),
        expect.objectContaining({ name: '公司章程', hasContent: true, viewed: false }),
        expect.objectContaining({ name: '股东会决议', hasContent: false, viewed: false }),
      ]);

      const refused = expectError(
        await person.api.post(`/api/mp/todos/${taskId}/confirm`, await confirmBody(person, taskId)),
        409,
        'documents_not_viewed',
      );
      expect(refused.details).toEqual({ indexes: [0, 1] });

      const opened = await openContent(person.api, taskId, 0);
      expect(opened.status).toBe(200);
      expect(opened.contentType).toBe('application/pdf');
      expect(opened.headers.get('cache-control')).toBe('no-store');
      expect(opened.bytes).toEqual(application);
      expect((await person.detail(taskId)).documents.map((d: { viewed: boolean }) => d.viewed)).toEqual([true, false, false]);
      const still = expectError(
        await person.api.post(`/api/mp/todos/${taskId}/confirm`, await confirmBody(person, taskId)),
        409,
        'documents_not_viewed',
      );
      expect(still.details).toEqual({ indexes: [1] });

      expect((await openContent(person.api, taskId, 1)).bytes).toEqual(articles);
      expect((await person.api.post(`/api/mp/todos/${taskId}/confirm`, await confirmBody(person, taskId))).body).toEqual({
        status: 'confirmed',
      });
    });

    it('serves nobody else: another person, a document without content, a session before entry', async () => {
      const [zhang, li] = [resident(), resident('李四')];
      const matter = await withFiles([zhang, li]);
      const a = await new SandboxPerson(server.url, zhang).throughEntry();
      const b = await new SandboxPerson(server.url, li).throughEntry();
      const taskOfA = (await a.todoOf(matter.id)).taskId;
      expectError(await apiClient(server.url, b.token).get(`/api/mp/todos/${taskOfA}/documents/0/content`), 404, 'not_found');
      expectError(await a.api.get(`/api/mp/todos/${taskOfA}/documents/2/content`), 404, 'not_found');
      expectError(await a.api.get(`/api/mp/todos/${taskOfA}/documents/9/content`), 404, 'not_found');
      const early = await new SandboxPerson(server.url, zhang, 'early-device').beforeEntry();
      expectError(await early.api.get(`/api/mp/todos/${taskOfA}/documents/0/content`), 403, 'entry_verification_required');
      expectError(await apiClient(server.url).get(`/api/mp/todos/${taskOfA}/documents/0/content`), 401, 'unauthorized');
      // B's opening is B's: A still has to open it.
      expect((await a.detail(taskOfA)).documents[0].viewed).toBe(false);
    });

    it('asks again after new documents: the old openings and files no longer count', async () => {
      const who = resident();
      const matter = await withFiles([who]);
      const person = await new SandboxPerson(server.url, who).throughEntry();
      const { taskId } = await person.todoOf(matter.id);
      await openContent(person.api, taskId, 0);
      await openContent(person.api, taskId, 1);
      const revised = pdfBytes('articles, revised');
      const replaced = await portal().put(`/api/portal/matters/${matter.id}/documents`, {
        documents: [pdfDocument('公司登记（备案）申请书', application), pdfDocument('公司章程（修订）', revised)],
      });
      expect(replaced.status).toBe(200);
      expect(replaced.body.documents.map((d: { hasContent: boolean }) => d.hasContent)).toEqual([false, false]);
      expect(await filesOf(matter.id)).toBe(0);
      expect((await person.detail(taskId)).documents.map((d: { viewed: boolean }) => d.viewed)).toEqual([false, false]);
      expectError(
        await openContent(person.api, taskId, 0).then((r) => ({
          status: r.status,
          headers: r.headers,
          body: JSON.parse(r.bytes.toString()),
        })),
        404,
        'not_found',
      );
      await uploadContent(portal(), matter.id, 0, application);
      await uploadContent(portal(), matter.id, 1, revised);
      const refused = expectError(
        await person.api.post(`/api/mp/todos/${taskId}/confirm`, await confirmBody(person, taskId)),
        409,
        'documents_not_viewed',
      );
      expect(refused.details).toEqual({ indexes: [0, 1] });
    });
  });

  describe('with the personal data', () => {
    it('goes when the matter is cancelled', async () => {
      const matter = await withFiles([resident()]);
      expect(await filesOf(matter.id)).toBe(2);
      expect((await portal().delete(`/api/portal/matters/${matter.id}`)).status).toBe(200);
      expect(await filesOf(matter.id)).toBe(0);
      const gone = await portal().raw(`/api/portal/matters/${matter.id}/documents/0/content`, {
        headers: { authorization: 'Bearer demo-portal-key' },
      });
      expect(gone.status).toBeGreaterThanOrEqual(400);
    });

    it('goes with a redaction after submit, with the openings', async () => {
      const who = resident();
      const matter = await withFiles([who]);
      const person = await new SandboxPerson(server.url, who).throughEntry();
      const { taskId } = await person.todoOf(matter.id);
      await openContent(person.api, taskId, 0);
      await openContent(person.api, taskId, 1);
      expect((await person.api.post(`/api/mp/todos/${taskId}/confirm`, await confirmBody(person, taskId))).status).toBe(200);
      expect((await portal().post(`/api/portal/matters/${matter.id}/submit`)).status).toBe(200);
      expect(await db.conn.db!.collection('document_views').countDocuments({ taskId })).toBe(2);
      expect((await portal().post(`/api/portal/matters/${matter.id}/redact`)).status).toBe(200);
      expect(await filesOf(matter.id)).toBe(0);
      expect(await db.conn.db!.collection('document_views').countDocuments({ taskId })).toBe(0);
      const gone = await portal().raw(`/api/portal/matters/${matter.id}/documents/0/content`, {
        headers: { authorization: 'Bearer demo-portal-key' },
      });
      expect(gone.status).toBe(410);
    });
  });
});
