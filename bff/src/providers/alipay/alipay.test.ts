import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { AlipayRequestError } from 'alipay-sdk';
import type { IdType } from '@regverify/shared';
import { ProviderError, type IdentityProvider, type QueryFaceCheckInput, type StartFaceCheckInput } from '../identity';
import { alipayCertType, createAlipayIdentityProvider } from './identity';
import { createAlipayLoginProvider, createAlipayPrefillProvider } from './login';
import { createAlipaySdk, type AlipayOptions } from './options';
import { startAlipayStandIn, type AlipayStandIn } from '../../../test/standIns/alipay';

const NAME = '张三';
const ID = '11010519491231002X';
const PERSONAL = [NAME, ID, ID.slice(0, 17), ID.toLowerCase()];
/** A tiny JPEG header as base64 (starts with /9j/). */
const PICTURE = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46]).toString('base64');

let standIn: AlipayStandIn;
let options: AlipayOptions;
let identity: IdentityProvider;
const consoleCalls: unknown[][] = [];

const outerNo = () => `V${randomBytes(12).toString('hex')}`;

function startInput(idType: IdType, idNumber = ID): StartFaceCheckInput {
  return { outerNo: outerNo(), platformUserId: '2088000000000001', subject: { name: NAME, idType, idNumber } };
}

function queryInput(providerRef: string): QueryFaceCheckInput {
  return { ...startInput('resident_id'), providerRef };
}

function expectNoPersonalData(value: unknown) {
  const err = value as ProviderError & { cause?: unknown };
  const text = [err.message, err.stack, err.providerCode, JSON.stringify(err), String(err.cause)].join('\n');
  for (const item of PERSONAL) expect(text).not.toContain(item);
  expect(err.cause).toBeUndefined();
}

/** The ProviderError a call ends with; also checks that it carries no personal data. */
async function failureOf(call: Promise<unknown>): Promise<ProviderError> {
  try {
    await call;
  } catch (err) {
    expect(err).toBeInstanceOf(ProviderError);
    expectNoPersonalData(err);
    return err as ProviderError;
  }
  throw new Error('expected the call to fail');
}

const lastRequest = () => standIn.requests[standIn.requests.length - 1];

beforeAll(async () => {
  for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    jest.spyOn(console, method).mockImplementation((...args: unknown[]) => {
      consoleCalls.push(args);
    });
  }
  standIn = await startAlipayStandIn();
  options = {
    appId: standIn.appId,
    privateKey: standIn.appPrivateKey,
    alipayPublicKey: standIn.alipayPublicKey,
    endpoint: standIn.url,
    gateway: standIn.gateway,
    timeoutMs: 3000,
  };
  identity = createAlipayIdentityProvider(options);
});

afterAll(async () => {
  await standIn?.close();
  jest.restoreAllMocks();
});

describe('supports()', () => {
  it.each<[IdType, boolean]>([
    ['resident_id', true],
    ['hk_macau_permit', true],
    ['taiwan_permit', true],
    ['hmt_residence_permit', true],
    ['passport', false],
    ['foreign_permanent_residence', false],
  ])('%s → %s', (idType, supported) => {
    expect(identity.name).toBe('alipay');
    expect(identity.supports(idType)).toBe(supported);
  });

  it.each<[IdType, string, string | null]>([
    ['resident_id', ID, 'IDENTITY_CARD'],
    ['hk_macau_permit', 'H12345678', 'HOME_VISIT_PERMIT_HK_MC'],
    ['taiwan_permit', '12345678', 'HOME_VISIT_PERMIT_TAIWAN'],
    ['hmt_residence_permit', '810000199408230021', 'RESIDENCE_PERMIT_HK_MC'],
    ['hmt_residence_permit', '820000199408230021', 'RESIDENCE_PERMIT_HK_MC'],
    ['hmt_residence_permit', '830000199408230021', 'RESIDENCE_PERMIT_TAIWAN'],
    ['hmt_residence_permit', '840000199408230021', null],
    ['passport', 'E12345678', null],
    ['foreign_permanent_residence', '931586199001011234', null],
  ])('cert_type of %s %s is %s', (idType, number, certType) => {
    expect(alipayCertType(idType, number)).toBe(certType);
  });
});

