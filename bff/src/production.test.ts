/**
 * The built BFF as a province runs it: NODE_ENV not set (production rules), real secrets of its
 * own, both platforms' vendors and the bank-card vendor reached over https (local stand-ins with a
 * certificate the process trusts through NODE_EXTRA_CA_CERTS, as it trusts the vendors' CAs), no
 * sandbox and no demo. One filing is finished by one person in Alipay and one in WeChat while the
 * portal page watches; the operator console and the metrics answer as documented in
 * docs/operations.md.
 */
import { randomBytes } from 'node:crypto';
import { io as connect, type Socket } from 'socket.io-client';
import type { MatterView } from '@regverify/shared';
import { databaseUri, startBffProcess, type BffProcess } from '../test/bffProcess';
import { apiClient, operatorAuthorization } from '../test/client';
import { openTestDatabase } from '../test/database';
import { matterRequest, residentId } from '../test/factories';
import { platformPeople } from '../test/platformPeople';
import { startAlipayStandIn, type AlipayStandIn } from '../test/standIns/alipay';
import { startTencentCloudStandIn, type TencentCloudStandIn } from '../test/standIns/tencentCloud';
import { startWechatStandIn, type WechatStandIn } from '../test/standIns/wechat';
import { selfSignedCertificate, type TestCertificate } from '../test/tls';
import { until } from '../test/until';
import { hashOperatorSecret } from './security/operatorSecrets';

const ZHANG = { name: '张三', idType: 'resident_id' as const, idNumber: residentId(9101) };
const LI = { name: '李四', idType: 'resident_id' as const, idNumber: residentId(9102) };

