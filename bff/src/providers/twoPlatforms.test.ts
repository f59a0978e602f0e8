/**
 * One deployment serves Alipay and WeChat together: one BFF process with both vendors' stand-ins,
 * each session's face check going to its own platform's vendor, one filing finished by one person in
 * the Alipay mini-program and one in WeChat, the portal page unlocking live when the second is done.
 */
import { io as connect, type Socket } from 'socket.io-client';
import { decodeEntryScene, type MatterView } from '@regverify/shared';
import { apiClient } from '../../test/client';
import { openTestDatabase } from '../../test/database';
import { bankCard, matterRequest, residentId } from '../../test/factories';
import { expectError } from '../../test/person';
import { platformPeople } from '../../test/platformPeople';
import { startTestServer, type TestServer } from '../../test/server';
import { startAlipayStandIn, type AlipayStandIn } from '../../test/standIns/alipay';
import { startWechatStandIn } from '../../test/standIns/wechat';
import { until } from '../../test/until';

const ZHANG = { name: '张三', idType: 'resident_id' as const, idNumber: residentId(7101) };
const LI = { name: '李四', idType: 'resident_id' as const, idNumber: residentId(7102) };

describe('Alipay and WeChat in one deployment', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let alipay: AlipayStandIn;
  let wechat: Awaited<ReturnType<typeof startWechatStandIn>>;
  let server: TestServer;
  const sockets: Socket[] = [];
  const { onAlipay, onWechat, faceCheck, confirm } = platformPeople(
    () => server.url,
    () => ({ alipay, wechat }),
  );

  beforeAll(async () => {
    db = await openTestDatabase();
    [alipay, wechat] = await Promise.all([startAlipayStandIn(), startWechatStandIn()]);
    server = await startTestServer(db.conn, {
      IDENTITY_PROVIDER: 'platform',
      ALIPAY_APP_ID: alipay.appId,
      ALIPAY_PRIVATE_KEY: alipay.appPrivateKey,
      ALIPAY_PUBLIC_KEY: alipay.alipayPublicKey,
      ALIPAY_ENDPOINT: alipay.url,
      ALIPAY_GATEWAY: alipay.gateway,
      WECHAT_APP_ID: wechat.appId,
      WECHAT_APP_SECRET: wechat.appSecret,
      WECHAT_API_BASE: wechat.apiBase,
    });
  });
  afterAll(async () => {
    sockets.forEach((s) => s.disconnect());
    await server.close();
    await Promise.all([alipay.close(), wechat.close()]);
    await db.drop();
  });

  it('says which platforms are live, and refuses the others by name', async () => {
    expect((await apiClient(server.url).get('/readyz')).body.checks.platforms).toEqual(['alipay', 'weapp']);
    const h5 = expectError(
      await apiClient(server.url).post('/api/mp/session', { platform: 'h5', code: 'x' }),
      400,
      'platform_not_supported',
    );
    expect(h5.message).toBe('本服务暂未开通网页预览核验，请使用支付宝小程序或微信小程序');
    expect((await apiClient(server.url).get('/api/mp/service-info')).body).toMatchObject({
      platforms: ['alipay', 'weapp'],
      platformsFaqAnswer: '目前版本支持支付宝小程序和微信小程序核验，后续对应的APP将会陆续上线。',
    });
  });

  it('one filing, two platforms: 张三 in Alipay, 李四 in WeChat; 提交 unlocks live when the second is done', async () => {
    const portal = apiClient(server.url, 'demo-portal-key');
    const matter = (await portal.post('/api/portal/matters', matterRequest([ZHANG, LI]))).body.matter;
    const { token } = (await portal.post(`/api/portal/matters/${matter.id}/viewer-token`)).body;
    const views: MatterView[] = [];
    const socket = connect(`${server.url}/portal`, { auth: { token }, transports: ['websocket'], forceNew: true });
    sockets.push(socket);
    socket.on('matter:snapshot', (v: MatterView) => views.push(v));
    socket.on('matter:updated', (v: MatterView) => views.push(v));
    await until(() => views.length > 0, 'the snapshot');

    const zhang = await onAlipay(ZHANG);
    await faceCheck(zhang, { purpose: 'entry' });
    await confirm(zhang, matter.id);
    await until(() => views.at(-1)?.progress.done === 1, 'one done');
    expect(views.at(-1)!.canSubmit).toBe(false);

    const li = await onWechat(LI);
    await faceCheck(li, { purpose: 'entry' });
    await confirm(li, matter.id);
    await until(() => views.at(-1)?.canSubmit === true, '提交 unlocked live');
    expect(views.at(-1)).toMatchObject({ status: 'ready', progress: { done: 2, total: 2 } });

    // Each check went to its own platform's vendor.
    const checks = await server.services.models.Verification.find({}, { provider: 1, platform: 1 }).lean();
    expect(new Set(checks.map((c) => `${c.platform}:${c.provider}`))).toEqual(new Set(['alipay:alipay', 'weapp:wechat']));
  });

  it('an organization and two people: its representative and 李四 in WeChat, 张三 in Alipay; unlocks live and is submitted', async () => {
    const WANG = { name: '王五', idType: 'resident_id' as const, idNumber: residentId(7110) };
    const people = [
      { ...ZHANG, idNumber: residentId(7111), roles: ['法定代表人'] },
      { ...LI, idNumber: residentId(7112), roles: ['监事'] },
    ];
    const body = matterRequest(people);
    body.participants.push({
      kind: 'organization',
      name: '河南某某投资有限公司',
      uscc: '91110000600037341L',
      roles: ['股东'],
      actions: ['verify', 'sign'],
      representative: WANG,
    } as never);
    const portal = apiClient(server.url, 'demo-portal-key');
    const created = (await portal.post('/api/portal/matters', body)).body;
    const matter = created.matter;
    expect(matter.participants[2]).toMatchObject({ kind: 'organization', representative: { name: '王*' } });

    // WeChat people arrive from the matter's WeChat code: its scene leads to the matter. The code
    // is made with the access token the face checks before got (one token for the app).
    const tokensBefore = wechat.count('/cgi-bin/stable_token');
    expect(tokensBefore).toBeGreaterThan(0);
    const code = await fetch(server.url + new URL(created.entry.weappQrUrl).pathname);
    expect(code.status).toBe(200);
    expect(['image/png', 'image/jpeg']).toContain(code.headers.get('content-type'));
    const asked = wechat.requests.filter((r) => r.path === '/wxa/getwxacodeunlimit');
    expect(asked).toHaveLength(1);
    const scene = (asked[0].body as { scene: string }).scene;
    expect(decodeEntryScene(encodeURIComponent(scene))).toBe(matter.id);
    expect((asked[0].body as { page: string }).page).toBe('pages/entry/index');
    expect(wechat.count('/cgi-bin/stable_token')).toBe(tokensBefore);
    expect((await fetch(server.url + new URL(created.entry.weappQrUrl).pathname)).status).toBe(200);
    expect(wechat.count('/wxa/getwxacodeunlimit')).toBe(1); // kept: the second page costs WeChat nothing

    const { token } = (await portal.post(`/api/portal/matters/${matter.id}/viewer-token`)).body;
    const views: MatterView[] = [];
    const socket = connect(`${server.url}/portal`, { auth: { token }, transports: ['websocket'], forceNew: true });
    sockets.push(socket);
    socket.on('matter:snapshot', (v: MatterView) => views.push(v));
    socket.on('matter:updated', (v: MatterView) => views.push(v));
    await until(() => views.length > 0, 'the snapshot');

    const wang = await onWechat(WANG);
    await faceCheck(wang, { purpose: 'entry' });
    const todo = (await wang.get('/api/mp/todos')).body.items.find((t: { matterId: string }) => t.matterId === matter.id);
    expect(todo.organization).toEqual({ name: '河南某某投资有限公司', usccMasked: '91************341L' });
    await confirm(wang, matter.id);
    const zhang = await onAlipay(people[0]);
    await faceCheck(zhang, { purpose: 'entry' });
    await confirm(zhang, matter.id);
    await until(() => views.at(-1)?.progress.done === 2, 'two done');
    expect(views.at(-1)!.canSubmit).toBe(false);
    const li = await onWechat(people[1]);
    await faceCheck(li, { purpose: 'entry' });
    await confirm(li, matter.id);
    await until(() => views.at(-1)?.canSubmit === true, '提交 unlocked live');
    expect((await portal.post(`/api/portal/matters/${matter.id}/submit`)).body.matter.status).toBe('submitted');
  });

  it("never completes a check with the other platform's session, answer or reference", async () => {
    const zhang = await onAlipay({ ...ZHANG, idNumber: residentId(7103) });
    const started = await zhang.post('/api/mp/verifications', { purpose: 'entry', consentVersion: '2026-12' });
    expect(started.body.provider).toBe('alipay');
    const li = await onWechat({ ...LI, idNumber: residentId(7104) });
    // WeChat's session asking for Alipay's check: not its own.
    expectError(await li.post(`/api/mp/verifications/${started.body.id}/complete`, {}), 404, 'not_found');
    // WeChat knows nothing of the Alipay certify id, and only Alipay answers for it.
    expect(() => wechat.setOutcome(started.body.params.certifyId, 10000)).toThrow(/issued no verify_id/);
    expect((await zhang.post(`/api/mp/verifications/${started.body.id}/complete`, {})).body.status).toBe('pending');
    // A WeChat session's own check goes to WeChat, whose reference Alipay knows nothing of.
    const own = await li.post('/api/mp/verifications', { purpose: 'entry', consentVersion: '2026-12' });
    expect(own.body.provider).toBe('wechat');
    expect(() => alipay.setOutcome(own.body.params.verifyId, 'T')).toThrow(/unknown certify_id/);
    expect((await li.post(`/api/mp/verifications/${own.body.id}/complete`, {})).body.status).toBe('pending');
    // The Alipay pass counts for the Alipay session that started it only.
    alipay.setOutcome(started.body.params.certifyId, 'T');
    expect((await zhang.post(`/api/mp/verifications/${started.body.id}/complete`, {})).body.status).toBe('passed');
    expectError(await li.get('/api/mp/todos'), 403, 'entry_verification_required');
  });

  it('refuses, before the bank card and the face check, an identity that is not the Alipay account holder’s (FAQ 7)', async () => {
    const before = alipay.requests.filter((r) => r.path.endsWith('/certify/open/initialize')).length;
    const notTheirs = await onAlipay({ ...ZHANG, idNumber: residentId(7105) }, { name: '王五', idNumber: residentId(7199) }, false);
    // A stranger's account spends nothing of the person's: no bank-card check reaches the vendor.
    const card = expectError(
      await notTheirs.post('/api/mp/bankcard-checks', { cardNumber: bankCard(true), consentVersion: '2026-12' }),
      403,
      'account_not_owner',
    );
    expect(card.message).toContain('非本人使用支付宝账号进行验证');
    expect(await server.services.models.AuditEvent.countDocuments({ kind: 'bank_card_refused' })).toBe(0);
    expect(alipay.requests.filter((r) => r.path.endsWith('/certify/open/initialize')).length).toBe(before); // no face check was started
    // The account holder's own identity goes on to the face check.
    const theirs = await onAlipay({ ...ZHANG, idNumber: residentId(7106) });
    expect((await theirs.post('/api/mp/verifications', { purpose: 'entry', consentVersion: '2026-12' })).status).toBe(201);
    // Where Alipay does not answer for the account (not granted), the face check alone decides.
    const unknown = await onAlipay({ ...ZHANG, idNumber: residentId(7107) }, null);
    expect((await unknown.post('/api/mp/verifications', { purpose: 'entry', consentVersion: '2026-12' })).status).toBe(201);
  });

  it('sends a document only Alipay can check to Alipay, not to WeChat', async () => {
    const permit = { name: '陈大文', idType: 'hk_macau_permit' as const, idNumber: 'H12345678' };
    wechat.addCode('wx-code-permit', 'openid-permit');
    const code = 'wx-code-permit';
    const li = apiClient(server.url, (await apiClient(server.url).post('/api/mp/session', { platform: 'weapp', code })).body.token);
    await li.put('/api/mp/identity', { ...permit, consentVersion: '2026-11' });
    const refused = expectError(
      await li.post('/api/mp/verifications', { purpose: 'entry', consentVersion: '2026-12' }),
      409,
      'manual_review_required',
    );
    expect(refused.message).toContain('请使用支付宝小程序');
    // A matter with such a person: not manual review, since Alipay (live) checks it.
    const matter = (await apiClient(server.url, 'demo-portal-key').post('/api/portal/matters', matterRequest([permit]))).body.matter;
    expect(matter.participants[0]).toMatchObject({ verify: 'pending' });
  });
});