describe('start', () => {
  it.each<[IdType, string, string]>([
    ['resident_id', ID, 'IDENTITY_CARD'],
    ['hk_macau_permit', 'H12345678', 'HOME_VISIT_PERMIT_HK_MC'],
    ['taiwan_permit', '12345678', 'HOME_VISIT_PERMIT_TAIWAN'],
    ['hmt_residence_permit', '810000199408230021', 'RESIDENCE_PERMIT_HK_MC'],
    ['hmt_residence_permit', '830000199408230021', 'RESIDENCE_PERMIT_TAIWAN'],
  ])('%s %s initialises certify with cert_type %s and returns certifyId + url', async (idType, number, certType) => {
    const input = startInput(idType, number);
    const started = await identity.start(input);

    const sent = lastRequest();
    expect(sent.method).toBe('POST');
    expect(sent.path).toBe('/v3/alipay/user/certify/open/initialize');
    expect(sent.params).toEqual({
      outer_order_no: input.outerNo,
      biz_code: 'FACE',
      identity_param: { identity_type: 'CERT_INFO', cert_type: certType, cert_name: NAME, cert_no: number },
      merchant_config: { return_url: '', face_reserve_strategy: 'never' },
    });

    expect(started.providerRef).toMatch(/^[0-9a-f]{32}$/);
    expect(started.params.certifyId).toBe(started.providerRef);
    const url = new URL(started.params.url as string);
    expect(`${url.origin}${url.pathname}`).toBe(standIn.gateway);
    expect(url.searchParams.get('method')).toBe('alipay.user.certify.open.certify');
    expect(url.searchParams.get('app_id')).toBe(standIn.appId);
    expect(JSON.parse(url.searchParams.get('biz_content')!)).toEqual({ certify_id: started.providerRef });
    // Built locally: no request for the URL itself.
    expect(lastRequest()).toBe(sent);
  });

  it('builds a certify URL the gateway accepts (valid v2 signature) and a changed one it refuses', async () => {
    const { params } = await identity.start(startInput('resident_id'));
    const page = await fetch(params.url as string);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('人脸核验');

    const forged = new URL(params.url as string);
    forged.searchParams.set('biz_content', JSON.stringify({ certify_id: 'someone-elses-certify-id' }));
    const refused = (await (await fetch(forged)).json()) as { error_response: { sub_code: string } };
    expect(refused.error_response.sub_code).toBe('isv.invalid-signature');
  });

  it('asks for the face picture only when configured', async () => {
    const withPicture = createAlipayIdentityProvider({ ...options, outputFacialPicture: true });
    await withPicture.start(startInput('resident_id'));
    expect((lastRequest().params.merchant_config as Record<string, unknown>).out_put_facial_picture).toBe(true);
  });

  it.each<[IdType, string]>([
    ['passport', 'E12345678'],
    ['foreign_permanent_residence', '931586199001011234'],
    ['hmt_residence_permit', '840000199408230021'],
  ])('refuses %s %s without calling Alipay', async (idType, number) => {
    const before = standIn.requests.length;
    const failure = await failureOf(identity.start(startInput(idType, number)));
    expect(failure.failure).toBe('rejected');
    expect(standIn.requests.length).toBe(before);
  });

  it('refuses an outer number Alipay would refuse, without calling it', async () => {
    const before = standIn.requests.length;
    const failure = await failureOf(identity.start({ ...startInput('resident_id'), outerNo: 'not-alnum_and-way-too-long-for-alipay' }));
    expect(failure.failure).toBe('rejected');
    expect(standIn.requests.length).toBe(before);
  });

  it('the stand-in itself checks the parameters like Alipay (raw SDK calls)', async () => {
    const sdk = createAlipaySdk(options);
    const body = {
      outer_order_no: outerNo(),
      biz_code: 'FACE',
      identity_param: { identity_type: 'CERT_INFO', cert_type: 'IDENTITY_CARD', cert_name: NAME, cert_no: ID },
      merchant_config: { return_url: '', face_reserve_strategy: 'never' },
    };
    const refusedWith = async (changed: Record<string, unknown>) => {
      try {
        await sdk.curl('POST', '/v3/alipay/user/certify/open/initialize', { body: { ...body, ...changed } });
      } catch (err) {
        expect(err).toBeInstanceOf(AlipayRequestError);
        return [(err as AlipayRequestError).responseHttpStatus, (err as AlipayRequestError).message];
      }
      return 'accepted';
    };
    expect(await refusedWith({})).toBe('accepted');
    expect(await refusedWith({ outer_order_no: 'a'.repeat(33) })).toEqual([400, expect.stringContaining('outer_order_no')]);
    expect(await refusedWith({ merchant_config: { return_url: '', face_reserve_strategy: 'reserve' } })).toEqual([
      400,
      expect.stringContaining('face_reserve_strategy'),
    ]);
    expect(await refusedWith({ identity_param: { ...body.identity_param, cert_type: 'PASSPORT' } })).toEqual([
      400,
      expect.stringContaining('cert_type'),
    ]);
    expect(await refusedWith({ merchant_config: { face_reserve_strategy: 'never' } })).toEqual([
      400,
      expect.stringContaining('return_url'),
    ]);
  });
});

