import { createHash, createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import { hasValidCheckCharacter, luhnValid } from '@regverify/shared';
import { listenLoopback, type StandInTls } from './listen';

/**
 * A local stand-in for the Tencent Cloud FaceID API endpoint, for tests: it speaks the API 3.0
 * protocol the SDK speaks (POST JSON, X-TC-* headers, answers always HTTP 200 with `Response`) and
 * verifies the TC3-HMAC-SHA256 signature the way the service documents it, so a test passes only
 * when the adapter really signs correctly. Never in production; holds test values only.
 */

export const STAND_IN_VERSION = '2018-03-01';
export const STAND_IN_SERVICE = 'faceid';
/** How far X-TC-Timestamp may be from the server's clock (the documented 5 minutes). */
export const MAX_CLOCK_SKEW_SECONDS = 300;

const ACTIONS = {
  BankCardVerification: { required: ['IdCard', 'Name', 'BankCard'] },
  BankCard4EVerification: { required: ['Name', 'BankCard', 'Phone', 'IdCard'] },
} as const;
type Action = keyof typeof ACTIONS;
const OPTIONAL_PARAMS = ['CertType', 'Encryption'];
const REGIONS = new Set([
  'ap-guangzhou',
  'ap-shanghai',
  'ap-beijing',
  'ap-chengdu',
  'ap-chongqing',
  'ap-nanjing',
  'ap-hongkong',
  'ap-singapore',
]);
const MAX_BODY_BYTES = 64 * 1024;

export interface RecordedRequest {
  action?: string;
  version?: string;
  region?: string;
  host?: string;
  headers: http.IncomingHttpHeaders;
  /** The body exactly as received, and parsed (test values only). */
  body: string;
  params?: Record<string, unknown>;
  signatureValid: boolean;
  /** What was answered: a Result code, an Error code, or `HTTP 500` / `garbage`. */
  answered: string;
}

export type BreakKind = 'http500' | 'garbage';

export interface TencentCloudStandIn {
  /** `127.0.0.1:<port>` — pass as the adapter's `endpoint` with protocol `http://` (`https://` when started with `tls`). */
  endpoint: string;
  secretId: string;
  secretKey: string;
  /** Every request received, in order. */
  requests: RecordedRequest[];
  /** From now on, a check of this card answers `result` / `description` (default '0' 认证通过). */
  setResult(cardNumber: string, result: string, description: string): void;
  /** The next request gets an HTTP 500 (default) or a 200 whose body is not JSON. */
  breakNext(kind?: BreakKind): void;
  /** The next request is answered only after `ms` milliseconds. */
  slowNext(ms: number): void;
  /** The next correctly signed request is answered with this `Response.Error` (e.g. InternalError). */
  errorNext(code: string, message: string): void;
  close(): Promise<void>;
}

interface Refusal {
  code: string;
  message: string;
}

/** `tls`: serve https with this certificate (its names must include faceid.tencentcloudapi.com, the host the SDK addresses). */
export async function startTencentCloudStandIn(options: { tls?: StandInTls } = {}): Promise<TencentCloudStandIn> {
  const secretId = `AKIDstandin${randomBytes(8).toString('hex')}`;
  const secretKey = randomBytes(24).toString('base64url');
  const rules = new Map<string, { result: string; description: string }>();
  const requests: RecordedRequest[] = [];
  const timers = new Set<NodeJS.Timeout>();
  let pendingBreak: BreakKind | undefined;
  let pendingDelayMs = 0;
  let pendingError: Refusal | undefined;

  const handler: http.RequestListener = (req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const broken = pendingBreak;
      const delay = pendingDelayMs;
      const forcedError = pendingError;
      pendingBreak = undefined;
      pendingDelayMs = 0;
      pendingError = undefined;

      const record: RecordedRequest = {
        action: header(req, 'x-tc-action'),
        version: header(req, 'x-tc-version'),
        region: header(req, 'x-tc-region'),
        host: header(req, 'host'),
        headers: req.headers,
        body: body.toString('utf8'),
        params: parseObject(body),
        signatureValid: false,
        answered: '',
      };
      requests.push(record);

      const send = () => {
        if (res.destroyed) return;
        if (broken === 'http500') {
          record.answered = 'HTTP 500';
          res.writeHead(500, { 'Content-Type': 'text/plain' }).end('Internal Server Error');
          return;
        }
        if (broken === 'garbage') {
          record.answered = 'garbage';
          res.writeHead(200, { 'Content-Type': 'application/json' }).end('<html>502 Bad Gateway</html>');
          return;
        }
        const requestId = randomUUID();
        const answer =
          size > MAX_BODY_BYTES ? refusal('RequestSizeLimitExceeded', '请求包超过限制') : handle(req, body, record, forcedError);
        const payload =
          'code' in answer
            ? { Response: { Error: { Code: answer.code, Message: answer.message }, RequestId: requestId } }
            : { Response: { Result: answer.result, Description: answer.description, RequestId: requestId } };
        record.answered = 'code' in answer ? answer.code : answer.result;
        res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(payload));
      };

      if (delay > 0) {
        const timer = setTimeout(() => {
          timers.delete(timer);
          send();
        }, delay);
        timers.add(timer);
      } else {
        send();
      }
    });
  };

  function handle(
    req: http.IncomingMessage,
    body: Buffer,
    record: RecordedRequest,
    forcedError?: Refusal,
  ): Refusal | { result: string; description: string } {
    if (req.method !== 'POST' || !(header(req, 'content-type') ?? '').toLowerCase().startsWith('application/json')) {
      return refusal('InvalidRequest', '此替身只接受 SDK 发送的 POST application/json 请求');
    }
    const signatureProblem = verifyTc3Signature({
      method: req.method,
      url: req.url ?? '/',
      headers: req.headers,
      body,
      secrets: { [secretId]: secretKey },
      service: STAND_IN_SERVICE,
      nowSeconds: Math.floor(Date.now() / 1000),
    });
    if (signatureProblem) return signatureProblem;
    record.signatureValid = true;
    if (forcedError) return forcedError;

    const action = record.action;
    if (!action || !(action in ACTIONS)) return refusal('InvalidAction', '接口不存在');
    if (record.version !== STAND_IN_VERSION) return refusal('NoSuchVersion', '接口版本不存在');
    if (record.region !== undefined && !REGIONS.has(record.region)) return refusal('UnsupportedRegion', '接口不支持所传地域');

    const params = record.params;
    if (!params) return refusal('InvalidParameter', '请求体不是 JSON 对象');
    const problem = checkParams(action as Action, params);
    if (problem) return problem;

    // The service answers malformed values in-band, with non-billed result codes.
    const p = params as Record<string, string>;
    if (!/^[\p{Script=Han}·•A-Za-z .]{2,40}$/u.test(p.Name)) return { result: '-2', description: '姓名校验不通过' };
    if (!/^\d{17}[\dX]$/.test(p.IdCard) || !hasValidCheckCharacter(p.IdCard)) return { result: '-3', description: '身份证号码有误' };
    if (!/^\d{12,19}$/.test(p.BankCard) || !luhnValid(p.BankCard)) return { result: '-4', description: '银行卡号码有误' };
    if (action === 'BankCard4EVerification' && !/^1\d{10}$/.test(p.Phone)) return { result: '-5', description: '手机号码不合法' };

    return rules.get(p.BankCard) ?? { result: '0', description: '认证通过' };
  }

  const { server, port } = await listenLoopback(handler, options.tls);

  return {
    endpoint: `127.0.0.1:${port}`,
    secretId,
    secretKey,
    requests,
    setResult: (cardNumber, result, description) => void rules.set(cardNumber, { result, description }),
    breakNext: (kind = 'http500') => void (pendingBreak = kind),
    slowNext: (ms) => void (pendingDelayMs = ms),
    errorNext: (code, message) => void (pendingError = refusal(code, message)),
    close: () =>
      new Promise<void>((resolve) => {
        for (const timer of timers) clearTimeout(timer);
        timers.clear();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function checkParams(action: Action, params: Record<string, unknown>): Refusal | undefined {
  const required: readonly string[] = ACTIONS[action].required;
  for (const key of Object.keys(params)) {
    if (!required.includes(key) && !OPTIONAL_PARAMS.includes(key)) return refusal('UnknownParameter', `未知参数 ${key}`);
  }
  for (const key of required) {
    if (params[key] === undefined) return refusal('MissingParameter', `缺少参数 ${key}`);
    if (typeof params[key] !== 'string') return refusal('InvalidParameter', `参数 ${key} 应为字符串`);
  }
  if (params.CertType !== undefined && params.CertType !== 0) return refusal('InvalidParameterValue', 'CertType 目前只支持 0（身份证）');
  if (params.Encryption !== undefined) return refusal('UnsupportedOperation', '此替身不支持加密字段');
  return undefined;
}

export interface Tc3Request {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  /** secretId → secretKey */
  secrets: Record<string, string>;
  service: string;
  nowSeconds: number;
}

/**
 * Verifies a TC3-HMAC-SHA256 `Authorization` header as the API 3.0 signature documentation
 * describes it; undefined when valid, else the AuthFailure the service would answer.
 *
 *   CanonicalRequest = Method \n CanonicalURI \n CanonicalQueryString \n CanonicalHeaders \n
 *                      SignedHeaders \n hex(SHA256(payload))
 *   CanonicalHeaders = for each signed header, sorted: lower(name) ":" lower(trim(value)) "\n"
 *   StringToSign     = "TC3-HMAC-SHA256" \n X-TC-Timestamp \n Date/service/tc3_request \n
 *                      hex(SHA256(CanonicalRequest))
 *   key              = HMAC(HMAC(HMAC("TC3" + SecretKey, Date), service), "tc3_request")
 */
export function verifyTc3Signature(request: Tc3Request): Refusal | undefined {
  const authorization = headerValue(request.headers, 'authorization');
  if (!authorization) return refusal('AuthFailure.SignatureFailure', '请求缺少签名');
  const match =
    /^TC3-HMAC-SHA256 Credential=([^/,\s]+)\/(\d{4}-\d{2}-\d{2})\/([^/,\s]+)\/tc3_request, SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})$/.exec(
      authorization,
    );
  if (!match) return refusal('AuthFailure.InvalidAuthorization', 'Authorization 格式不正确');
  const [, secretId, date, service, signedHeaderList, signature] = match;

  const timestampText = headerValue(request.headers, 'x-tc-timestamp') ?? '';
  if (!/^\d{1,12}$/.test(timestampText)) return refusal('MissingParameter', '缺少 X-TC-Timestamp');
  const timestamp = Number(timestampText);
  if (Math.abs(request.nowSeconds - timestamp) > MAX_CLOCK_SKEW_SECONDS) return refusal('AuthFailure.SignatureExpire', '签名过期');

  const secretKey = Object.hasOwn(request.secrets, secretId) ? request.secrets[secretId] : undefined;
  if (secretKey === undefined) return refusal('AuthFailure.SecretIdNotFound', '密钥不存在');
  if (date !== new Date(timestamp * 1000).toISOString().slice(0, 10)) {
    return refusal('AuthFailure.SignatureFailure', '凭证中的日期与 X-TC-Timestamp 不符');
  }
  if (service !== request.service) return refusal('AuthFailure.SignatureFailure', `凭证中的服务应为 ${request.service}`);

  const signedHeaders = signedHeaderList.split(';');
  const sorted = [...signedHeaders].sort();
  if (
    !signedHeaders.includes('content-type') ||
    !signedHeaders.includes('host') ||
    signedHeaders.some((name, i) => name !== sorted[i] || name === sorted[i - 1])
  ) {
    return refusal('AuthFailure.SignatureFailure', 'SignedHeaders 须包含 content-type 与 host，小写、升序、不重复');
  }
  const canonicalHeaders = signedHeaders
    .map((name) => `${name}:${(headerValue(request.headers, name) ?? '').trim().toLowerCase()}\n`)
    .join('');
  const queryAt = request.url.indexOf('?');
  const path = queryAt < 0 ? request.url : request.url.slice(0, queryAt);
  const query = queryAt < 0 ? '' : request.url.slice(queryAt + 1);
  const canonicalRequest = [request.method, path, query, canonicalHeaders, signedHeaderList, sha256Hex(request.body)].join('\n');
  const stringToSign = ['TC3-HMAC-SHA256', timestampText, `${date}/${service}/tc3_request`, sha256Hex(canonicalRequest)].join('\n');
  const kDate = hmac(`TC3${secretKey}`, date);
  const kService = hmac(kDate, service);
  const kSigning = hmac(kService, 'tc3_request');
  const expected = hmac(kSigning, stringToSign);
  if (!timingSafeEqual(expected, Buffer.from(signature, 'hex'))) return refusal('AuthFailure.SignatureFailure', '签名错误');
  return undefined;
}

function refusal(code: string, message: string): Refusal {
  return { code, message };
}

function sha256Hex(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

function hmac(key: string | Buffer, data: string): Buffer {
  return createHmac('sha256', key).update(data, 'utf8').digest();
}

function headerValue(headers: http.IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}

function header(req: http.IncomingMessage, name: string): string | undefined {
  return headerValue(req.headers, name);
}

function parseObject(body: Buffer): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(body.toString('utf8'));
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
