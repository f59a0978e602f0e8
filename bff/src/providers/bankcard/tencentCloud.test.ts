import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { luhnCheckDigit } from '@regverify/shared';
import type { BankCardCheckInput } from '../bankCard';
import { ProviderError } from '../identity';
import { createTencentCloudBankCardProvider, type TencentCloudBankCardOptions } from './tencentCloud';
import { startTencentCloudStandIn, verifyTc3Signature, type TencentCloudStandIn } from '../../../test/standIns/tencentCloud';

/** Test card numbers: a fixed prefix, a running serial, and the Luhn check digit. */
let serial = 0;
const nextCard = () => {
  const partial = `62220212345${String(serial++).padStart(7, '0')}`;
  return partial + luhnCheckDigit(partial);
};
const person = { name: '张三', idNumber: '11010519491231002X' };
const phone = '13800138000';

let standIn: TencentCloudStandIn;
/** Every error the adapter threw in this file; the last test checks none carries personal data. */
const thrown: unknown[] = [];
const cardsUsed: string[] = [];

const provider = (overrides: Partial<TencentCloudBankCardOptions> = {}) =>
  createTencentCloudBankCardProvider({
    secretId: standIn.secretId,
    secretKey: standIn.secretKey,
    endpoint: standIn.endpoint,
    protocol: 'http://',
    timeoutSeconds: 5,
    ...overrides,
  });

const input = (extra: Partial<BankCardCheckInput> = {}): BankCardCheckInput => {
  const cardNumber = extra.cardNumber ?? nextCard();
  cardsUsed.push(cardNumber);
  return { ...person, cardNumber, ...extra };
};

async function failureOf(promise: Promise<unknown>): Promise<ProviderError> {
  const outcome = await promise.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  if (!('error' in outcome)) throw new Error(`expected a failure, got ${JSON.stringify(outcome.value)}`);
  thrown.push(outcome.error);
  expect(outcome.error).toBeInstanceOf(ProviderError);
  return outcome.error as ProviderError;
}

const lastRequest = () => standIn.requests[standIn.requests.length - 1];

beforeAll(async () => {
  standIn = await startTencentCloudStandIn();
});

afterAll(async () => {
  await standIn.close();
});