describe('production: the built BFF with real settings and https vendors', () => {
  jest.setTimeout(60_000);
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let certificate: TestCertificate;
  let alipay: AlipayStandIn;
  let wechat: WechatStandIn;
  let tencent: TencentCloudStandIn;
  let bff: BffProcess;
  let socket: Socket | undefined;
  const portalKey = randomBytes(18).toString('base64url');
  const operatorSecret = randomBytes(12).toString('base64url');
  const metricsToken = randomBytes(24).toString('base64url');
  const people = platformPeople(
    () => bff.url,
    () => ({ alipay, wechat }),
  );

  beforeAll(async () => {
    db = await openTestDatabase();
    certificate = selfSignedCertificate();
    const tls = { key: certificate.key, cert: certificate.cert };
    [alipay, wechat, tencent] = await Promise.all([
      startAlipayStandIn({ tls }),
      startWechatStandIn({ tls }),
      startTencentCloudStandIn({ tls }),
    ]);
    bff = await startBffProcess({
      NODE_ENV: '',
      RATE_LIMIT_SCALE: '',
      TRUSTED_PROXIES: 'none',
      LOG_LEVEL: 'info',
      NODE_EXTRA_CA_CERTS: certificate.certFile,
      MONGODB_URI: databaseUri(db.uri, db.dbName),
      PUBLIC_URL: 'https://verify.example.gov.cn',
      SUPPORT_QR_URL: 'https://verify.example.gov.cn/static/nihu-woying.png',
      PORTAL_KEYS: `henan:${portalKey}`,
      OPERATORS: `wang:${await hashOperatorSecret(operatorSecret)}:henan`,
      DATA_KEYS: `k2:${randomBytes(32).toString('base64')}`,
      LOOKUP_KEY: randomBytes(32).toString('base64'),
      TOKEN_SECRET: randomBytes(32).toString('base64url'),
      AUDIT_ANCHOR_KEY: randomBytes(32).toString('base64'),
      METRICS_TOKEN: metricsToken,
      IDENTITY_PROVIDER: 'platform',
      ALIPAY_APP_ID: alipay.appId,
      ALIPAY_PRIVATE_KEY: alipay.appPrivateKey,
      ALIPAY_PUBLIC_KEY: alipay.alipayPublicKey,
      ALIPAY_ENDPOINT: alipay.url,
      ALIPAY_GATEWAY: alipay.gateway,
      WECHAT_APP_ID: wechat.appId,
      WECHAT_APP_SECRET: wechat.appSecret,
      WECHAT_API_BASE: wechat.apiBase,
      BANKCARD_PROVIDER: 'tencentcloud',
      TENCENTCLOUD_SECRET_ID: tencent.secretId,
      TENCENTCLOUD_SECRET_KEY: tencent.secretKey,
      TENCENTCLOUD_ENDPOINT: `https://${tencent.endpoint}`,
    });
  }, 60_000);
  afterAll(async () => {
    socket?.disconnect();
    await bff?.stop();
    await Promise.allSettled([alipay?.close(), wechat?.close(), tencent?.close()]);
    certificate?.remove();
    await db?.drop();
  });

  const mp = () => apiClient(bff.url);

  it('says it runs on production rules, serves both platforms, and offers nothing of development', async () => {
    expect(bff.output()).toMatch(/"mode":"production","why":"NODE_ENV is not set/);
    const ready = await mp().get('/readyz');
    expect(ready.status).toBe(200);
    expect(ready.body.checks.platforms).toEqual(['alipay', 'weapp']);
    expect((await fetch(`${bff.url}/healthz`)).headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
    // No demo portal, no sandbox, no development keys.
    expect((await fetch(`${bff.url}/demo`)).status).toBe(404);
    expect((await mp().post('/api/mp/session', { platform: 'h5', code: 'x' })).status).toBe(400);
    expect((await apiClient(bff.url, 'demo-portal-key').get('/api/portal/matters/000000000000000000000000')).status).toBe(401);
    expect((await mp().get('/api/operator/reviews', operatorAuthorization())).status).toBe(401);
  });

  it('finishes a filing over the https vendors: 张三 in Alipay, 李四 in WeChat, 提交 unlocks live', async () => {
    const portal = apiClient(bff.url, portalKey);
    const created = await portal.post('/api/portal/matters', matterRequest([ZHANG, LI]));
    expect(created.status).toBe(201);
    const matter = created.body.matter;
    const { token } = (await portal.post(`/api/portal/matters/${matter.id}/viewer-token`)).body;
    const views: MatterView[] = [];
    socket = connect(`${bff.url}/portal`, { auth: { token }, transports: ['websocket'], forceNew: true });
    socket.on('matter:snapshot', (v: MatterView) => views.push(v));
    socket.on('matter:updated', (v: MatterView) => views.push(v));
    await until(() => views.length > 0, 'the snapshot');

    for (const api of [await people.onAlipay(ZHANG), await people.onWechat(LI)]) {
      await people.faceCheck(api, { purpose: 'entry' });
      await people.confirm(api, matter.id);
    }
    await until(() => views.at(-1)?.canSubmit === true, '提交 unlocked live');
    expect((await portal.post(`/api/portal/matters/${matter.id}/submit`)).status).toBe(200);

    // Every vendor was reached, over TLS, and answered.
    expect(alipay.requests.some((r) => r.path.endsWith('/certify/open/initialize'))).toBe(true);
    expect(wechat.requests.length).toBeGreaterThan(0);
    expect(tencent.requests.length).toBe(2);
    // Nothing personal in the log lines of all that.
    for (const secret of [ZHANG.idNumber, LI.idNumber, ZHANG.name, LI.name, portalKey, operatorSecret])
      expect(bff.output()).not.toContain(secret);
  });

  it('serves the service-window console and signs its operator in with a Secure cookie', async () => {
    const page = await fetch(`${bff.url}/console/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await page.text()).toContain('/console/console.js');
    expect((await fetch(`${bff.url}/console/console.js`)).status).toBe(200);
    const signIn = await fetch(`${bff.url}/api/operator/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'wang', secret: operatorSecret }),
    });
    expect(signIn.status).toBe(201);
    expect(signIn.headers.get('set-cookie')).toMatch(/; secure;/i);
    const cookie = signIn.headers.get('set-cookie')!.split(';')[0];
    expect((await fetch(`${bff.url}/api/operator/reviews`, { headers: { cookie } })).status).toBe(200);
  });

  it('shows its metrics to the scraper with the token, and to nobody else', async () => {
    expect((await fetch(`${bff.url}/metrics`)).status).toBe(401);
    const scraped = await fetch(`${bff.url}/metrics`, { headers: { authorization: `Bearer ${metricsToken}` } });
    expect(scraped.status).toBe(200);
    const text = await scraped.text();
    expect(text).toMatch(/^regverify_http_requests_total\{.*route="\/api\/mp\/session".*\} \d+/m);
    expect(text).toMatch(/^regverify_vendor_calls_total\{vendor="tencentcloud",operation="bank_card_check"\} 2$/m);
    expect(text).toMatch(/^regverify_vendor_calls_total\{vendor="alipay",operation="face_check_start"\} [1-9]/m);
    expect(text).toMatch(/^regverify_vendor_calls_total\{vendor="wechat",operation="face_check_start"\} [1-9]/m);
    expect(text).toMatch(/^regverify_ledger_commits_total\{type="matter.submitted"\} 1$/m);
    expect(text).toMatch(/^regverify_dependency_ready\{dependency="database"\} 1$/m);
    expect(text).not.toContain(ZHANG.idNumber);
  });
});
