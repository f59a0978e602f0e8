import type { IncomingMessage, ServerResponse } from 'node:http';
import { createSign, createVerify, generateKeyPair, randomBytes, randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { listenLoopback, type StandInTls } from './listen';

/**
 * A local stand-in for Alipay's servers, for tests: speaks OpenAPI v3 (`/v3/…`, `Authorization:
 * ALIPAY-SHA256withRSA …`, signed answers in `alipay-timestamp/nonce/signature` headers) and the
 * v2 gateway (`/gateway.do`, `sign` over sorted parameters, signed `<method>_response` JSON) the
 * way alipay-sdk 4.x speaks them. It holds its own "Alipay" key pair and the app's public key,
 * verifies every request signature as Alipay would and signs every answer as Alipay does, so the
 * SDK's own verification runs for real.
 */

/** One request as the stand-in saw it. `params`: JSON body (v3 POST), query (v3 GET), all parameters (v2). */
export interface RecordedRequest {
  method: string;
  path: string;
  params: Record<string, unknown>;
  /** v2 only: the `method` parameter (API name). */
  api?: string;
}

export interface CertifyOutcomeOptions {
  /** `fail_reason` in the query answer (Alipay: an extension field, often a code such as Z1147). */
  failReason?: string;
  /** Base64 JPEG returned in `material_info` when the initialize asked for `out_put_facial_picture`. */
  picture?: string;
  /** Answer `passed` as `["T"]` instead of `"T"` (both forms are seen in the wild). */
  passedAsList?: boolean;
}

export interface AuthCodeProfile {
  /** Real name shared by `alipay.user.info.share` (`user_name`). */
  name?: string;
  /** ID number shared by `alipay.user.info.share` (`cert_no`); omitted = not granted to the app. */
  certNo?: string;
  /** Answer the token call with `open_id` instead of `user_id` (new apps). */
  asOpenId?: boolean;
  /** `alipay.user.info.share` refuses with insufficient-isv-permissions. */
  infoShareDenied?: boolean;
  /**
   * The account's real-name registration, which `…/certdoc/certverify/consult` compares with what
   * `…/preconsult` was given; omitted = the consult is not granted to the app.
   */
  realName?: { name: string; certNo: string };
}

export interface AlipayStandIn {
  /** v3 endpoint (`AlipayOptions.endpoint`). */
  url: string;
  /** v2 gateway URL (`AlipayOptions.gateway`). */
  gateway: string;
  appId: string;
  /** The app's private key (PKCS#1 PEM); the stand-in knows the matching public key. */
  appPrivateKey: string;
  /** The same key as PKCS#8 PEM. */
  appPrivateKeyPkcs8: string;
  /** The stand-in's "Alipay public key" (SPKI PEM) to verify its answers with. */
  alipayPublicKey: string;
  requests: RecordedRequest[];
  /** Finish a certify flow: the next queries answer `passed` T or F. */
  setOutcome(certifyId: string, passed: 'T' | 'F', options?: CertifyOutcomeOptions): void;
  /** Accept `code` once at the token endpoint, for this user. */
  addAuthCode(code: string, userId: string, profile?: AuthCodeProfile): void;
  /**
   * Alter the body of the next signed answer after signing it (default: "F"→"T", or append a space);
   * with `path`, of the next answer to a request for that path.
   */
  tamperNextResponse(mutate?: (body: string) => string, path?: string): void;
  /** Answer the next request with this HTTP status (no signature), e.g. 503 or a 502 HTML page. */
  failNextResponse(status?: number, body?: string, contentType?: string): void;
  /** Never answer the next request (to exercise client timeouts). */
  stallNextResponse(): void;
  close(): Promise<void>;
}

const generateKeyPairAsync = promisify(generateKeyPair);

const CERT_TYPES = new Set([
  'IDENTITY_CARD',
  'HOME_VISIT_PERMIT_HK_MC',
  'HOME_VISIT_PERMIT_TAIWAN',
  'RESIDENCE_PERMIT_HK_MC',
  'RESIDENCE_PERMIT_TAIWAN',
]);
const BIZ_CODES = new Set(['FACE', 'CERT_PHOTO', 'CERT_PHOTO_FACE', 'SMART_FACE']);
const AUTH_SCHEME = 'ALIPAY-SHA256withRSA ';
/** Request timestamps further than this from the stand-in's clock are refused. */
const CLOCK_SKEW_MS = 5 * 60 * 1000;

interface CertifyRecord {
  outputPicture: boolean;
  outcome?: { passed: 'T' | 'F' } & CertifyOutcomeOptions;
}

interface UserRecord {
  userId: string;
  profile: AuthCodeProfile;
}

class Refusal {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly message: string,
  ) {}
}