describe('Tencent Cloud bank-card provider', () => {
  it('is named tencentcloud', () => expect(provider().name).toBe('tencentcloud'));

  it('without a phone, calls BankCardVerification (三要素) with IdCard, Name, BankCard, signed for faceid', async () => {
    const check = input();
    await expect(provider().check(check)).resolves.toEqual({ passed: true });
    const request = lastRequest();
    expect(request).toMatchObject({
      action: 'BankCardVerification',
      version: '2018-03-01',
      region: 'ap-guangzhou',
      host: 'faceid.tencentcloudapi.com',
      signatureValid: true,
      answered: '0',
    });
    expect(request.params).toEqual({ IdCard: person.idNumber, Name: person.name, BankCard: check.cardNumber });
    expect(request.headers.authorization).toMatch(/^TC3-HMAC-SHA256 Credential=\S+\/\d{4}-\d{2}-\d{2}\/faceid\/tc3_request, /);
  });

  it('with a phone, calls BankCard4EVerification (四要素) with Name, BankCard, Phone, IdCard', async () => {
    const check = input({ phone });
    await expect(provider().check(check)).resolves.toEqual({ passed: true });
    expect(lastRequest()).toMatchObject({ action: 'BankCard4EVerification', signatureValid: true, answered: '0' });
    expect(lastRequest().params).toEqual({ Name: person.name, BankCard: check.cardNumber, Phone: phone, IdCard: person.idNumber });
  });

  it('sends the region it is given', async () => {
    await provider({ region: 'ap-shanghai' }).check(input());
    expect(lastRequest()).toMatchObject({ region: 'ap-shanghai', signatureValid: true });
  });

  describe('not passed: each result code gives its own readable reason', () => {
    it.each([
      ['BankCardVerification', '-1', '认证未通过', '银行卡与姓名、身份证号不一致，请核对后重试'],
      ['BankCardVerification', '-2', '姓名校验不通过', '姓名未通过校验，请核对姓名'],
      ['BankCardVerification', '-3', '身份证号码有误', '身份证号码有误，请核对'],
      ['BankCardVerification', '-4', '银行卡号码有误', '银行卡号有误，请核对卡号'],
      ['BankCardVerification', '-5', '持卡人信息有误', '持卡人信息有误，请核对姓名、身份证号是否与开户时一致'],
      ['BankCardVerification', '-6', '未开通无卡支付', '该卡未开通无卡支付，请换一张卡或联系发卡行开通'],
      ['BankCardVerification', '-7', '此卡被没收', '该卡已被发卡行没收，请换一张卡'],
      ['BankCardVerification', '-8', '无效卡号', '该卡号无效，请换一张卡'],
      ['BankCardVerification', '-9', '此卡无对应发卡行', '未找到该卡的发卡行，请核对卡号或换一张卡'],
      ['BankCardVerification', '-10', '该卡未初始化或睡眠卡', '该卡未激活或为睡眠卡，请换一张卡或联系发卡行'],
      ['BankCardVerification', '-11', '作弊卡、吞卡', '该卡状态异常，无法验证，请换一张卡'],
      ['BankCardVerification', '-12', '此卡已挂失', '该卡已挂失，请换一张卡'],
      ['BankCardVerification', '-13', '该卡已过期', '该卡已过期，请换一张卡'],
      ['BankCardVerification', '-14', '受限制的卡', '该卡为受限制的卡，请换一张卡或联系发卡行'],
      ['BankCardVerification', '-15', '密码错误次数超限', '该卡密码错误次数超限，请换一张卡或联系发卡行'],
      ['BankCardVerification', '-16', '发卡行不支持此交易', '发卡行不支持此项验证，请换一张卡'],
      ['BankCardVerification', '-18', '验证次数超限，请次日重试', '今日验证次数已达上限，请明天再试'],
      ['BankCardVerification', '-19', '该证件号暂不支持核验，当前仅支持二代身份证', '该证件暂不支持银行卡验证，目前仅支持居民身份证'],
      ['BankCard4EVerification', '-1', '认证未通过', '银行卡与姓名、身份证号或银行预留手机号不一致，请核对后重试'],
      ['BankCard4EVerification', '-4', '银行卡号码有误', '银行卡号有误，请核对卡号'],
      ['BankCard4EVerification', '-5', '手机号码不合法', '手机号码不正确，请填写在银行预留的手机号'],
      ['BankCard4EVerification', '-6', '持卡人信息有误', '持卡人信息有误，请核对姓名、身份证号是否与开户时一致'],
      ['BankCard4EVerification', '-7', '未开通无卡支付', '该卡未开通无卡支付，请换一张卡或联系发卡行开通'],
      ['BankCard4EVerification', '-13', '此卡已挂失', '该卡已挂失，请换一张卡'],
      ['BankCard4EVerification', '-17', '发卡行不支持此交易', '发卡行不支持此项验证，请换一张卡'],
      ['BankCard4EVerification', '-19', '验证次数超限，请次日重试', '今日验证次数已达上限，请明天再试'],
      ['BankCard4EVerification', '-20', '该证件号暂不支持核验，当前仅支持二代身份证', '该证件暂不支持银行卡验证，目前仅支持居民身份证'],
    ])('%s %s (%s)', async (action, result, description, reason) => {
      const check = input(action === 'BankCard4EVerification' ? { phone } : {});
      standIn.setResult(check.cardNumber, result, description);
      await expect(provider().check(check)).resolves.toEqual({ passed: false, reason });
      expect(lastRequest()).toMatchObject({ action, answered: result });
    });

    it('every non-busy code of both actions, -1 to -20, is a not-passed with a Chinese reason', async () => {
      for (const withPhone of [false, true]) {
        const busy = withPhone ? '-18' : '-17';
        for (let code = -1; code >= -20; code--) {
          if (String(code) === busy) continue;
          const check = input(withPhone ? { phone } : {});
          standIn.setResult(check.cardNumber, String(code), '某种结果');
          const answer = await provider().check(check);
          expect(answer.passed).toBe(false);
          expect(answer.reason).toMatch(/^[\u4e00-\u9fff，、：]+$/);
        }
      }
    });

    it('a code newer than the tables: the vendor Description when it is plain Chinese, else a generic reason', async () => {
      const first = input();
      standIn.setResult(first.cardNumber, '-99', '发卡行系统维护中');
      await expect(provider().check(first)).resolves.toEqual({ passed: false, reason: '银行卡验证未通过：发卡行系统维护中' });

      const second = input();
      standIn.setResult(second.cardNumber, '-99', `卡号 ${second.cardNumber} 异常`);
      await expect(provider().check(second)).resolves.toEqual({ passed: false, reason: '银行卡验证未通过，请核对信息或换一张卡' });

      const third = input();
      standIn.setResult(third.cardNumber, '-99', `${person.name}的卡异常`);
      await expect(provider().check(third)).resolves.toEqual({ passed: false, reason: '银行卡验证未通过，请核对信息或换一张卡' });
    });

    it('values the service itself finds malformed come back in-band (phone → -5)', async () => {
      await expect(provider().check(input({ phone: '12345' }))).resolves.toEqual({
        passed: false,
        reason: '手机号码不正确，请填写在银行预留的手机号',
      });
      expect(lastRequest()).toMatchObject({ action: 'BankCard4EVerification', answered: '-5' });
    });
  });

  describe('验证中心服务繁忙 is not a verdict: unavailable (codes differ per action)', () => {
    it.each([
      ['BankCardVerification', '-17', false],
      ['BankCard4EVerification', '-18', true],
    ])('%s %s → unavailable', async (_action, result, withPhone) => {
      const check = input(withPhone ? { phone } : {});
      standIn.setResult(check.cardNumber, result, '验证中心服务繁忙');
      const error = await failureOf(provider().check(check));
      expect(error).toMatchObject({ failure: 'unavailable', providerCode: result });
    });
  });

  describe('failures', () => {
    it('a wrong secret key: the stand-in refuses the signature → rejected', async () => {
      const error = await failureOf(provider({ secretKey: 'not-the-secret' }).check(input()));
      expect(error).toMatchObject({ failure: 'rejected', providerCode: 'AuthFailure.SignatureFailure' });
      expect(error.message).toMatch(/RequestId [0-9a-f-]{36}/);
      expect(lastRequest()).toMatchObject({ signatureValid: false, answered: 'AuthFailure.SignatureFailure' });
    });

    it('an unknown secret id → rejected', async () => {
      const error = await failureOf(provider({ secretId: 'AKIDunknown' }).check(input()));
      expect(error).toMatchObject({ failure: 'rejected', providerCode: 'AuthFailure.SecretIdNotFound' });
    });

    it.each([
      ['InternalError', 'unavailable'],
      ['RequestLimitExceeded', 'unavailable'],
      ['FailedOperation.UnKnown', 'unavailable'],
      ['UnauthorizedOperation.Arrears', 'rejected'],
      ['UnauthorizedOperation.Nonactivated', 'rejected'],
      ['InvalidParameterValue', 'rejected'],
    ])('vendor error %s → %s, without copying the vendor message', async (code, failure) => {
      const check = input();
      standIn.errorNext(code, `参数 IdCard=${person.idNumber} BankCard=${check.cardNumber} 有误`);
      const error = await failureOf(provider().check(check));
      expect(error).toMatchObject({ failure, providerCode: code });
      expect(error.message).not.toContain('有误');
    });

    it('HTTP 500 → unavailable', async () => {
      standIn.breakNext('http500');
      await expect(failureOf(provider().check(input()))).resolves.toMatchObject({ failure: 'unavailable', providerCode: 'HTTP_500' });
    });

    it('a body that is not JSON → bad_response', async () => {
      standIn.breakNext('garbage');
      await expect(failureOf(provider().check(input()))).resolves.toMatchObject({ failure: 'bad_response' });
    });

    it('an answer without a usable Result → bad_response', async () => {
      const check = input();
      standIn.setResult(check.cardNumber, 'passed', '认证通过');
      await expect(failureOf(provider().check(check))).resolves.toMatchObject({ failure: 'bad_response' });
    });

    it('a slow answer past the timeout → unavailable, on time', async () => {
      standIn.slowNext(3000);
      const started = Date.now();
      const error = await failureOf(provider({ timeoutSeconds: 0.3 }).check(input()));
      expect(error).toMatchObject({ failure: 'unavailable' });
      expect(Date.now() - started).toBeLessThan(2500);
    });

    it('nothing listening → unavailable', async () => {
      const closedEndpoint = await freeEndpoint();
      const error = await failureOf(provider({ endpoint: closedEndpoint }).check(input()));
      expect(error).toMatchObject({ failure: 'unavailable' });
    });

    it('no thrown error carries the name, ID number, card number or phone', () => {
      expect(thrown.length).toBeGreaterThanOrEqual(14);
      for (const error of thrown) {
        const text = [String(error), (error as Error).stack ?? '', JSON.stringify(error)].join('\n');
        for (const secret of [person.name, person.idNumber, phone, ...cardsUsed]) expect(text).not.toContain(secret);
      }
    });
  });
});

