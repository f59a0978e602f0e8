import { createHash, randomBytes } from 'node:crypto';
import QRCode from 'qrcode';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { listenLoopback, type StandInTls } from './listen';

/**
 * A local stand-in for WeChat's server API, for tests: it speaks the protocol of the calls the
 * adapters make (stable_token, jscode2session, getverifyid, queryverifyinfo) on 127.0.0.1 and
 * checks what a real server checks — AppID and AppSecret, the access token on every call,
 * single-use login codes, getverifyid's parameters, and queryverifyinfo's binding to getverifyid
 * (it recomputes cert_hash from the cert_info it received, independently of the adapter's code).
 * getwxacodeunlimit (小程序码) checks the scene (40129), the page against the published pages when
 * check_path is on (41030) and the width, and answers a PNG of `weapp-code:<page>?scene=<scene>`
 * labelled image/jpeg, as WeChat labels its codes (replaceNextImage answers other bytes instead).
 *
 * errcodes: 40001/40014/42001/41001 (tokens), 40013/40125/41002/41004 (credentials), 40029/40163/
 * 41008 (codes), 40003 (openid), 47001 (unparseable body), 43001/43002 (method) are WeChat's
 * documented general codes. WeChat does not publish the codes getverifyid/queryverifyinfo use for
 * bad arguments or a cert_info/openid mismatch; the stand-in answers 40097 ("invalid args") with
 * the reason in errmsg. Its errmsg sometimes echoes what it received, on purpose: the tests then
 * show that the adapters never pass errmsg on.
 *
 * A query before the test set an outcome answers verify_ret 10300 (未完成核身), a code seen only in
 * third-party SDKs.
 */
export interface StandInRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  body: unknown;
  /** What the stand-in answered: the JSON, or a note like `HTTP 500` / `no answer`. */
  answer: unknown;
}

export interface WechatStandIn {
  apiBase: string;
  appId: string;
  appSecret: string;
  /** Every request, in order, with the stand-in's answer. */
  requests: StandInRequest[];
  /** Registers a wx.login code for a user (valid 5 minutes, single use); the openid becomes known. */
  addCode(code: string, openid: string): void;
  /** Sets the verify_ret queryverifyinfo reports for an attempt. */
  setOutcome(verifyId: string, verifyRet: number): void;
  /** Every token issued so far has expired (42001); stable_token issues a new one. */
  expireTokens(): void;
  /** Every token issued so far was replaced (40001), as after a forced refresh elsewhere. */
  rotateTokens(): void;
  /** The next `times` token checks fail with `errcode`, whatever the token. */
  refuseTokens(times: number, errcode?: number): void;
  /** The next request (to `path`, when given) is answered `{errcode, errmsg}`. */
  answerNext(errcode: number, path?: string): void;
  /** Fields merged into the next JSON answer. */
  alterNextAnswer(fields: Record<string, unknown>): void;
  /** The next mini-program code that passes the checks is answered as these bytes with this Content-Type. */
  replaceNextImage(bytes: Buffer, contentType: string): void;
  /** The next request fails: HTTP 500 with an HTML body, HTTP 200 with garbage, or no answer at all. */
  breakNext(kind?: 'http500' | 'garbage' | 'hang'): void;
  /** How many requests went to `path`. */
  count(path: string): number;
  close(): Promise<void>;
}

export interface WechatStandInOptions {
  /** The stand-in's clock in milliseconds (default Date.now). */
  now?: () => number;
  /** Lifetime of the tokens it issues (default 7200 s, as WeChat's). */
  tokenTtlSeconds?: number;
  /** Serve https with this certificate (a BFF trusting it talks to the stand-in as to WeChat). */
  tls?: StandInTls;
  /** The pages of the published version, which getwxacodeunlimit checks with check_path (default STAND_IN_PUBLISHED_PAGES). */
  publishedPages?: readonly string[];
}

/**
 * The pages of client/src/app.config.ts as WeChat names them (a subpackage's with its root in
 * front): what the published mini-program has. miniProgramCode.test.ts holds the two equal.
 */
export const STAND_IN_PUBLISHED_PAGES: readonly string[] = [
  'pages/entry/index',
  'pages/verify/index',
  'pages/result/index',
  'pages/bankcard/index',
  'subpackages/tasks/todos/index',
  'subpackages/tasks/todo/index',
  'subpackages/tasks/sign/index',
  'subpackages/tasks/done/index',
  'subpackages/sandbox/face-sim/index',
  'subpackages/more/support/index',
  'subpackages/more/faq/index',
  'subpackages/more/privacy/index',
];

