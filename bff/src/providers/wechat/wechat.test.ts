import { randomBytes } from 'node:crypto';
import { ProviderError, type FaceCheckSubject, type IdentityProvider } from '../identity';
import { createAccessTokenCache, TOKEN_REFRESH_MARGIN_MS } from './accessToken';
import { certHash, certInfoOf, createWechatIdentityProvider, GET_VERIFY_ID_PATH, QUERY_VERIFY_INFO_PATH } from './identity';
import { createWechatLoginProvider } from './login';
import type { WechatOptions } from './options';
import { startWechatStandIn, type WechatStandIn } from '../../../test/standIns/wechat';

const TOKEN_PATH = '/cgi-bin/stable_token';
const LOGIN_PATH = '/sns/jscode2session';
const NAME = '张三';
const ID_NUMBER = '11010519491231002X';
const SUBJECT: FaceCheckSubject = { name: NAME, idType: 'resident_id', idNumber: ID_NUMBER };

let wx: WechatStandIn;
beforeEach(async () => {
  wx = await startWechatStandIn();
});
afterEach(() => wx.close());

const optionsFor = (standIn: WechatStandIn, extra: Partial<WechatOptions> = {}): WechatOptions => ({
  appId: standIn.appId,
  appSecret: standIn.appSecret,
  apiBase: standIn.apiBase,
  timeoutMs: 2000,
  ...extra,
});

let counter = 0;
const outerNo = () => `rv${Date.now().toString(36)}${(counter += 1)}`;

/** A user the stand-in knows (as after a wx.login), returning its openid. */
function knownUser(openid = `o${randomBytes(8).toString('hex')}`): string {
  wx.addCode(`code-${openid}`, openid);
  return openid;
}

/** Everything that must never show in an error message. */
function secrets(): string[] {
  const sessionKeys = wx.requests.flatMap((r) => {
    const key = (r.answer as { session_key?: unknown } | undefined)?.session_key;
    return typeof key === 'string' ? [key] : [];
  });
  return [NAME, ID_NUMBER, wx.appSecret, ...sessionKeys];
}

/** The ProviderError a call ends with; its message is checked for secrets on the way. */
async function failureOf(promise: Promise<unknown>): Promise<ProviderError> {
  const error = await promise.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ProviderError);
  const providerError = error as ProviderError;
  for (const secret of secrets()) expect(providerError.message).not.toContain(secret);
  expect(providerError.stack ?? '').not.toContain(wx.appSecret);
  return providerError;
}

