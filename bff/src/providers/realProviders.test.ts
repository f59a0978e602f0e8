import { openTestDatabase } from '../../test/database';
import { apiClient } from '../../test/client';
import { bankCard, matterRequest, residentId, signaturePng } from '../../test/factories';
import { startTestServer, type TestServer } from '../../test/server';
import { startAlipayStandIn, type AlipayStandIn } from '../../test/standIns/alipay';
import { startTencentCloudStandIn } from '../../test/standIns/tencentCloud';
import { startWechatStandIn } from '../../test/standIns/wechat';

/**
 * The BFF configured with the real adapters (official SDKs in the loop) against local stand-ins
 * of the vendors' servers, through the public HTTP API: results come from the provider's signed
 * answers, never from the client.
 */
describe('real adapters behind the API', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  beforeAll(async () => {
    db = await openTestDatabase();
  });
  afterAll(() => db.drop());

  describe('Alipay certify + Tencent Cloud bank card', () => {
    let alipay: AlipayStandIn;
    let tencent: Awaited<ReturnType<typeof startTencentCloudStandIn>>;
    let server: TestServer;

    beforeAll(async () => {
      [alipay, tencent] = await Promise.all([startAlipayStandIn(), startTencentCloudStandIn()]);
      server = await startTestServer(db.conn, {
        IDENTITY_PROVIDER: 'alipay',
        ALIPAY_APP_ID: alipay.appId,
        ALIPAY_PRIVATE_KEY: alipay.appPrivateKey,
        ALIPAY_PUBLIC_KEY: alipay.alipayPublicKey,
        ALIPAY_ENDPOINT: alipay.url,
        ALIPAY_GATEWAY: alipay.gateway,
        BANKCARD_PROVIDER: 'tencentcloud',
        TENCENTCLOUD_SECRET_ID: tencent.secretId,
        TENCENTCLOUD_SECRET_KEY: tencent.secretKey,
        TENCENTCLOUD_ENDPOINT: `http://${tencent.endpoint}`,
      });
    });
    afterAll(async () => {
      await server.close();
      await alipay.close();
      await tencent.close();
    });

    async function throughBankCard(code: string, idNumber: string) {
      alipay.addAuthCode(code, `2088${code.replace(/\D/g, '').padStart(12, '0')}`);
      const login = await apiClient(server.url).post('/api/mp/session', { platform: 'alipay', code });
      expect(login.status).toBe(201);
      const api = apiClient(server.url, login.body.token);
      expect((await api.put('/api/mp/identity', { name: '张三', idType: 'resident_id', idNumber, consentVersion: '2026-11' })).status).toBe(
        200,
      );
      expect((await api.post('/api/mp/bankcard-checks', { cardNumber: bankCard(), consentVersion: '2026-12' })).body).toEqual({
        passed: true,
      });
      return api;
    }

    it('logs in with an Alipay auth code and refuses an unknown one', async () => {
      alipay.addAuthCode('auth-ok-1', '2088000000000001');
      expect((await apiClient(server.url).post('/api/mp/session', { platform: 'alipay', code: 'auth-ok-1' })).status).toBe(201);
      const refused = await apiClient(server.url).post('/api/mp/session', { platform: 'alipay', code: 'never-issued' });
      expect(refused.status).toBe(401);
      expect(refused.body.error.code).toBe('invalid_login_code');
      expect((await apiClient(server.url).post('/api/mp/session', { platform: 'h5', code: 'x' })).body.error.code).toBe(
        'platform_not_supported',
      );
    });

    it('passes the bank card and the entry check only on what Alipay answers', async () => {
      const api = await throughBankCard('auth-ok-2', '11010519491231002X');
      const started = await api.post('/api/mp/verifications', { purpose: 'entry', consentVersion: '2026-12' });
      expect(started.status).toBe(201);
      expect(started.body).toMatchObject({
        provider: 'alipay',
        params: { certifyId: expect.any(String), url: expect.stringContaining('certify') },
      });
      const certifyId = started.body.params.certifyId as string;
      expect(tencent.requests.at(-1)).toMatchObject({ action: 'BankCardVerification' });

      // The person has not finished: pending, whatever the client claims.
      expect((await api.post(`/api/mp/verifications/${started.body.id}/complete`, { status: 'passed' })).body).toEqual({
        status: 'pending',
      });
      expect((await api.get('/api/mp/todos')).status).toBe(403);
      // The sandbox route does not exist with a real provider.
      expect((await api.post(`/api/sandbox/verifications/${started.body.id}/outcome`, { outcome: 'pass' })).status).toBe(404);

      alipay.setOutcome(certifyId, 'T');
      expect((await api.post(`/api/mp/verifications/${started.body.id}/complete`, {})).body).toMatchObject({ status: 'passed' });
      expect((await api.get('/api/mp/todos')).status).toBe(200);
    });

    it('refuses a tampered Alipay answer with 502 and does not pass the check', async () => {
      const api = await throughBankCard('auth-ok-3', residentId(31));
      const started = await api.post('/api/mp/verifications', { purpose: 'entry', consentVersion: '2026-12' });
      alipay.setOutcome(started.body.params.certifyId, 'F');
      alipay.tamperNextResponse((body) => body.replace('"F"', '"T"'));
      const tampered = await api.post(`/api/mp/verifications/${started.body.id}/complete`, {});
      expect(tampered.status).toBe(502);
      expect(tampered.body.error.code).toBe('provider_error');
      expect((await api.get('/api/mp/todos')).status).toBe(403);
      expect((await api.post(`/api/mp/verifications/${started.body.id}/complete`, {})).body).toMatchObject({ status: 'failed' });
    });

    it('confirms a task after a task check Alipay passed', async () => {
      const portal = apiClient(server.url, 'demo-portal-key');
      const idNumber = residentId(32);
      const created = await portal.post('/api/portal/matters', matterRequest([{ name: '张三', idType: 'resident_id', idNumber }]));
      const api = await throughBankCard('auth-ok-4', idNumber);
      const entry = await api.post('/api/mp/verifications', { purpose: 'entry', consentVersion: '2026-12' });
      alipay.setOutcome(entry.body.params.certifyId, 'T');
      await api.post(`/api/mp/verifications/${entry.body.id}/complete`, {});
      const [todo] = (await api.get('/api/mp/todos')).body.items;
      const check = await api.post('/api/mp/verifications', { purpose: 'task', taskId: todo.taskId, consentVersion: '2026-12' });
      alipay.setOutcome(check.body.params.certifyId, 'T');
      expect((await api.post(`/api/mp/verifications/${check.body.id}/complete`, {})).body.status).toBe('passed');
      const confirm = await api.post(`/api/mp/todos/${todo.taskId}/confirm`, {
        verificationId: check.body.id,
        documentsDigest: created.body.matter.documentsDigest,
        signature: signaturePng(),
      });
      expect(confirm.body).toEqual({ status: 'confirmed' });
      expect((await portal.get(`/api/portal/matters/${created.body.matter.id}`)).body).toMatchObject({ status: 'ready', canSubmit: true });
    });
  });

  describe('WeChat face verification', () => {
    it('logs in by code2session and passes the entry check on verify_ret 10000', async () => {
      const wechat = await startWechatStandIn();
      let server: TestServer | undefined;
      try {
        server = await startTestServer(db.conn, {
          IDENTITY_PROVIDER: 'wechat',
          WECHAT_APP_ID: wechat.appId,
          WECHAT_APP_SECRET: wechat.appSecret,
          WECHAT_API_BASE: wechat.apiBase,
        });
        wechat.addCode('wx-code-1', 'openid-1');
        const login = await apiClient(server.url).post('/api/mp/session', { platform: 'weapp', code: 'wx-code-1' });
        expect(login.status).toBe(201);
        const api = apiClient(server.url, login.body.token);
        await api.put('/api/mp/identity', {
          name: '张三',
          idType: 'resident_id',
          idNumber: '11010519491231002X',
          consentVersion: '2026-11',
        });
        await api.post('/api/mp/bankcard-checks', { cardNumber: bankCard(), consentVersion: '2026-12' });
        const started = await api.post('/api/mp/verifications', { purpose: 'entry', consentVersion: '2026-12' });
        expect(started.body).toMatchObject({ provider: 'wechat', params: { verifyId: expect.any(String) } });
        expect((await api.post(`/api/mp/verifications/${started.body.id}/complete`, {})).body.status).toBe('pending');
        wechat.setOutcome(started.body.params.verifyId, 10000);
        expect((await api.post(`/api/mp/verifications/${started.body.id}/complete`, {})).body.status).toBe('passed');
        // WeChat checks mainland ID cards only: a Hong Kong/Macau permit goes to manual review.
        await api.put('/api/mp/identity', { name: '陈大文', idType: 'hk_macau_permit', idNumber: 'H12345678', consentVersion: '2026-11' });
        expect((await api.post('/api/mp/verifications', { purpose: 'entry', consentVersion: '2026-12' })).body.error.code).toBe(
          'manual_review_required',
        );
      } finally {
        await server?.close();
        await wechat.close();
      }
    });
  });
});
