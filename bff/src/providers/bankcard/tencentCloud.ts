import http from 'node:http';
import https from 'node:https';
import { CommonClient } from 'tencentcloud-sdk-nodejs-common';
import type { BankCardCheckInput, BankCardCheckResult, BankCardProvider } from '../bankCard';
import { ProviderError, type ProviderFailure } from '../identity';

/**
 * Bank-card checks through Tencent Cloud FaceID (慧眼) on the official common SDK, which signs every
 * request with TC3-HMAC-SHA256:
 * - `BankCardVerification` (三要素: IdCard, Name, BankCard) when no phone is given,
 * - `BankCard4EVerification` (四要素: Name, BankCard, Phone, IdCard) when one is.
 *
 * Both answer HTTP 200 with `Response.Result` (a result code) and `Response.Description`; the codes
 * are numbered differently per action (tables below). Vendor errors come back as
 * `Response.Error.Code`, which the SDK throws as a TencentCloudSDKHttpException with `code` and
 * `requestId`.
 *
 * Nothing personal goes into an error message: only codes, HTTP statuses and RequestIds. Vendor
 * error messages are never copied, since they may echo a parameter.
 */
export interface TencentCloudBankCardOptions {
  /** CAM API key id; from configuration, never logged. */
  secretId: string;
  /** CAM API key secret; from configuration, never logged. */
  secretKey: string;
  /** Sent as X-TC-Region (these two APIs are not regional). Default `ap-guangzhou`. */
  region?: string;
  /** `host[:port]` of the API. Default `faceid.tencentcloudapi.com`. */
  endpoint?: string;
  /** Default `https://`; `http://` is for the local stand-in only. */
  protocol?: 'https://' | 'http://';
  /** Whole-request timeout (connect, answer and body). Default 10 s. */
  timeoutSeconds?: number;
}

export const FACEID_HOST = 'faceid.tencentcloudapi.com';
export const FACEID_VERSION = '2018-03-01';

type Action = 'BankCardVerification' | 'BankCard4EVerification';

/** Readable reasons shown to the person; the vendor's own Descriptions are terse internal labels. */
const REASON = {
  mismatch3: '银行卡与姓名、身份证号不一致，请核对后重试',
  mismatch4: '银行卡与姓名、身份证号或银行预留手机号不一致，请核对后重试',
  name: '姓名未通过校验，请核对姓名',
  idNumber: '身份证号码有误，请核对',
  cardNumber: '银行卡号有误，请核对卡号',
  phone: '手机号码不正确，请填写在银行预留的手机号',
  holder: '持卡人信息有误，请核对姓名、身份证号是否与开户时一致',
  noCardlessPayment: '该卡未开通无卡支付，请换一张卡或联系发卡行开通',
  confiscated: '该卡已被发卡行没收，请换一张卡',
  invalidCard: '该卡号无效，请换一张卡',
  noIssuer: '未找到该卡的发卡行，请核对卡号或换一张卡',
  dormant: '该卡未激活或为睡眠卡，请换一张卡或联系发卡行',
  abnormal: '该卡状态异常，无法验证，请换一张卡',
  lost: '该卡已挂失，请换一张卡',
  expired: '该卡已过期，请换一张卡',
  restricted: '该卡为受限制的卡，请换一张卡或联系发卡行',
  pinTries: '该卡密码错误次数超限，请换一张卡或联系发卡行',
  notSupported: '发卡行不支持此项验证，请换一张卡',
  dailyLimit: '今日验证次数已达上限，请明天再试',
  documentNotSupported: '该证件暂不支持银行卡验证，目前仅支持居民身份证',
  generic: '银行卡验证未通过，请核对信息或换一张卡',
} as const;

/** `'busy'` = 验证中心服务繁忙: not a verdict about the card, so the check is unavailable. */
type Outcome = keyof typeof REASON | 'busy';

/**
 * Result codes per action, from the FaceID 2018-03-01 response models (BankCardVerificationResponse
 * and BankCard4EVerificationResponse in TencentCloud/tencentcloud-sdk-nodejs,
 * src/services/faceid/v20180301/faceid_models.ts). '0' is 认证通过; everything else is not passed.
 */