describe('query', () => {
  const started = async (provider: IdentityProvider = identity) => (await provider.start(startInput('resident_id'))).providerRef;

  it('is pending until the person has finished, asking with GET certify_id', async () => {
    const certifyId = await started();
    expect(await identity.query(queryInput(certifyId))).toEqual({ status: 'pending' });
    expect(lastRequest()).toEqual({ method: 'GET', path: '/v3/alipay/user/certify/open/query', params: { certify_id: certifyId } });
  });

  it('passed, with "T" as a string', async () => {
    const certifyId = await started();
    standIn.setOutcome(certifyId, 'T');
    expect(await identity.query(queryInput(certifyId))).toEqual({ status: 'passed' });
  });

  it('passed, with ["T"] as a one-element list', async () => {
    const certifyId = await started();
    standIn.setOutcome(certifyId, 'T', { passedAsList: true });
    expect(await identity.query(queryInput(certifyId))).toEqual({ status: 'passed' });
  });

  it('failed, with ["F"] as a list', async () => {
    const certifyId = await started();
    standIn.setOutcome(certifyId, 'F', { passedAsList: true });
    expect(await identity.query(queryInput(certifyId))).toEqual({ status: 'failed', reason: '人脸核验未通过' });
  });

  it('failed, with a readable fail_reason', async () => {
    const certifyId = await started();
    standIn.setOutcome(certifyId, 'F', { failReason: '人脸比对不通过' });
    expect(await identity.query(queryInput(certifyId))).toEqual({ status: 'failed', reason: '人脸比对不通过' });
  });

  it('failed, with a bare code as fail_reason', async () => {
    const certifyId = await started();
    standIn.setOutcome(certifyId, 'F', { failReason: 'Z1147' });
    expect(await identity.query(queryInput(certifyId))).toEqual({ status: 'failed', reason: '人脸核验未通过（Z1147）' });
  });

  it('failed, without fail_reason → the default Chinese reason', async () => {
    const certifyId = await started();
    standIn.setOutcome(certifyId, 'F');
    expect(await identity.query(queryInput(certifyId))).toEqual({ status: 'failed', reason: '人脸核验未通过' });
  });

  it('returns the face picture from material_info as a data URL when Alipay sends it', async () => {
    const withPicture = createAlipayIdentityProvider({ ...options, outputFacialPicture: true });
    const certifyId = await started(withPicture);
    standIn.setOutcome(certifyId, 'T', { picture: PICTURE });
    expect(await withPicture.query(queryInput(certifyId))).toEqual({ status: 'passed', facePicture: `data:image/jpeg;base64,${PICTURE}` });

    const withoutPicture = await started();
    standIn.setOutcome(withoutPicture, 'T', { picture: PICTURE });
    expect(await identity.query(queryInput(withoutPicture))).toEqual({ status: 'passed' });
  });

  it('an unknown certify id is a refusal', async () => {
    const failure = await failureOf(identity.query(queryInput('0'.repeat(32))));
    expect(failure).toMatchObject({ failure: 'rejected', providerCode: 'INVALID_PARAMETER' });
  });
});