const refuseParam = (field: string) => new Refusal(400, 'INVALID_PARAMETER', `参数有误${field}`);

function rsaSign(content: string, privateKey: string): string {
  return createSign('RSA-SHA256').update(content, 'utf8').sign(privateKey, 'base64');
}

function rsaVerify(content: string, signature: string, publicKey: string): boolean {
  try {
    return createVerify('RSA-SHA256').update(content, 'utf8').verify(publicKey, signature, 'base64');
  } catch {
    return false;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function nonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== '';
}

function v2Timestamp(date = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${p(date.getMonth() + 1)}-${p(date.getDate())} ${p(date.getHours())}:${p(date.getMinutes())}:${p(date.getSeconds())}`;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** `tls`: serve https with this certificate (a BFF trusting it talks to the stand-in as to Alipay). */
export async function startAlipayStandIn(options: { tls?: StandInTls } = {}): Promise<AlipayStandIn> {
  const [alipayKeys, appKeys] = await Promise.all([
    generateKeyPairAsync('rsa', { modulusLength: 2048 }),
    generateKeyPairAsync('rsa', { modulusLength: 2048 }),
  ]);
  const alipayPrivateKey = alipayKeys.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
  const alipayPublicKey = alipayKeys.publicKey.export({ type: 'spki', format: 'pem' }) as string;
  const appPublicKey = appKeys.publicKey.export({ type: 'spki', format: 'pem' }) as string;
  const appPrivateKey = appKeys.privateKey.export({ type: 'pkcs1', format: 'pem' }) as string;
  const appPrivateKeyPkcs8 = appKeys.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
  const appId = `2021${randomBytes(6).readUIntBE(0, 6).toString().padStart(12, '0')}`;

  const requests: RecordedRequest[] = [];
  const certifies = new Map<string, CertifyRecord>();
  const authCodes = new Map<string, UserRecord>();
  const accessTokens = new Map<string, UserRecord>();
  /** preconsult verify_id → the identity given. */
  const certverifies = new Map<string, { name: string; certType: string; certNo: string }>();
  const seenNonces = new Set<string>();
  let tamper: { mutate: (body: string) => string; path?: string } | undefined;

  /** Applies a pending tamper meant for this path, once. */
  const tampered = (path: string, body: string): string => {
    if (!tamper || (tamper.path !== undefined && tamper.path !== path)) return body;
    const { mutate } = tamper;
    tamper = undefined;
    return mutate(body);
  };
  let failure: { status: number; body: string; contentType: string } | undefined;
  let stall = false;

  /** Signs `body` like Alipay (v3 headers), then applies a pending tamper. */
  const sendV3 = (res: ServerResponse, path: string, status: number, payload: unknown) => {
    const signed = JSON.stringify(payload);
    const timestamp = String(Date.now());
    const nonce = randomUUID();
    const signature = rsaSign(`${timestamp}\n${nonce}\n${signed}\n`, alipayPrivateKey);
    const body = tampered(path, signed);
    res.writeHead(status, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(body),
      'alipay-timestamp': timestamp,
      'alipay-nonce': nonce,
      'alipay-signature': signature,
      'alipay-trace-id': randomBytes(16).toString('hex'),
    });
    res.end(body);
  };

  const refuseV3 = (res: ServerResponse, path: string, refusal: Refusal) =>
    sendV3(res, path, refusal.status, {
      code: refusal.code,
      message: refusal.message,
      links: [{ link: 'https://open.alipay.com/api/errCheck', desc: '解决方案' }],
    });

  /** Checks the Authorization header exactly as Alipay's v3 gateway does (public-key mode). */
  const authenticateV3 = (req: IncomingMessage, rawBody: string): Refusal | null => {
    const header = req.headers.authorization;
    if (!header || !header.startsWith(AUTH_SCHEME)) return new Refusal(401, 'missing-signature', '缺少签名参数');
    const rest = header.slice(AUTH_SCHEME.length);
    const signAt = rest.lastIndexOf(',sign=');
    if (signAt < 0) return new Refusal(401, 'missing-signature', '缺少签名参数');
    const authString = rest.slice(0, signAt);
    const signature = rest.slice(signAt + ',sign='.length);
    const fields = new Map<string, string>();
    for (const part of authString.split(',')) {
      const eq = part.indexOf('=');
      if (eq > 0) fields.set(part.slice(0, eq), part.slice(eq + 1));
    }
    if (fields.get('app_id') !== appId) return new Refusal(401, 'invalid-app-id', '无效的AppID参数');
    const nonce = fields.get('nonce');
    const timestamp = Number(fields.get('timestamp'));
    if (!nonce) return new Refusal(401, 'missing-signature', '缺少nonce参数');
    if (!Number.isFinite(timestamp) || Math.abs(Date.now() - timestamp) > CLOCK_SKEW_MS) {
      return new Refusal(401, 'invalid-timestamp', '非法的时间戳参数');
    }
    let signString = `${authString}\n${req.method}\n${req.url}\n${rawBody}\n`;
    const appAuthToken = req.headers['alipay-app-auth-token'];
    if (typeof appAuthToken === 'string') signString += `${appAuthToken}\n`;
    if (!rsaVerify(signString, signature, appPublicKey)) {
      // Like Alipay, echo the string it verified: the request body (names, ID numbers) included.
      return new Refusal(
        401,
        'invalid-signature',
        `验签出错，建议检查签名字符串或签名私钥与应用公钥是否匹配，网关生成的验签字符串为：${signString}`,
      );
    }
    if (seenNonces.has(nonce)) return new Refusal(401, 'duplicate-nonce', '重复的请求');
    seenNonces.add(nonce);
    return null;
  };

  const initialize = (params: Record<string, unknown>): unknown => {
    if (!nonEmptyString(params.outer_order_no) || !/^[A-Za-z0-9]{1,32}$/.test(params.outer_order_no)) throw refuseParam('outer_order_no');
    if (!nonEmptyString(params.biz_code) || !BIZ_CODES.has(params.biz_code)) throw refuseParam('biz_code');
    const identity = params.identity_param;
    if (!isObject(identity)) throw refuseParam('identity_param');
    if (identity.identity_type !== 'CERT_INFO') throw refuseParam('identity_type');
    if (!nonEmptyString(identity.cert_type) || !CERT_TYPES.has(identity.cert_type)) throw refuseParam('cert_type');
    if (!nonEmptyString(identity.cert_name)) throw refuseParam('cert_name');
    if (!nonEmptyString(identity.cert_no)) throw refuseParam('cert_no');
    const config = params.merchant_config;
    if (!isObject(config)) throw refuseParam('merchant_config');
    if (typeof config.return_url !== 'string') throw refuseParam('return_url');
    // Our policy, enforced here so a regression shows: Alipay must not keep the face.
    if (config.face_reserve_strategy !== 'never') throw refuseParam('face_reserve_strategy');
    if (config.out_put_facial_picture !== undefined && typeof config.out_put_facial_picture !== 'boolean') {
      throw refuseParam('out_put_facial_picture');
    }
    const certifyId = randomBytes(16).toString('hex');
    certifies.set(certifyId, { outputPicture: config.out_put_facial_picture === true });
    return { certify_id: certifyId };
  };

  const query = (params: Record<string, unknown>): unknown => {
    const record = typeof params.certify_id === 'string' ? certifies.get(params.certify_id) : undefined;
    if (!record) throw refuseParam('certify_id');
    const outcome = record.outcome;
    if (!outcome) return { identity_info: '{}', material_info: '{}' };
    const material = outcome.picture && record.outputPicture ? { FACIAL_PICTURE_FRONT: outcome.picture } : {};
    return {
      passed: outcome.passedAsList ? [outcome.passed] : outcome.passed,
      identity_info: '{}',
      material_info: JSON.stringify(material),
      ...(outcome.failReason !== undefined ? { fail_reason: outcome.failReason } : {}),
    };
  };

  const oauthToken = (params: Record<string, unknown>, invalidCode: Refusal): unknown => {
    if (params.grant_type !== 'authorization_code') throw refuseParam('grant_type');
    const user = typeof params.code === 'string' ? authCodes.get(params.code) : undefined;
    if (!user) throw invalidCode;
    authCodes.delete(params.code as string); // single use
    const accessToken = `authusrB${randomBytes(16).toString('hex')}`;
    accessTokens.set(accessToken, user);
    return {
      ...(user.profile.asOpenId ? { open_id: user.userId } : { user_id: user.userId }),
      access_token: accessToken,
      expires_in: 1296000,
      refresh_token: `authusrB${randomBytes(16).toString('hex')}`,
      re_expires_in: 2592000,
      auth_start: v2Timestamp(),
    };
  };

  const userInfoShare = (token: unknown, invalidToken: Refusal): unknown => {
    const user = typeof token === 'string' ? accessTokens.get(token) : undefined;
    if (!user) throw invalidToken;
    if (user.profile.infoShareDenied) throw new Refusal(403, 'insufficient-isv-permissions', 'ISV权限不足');
    return {
      ...(user.profile.asOpenId ? { open_id: user.userId } : { user_id: user.userId }),
      nick_name: '测试用户',
      is_certified: 'T',
      ...(user.profile.name !== undefined ? { user_name: user.profile.name } : {}),
      ...(user.profile.certNo !== undefined ? { cert_no: user.profile.certNo, cert_type: '0' } : {}),
    };
  };

  /** 实名证件信息比对验证预咨询: remembers the identity, answers a verify_id (resident ID cards only). */
  const certverifyPreconsult = (params: Record<string, unknown>): unknown => {
    for (const field of ['user_name', 'cert_type', 'cert_no'] as const)
      if (typeof params[field] !== 'string' || !params[field]) throw refuseParam(field);
    if (params.cert_type !== 'IDENTITY_CARD') throw refuseParam('cert_type');
    const verifyId = randomBytes(16).toString('hex');
    certverifies.set(verifyId, { name: params.user_name as string, certType: 'IDENTITY_CARD', certNo: params.cert_no as string });
    return { verify_id: verifyId };
  };

  /** 实名证件信息比对验证咨询: does the authorizing account's real-name registration match the identity given? */
  const certverifyConsult = (params: Record<string, unknown>): unknown => {
    const user = typeof params.auth_token === 'string' ? accessTokens.get(params.auth_token) : undefined;
    if (!user) throw new Refusal(401, 'invalid-auth-token', '无效的访问令牌');
    const given = typeof params.verify_id === 'string' ? certverifies.get(params.verify_id) : undefined;
    if (!given) throw refuseParam('verify_id');
    const registered = user.profile.realName;
    if (!registered) throw new Refusal(403, 'insufficient-isv-permissions', 'ISV权限不足');
    const same = registered.name === given.name && registered.certNo.toUpperCase() === given.certNo.toUpperCase();
    return same ? { passed: 'T' } : { passed: 'F', fail_reason: '信息不一致', fail_params: '["user_name","cert_no"]' };
  };

  const handleV3 = async (req: IncomingMessage, res: ServerResponse, url: URL, rawBody: string) => {
    const params: Record<string, unknown> = Object.fromEntries(url.searchParams);
    if (rawBody) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(rawBody);
      } catch {
        return refuseV3(res, url.pathname, new Refusal(400, 'INVALID_PARAMETER', '请求体不是合法的JSON'));
      }
      if (!isObject(parsed)) return refuseV3(res, url.pathname, new Refusal(400, 'INVALID_PARAMETER', '请求体不是合法的JSON'));
      Object.assign(params, parsed);
    }
    requests.push({ method: req.method ?? '', path: url.pathname, params });
    const refusal = authenticateV3(req, rawBody);
    if (refusal) return refuseV3(res, url.pathname, refusal);

    const route = `${req.method} ${url.pathname}`;
    try {
      switch (route) {
        case 'POST /v3/alipay/user/certify/open/initialize':
          return sendV3(res, url.pathname, 200, initialize(params));
        case 'GET /v3/alipay/user/certify/open/query':
          return sendV3(res, url.pathname, 200, query(params));
        case 'POST /v3/alipay/system/oauth/token':
          return sendV3(res, url.pathname, 200, oauthToken(params, new Refusal(400, 'code-invalid', '授权码code无效')));
        case 'POST /v3/alipay/user/certdoc/certverify/preconsult':
          return sendV3(res, url.pathname, 200, certverifyPreconsult(params));
        case 'GET /v3/alipay/user/certdoc/certverify/consult':
          return sendV3(res, url.pathname, 200, certverifyConsult(params));
        case 'POST /v3/alipay/user/info/share':
          return sendV3(res, url.pathname, 200, userInfoShare(params.auth_token, new Refusal(401, 'invalid-auth-token', '无效的访问令牌')));
        default:
          return refuseV3(res, url.pathname, new Refusal(404, 'api-not-found', `接口不存在：${route}`));
      }
    } catch (err) {
      if (err instanceof Refusal) return refuseV3(res, url.pathname, err);
      throw err;
    }
  };

  /** v2: `{"<method>_response": {...}, "sign": "..."}`, signed over the exact text of the inner object. */
  const sendV2 = (res: ServerResponse, responseKey: string, content: Record<string, unknown>) => {
    const inner = JSON.stringify(content);
    const signature = rsaSign(inner, alipayPrivateKey);
    const body = tampered('/gateway.do', `{"${responseKey}":${inner},"sign":"${signature}"}`);
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  };

  const refuseV2 = (res: ServerResponse, subCode: string, subMsg: string, code = '40002', msg = 'Invalid Arguments') =>
    sendV2(res, 'error_response', { code, msg, sub_code: subCode, sub_msg: subMsg });

  const refusalToV2 = (refusal: Refusal): [string, string] => {
    switch (refusal.code) {
      case 'code-invalid':
        return ['isv.code-invalid', refusal.message];
      case 'invalid-auth-token':
        return ['aop.invalid-auth-token', refusal.message];
      default:
        return [`isv.${refusal.code.toLowerCase().replace(/_/g, '-')}`, refusal.message];
    }
  };

  /** The v2 gateway: sign = RSA-SHA256 over the sorted non-empty `key=value` pairs except `sign`. */
  const handleV2 = (req: IncomingMessage, res: ServerResponse, url: URL, rawBody: string) => {
    const raw = new URLSearchParams(url.search);
    if (req.method === 'POST' && rawBody) {
      for (const [key, value] of new URLSearchParams(rawBody)) raw.set(key, value);
    }
    const all = Object.fromEntries(raw) as Record<string, string>;
    const api = all.method ?? '';
    const params: Record<string, unknown> = { ...all };
    if (all.biz_content) {
      try {
        params.biz_content = JSON.parse(all.biz_content);
      } catch {
        params.biz_content = all.biz_content;
      }
    }
    requests.push({ method: req.method ?? '', path: url.pathname, params, api });

    if (all.app_id !== appId) return refuseV2(res, 'isv.invalid-app-id', '无效的AppID参数');
    if (all.sign_type !== 'RSA2') return refuseV2(res, 'isv.invalid-signature-type', '无效的签名类型');
    if (!all.timestamp || !/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(all.timestamp)) {
      return refuseV2(res, 'isv.invalid-timestamp', '非法的时间戳参数');
    }
    if (!all.sign) return refuseV2(res, 'isv.missing-signature', '缺少签名参数');
    const signContent = Object.keys(all)
      .filter((key) => key !== 'sign' && all[key] !== '')
      .sort()
      .map((key) => `${key}=${all[key]}`)
      .join('&');
    if (!rsaVerify(signContent, all.sign, appPublicKey)) {
      return refuseV2(
        res,
        'isv.invalid-signature',
        `验签出错，建议检查签名字符串或签名私钥与应用公钥是否匹配，网关生成的验签字符串为：${signContent}`,
      );
    }

    try {
      switch (api) {
        case 'alipay.user.certify.open.certify': {
          const biz = params.biz_content;
          const certifyId = isObject(biz) ? biz.certify_id : undefined;
          if (typeof certifyId !== 'string' || !certifies.has(certifyId))
            return refuseV2(res, 'isv.invalid-parameter', '参数有误certify_id');
          const page = '<!doctype html><meta charset="utf-8"><title>人脸核验</title><p>支付宝人脸核验（测试替身）</p>';
          res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': Buffer.byteLength(page) });
          return res.end(page);
        }
        case 'alipay.system.oauth.token':
          return sendV2(res, 'alipay_system_oauth_token_response', {
            code: '10000',
            msg: 'Success',
            ...(oauthToken(all, new Refusal(400, 'code-invalid', '授权码code无效')) as Record<string, unknown>),
          });
        case 'alipay.user.info.share':
          return sendV2(res, 'alipay_user_info_share_response', {
            code: '10000',
            msg: 'Success',
            ...(userInfoShare(all.auth_token, new Refusal(401, 'invalid-auth-token', '无效的访问令牌')) as Record<string, unknown>),
          });
        default:
          return refuseV2(res, 'isv.invalid-method', '不存在的方法名', '40004', 'Business Failed');
      }
    } catch (err) {
      if (err instanceof Refusal) return refuseV2(res, ...refusalToV2(err));
      throw err;
    }
  };

  const { server, base } = await listenLoopback((req, res) => {
    void (async () => {
      const rawBody = await readBody(req);
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      if (stall) {
        stall = false;
        requests.push({ method: req.method ?? '', path: url.pathname, params: {} });
        return; // never answered; close() drops the socket
      }
      if (failure) {
        const { status, body, contentType } = failure;
        failure = undefined;
        requests.push({ method: req.method ?? '', path: url.pathname, params: {} });
        res.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(body) });
        return res.end(body);
      }
      if (url.pathname === '/gateway.do') return handleV2(req, res, url, rawBody);
      if (url.pathname.startsWith('/v3/')) return handleV3(req, res, url, rawBody);
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
    })().catch(() => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end();
    });
  }, options.tls);

  return {
    url: base,
    gateway: `${base}/gateway.do`,
    appId,
    appPrivateKey,
    appPrivateKeyPkcs8,
    alipayPublicKey,
    requests,
    setOutcome(certifyId, passed, options = {}) {
      const record = certifies.get(certifyId);
      if (!record) throw new Error(`stand-in: unknown certify_id ${certifyId}`);
      record.outcome = { passed, ...options };
    },
    addAuthCode(code, userId, profile = {}) {
      authCodes.set(code, { userId, profile });
    },
    tamperNextResponse(mutate, path) {
      tamper = { mutate: mutate ?? ((body) => (body.includes('"F"') ? body.replaceAll('"F"', '"T"') : `${body} `)), path };
    },
    failNextResponse(status = 503, body = '{"code":"SYSTEM_ERROR","message":"系统繁忙"}', contentType = 'application/json') {
      failure = { status, body, contentType };
    },
    stallNextResponse() {
      stall = true;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