const RESULT_CODES: Record<Action, Record<string, Outcome>> = {
  BankCardVerification: {
    '-1': 'mismatch3', // 认证未通过
    '-2': 'name', // 姓名校验不通过
    '-3': 'idNumber', // 身份证号码有误
    '-4': 'cardNumber', // 银行卡号码有误
    '-5': 'holder', // 持卡人信息有误
    '-6': 'noCardlessPayment', // 未开通无卡支付
    '-7': 'confiscated', // 此卡被没收
    '-8': 'invalidCard', // 无效卡号
    '-9': 'noIssuer', // 此卡无对应发卡行
    '-10': 'dormant', // 该卡未初始化或睡眠卡
    '-11': 'abnormal', // 作弊卡、吞卡
    '-12': 'lost', // 此卡已挂失
    '-13': 'expired', // 该卡已过期
    '-14': 'restricted', // 受限制的卡
    '-15': 'pinTries', // 密码错误次数超限
    '-16': 'notSupported', // 发卡行不支持此交易
    '-17': 'busy', // 验证中心服务繁忙
    '-18': 'dailyLimit', // 验证次数超限，请次日重试
    '-19': 'documentNotSupported', // 该证件号暂不支持核验，当前仅支持二代身份证
  },
  BankCard4EVerification: {
    '-1': 'mismatch4', // 认证未通过
    '-2': 'name', // 姓名校验不通过
    '-3': 'idNumber', // 身份证号码有误
    '-4': 'cardNumber', // 银行卡号码有误
    '-5': 'phone', // 手机号码不合法
    '-6': 'holder', // 持卡人信息有误
    '-7': 'noCardlessPayment', // 未开通无卡支付
    '-8': 'confiscated', // 此卡被没收
    '-9': 'invalidCard', // 无效卡号
    '-10': 'noIssuer', // 此卡无对应发卡行
    '-11': 'dormant', // 该卡未初始化或睡眠卡
    '-12': 'abnormal', // 作弊卡、吞卡
    '-13': 'lost', // 此卡已挂失
    '-14': 'expired', // 该卡已过期
    '-15': 'restricted', // 受限制的卡
    '-16': 'pinTries', // 密码错误次数超限
    '-17': 'notSupported', // 发卡行不支持此交易
    '-18': 'busy', // 验证中心服务繁忙
    '-19': 'dailyLimit', // 验证次数超限，请次日重试
    '-20': 'documentNotSupported', // 该证件号暂不支持核验，当前仅支持二代身份证
  },
};

export function createTencentCloudBankCardProvider(options: TencentCloudBankCardOptions): BankCardProvider {
  const protocol = options.protocol ?? 'https://';
  const { signingHost, agent } = route(options.endpoint ?? FACEID_HOST, protocol);
  const client = new CommonClient(signingHost, FACEID_VERSION, {
    credential: { secretId: options.secretId, secretKey: options.secretKey },
    region: options.region ?? 'ap-guangzhou',
    profile: {
      signMethod: 'TC3-HMAC-SHA256',
      httpProfile: { endpoint: signingHost, protocol, reqMethod: 'POST', reqTimeout: options.timeoutSeconds ?? 10, agent },
    },
  });

  return {
    name: 'tencentcloud',
    async check(input) {
      const action: Action = input.phone ? 'BankCard4EVerification' : 'BankCardVerification';
      let answer: unknown;
      try {
        answer = await client.request(action, requestParams(input));
      } catch (err) {
        throw toProviderError(action, err);
      }
      return interpret(action, answer, input.name);
    },
  };
}

/**
 * Plain fields, `Encryption` off: FaceID also accepts these fields encrypted (an `Encryption` object
 * with a KMS-wrapped key and CBC-encrypted values). We send them plain because in production the call
 * goes over TLS (`https://`, the default) to the API; `http://` is for the local stand-in only.
 */
function requestParams({ name, idNumber, cardNumber, phone }: BankCardCheckInput): Record<string, string> {
  return phone
    ? { Name: name, BankCard: cardNumber, Phone: phone, IdCard: idNumber }
    : { IdCard: idNumber, Name: name, BankCard: cardNumber };
}

/**
 * The SDK takes the signing service from the endpoint's first label (`faceid.…` → `faceid`) and
 * signs the host without its port. An endpoint that is a bare address (the local stand-in, a fixed
 * egress address) or carries a port would therefore be signed for the wrong service or host. Such an
 * endpoint is reached like `curl --connect-to`: the request is addressed and signed for the FaceID
 * host, and the socket goes to the configured address.
 */