describe('answers that fail verification', () => {
  it('a tampered query answer (F turned into T after signing) → bad_response', async () => {
    const { providerRef } = await identity.start(startInput('resident_id'));
    standIn.setOutcome(providerRef, 'F');
    standIn.tamperNextResponse();
    const failure = await failureOf(identity.query(queryInput(providerRef)));
    expect(failure).toMatchObject({ failure: 'bad_response', providerCode: 'response-signature-verify-error' });
    // Untampered, the same certify reads as failed.
    expect((await identity.query(queryInput(providerRef))).status).toBe('failed');
  });

  it('a tampered initialize answer → bad_response', async () => {
    standIn.tamperNextResponse((body) => body.replace(/"certify_id":"[0-9a-f]+"/, '"certify_id":"forged"'));
    expect((await failureOf(identity.start(startInput('resident_id')))).failure).toBe('bad_response');
  });

  it('an answer without a signature → bad_response', async () => {
    standIn.failNextResponse(200, '{"passed":"T"}');
    expect((await failureOf(identity.query(queryInput('a'.repeat(32))))).failure).toBe('bad_response');
  });

  it('answers signed by another key than the configured Alipay public key → bad_response', async () => {
    const otherAlipayKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ type: 'spki', format: 'pem' }) as string;
    const misconfigured = createAlipayIdentityProvider({ ...options, alipayPublicKey: otherAlipayKey });
    expect((await failureOf(misconfigured.start(startInput('resident_id')))).failure).toBe('bad_response');
    standIn.addAuthCode('code-misconfigured', '2088102150477660');
    const login = createAlipayLoginProvider({ ...options, alipayPublicKey: otherAlipayKey });
    expect((await failureOf(login.login('code-misconfigured'))).failure).toBe('bad_response');
  });

  it('error answers (4xx) are not verified by the SDK: a forged refusal can only deny, never grant', async () => {
    // alipay-sdk 4.x throws on HTTP ≥ 400 before looking at the signature headers.
    standIn.failNextResponse(400, '{"code":"code-invalid","message":"授权码code无效"}');
    standIn.addAuthCode('code-forged-refusal', '2088102150477661');
    expect((await failureOf(createAlipayLoginProvider(options).login('code-forged-refusal'))).failure).toBe('invalid_code');
  });
});

describe('requests Alipay refuses', () => {
  it('a wrong app private key → Alipay refuses the signature → rejected, and its echo of the body stays out', async () => {
    const otherAppKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs1', format: 'pem' }) as string;
    const wrongKey = createAlipayIdentityProvider({ ...options, privateKey: otherAppKey });
    const failure = await failureOf(wrongKey.start(startInput('resident_id')));
    expect(failure).toMatchObject({ failure: 'rejected', providerCode: 'invalid-signature' });
  });

  it('a wrong app id → rejected', async () => {
    const wrongApp = createAlipayIdentityProvider({ ...options, appId: '2021000000000000' });
    expect(await failureOf(wrongApp.start(startInput('resident_id')))).toMatchObject({
      failure: 'rejected',
      providerCode: 'invalid-app-id',
    });
  });
});