describe('cert_hash', () => {
  it("matches the worked example of WeChat's queryVerifyInfo documentation", () => {
    expect(certHash({ cert_type: 'IDENTITY_CARD', cert_name: '张三', cert_no: '310101199801011234' })).toBe(
      '3c241f7ff324977aeb91f173bb2a7b06569e6fd784d5573db34a636d8671108b',
    );
  });

  it('is taken over the values getverifyid receives (trimmed name, upper-case X)', () => {
    const info = certInfoOf({ name: ` ${NAME} `, idType: 'resident_id', idNumber: '11010519491231002x' });
    expect(info).toEqual({ cert_type: 'IDENTITY_CARD', cert_name: NAME, cert_no: ID_NUMBER });
    expect(certHash(info)).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('WeChat login (jscode2session)', () => {
  it('exchanges a code for the openid and nothing else', async () => {
    wx.addCode('code-1', 'o-user-1');
    const result = await createWechatLoginProvider(optionsFor(wx)).login('code-1');
    expect(result).toEqual({ platformUserId: 'o-user-1' });
    expect(Object.keys(result)).toEqual(['platformUserId']);
    const [request] = wx.requests;
    expect(request.method).toBe('GET');
    expect(request.path).toBe(LOGIN_PATH);
    expect(request.query).toEqual({ appid: wx.appId, secret: wx.appSecret, js_code: 'code-1', grant_type: 'authorization_code' });
    // The stand-in did hand out a session_key; it went nowhere.
    const sessionKey = (request.answer as { session_key: string }).session_key;
    expect(JSON.stringify(result)).not.toContain(sessionKey);
  });

  it('refuses an unknown code as invalid_code (40029)', async () => {
    const error = await failureOf(createWechatLoginProvider(optionsFor(wx)).login('never-issued'));
    expect(error.failure).toBe('invalid_code');
    expect(error.providerCode).toBe('40029');
    // The stand-in echoed the code in errmsg; only WeChat's rid is passed on.
    expect(error.message).not.toContain('never-issued');
    expect(error.message).toMatch(/errcode 40029 \(rid [0-9a-f]+-[0-9a-f]+\)/);
  });

  it('refuses a code used a second time as invalid_code (40163)', async () => {
    wx.addCode('code-2', 'o-user-2');
    const login = createWechatLoginProvider(optionsFor(wx));
    await login.login('code-2');
    const error = await failureOf(login.login('code-2'));
    expect(error.failure).toBe('invalid_code');
    expect(error.providerCode).toBe('40163');
  });

  it('refuses an empty code without calling WeChat', async () => {
    const error = await failureOf(createWechatLoginProvider(optionsFor(wx)).login(' '));
    expect(error.failure).toBe('invalid_code');
    expect(wx.requests).toHaveLength(0);
  });

  it('reports busy (-1) and rate limit (45011) as unavailable, a risky user (40226) as rejected', async () => {
    wx.addCode('code-3', 'o-user-3');
    const login = createWechatLoginProvider(optionsFor(wx));
    for (const [errcode, failure] of [
      [-1, 'unavailable'],
      [45011, 'unavailable'],
      [40226, 'rejected'],
    ] as const) {
      wx.answerNext(errcode, LOGIN_PATH);
      const error = await failureOf(login.login('code-3'));
      expect([error.failure, error.providerCode]).toEqual([failure, String(errcode)]);
    }
    // The code was not consumed by the refused attempts.
    await expect(login.login('code-3')).resolves.toEqual({ platformUserId: 'o-user-3' });
  });

  it('reports a wrong AppSecret as rejected without naming it', async () => {
    wx.addCode('code-4', 'o-user-4');
    const wrongSecret = randomBytes(16).toString('hex');
    const error = await failureOf(createWechatLoginProvider(optionsFor(wx, { appSecret: wrongSecret })).login('code-4'));
    expect([error.failure, error.providerCode]).toEqual(['rejected', '40125']);
    expect(error.message).not.toContain(wrongSecret);
  });

  it('reports an answer without openid as bad_response', async () => {
    wx.addCode('code-5', 'o-user-5');
    wx.alterNextAnswer({ openid: undefined });
    const error = await failureOf(createWechatLoginProvider(optionsFor(wx)).login('code-5'));
    expect(error.failure).toBe('bad_response');
  });
});

describe('access token (stable_token)', () => {
  it('asks the documented way and caches the token across calls', async () => {
    const openid = knownUser();
    const identity = createWechatIdentityProvider(optionsFor(wx));
    const input = { outerNo: outerNo(), subject: SUBJECT, platformUserId: openid };
    const { providerRef } = await identity.start(input);
    await identity.query({ ...input, providerRef });
    await identity.query({ ...input, providerRef });
    expect(wx.count(TOKEN_PATH)).toBe(1);
    expect(wx.count(QUERY_VERIFY_INFO_PATH)).toBe(2);
    const tokenRequest = wx.requests.find((r) => r.path === TOKEN_PATH)!;
    expect(tokenRequest.method).toBe('POST');
    expect(tokenRequest.body).toEqual({ grant_type: 'client_credential', appid: wx.appId, secret: wx.appSecret, force_refresh: false });
  });

  it('shares one fetch among concurrent callers', async () => {
    const openid = knownUser();
    const identity = createWechatIdentityProvider(optionsFor(wx));
    await Promise.all(Array.from({ length: 5 }, () => identity.start({ outerNo: outerNo(), subject: SUBJECT, platformUserId: openid })));
    expect(wx.count(TOKEN_PATH)).toBe(1);
    expect(wx.count(GET_VERIFY_ID_PATH)).toBe(5);
  });

  it('fetches a new token 5 minutes before the old one expires', async () => {
    let clock = 1_000_000;
    const tokens = createAccessTokenCache(optionsFor(wx), { now: () => clock });
    const first = await tokens.get();
    clock += 7200 * 1000 - TOKEN_REFRESH_MARGIN_MS - 1;
    expect(await tokens.get()).toBe(first);
    expect(wx.count(TOKEN_PATH)).toBe(1);
    clock += 1;
    await tokens.get();
    expect(wx.count(TOKEN_PATH)).toBe(2);
  });

  it('refreshes after 42001 (expired) and 40001 (replaced), retrying the call once', async () => {
    const openid = knownUser();
    const identity = createWechatIdentityProvider(optionsFor(wx));
    await identity.start({ outerNo: outerNo(), subject: SUBJECT, platformUserId: openid });

    wx.expireTokens();
    await identity.start({ outerNo: outerNo(), subject: SUBJECT, platformUserId: openid });
    expect(wx.count(TOKEN_PATH)).toBe(2);
    expect(wx.count(GET_VERIFY_ID_PATH)).toBe(3);

    wx.rotateTokens();
    const started = await identity.start({ outerNo: outerNo(), subject: SUBJECT, platformUserId: openid });
    expect(started.providerRef).toBeTruthy();
    expect(wx.count(TOKEN_PATH)).toBe(3);
    expect(wx.count(GET_VERIFY_ID_PATH)).toBe(5);
    const refused = wx.requests.filter((r) => r.path === GET_VERIFY_ID_PATH).map((r) => (r.answer as { errcode: number }).errcode);
    expect(refused).toEqual([0, 42001, 0, 40001, 0]);
  });

  it('retries exactly once: a fresh token refused again is unavailable', async () => {
    const openid = knownUser();
    const identity = createWechatIdentityProvider(optionsFor(wx));
    wx.refuseTokens(5, 40001);
    const error = await failureOf(identity.start({ outerNo: outerNo(), subject: SUBJECT, platformUserId: openid }));
    expect([error.failure, error.providerCode]).toEqual(['unavailable', '40001']);
    expect(wx.count(GET_VERIFY_ID_PATH)).toBe(2);
    expect(wx.count(TOKEN_PATH)).toBe(2);
  });

  it('reports a wrong AppSecret as rejected', async () => {
    const identity = createWechatIdentityProvider(optionsFor(wx, { appSecret: 'not-the-secret' }));
    const error = await failureOf(identity.start({ outerNo: outerNo(), subject: SUBJECT, platformUserId: knownUser() }));
    expect([error.failure, error.providerCode]).toEqual(['rejected', '40125']);
    expect(wx.count(GET_VERIFY_ID_PATH)).toBe(0);
  });
});

describe('WeChat face verification 2.0', () => {
  let identity: IdentityProvider;
  let openid: string;
  beforeEach(() => {
    identity = createWechatIdentityProvider(optionsFor(wx));
    openid = knownUser();
  });

  async function startedCheck() {
    const input = { outerNo: outerNo(), subject: SUBJECT, platformUserId: openid };
    const started = await identity.start(input);
    return { ...input, providerRef: started.providerRef };
  }

  it('face-checks resident ID cards only', async () => {
    expect(identity.name).toBe('wechat');
    expect(identity.supports('resident_id')).toBe(true);
    for (const idType of ['passport', 'hk_macau_permit', 'taiwan_permit', 'hmt_residence_permit', 'foreign_permanent_residence'] as const) {
      expect(identity.supports(idType)).toBe(false);
    }
    const error = await failureOf(
      identity.start({ outerNo: outerNo(), subject: { ...SUBJECT, idType: 'passport', idNumber: 'E12345678' }, platformUserId: openid }),
    );
    expect(error.failure).toBe('rejected');
    expect(wx.requests).toHaveLength(0);
  });

  it('starts with the documented body and hands the verify_id to the mini-program', async () => {
    const no = outerNo();
    const started = await identity.start({ outerNo: no, subject: SUBJECT, platformUserId: openid });
    const request = wx.requests.find((r) => r.path === GET_VERIFY_ID_PATH)!;
    expect(request.method).toBe('POST');
    expect(request.query).toEqual({ access_token: expect.any(String) });
    expect(request.body).toEqual({
      out_seq_no: no,
      cert_info: { cert_type: 'IDENTITY_CARD', cert_name: NAME, cert_no: ID_NUMBER },
      openid,
    });
    const { verify_id: verifyId } = request.answer as { verify_id: string };
    expect(started).toEqual({ providerRef: verifyId, params: { verifyId } });
  });

  it('refuses an out_seq_no WeChat would refuse, before sending anything', async () => {
    for (const bad of ['abcd', 'a'.repeat(33), 'has space', '流水号12345']) {
      const error = await failureOf(identity.start({ outerNo: bad, subject: SUBJECT, platformUserId: openid }));
      expect(error.failure).toBe('rejected');
    }
    expect(wx.requests).toHaveLength(0);
  });

  it('reports a getverifyid refusal as rejected without repeating its errmsg', async () => {
    const error = await failureOf(
      identity.start({ outerNo: outerNo(), subject: { ...SUBJECT, idNumber: '1101051949' }, platformUserId: openid }),
    );
    expect([error.failure, error.providerCode]).toEqual(['rejected', '40097']);
    // The stand-in's errmsg named the person; the error does not.
    expect(JSON.stringify(wx.requests.at(-1)!.answer)).toContain(NAME);
  });

  it('sends the documented query and reads verify_ret 10000 as passed', async () => {
    const check = await startedCheck();
    wx.setOutcome(check.providerRef, 10000);
    await expect(identity.query(check)).resolves.toEqual({ status: 'passed' });
    const request = wx.requests.find((r) => r.path === QUERY_VERIFY_INFO_PATH)!;
    expect(request.body).toEqual({
      verify_id: check.providerRef,
      out_seq_no: check.outerNo,
      cert_hash: certHash({ cert_type: 'IDENTITY_CARD', cert_name: NAME, cert_no: ID_NUMBER }),
      openid,
    });
    expect(JSON.stringify(request.body)).not.toContain(NAME);
    expect(JSON.stringify(request.body)).not.toContain(ID_NUMBER);
  });

  it('reads cancellation, time-out and other codes as failed with a Chinese reason', async () => {
    const check = await startedCheck();
    for (const code of [90002, 90003, 90006]) {
      wx.setOutcome(check.providerRef, code);
      await expect(identity.query(check)).resolves.toEqual({ status: 'failed', reason: '已取消人脸核验' });
    }
    wx.setOutcome(check.providerRef, 90017);
    await expect(identity.query(check)).resolves.toEqual({ status: 'failed', reason: '核验超时，请重试' });
    wx.setOutcome(check.providerRef, 10004);
    await expect(identity.query(check)).resolves.toEqual({ status: 'failed', reason: '人脸与身份证信息不一致' });
    wx.setOutcome(check.providerRef, 90018);
    await expect(identity.query(check)).resolves.toEqual({ status: 'failed', reason: '人脸核验未通过（90018）' });
  });

  it('reads "not finished yet" as pending', async () => {
    const check = await startedCheck();
    await expect(identity.query(check)).resolves.toEqual({ status: 'pending' });
  });

  it('reports a query for another person as bad_response: WeChat refuses the cert_hash', async () => {
    const check = await startedCheck();
    wx.setOutcome(check.providerRef, 10000);
    const error = await failureOf(identity.query({ ...check, subject: { ...SUBJECT, name: '李四' } }));
    expect([error.failure, error.providerCode]).toEqual(['bad_response', '40097']);
    expect(String((wx.requests.at(-1)!.answer as { errmsg: string }).errmsg)).toContain('cert_hash mismatch');
  });

  it('reports a query with another openid or out_seq_no as bad_response', async () => {
    const check = await startedCheck();
    wx.setOutcome(check.providerRef, 10000);
    expect((await failureOf(identity.query({ ...check, platformUserId: knownUser() }))).failure).toBe('bad_response');
    expect((await failureOf(identity.query({ ...check, outerNo: outerNo() }))).failure).toBe('bad_response');
  });

  it('reports an answer that names another attempt, or has no verify_ret, as bad_response', async () => {
    const check = await startedCheck();
    wx.setOutcome(check.providerRef, 10000);
    wx.alterNextAnswer({ verify_id: 'wxfv_someone_else' });
    expect((await failureOf(identity.query(check))).failure).toBe('bad_response');
    wx.alterNextAnswer({ out_seq_no: 'another-seq-no' });
    expect((await failureOf(identity.query(check))).failure).toBe('bad_response');
    wx.alterNextAnswer({ verify_ret: '10000' });
    expect((await failureOf(identity.query(check))).failure).toBe('bad_response');
    wx.alterNextAnswer({ verify_id: check.providerRef });
    await expect(identity.query(check)).resolves.toEqual({ status: 'passed' });
  });

  it('reports busy and rate limit on query as unavailable', async () => {
    const check = await startedCheck();
    wx.answerNext(-1, QUERY_VERIFY_INFO_PATH);
    expect((await failureOf(identity.query(check))).failure).toBe('unavailable');
    wx.answerNext(45011, QUERY_VERIFY_INFO_PATH);
    expect((await failureOf(identity.query(check))).failure).toBe('unavailable');
  });

  it('reports a broken, silent or absent WeChat as unavailable', async () => {
    const check = await startedCheck();
    wx.breakNext('http500');
    const http500 = await failureOf(identity.query(check));
    expect([http500.failure, http500.providerCode]).toEqual(['unavailable', 'http_500']);
    wx.breakNext('garbage');
    expect((await failureOf(identity.query(check))).failure).toBe('unavailable');

    const impatient = createWechatIdentityProvider(optionsFor(wx, { timeoutMs: 200 }));
    await impatient.start({ outerNo: outerNo(), subject: SUBJECT, platformUserId: openid });
    wx.breakNext('hang');
    const silent = await failureOf(impatient.start({ outerNo: outerNo(), subject: SUBJECT, platformUserId: openid }));
    expect(silent.failure).toBe('unavailable');
    expect(silent.message).toBe('WeChat getverifyid timed out');

    const gone = await startWechatStandIn();
    const goneOptions = optionsFor(gone);
    await gone.close();
    const unreachable = await failureOf(createWechatLoginProvider(goneOptions).login('any-code'));
    expect(unreachable.failure).toBe('unavailable');
    expect(unreachable.message).not.toContain(goneOptions.appSecret);
  });

  it('reports a broken stable_token as unavailable, and recovers on the next call', async () => {
    wx.breakNext('http500');
    const error = await failureOf(identity.start({ outerNo: outerNo(), subject: SUBJECT, platformUserId: openid }));
    expect(error.failure).toBe('unavailable');
    await expect(identity.start({ outerNo: outerNo(), subject: SUBJECT, platformUserId: openid })).resolves.toBeTruthy();
  });
});
