import { get as httpGet } from 'node:http';
import { gzipSync } from 'node:zlib';
import { validateIdNumber } from '@regverify/shared';
import { apiClient } from '../../test/client';
import { openTestDatabase } from '../../test/database';
import { matterRequest, residentId } from '../../test/factories';
import { startTestServer, type TestServer } from '../../test/server';
import { SAMPLE_PEOPLE } from './page/demoForm';

const PORTAL_KEYS = 'demo:demo-portal-key,other:other-portal-key-123';

/** The demo form as a browser posts it: form-encoded, `people[i][field]`. */
function formBody(
  people: Array<{ name: string; idType: string; idNumber: string; roles: string }>,
  over: Record<string, string> = {},
): string {
  const form = new URLSearchParams({ kind: '设立登记', entityName: '郑州示例科技有限公司', ...over });
  people.forEach((p, i) => Object.entries(p).forEach(([k, v]) => form.append(`people[${i}][${k}]`, v)));
  return form.toString();
}

describe('browser SDK route and demo portal (HTTP)', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let server: TestServer;
  const http = () => apiClient(server.url);
  const post = (path: string, body: string, headers: Record<string, string> = {}) =>
    http().raw(path, {
      method: 'POST',
      body,
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    });

  beforeAll(async () => {
    db = await openTestDatabase();
    server = await startTestServer(db.conn, { PORTAL_KEYS });
  });
  afterAll(async () => {
    await server.close();
    await db.drop();
  });

  it('serves the SDK as a small minified IIFE with a short cache and an ETag', async () => {
    const res = await http().raw('/portal-sdk.js');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/javascript/);
    expect(res.headers.get('cache-control')).toBe('public, max-age=300');
    const code = await res.text();
    expect(code).toMatch(/^"use strict";var RegverifyPortal=/);
    expect(code).not.toMatch(/zod|ZodError/);
    expect(Buffer.byteLength(code)).toBeLessThan(50_000);
    expect(gzipSync(code).length).toBeLessThan(16_000);
    // Through node:http: fetch turns a conditional request into a no-cache one.
    const again = await new Promise<number>((resolve, reject) =>
      httpGet(`${server.url}/portal-sdk.js`, { headers: { 'if-none-match': res.headers.get('etag')! } }, (r) =>
        resolve(r.resume().statusCode!),
      ).on('error', reject),
    );
    expect(again).toBe(304);
  });

  it('prefills only valid ID numbers', () => {
    for (const p of SAMPLE_PEOPLE) expect(validateIdNumber('resident_id', p.idNumber)).toMatchObject({ ok: true });
  });

  it('creates a matter from the form → 303 to its page, which shows it masked, escaped and locked', async () => {
    const res = await post('/demo/matters', formBody(SAMPLE_PEOPLE.slice(0, 2), { entityName: '<img src=x onerror=alert(1)>有限公司' }));
    expect(res.status).toBe(303);
    const location = res.headers.get('location')!;
    expect(location).toMatch(/^\/demo\/matters\/[^/]+$/);

    const page = await http().raw(location);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await page.text();
    expect(html).toContain('<html lang="zh-CN">');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;有限公司');
    expect(html).not.toContain('<img src=x');
    expect(html).not.toContain(SAMPLE_PEOPLE[0].idNumber);
    expect(html).toContain('1101**********002X');
    expect(html).toMatch(/业务编号<\/dt><dd class="mono">DEMO-\d{8}-[0-9A-F]{8}</);
    expect(html).toContain('待完成 (0/2)');
    expect(html).toMatch(/<button[^>]*id="submit"[^>]* disabled aria-disabled="true"/);
    expect(html).toContain('<svg class="qr" role="img"');
    // The sandbox shows both ways in, each labelled: the H5 preview's code and a stand-in WeChat code.
    expect(html).toContain('aria-label="小程序 H5 预览二维码"');
    expect(html).toMatch(/<img class="qr" src="\/entry\/[0-9a-f]{32}\/weapp\.png"[^>]* alt="微信小程序码">/);
  });

  it('shows the form again, with the values and the Chinese error, for a bad number', async () => {
    const people = [SAMPLE_PEOPLE[0], { ...SAMPLE_PEOPLE[1], idNumber: SAMPLE_PEOPLE[1].idNumber.slice(0, 17) + '0' }];
    const res = await post('/demo/matters', formBody(people));
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('人员2 证件号码：证件号码校验位不正确');
    expect(html).toMatch(/id="f-people-1-idNumber" name="people\[1\]\[idNumber\]" aria-invalid="true"/);
    expect(html).toContain(`value="${people[1].idNumber}"`);
  });

  it.each([
    ['no one', [], '所涉人员须为1至5名'],
    ['six people', [...SAMPLE_PEOPLE, { ...SAMPLE_PEOPLE[0], idNumber: residentId(1) }], '所涉人员须为1至5名'],
    ['a person without a role', [{ ...SAMPLE_PEOPLE[0], roles: ' ' }], '至少需要一个角色'],
    ['the same person twice', [SAMPLE_PEOPLE[0], SAMPLE_PEOPLE[0]], '同一业务中不能重复登记同一证件'],
  ])('refuses %s with the form and its error', async (_label, people, message) => {
    const res = await post('/demo/matters', formBody(people));
    expect(res.status).toBe(400);
    expect(await res.text()).toContain(message);
  });

  it('answers a JSON client with the error envelope, and refuses other body types', async () => {
    const json = await http().raw('/demo/matters', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ kind: '设立登记', entityName: '', people: [SAMPLE_PEOPLE[0]] }),
    });
    expect(json.status).toBe(400);
    expect((await json.json()).error).toMatchObject({ code: 'validation_failed', details: { field: 'entityName' } });
    const text = await http().raw('/demo/matters', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'x' });
    expect(text.status).toBe(415);
  });

  it("refuses requests sent by other sites (no demo matter created or submitted through a visitor's browser)", async () => {
    expect((await post('/demo/matters', formBody([SAMPLE_PEOPLE[0]]), { 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    expect((await post('/demo/matters', formBody([SAMPLE_PEOPLE[0]]), { origin: 'https://evil.example' })).status).toBe(403);
    expect((await post('/demo/matters', formBody([SAMPLE_PEOPLE[0]]), { origin: 'null' })).status).toBe(403);
    expect((await http().raw('/demo/matters/any/submit', { method: 'POST', headers: { 'sec-fetch-site': 'same-site' } })).status).toBe(403);
    // What a browser sends for the demo's own form under Referrer-Policy: no-referrer.
    expect((await post('/demo/matters', formBody([SAMPLE_PEOPLE[0]]), { origin: 'null', 'sec-fetch-site': 'same-origin' })).status).toBe(
      303,
    );
  });

  it("answers 404 for another tenant's matter and for a missing one, as a page and on the backend routes", async () => {
    const foreign = await apiClient(server.url, 'other-portal-key-123').post(
      '/api/portal/matters',
      matterRequest([{ name: '王五', idType: 'resident_id', idNumber: residentId(700) }]),
    );
    expect(foreign.status).toBe(201);
    for (const id of [foreign.body.matter.id, 'no-such-matter']) {
      const page = await http().raw(`/demo/matters/${id}`);
      expect(page.status).toBe(404);
      expect(page.headers.get('content-type')).toMatch(/^text\/html/);
      expect(await page.text()).toContain('未找到该业务');
      expect((await http().post(`/demo/matters/${id}/viewer-token`)).status).toBe(404);
      expect((await http().post(`/demo/matters/${id}/submit`)).status).toBe(404);
    }
  });

  it('issues viewer tokens for demo matters and refuses 提交 until everyone is done', async () => {
    const created = await post('/demo/matters', formBody([SAMPLE_PEOPLE[0]]));
    const id = created.headers.get('location')!.split('/').pop()!;
    const token = await http().post(`/demo/matters/${id}/viewer-token`);
    expect(token.status).toBe(201);
    expect(await server.services.viewerTokens.verify(token.body.token)).toMatchObject({ matterId: id, tenant: 'demo' });
    const submit = await http().post(`/demo/matters/${id}/submit`);
    expect(submit.status).toBe(409);
    expect(submit.body.error.code).toBe('matter_not_ready');
  });

  it('answers 405 for a wrong method on a demo route', async () => {
    const res = await http().put('/demo/matters', {});
    expect(res.status).toBe(405);
  });
});