describe('Alipay unreachable or failing', () => {
  it('stand-in down → unavailable', async () => {
    const down = await startAlipayStandIn();
    await down.close();
    const provider = createAlipayIdentityProvider({ ...options, endpoint: down.url, gateway: down.gateway });
    expect((await failureOf(provider.start(startInput('resident_id')))).failure).toBe('unavailable');
    expect((await failureOf(provider.query(queryInput('a'.repeat(32))))).failure).toBe('unavailable');
  });

  it('HTTP 503 with an Alipay error body → unavailable', async () => {
    standIn.failNextResponse(503);
    expect(await failureOf(identity.start(startInput('resident_id')))).toMatchObject({
      failure: 'unavailable',
      providerCode: 'SYSTEM_ERROR',
    });
  });

  it('HTTP 502 with a proxy HTML page → unavailable', async () => {
    standIn.failNextResponse(502, '<html><body>502 Bad Gateway</body></html>', 'text/html');
    expect((await failureOf(identity.query(queryInput('a'.repeat(32))))).failure).toBe('unavailable');
  });

  it('no answer within timeoutMs → unavailable', async () => {
    const impatient = createAlipayIdentityProvider({ ...options, timeoutMs: 300 });
    standIn.stallNextResponse();
    expect((await failureOf(impatient.query(queryInput('a'.repeat(32))))).failure).toBe('unavailable');
  });
});

describe('login', () => {
  it('a known code → the Alipay user id; the code is exchanged once', async () => {
    const login = createAlipayLoginProvider(options);
    standIn.addAuthCode('code-known-1', '2088102150477652');
    expect(await login.login('code-known-1')).toEqual({
      platformUserId: '2088102150477652',
      accountToken: expect.stringMatching(/^authusr/),
    });
    expect(lastRequest()).toEqual({
      method: 'POST',
      path: '/v3/alipay/system/oauth/token',
      params: { grant_type: 'authorization_code', code: 'code-known-1' },
    });
    expect(await failureOf(login.login('code-known-1'))).toMatchObject({ failure: 'invalid_code', providerCode: 'code-invalid' });
  });

  it('new apps get an open_id instead', async () => {
    standIn.addAuthCode('code-open-id', '074a1CcTG1LelxKe4xQC0zgNdId0nxi95b5lsNpazWYoCo5', { asOpenId: true });
    expect(await createAlipayLoginProvider(options).login('code-open-id')).toEqual({
      platformUserId: '074a1CcTG1LelxKe4xQC0zgNdId0nxi95b5lsNpazWYoCo5',
      accountToken: expect.stringMatching(/^authusr/),
    });
  });

  it('an unknown code → invalid_code', async () => {
    expect((await failureOf(createAlipayLoginProvider(options).login('never-issued'))).failure).toBe('invalid_code');
  });

  it('an empty code → invalid_code without calling Alipay', async () => {
    const before = standIn.requests.length;
    expect((await failureOf(createAlipayLoginProvider(options).login(' '))).failure).toBe('invalid_code');
    expect(standIn.requests.length).toBe(before);
  });

  it('works with a PKCS#8 app key as well', async () => {
    standIn.addAuthCode('code-pkcs8', '2088102150477653');
    const login = createAlipayLoginProvider({ ...options, privateKey: standIn.appPrivateKeyPkcs8 });
    expect(await login.login('code-pkcs8')).toEqual({
      platformUserId: '2088102150477653',
      accountToken: expect.stringMatching(/^authusr/),
    });
  });
});