const INVALID_ARGS = 40097;
const SCENE = /^[0-9A-Za-z!#$&'()*+,/:;=?@\-._~]{1,32}$/;
const OUT_SEQ_NO = /^[A-Za-z0-9_-]{5,32}$/;
const RESIDENT_ID = /^\d{17}[\dX]$/;
const CODE_LIFETIME_MS = 5 * 60 * 1000;
const EARLY_RENEWAL_MS = 5 * 60 * 1000;

type Answer = Record<string, unknown>;
const error = (errcode: number, errmsg: string): Answer => ({
  errcode,
  errmsg: `${errmsg} rid: ${randomBytes(4).toString('hex')}-${randomBytes(4).toString('hex')}`,
});

export async function startWechatStandIn(options: WechatStandInOptions = {}): Promise<WechatStandIn> {
  const now = options.now ?? Date.now;
  const ttlMs = (options.tokenTtlSeconds ?? 7200) * 1000;
  const appId = `wxstandin${randomBytes(4).toString('hex')}`;
  const appSecret = randomBytes(16).toString('hex');

  const tokens = new Map<string, { expiresAt: number; dead?: number }>();
  let currentToken: string | undefined;
  let refusals: { times: number; errcode: number } = { times: 0, errcode: 40001 };
  const codes = new Map<string, { openid: string; issuedAt: number; used: boolean }>();
  const knownOpenids = new Set<string>();
  const outSeqNos = new Set<string>();
  const attempts = new Map<string, { outSeqNo: string; certInfo: Record<string, string>; openid: string; verifyRet?: number }>();
  let nextAnswer: { errcode: number; path?: string } | undefined;
  let nextAlteration: Record<string, unknown> | undefined;
  let nextBreak: 'http500' | 'garbage' | 'hang' | undefined;
  const requests: StandInRequest[] = [];

  function issueToken(): Answer {
    const token = randomBytes(24).toString('base64url');
    tokens.set(token, { expiresAt: now() + ttlMs });
    currentToken = token;
    return { access_token: token, expires_in: ttlMs / 1000 };
  }

  /** 0 when the token is good, else WeChat's errcode for it. */
  function tokenErrcode(token: string | undefined): number {
    if (refusals.times > 0) {
      refusals.times -= 1;
      return refusals.errcode;
    }
    if (!token) return 41001;
    const known = tokens.get(token);
    if (!known) return 40014;
    if (known.dead) return known.dead;
    if (now() >= known.expiresAt) return 42001;
    return 0;
  }

  function stableToken(body: Answer): Answer {
    if (body.grant_type !== 'client_credential') return error(40002, 'invalid grant_type');
    if (typeof body.appid !== 'string' || body.appid === '') return error(41002, 'appid missing');
    if (body.appid !== appId) return error(40013, 'invalid appid');
    if (typeof body.secret !== 'string' || body.secret === '') return error(41004, 'appsecret missing');
    if (body.secret !== appSecret) return error(40125, 'invalid appsecret');
    if (body.force_refresh === true) {
      for (const state of tokens.values()) state.dead ??= 40001;
      return issueToken();
    }
    const current = currentToken ? tokens.get(currentToken) : undefined;
    // Normal mode hands out the current token; WeChat renews it 5 minutes before it expires.
    if (current && !current.dead && current.expiresAt - now() > EARLY_RENEWAL_MS) {
      return { access_token: currentToken, expires_in: Math.floor((current.expiresAt - now()) / 1000) };
    }
    return issueToken();
  }

  function jscode2session(query: Record<string, string>): Answer {
    if (!query.appid) return error(41002, 'appid missing');
    if (query.appid !== appId) return error(40013, 'invalid appid');
    if (!query.secret) return error(41004, 'appsecret missing');
    if (query.secret !== appSecret) return error(40125, 'invalid appsecret');
    if (query.grant_type !== 'authorization_code') return error(40002, 'invalid grant_type');
    if (!query.js_code) return error(41008, 'missing code');
    const code = codes.get(query.js_code);
    if (!code || now() - code.issuedAt > CODE_LIFETIME_MS) return error(40029, `invalid code ${query.js_code}`);
    if (code.used) return error(40163, 'code been used');
    code.used = true;
    return { session_key: randomBytes(16).toString('base64'), openid: code.openid };
  }

  function getVerifyId(body: Answer): Answer {
    const { out_seq_no: outSeqNo, cert_info: certInfo, openid } = body;
    if (typeof outSeqNo !== 'string' || !OUT_SEQ_NO.test(outSeqNo)) return error(INVALID_ARGS, 'invalid out_seq_no');
    if (outSeqNos.has(outSeqNo)) return error(INVALID_ARGS, 'out_seq_no already used');
    if (typeof certInfo !== 'object' || certInfo === null) return error(INVALID_ARGS, 'cert_info missing');
    const cert = certInfo as Record<string, unknown>;
    if (cert.cert_type !== 'IDENTITY_CARD') return error(INVALID_ARGS, 'invalid cert_type');
    if (typeof cert.cert_name !== 'string' || cert.cert_name.trim() === '') return error(INVALID_ARGS, 'invalid cert_name');
    if (typeof cert.cert_no !== 'string' || !RESIDENT_ID.test(cert.cert_no)) {
      return error(INVALID_ARGS, `invalid cert_no ${String(cert.cert_no)} for ${cert.cert_name}`);
    }
    if (typeof openid !== 'string' || !knownOpenids.has(openid)) return error(40003, 'invalid openid');
    outSeqNos.add(outSeqNo);
    const verifyId = `wxfv_${randomBytes(18).toString('base64url')}`;
    attempts.set(verifyId, {
      outSeqNo,
      certInfo: { cert_type: cert.cert_type, cert_name: cert.cert_name, cert_no: cert.cert_no },
      openid,
    });
    return { errcode: 0, errmsg: 'ok', verify_id: verifyId, expires_in: 3600 };
  }

  function queryVerifyInfo(body: Answer): Answer {
    const attempt = typeof body.verify_id === 'string' ? attempts.get(body.verify_id) : undefined;
    if (!attempt) return error(INVALID_ARGS, 'invalid verify_id');
    if (body.out_seq_no !== attempt.outSeqNo) return error(INVALID_ARGS, 'out_seq_no mismatch');
    if (body.openid !== attempt.openid) return error(INVALID_ARGS, 'openid mismatch');
    if (body.cert_hash !== standInCertHash(attempt.certInfo))
      return error(INVALID_ARGS, `cert_hash mismatch for ${attempt.certInfo.cert_name}`);
    return { errcode: 0, errmsg: 'ok', verify_ret: attempt.verifyRet ?? 10300 };
  }

  const published = new Set(options.publishedPages ?? STAND_IN_PUBLISHED_PAGES);
  let nextImage: { bytes: Buffer; contentType: string } | undefined;

  /** getwxacodeunlimit: an error as JSON, or the code as a PNG. */
  async function unlimitedCode(
    method: string,
    query: Record<string, string>,
    body: Answer,
  ): Promise<Answer | { bytes: Buffer; contentType: string }> {
    if (method !== 'POST') return error(43002, 'require POST method');
    const errcode = tokenErrcode(query.access_token);
    if (errcode !== 0) return error(errcode, 'invalid credential, access_token is invalid or not latest');
    const { scene, page = '', check_path: checkPath = true, env_version: env = 'release', width = 430 } = body;
    if (typeof scene !== 'string' || !SCENE.test(scene)) return error(40129, `invalid scene ${String(scene)}`);
    if (typeof page !== 'string' || page.startsWith('/') || page.includes('?')) return error(41030, 'invalid page');
    if (checkPath !== false && page !== '' && !published.has(page)) return error(41030, `page ${page} not published`);
    if (!['release', 'trial', 'develop'].includes(String(env))) return error(INVALID_ARGS, 'invalid env_version');
    if (typeof width !== 'number' || width < 280 || width > 1280) return error(INVALID_ARGS, 'invalid width');
    if (nextImage) {
      const replaced = nextImage;
      nextImage = undefined;
      return replaced;
    }
    // WeChat answers image/jpeg by default whatever the bytes; the adapter reads the bytes.
    return { bytes: await QRCode.toBuffer(`weapp-code:${page}?scene=${scene}`, { type: 'png', width }), contentType: 'image/jpeg' };
  }

  function route(method: string, path: string, query: Record<string, string>, body: Answer): Answer | undefined {
    const wants = (expected: string) =>
      method === expected ? undefined : error(expected === 'GET' ? 43001 : 43002, `require ${expected} method`);
    switch (path) {
      case '/cgi-bin/stable_token':
        return wants('POST') ?? stableToken(body);
      case '/sns/jscode2session':
        return wants('GET') ?? jscode2session(query);
      case '/cityservice/face/identify/getverifyid':
      case '/cityservice/face/identify/queryverifyinfo': {
        const refused = wants('POST');
        if (refused) return refused;
        const errcode = tokenErrcode(query.access_token);
        if (errcode !== 0) return error(errcode, 'invalid credential, access_token is invalid or not latest');
        return path.endsWith('getverifyid') ? getVerifyId(body) : queryVerifyInfo(body);
      }
      default:
        return undefined;
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const query = Object.fromEntries(url.searchParams);
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    let body: unknown;
    let unreadable = false;
    if (raw !== '') {
      try {
        body = JSON.parse(raw);
      } catch {
        unreadable = true;
      }
    }
    const record: StandInRequest = {
      method: req.method ?? '',
      path: url.pathname,
      query,
      body: unreadable ? raw : body,
      answer: undefined,
    };
    requests.push(record);

    if (nextBreak) {
      const kind = nextBreak;
      nextBreak = undefined;
      if (kind === 'hang') {
        record.answer = 'no answer';
        return;
      }
      record.answer = kind === 'http500' ? 'HTTP 500' : 'garbage';
      res.writeHead(kind === 'http500' ? 500 : 200, { 'content-type': 'text/html' });
      res.end(kind === 'http500' ? '<html><body>502 Bad Gateway</body></html>' : '{"errcode":0,"verify_');
      return;
    }

    let answer: Answer | undefined;
    if (nextAnswer && (!nextAnswer.path || nextAnswer.path === url.pathname)) {
      answer = error(nextAnswer.errcode, 'system error');
      nextAnswer = undefined;
    } else if (unreadable) {
      answer = error(47001, 'data format error');
    } else if (url.pathname === '/wxa/getwxacodeunlimit') {
      const made = await unlimitedCode(req.method ?? '', query, (body ?? {}) as Answer);
      if (Buffer.isBuffer(made.bytes)) {
        const { bytes, contentType } = made as { bytes: Buffer; contentType: string };
        record.answer = `${contentType}, ${bytes.length} bytes`;
        res.writeHead(200, { 'content-type': contentType });
        res.end(bytes);
        return;
      }
      answer = made;
    } else {
      answer = route(req.method ?? '', url.pathname, query, (body ?? {}) as Answer);
    }
    if (!answer) {
      record.answer = 'HTTP 404';
      res.writeHead(404).end();
      return;
    }
    if (nextAlteration) {
      answer = { ...answer, ...nextAlteration };
      nextAlteration = undefined;
    }
    record.answer = answer;
    res.writeHead(200, { 'content-type': 'application/json; encoding=utf-8' });
    res.end(JSON.stringify(answer));
  }

  const { server, base } = await listenLoopback((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  }, options.tls);

  return {
    apiBase: base,
    appId,
    appSecret,
    requests,
    addCode(code, openid) {
      codes.set(code, { openid, issuedAt: now(), used: false });
      knownOpenids.add(openid);
    },
    setOutcome(verifyId, verifyRet) {
      const attempt = attempts.get(verifyId);
      if (!attempt) throw new Error(`the stand-in issued no verify_id ${verifyId}`);
      attempt.verifyRet = verifyRet;
    },
    expireTokens() {
      for (const state of tokens.values()) state.dead ??= 42001;
    },
    rotateTokens() {
      for (const state of tokens.values()) state.dead ??= 40001;
    },
    refuseTokens(times, errcode = 40001) {
      refusals = { times, errcode };
    },
    answerNext(errcode, path) {
      nextAnswer = { errcode, path };
    },
    alterNextAnswer(fields) {
      nextAlteration = fields;
    },
    replaceNextImage(bytes, contentType) {
      nextImage = { bytes, contentType };
    },
    breakNext(kind = 'http500') {
      nextBreak = kind;
    },
    count(path) {
      return requests.filter((r) => r.path === path).length;
    },
    close() {
      server.closeAllConnections();
      return new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
    },
  };
}

/** cert_hash as WeChat documents it, written out separately from the adapter's on purpose. */
function standInCertHash(cert: Record<string, string>): string {
  const part = (name: string) => `${name}=${Buffer.from(cert[name] ?? '', 'utf8').toString('base64')}`;
  return createHash('sha256').update(['cert_type', 'cert_name', 'cert_no'].map(part).join('&')).digest('hex');
}