describe('the stand-in checks signatures as the service does', () => {
  it('accepts the recorded SDK request and refuses a stale, tampered or re-hosted copy', async () => {
    await provider().check(input());
    const { headers, body } = lastRequest();
    const timestamp = Number(headers['x-tc-timestamp']);
    const verify = (changes: { headers?: Record<string, string>; body?: string; now?: number } = {}) =>
      verifyTc3Signature({
        method: 'POST',
        url: '/',
        headers: { ...headers, ...changes.headers },
        body: Buffer.from(changes.body ?? body),
        secrets: { [standIn.secretId]: standIn.secretKey },
        service: 'faceid',
        nowSeconds: changes.now ?? timestamp,
      });

    expect(verify()).toBeUndefined();
    expect(verify({ now: timestamp + 299 })).toBeUndefined();
    expect(verify({ now: timestamp + 301 })?.code).toBe('AuthFailure.SignatureExpire');
    expect(verify({ now: timestamp - 301 })?.code).toBe('AuthFailure.SignatureExpire');
    expect(verify({ body: body.replace(person.name, '李四') })?.code).toBe('AuthFailure.SignatureFailure');
    expect(verify({ headers: { host: 'cvm.tencentcloudapi.com' } })?.code).toBe('AuthFailure.SignatureFailure');
    expect(verify({ headers: { 'x-tc-timestamp': String(timestamp + 1) } })?.code).toBe('AuthFailure.SignatureFailure');
    expect(verify({ headers: { authorization: 'Bearer x' } })?.code).toBe('AuthFailure.InvalidAuthorization');
  });

  it('refuses an unsigned request', async () => {
    const raw = (headers: Record<string, string>) =>
      fetch(`http://${standIn.endpoint}/`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...headers },
        body: '{}',
      }).then((res) => res.json() as Promise<{ Response: { Error?: { Code: string }; RequestId: string } }>);
    const unsigned = await raw({ 'X-TC-Action': 'BankCardVerification', 'X-TC-Version': '2018-03-01' });
    expect(unsigned.Response.Error?.Code).toBe('AuthFailure.SignatureFailure');
    expect(unsigned.Response.RequestId).toMatch(/^[0-9a-f-]{36}$/);
  });
});

/** host:port where nothing listens (a port that was free a moment ago). */
async function freeEndpoint(): Promise<string> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `127.0.0.1:${port}`;
}