describe('prefill', () => {
  it('name and ID number when Alipay shares both', async () => {
    standIn.addAuthCode('code-prefill-1', '2088102150477654', { name: NAME, certNo: ID });
    expect(await createAlipayPrefillProvider(options).prefill('code-prefill-1')).toEqual({ name: NAME, idNumber: ID });
    const sent = lastRequest();
    expect(sent.method).toBe('POST');
    expect(sent.path).toBe('/v3/alipay/user/info/share');
    expect(sent.params.auth_token).toMatch(/^authusrB/);
  });

  it('null when cert_no is not granted to the app', async () => {
    standIn.addAuthCode('code-prefill-2', '2088102150477655', { name: NAME });
    expect(await createAlipayPrefillProvider(options).prefill('code-prefill-2')).toBeNull();
  });

  it('null when nothing personal is shared', async () => {
    standIn.addAuthCode('code-prefill-3', '2088102150477656');
    expect(await createAlipayPrefillProvider(options).prefill('code-prefill-3')).toBeNull();
  });

  it('null when the app lacks the permission altogether', async () => {
    standIn.addAuthCode('code-prefill-4', '2088102150477657', { infoShareDenied: true });
    expect(await createAlipayPrefillProvider(options).prefill('code-prefill-4')).toBeNull();
  });

  it('an unknown code → invalid_code', async () => {
    expect((await failureOf(createAlipayPrefillProvider(options).prefill('never-issued'))).failure).toBe('invalid_code');
  });

  it('a tampered user info answer → bad_response, without the shared data in the error', async () => {
    standIn.addAuthCode('code-prefill-5', '2088102150477658', { name: '李四', certNo: '110105194912310037' });
    // The token answer passes untouched; the user info answer is changed after signing.
    standIn.tamperNextResponse((body) => body.replace('李四', NAME).replace('110105194912310037', ID), '/v3/alipay/user/info/share');
    const failure = await failureOf(createAlipayPrefillProvider(options).prefill('code-prefill-5'));
    expect(failure.failure).toBe('bad_response');
  });
});

describe('the stand-in v2 gateway and alipay-sdk exec() (documented behaviour of 4.14.0)', () => {
  it('exec() verifies a v2 success answer only when asked (validateSign: true)', async () => {
    const sdk = createAlipaySdk(options);
    standIn.addAuthCode('code-v2-1', '2088102150477659');
    const result = await sdk.exec(
      'alipay.system.oauth.token',
      { grant_type: 'authorization_code', code: 'code-v2-1' },
      { validateSign: true },
    );
    expect(result).toMatchObject({ code: '10000', userId: '2088102150477659' });

    standIn.addAuthCode('code-v2-2', '2088102150477659');
    standIn.tamperNextResponse((body) => body.replace('2088102150477659', '2088000000000000'));
    await expect(
      sdk.exec('alipay.system.oauth.token', { grant_type: 'authorization_code', code: 'code-v2-2' }, { validateSign: true }),
    ).rejects.toThrow(/验签失败/);

    standIn.addAuthCode('code-v2-3', '2088102150477659');
    standIn.tamperNextResponse((body) => body.replace('2088102150477659', '2088000000000000'));
    // Without validateSign (the default!) the forged user id is accepted.
    expect(await sdk.exec('alipay.system.oauth.token', { grant_type: 'authorization_code', code: 'code-v2-3' })).toMatchObject({
      userId: '2088000000000000',
    });
  });

  it('exec() with validateSign cannot verify a signed error_response (it looks for <method>_response only)', async () => {
    const sdk = createAlipaySdk(options);
    await expect(
      sdk.exec('alipay.system.oauth.token', { grant_type: 'authorization_code', code: 'never-issued' }, { validateSign: true }),
    ).rejects.toThrow(/验签失败/);
    expect(await sdk.exec('alipay.system.oauth.token', { grant_type: 'authorization_code', code: 'never-issued' })).toMatchObject({
      code: '40002',
      subCode: 'isv.code-invalid',
    });
  });
});

describe('personal data', () => {
  it('nothing was written to the console during these tests', () => {
    const text = consoleCalls.map((args) => args.map(String).join(' ')).join('\n');
    for (const item of PERSONAL) expect(text).not.toContain(item);
  });
});