function route(endpoint: string, protocol: 'https://' | 'http://'): { signingHost: string; agent?: http.Agent } {
  let url: URL;
  try {
    url = new URL(protocol + endpoint);
  } catch {
    throw new Error('Tencent Cloud endpoint must be host[:port]');
  }
  if (url.pathname !== '/' || url.search || url.username) throw new Error('Tencent Cloud endpoint must be host[:port]');
  const signingHost = url.hostname.startsWith('faceid.') ? url.hostname : FACEID_HOST;
  if (signingHost === endpoint) return { signingHost };
  const port = Number(url.port) || (protocol === 'https://' ? 443 : 80);
  const agent = protocol === 'https://' ? new https.Agent() : new http.Agent();
  const connect = agent.createConnection.bind(agent);
  agent.createConnection = (connectOptions, callback) => connect({ ...connectOptions, host: url.hostname, port }, callback);
  return { signingHost, agent };
}

function interpret(action: Action, answer: unknown, name: string): BankCardCheckResult {
  const response = (answer ?? {}) as { Result?: unknown; Description?: unknown; RequestId?: unknown };
  const requestId = typeof response.RequestId === 'string' ? response.RequestId : undefined;
  const result = typeof response.Result === 'number' ? String(response.Result) : response.Result;
  if (typeof result !== 'string' || !/^-?\d+$/.test(result)) {
    throw failure('bad_response', action, '应答中没有可识别的 Result', undefined, requestId);
  }
  if (result === '0') return { passed: true };
  const outcome = RESULT_CODES[action][result];
  if (outcome === 'busy') throw failure('unavailable', action, '验证中心服务繁忙', result, requestId);
  return { passed: false, reason: outcome ? REASON[outcome] : fallbackReason(response.Description, name) };
}

/** A code newer than the tables: the vendor's own short Chinese Description, else a generic reason. */
function fallbackReason(description: unknown, name: string): string {
  // Chinese text only and not the name: anything else could echo what was sent.
  const text = typeof description === 'string' ? description.trim() : '';
  if (/^[\p{Script=Han}，、。；：（）！]{2,40}$/u.test(text) && !text.includes(name)) return `银行卡验证未通过：${text}`;
  return REASON.generic;
}

/** SDK and transport failures → the port's failure kinds. */
function toProviderError(action: Action, err: unknown): ProviderError {
  const e = (err ?? {}) as { name?: unknown; code?: unknown; httpCode?: unknown; requestId?: unknown; traceId?: unknown; type?: unknown };
  const requestId = typeof e.requestId === 'string' && e.requestId ? e.requestId : undefined;
  const isSdkError = err instanceof Error && 'traceId' in err && 'requestId' in err;

  if (isSdkError && typeof e.code === 'string' && e.code) {
    return failure(vendorErrorFailure(e.code), action, '腾讯云拒绝了请求', e.code, requestId);
  }
  if (isSdkError && typeof e.httpCode === 'number') {
    const kind: ProviderFailure = e.httpCode >= 500 || e.httpCode === 429 ? 'unavailable' : 'bad_response';
    return failure(kind, action, `腾讯云应答 HTTP ${e.httpCode}`, `HTTP_${e.httpCode}`, requestId);
  }
  if (isSdkError) {
    // The SDK wraps every transport failure (refused, reset, DNS, timeout) without a code.
    return failure('unavailable', action, '无法连接腾讯云或请求超时', undefined, requestId);
  }
  if (e.name === 'FetchError') {
    // Raised while reading the body, outside the SDK's wrapping.
    return e.type === 'invalid-json'
      ? failure('bad_response', action, '应答不是 JSON', undefined, requestId)
      : failure('unavailable', action, '读取应答时连接中断或超时', undefined, requestId);
  }
  return failure('bad_response', action, '应答格式无法识别', undefined, requestId);
}

/**
 * Vendor error codes (common API errors plus those FaceID lists for these two actions). Transient
 * service-side trouble is 'unavailable'; everything else is a refusal of this request (signature,
 * key, arrears, service not activated, parameters), which retrying will not fix.
 */
function vendorErrorFailure(code: string): ProviderFailure {
  if (/^(InternalError|ServiceUnavailable|RequestLimitExceeded|ResourceUnavailable)(\.|$)/.test(code)) return 'unavailable';
  if (code === 'FailedOperation.UnKnown' || code === 'FailedOperation.DecryptSystemError') return 'unavailable';
  return 'rejected';
}

function failure(kind: ProviderFailure, action: Action, what: string, code?: string, requestId?: string): ProviderError {
  const facts = [action, code, requestId && `RequestId ${requestId}`].filter(Boolean).join(', ');
  return new ProviderError(kind, `腾讯云银行卡核验：${what}（${facts}）`, code);
}
