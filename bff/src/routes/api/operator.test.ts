/**
 * The operator side as the service-window console uses it: named operators sign in (cookie
 * session, CSRF token for every change, sign-out, idle expiry), see the reviews of their own
 * tenants, decide with a reason, and read a matter's audit trail with the check of its hash chain.
 */
import { apiClient } from '../../../test/client';
import { openTestDatabase } from '../../../test/database';
import { matterRequest, residentId } from '../../../test/factories';
import { ledgerTamperer } from '../../../test/ledgerTamperer';
import { expectError } from '../../../test/person';
import { startTestServer, type TestServer } from '../../../test/server';
import { hashOperatorSecret } from '../../security/operatorSecrets';

let n = 0;
const traveller = (name = '林华侨') => ({ name, idType: 'passport' as const, idNumber: `E1${String(7000000 + n++).padStart(7, '0')}` });

/** A browser of the console: keeps its cookie, sends the CSRF token it was given. */
function consoleBrowser(url: string) {
  let cookie = '';
  let csrf = '';
  const call = async (method: string, path: string, body?: unknown, options: { csrf?: boolean } = {}) => {
    const res = await fetch(url + path, {
      method,
      headers: {
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(cookie ? { cookie } : {}),
        ...(options.csrf === false || !csrf ? {} : { 'x-csrf-token': csrf }),
      },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    const setCookie = res.headers.get('set-cookie');
    if (setCookie) cookie = setCookie.split(';')[0];
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null, headers: res.headers, setCookie };
  };
  return {
    call,
    signIn: async (name: string, secret: string) => {
      const res = await call('POST', '/api/operator/session', { name, secret });
      if (res.status === 201) csrf = res.body.csrfToken;
      return res;
    },
    forgetCsrf: () => (csrf = ''),
  };
}

describe('operator console API', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let server: TestServer;
  let offsetMs = 0;
  const portal = (key = 'demo-portal-key') => apiClient(server.url, key);

  beforeAll(async () => {
    db = await openTestDatabase();
    const [wang, li] = await Promise.all([hashOperatorSecret('wang-secret-0001'), hashOperatorSecret('li-secret-0002')]);
    server = await startTestServer(
      db.conn,
      {
        PORTAL_KEYS: 'demo:demo-portal-key,other:other-portal-key-1',
        // 王 reviews every tenant; 李 only the tenant `other`.
        OPERATORS: `wang:${wang}:*,li:${li}:other`,
      },
      { now: () => new Date(Date.now() + offsetMs) },
    );
  });
  afterAll(async () => {
    await server.close();
    await db.drop();
  });

  it('signs an operator in with their own secret: an HttpOnly, SameSite=Strict cookie and a CSRF token', async () => {
    const browser = consoleBrowser(server.url);
    expectError(await browser.signIn('wang', 'wrong'), 401, 'unauthorized');
    expectError(await browser.signIn('nobody', 'wang-secret-0001'), 401, 'unauthorized');
    expectError(await browser.call('GET', '/api/operator/session'), 401, 'unauthorized');
    const signedIn = await browser.signIn('wang', 'wang-secret-0001');
    expect(signedIn.status).toBe(201);
    expect(signedIn.body).toMatchObject({ operator: { name: 'wang', tenants: '*' }, csrfToken: expect.any(String) });
    expect(signedIn.setCookie).toMatch(/^regverify_operator=[A-Za-z0-9_-]{20,}; path=\/; expires=.*; samesite=strict; httponly$/i);
    expect((await browser.call('GET', '/api/operator/session')).body.operator.name).toBe('wang');
  });

  it('lists the reviews of the operator’s own tenants, newest first, searchable by reference or masked name', async () => {
    const first = (await portal().post('/api/portal/matters', matterRequest([traveller('林华侨')]))).body.matter;
    const second = (await portal().post('/api/portal/matters', matterRequest([traveller('周海外')]))).body.matter;
    const foreign = (await portal('other-portal-key-1').post('/api/portal/matters', matterRequest([traveller('吴远方')]))).body.matter;
    const wang = consoleBrowser(server.url);
    await wang.signIn('wang', 'wang-secret-0001');
    const all = (await wang.call('GET', '/api/operator/reviews')).body.items as Array<{ matterId: string; name: string }>;
    expect(all.map((i) => i.matterId)).toEqual(expect.arrayContaining([first.id, second.id, foreign.id]));
    expect(all.findIndex((i) => i.matterId === second.id)).toBeLessThan(all.findIndex((i) => i.matterId === first.id));
    expect(all.find((i) => i.matterId === first.id)).toMatchObject({ name: '林**', idType: 'passport', portalRef: first.portalRef });
    expect(
      (await wang.call('GET', `/api/operator/reviews?q=${encodeURIComponent(first.portalRef)}`)).body.items.map(
        (i: { matterId: string }) => i.matterId,
      ),
    ).toEqual([first.id]);
    expect(
      (await wang.call('GET', `/api/operator/reviews?q=${encodeURIComponent('周**')}`)).body.items.map(
        (i: { matterId: string }) => i.matterId,
      ),
    ).toEqual([second.id]);

    const li = consoleBrowser(server.url);
    await li.signIn('li', 'li-secret-0002');
    expect((await li.call('GET', '/api/operator/reviews')).body.items.map((i: { matterId: string }) => i.matterId)).toEqual([foreign.id]);
    // Another tenant's review looks missing to 李, and cannot be decided.
    expectError(await li.call('GET', `/api/operator/reviews/${first.participants[0].taskId}`), 404, 'not_found');
    expectError(
      await li.call('POST', `/api/operator/tasks/${first.participants[0].taskId}/review`, { decision: 'approved' }),
      404,
      'not_found',
    );
    expectError(await li.call('GET', `/api/operator/matters/${first.id}/audit`), 404, 'not_found');
  });

  it('shows a review: the person masked, the documents with their digests, what is left to do', async () => {
    const matter = (await portal().post('/api/portal/matters', matterRequest([traveller()]))).body.matter;
    const wang = consoleBrowser(server.url);
    await wang.signIn('wang', 'wang-secret-0001');
    const detail = (await wang.call('GET', `/api/operator/reviews/${matter.participants[0].taskId}`)).body;
    expect(detail).toMatchObject({
      review: 'pending',
      matter: { id: matter.id, status: 'pending' },
      documents: matter.documents.map(({ name, sha256 }: { name: string; sha256: string }) => ({ name, sha256 })),
      documentsDigest: matter.documentsDigest,
      stillToDo: ['到登记窗口核验身份（人工核验）', '确认业务文件并签名'],
    });
    expect(JSON.stringify(detail)).not.toMatch(/E1\d{7}/); // never the full passport number
  });

  it('demands the CSRF token for every change made with the cookie, and a reason to refuse', async () => {
    const matter = (await portal().post('/api/portal/matters', matterRequest([traveller()]))).body.matter;
    const taskId = matter.participants[0].taskId;
    const wang = consoleBrowser(server.url);
    await wang.signIn('wang', 'wang-secret-0001');
    expectError(
      await wang.call('POST', `/api/operator/tasks/${taskId}/review`, { decision: 'approved' }, { csrf: false }),
      403,
      'forbidden',
    );
    expect(
      expectError(await wang.call('POST', `/api/operator/tasks/${taskId}/review`, { decision: 'refused' }), 400, 'validation_failed')
        .details.field,
    ).toBe('reason');
    const refused = await wang.call('POST', `/api/operator/tasks/${taskId}/review`, { decision: 'refused', reason: '护照照片与本人不符' });
    expect(refused.status).toBe(200);
    expect(refused.body.participants[0]).toMatchObject({ review: 'refused' });
    const event = await server.services.models.MatterEvent.findOne({ matterId: matter.id, type: 'task.review_refused' }).lean();
    expect(event!.data).toEqual({ operator: 'wang', reason: '护照照片与本人不符' });
  });

  it('shows the audit trail with actors and hashes, says 链完整, and finds where a tampered chain breaks', async () => {
    const matter = (
      await portal().post(
        '/api/portal/matters',
        matterRequest([traveller(), { name: '张三', idType: 'resident_id', idNumber: residentId(8101) }]),
      )
    ).body.matter;
    const wang = consoleBrowser(server.url);
    await wang.signIn('wang', 'wang-secret-0001');
    await wang.call('POST', `/api/operator/tasks/${matter.participants[0].taskId}/review`, { decision: 'approved' });
    await portal().put(`/api/portal/matters/${matter.id}/documents`, { documents: [{ name: '章程（修订）', sha256: 'a'.repeat(64) }] });

    const trail = (await wang.call('GET', `/api/operator/matters/${matter.id}/audit`)).body;
    expect(trail.chain).toEqual({ ok: true, length: 3, anchored: true });
    expect(trail.events.map((e: { seq: number; type: string; actor: unknown }) => [e.seq, e.type, e.actor])).toEqual([
      [1, 'matter.created', { kind: 'portal', label: '登记平台 demo' }],
      [2, 'task.review_approved', { kind: 'operator', label: '操作员 wang' }],
      [3, 'matter.documents_replaced', { kind: 'portal', label: '登记平台 demo' }],
    ]);
    expect(trail.events[1].prevHash).toBe(trail.events[0].hash);
    // The portal backend gets the same check over its own API.
    expect((await portal().get(`/api/portal/matters/${matter.id}/audit`)).body.chain).toEqual({ ok: true, length: 3, anchored: true });
    expectError(await portal('other-portal-key-1').get(`/api/portal/matters/${matter.id}/audit`), 404, 'not_found');

    // Someone with database access rewrites the operator of event 2.
    await db.conn.db!.collection('matter_events').updateOne({ matterId: matter.id, seq: 2 }, { $set: { 'data.operator': 'nobody' } });
    const broken = (await wang.call('GET', `/api/operator/matters/${matter.id}/audit`)).body;
    expect(broken.chain).toEqual({ ok: false, seq: 2, problem: 'content does not match its hash' });
    expect((await portal().get(`/api/portal/matters/${matter.id}/audit`)).body.chain).toMatchObject({ ok: false, seq: 2 });
  });

  it('reports a deleted last event, and an event rewritten with every later hash recomputed', async () => {
    const wang = consoleBrowser(server.url);
    await wang.signIn('wang', 'wang-secret-0001');
    const tamperer = ledgerTamperer(db.conn);
    const reviewed = async () => {
      const matter = (await portal().post('/api/portal/matters', matterRequest([traveller()]))).body.matter;
      await wang.call('POST', `/api/operator/tasks/${matter.participants[0].taskId}/review`, { decision: 'approved' });
      await portal().put(`/api/portal/matters/${matter.id}/documents`, { documents: [{ name: '章程（修订）', sha256: 'b'.repeat(64) }] });
      return matter.id as string;
    };
    const chainOf = async (id: string) => (await wang.call('GET', `/api/operator/matters/${id}/audit`)).body.chain;

    const truncated = await reviewed();
    await tamperer.deleteLastEvent(truncated);
    expect(await chainOf(truncated)).toEqual({ ok: false, seq: 3, problem: 'missing event' });
    expect((await portal().get(`/api/portal/matters/${truncated}/audit`)).body.chain).toEqual({
      ok: false,
      seq: 3,
      problem: 'missing event',
    });

    // The operator of event 2 rewritten, and the hashes of events 2 and 3 and the matter's head made to agree.
    const rewritten = await reviewed();
    await tamperer.rewriteEvent(rewritten, 2, { 'data.operator': 'nobody' });
    expect(await chainOf(rewritten)).toEqual({ ok: false, seq: 2, problem: 'anchor does not match' });
    await tamperer.rewriteEvent(rewritten, 2, {}, { stripAnchors: true });
    expect(await chainOf(rewritten)).toEqual({ ok: false, seq: 2, problem: 'event not anchored' });
  });

  it('signs out (the cookie goes, the session is over) and ends a session idle for half an hour', async () => {
    const wang = consoleBrowser(server.url);
    await wang.signIn('wang', 'wang-secret-0001');
    const out = await wang.call('POST', '/api/operator/session/logout');
    expect(out.status).toBe(200);
    expect(out.setCookie).toMatch(/^regverify_operator=;/);
    expectError(await wang.call('GET', '/api/operator/reviews'), 401, 'unauthorized');

    const idle = consoleBrowser(server.url);
    await idle.signIn('wang', 'wang-secret-0001');
    expect((await idle.call('GET', '/api/operator/reviews')).status).toBe(200);
    offsetMs = 31 * 60_000;
    try {
      expectError(await idle.call('GET', '/api/operator/reviews'), 401, 'unauthorized');
    } finally {
      offsetMs = 0;
    }
  });
});
