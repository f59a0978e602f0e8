import ipaddr from 'ipaddr.js';
import { z } from 'zod';

/** An address, a CIDR range, or one of proxy-addr's names. */
const isTrustEntry = (entry: string): boolean =>
  ['loopback', 'linklocal', 'uniquelocal'].includes(entry) || ipaddr.isValid(entry) || isCidr(entry);
const isCidr = (entry: string): boolean => {
  try {
    ipaddr.parseCIDR(entry);
    return true;
  } catch {
    return false;
  }
};

/**
 * The BFF's settings, read from the environment once at boot. Every setting is named after its
 * environment variable so that an error points at the exact variable to fix.
 */

/** Development-only secrets: fine on a laptop, refused with NODE_ENV=production. */
export const DEV_SECRETS = {
  DATA_KEY: 'ZGV2LW9ubHktZGF0YS1rZXktMzItYnl0ZXMtbG9uZyE=',
  LOOKUP_KEY: 'ZGV2LW9ubHktbG9va3VwLWtleS0zMi1ieXRlcy1sb25n',
  TOKEN_SECRET: 'dev-only-viewer-token-secret-32-bytes-long',
  AUDIT_ANCHOR_KEY: 'ZGV2LW9ubHktYXVkaXQtYW5jaG9yLWtleS0zMmJ5dGU=',
  /** The operator `demo` with the secret `demo-operator-key`. */
  OPERATORS: 'demo:scrypt.16384.8.1.cmVndmVyaWZ5LWRldi1vcA.BJywXE8uzyh9qTMnZ1EpQl4Sg-z4udXqP2GFqUVqFEY:*',
  PORTAL_KEYS: 'demo:demo-portal-key',
} as const;

/** The development secrets as production compares them: decoded keys, each operator hash, each portal key. */
const DEV_KEY_BYTES = [DEV_SECRETS.DATA_KEY, DEV_SECRETS.LOOKUP_KEY, DEV_SECRETS.AUDIT_ANCHOR_KEY].map((k) => Buffer.from(k, 'base64'));
const DEV_OPERATOR_HASHES = new Set(DEV_SECRETS.OPERATORS.split(',').map((entry) => entry.split(':')[1]));
const DEV_PORTAL_KEYS = new Set(DEV_SECRETS.PORTAL_KEYS.split(',').map((pair) => pair.slice(pair.indexOf(':') + 1)));

const base64Key = (bytes: number) =>
  z.string().refine((s) => /^[A-Za-z0-9+/]+={0,2}$/.test(s) && Buffer.from(s, 'base64').length === bytes, {
    message: `须为${bytes}字节密钥的base64编码 (base64 of exactly ${bytes} random bytes)`,
  });

const port = z.coerce
  .number({ error: '须为整数 (must be an integer)' })
  .int('须为整数 (must be an integer)')
  .min(0, '须在0–65535之间 (0–65535)')
  .max(65535, '须在0–65535之间 (0–65535)');

/** `host:port` (`[v6]:port` for an IPv6 address) of a listener; port 0: any free port. */
const listenAddress = z.string().transform((s, ctx) => {
  const m = /^(?:\[([0-9A-Fa-f:.]+)\]|([A-Za-z0-9.-]+)):(\d{1,5})$/.exec(s.trim());
  const host = m?.[1] ?? m?.[2];
  const portNumber = Number(m?.[3]);
  if (!m || !host || (m[1] !== undefined && !ipaddr.isValid(host)) || portNumber > 65535) {
    ctx.addIssue({ code: 'custom', message: '须为 host:port，例如 127.0.0.1:9464 (host:port, e.g. 127.0.0.1:9464)' });
    return z.NEVER;
  }
  return { host, port: portNumber };
});

const portalKeys = z.string().transform((s, ctx) => {
  const tenants = new Map<string, string>(); // key → tenant
  for (const pair of s
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const m = /^([a-z0-9_-]{1,32}):([\x21-\x7e]{12,256})$/.exec(pair);
    if (!m) {
      ctx.addIssue({
        code: 'custom',
        message: '须为逗号分隔的 tenant:key 对，key至少12个字符 (comma-separated tenant:key pairs, keys of 12+ printable characters)',
      });
      return z.NEVER;
    }
    if (tenants.has(m[2])) {
      ctx.addIssue({ code: 'custom', message: '同一个key不能属于两个租户 (a key may belong to one tenant only)' });
      return z.NEVER;
    }
    tenants.set(m[2], m[1]);
  }
  if (tenants.size === 0) {
    ctx.addIssue({ code: 'custom', message: '至少需要一个 tenant:key (at least one tenant:key pair)' });
    return z.NEVER;
  }
  return tenants;
});

/** `id:base64` pairs, newest first: the data keys (bff/src/security/personalData.ts). */
const dataKeys = z.string().transform((s, ctx) => {
  const keys: Array<{ id: string; base64: string }> = [];
  for (const pair of s
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const m = /^([A-Za-z0-9_-]{1,32}):([A-Za-z0-9+/]+={0,2})$/.exec(pair);
    if (!m || Buffer.from(m[2], 'base64').length !== 32) {
      ctx.addIssue({
        code: 'custom',
        message: '须为逗号分隔的 id:base64 对，每个密钥32字节，最新的在前 (comma-separated id:base64 pairs of 32-byte keys, newest first)',
      });
      return z.NEVER;
    }
    if (keys.some((k) => k.id === m[1])) {
      ctx.addIssue({ code: 'custom', message: `密钥编号 ${m[1]} 重复 (key id ${m[1]} appears twice)` });
      return z.NEVER;
    }
    keys.push({ id: m[1], base64: m[2] });
  }
  if (keys.length === 0) {
    ctx.addIssue({ code: 'custom', message: '至少需要一个密钥 (at least one key)' });
    return z.NEVER;
  }
  return keys;
});

/** An operator's secret as stored: `scrypt.<N>.<r>.<p>.<salt>.<hash>` (bff/src/security/operatorSecrets.ts). */
export const OPERATOR_HASH = /^scrypt\.(\d{4,7})\.(\d{1,2})\.(\d{1,2})\.([A-Za-z0-9_-]{16,64})\.([A-Za-z0-9_-]{43})$/;

/** An operator: their secret's hash, and the tenants whose matters they review (`*`: all). */
export interface OperatorEntry {
  hash: string;
  tenants: '*' | string[];
}

/**
 * `name:hash:tenant+tenant…` (or `name:hash:*`), comma-separated: each operator signs in with their
 * own secret and reviews the matters of the tenants listed. The list is never implied: an entry
 * without one is refused, so that forgetting it cannot grant every tenant.
 */
const operators = z.string().transform((s, ctx) => {
  const found = new Map<string, OperatorEntry>();
  for (const entry of s
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const [name, hash, scope, ...rest] = entry.split(':');
    if (name && hash && OPERATOR_HASH.test(hash) && scope === undefined) {
      ctx.addIssue({
        code: 'custom',
        message: `操作员 ${name} 须列出可处理的租户 name:hash:tenant+tenant，或以 * 表示全部 (operator ${name} needs a tenant list, or * for every tenant)`,
      });
      return z.NEVER;
    }
    const tenants = scope === '*' ? '*' : (scope ?? '').split('+');
    const tenantsOk = tenants === '*' || tenants.every((t) => /^[a-z0-9_-]{1,32}$/.test(t));
    if (!name || !/^[a-z0-9_.-]{1,32}$/.test(name) || !hash || !OPERATOR_HASH.test(hash) || !tenantsOk || rest.length > 0) {
      ctx.addIssue({
        code: 'custom',
        message:
          '须为逗号分隔的 name:hash:tenant+tenant（或 :* 表示全部租户），hash 由 npm run operator-secret 生成 (comma-separated name:hash:tenants from npm run operator-secret)',
      });
      return z.NEVER;
    }
    if (found.has(name)) {
      ctx.addIssue({ code: 'custom', message: `操作员 ${name} 重复 (operator ${name} appears twice)` });
      return z.NEVER;
    }
    found.set(name, { hash, tenants });
  }
  if (found.size === 0) {
    ctx.addIssue({ code: 'custom', message: '至少需要一个操作员 (at least one operator)' });
    return z.NEVER;
  }
  return found;
});

const pemKey = z
  .string()
  .transform((s) => s.replace(/\\n/g, '\n').trim())
  .refine((s) => /-----BEGIN [A-Z ]+-----/.test(s) || /^[A-Za-z0-9+/=\s]{100,}$/.test(s), 'PEM格式或base64的密钥 (a PEM or base64 key)');

export const RuntimeEnvSchema = z.object({
  /**
   * Production unless told otherwise: a bare start applies production rules. `npm start` says
   * development and `npm test` says test, explicitly.
   */
  NODE_ENV: z.enum(['development', 'test', 'production'], { error: '须为 development、test 或 production' }).default('production'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: port.default(3000),
  PUBLIC_URL: z.url({ protocol: /^https?$/, error: '须为http(s) URL (an http or https URL)' }).optional(),
  MONGODB_URI: z
    .string({ error: '未设置 (not set); 本地请用 npm start 自动启动内置数据库' })
    .regex(/^mongodb(\+srv)?:\/\/.+/, '须为 mongodb:// 或 mongodb+srv:// 地址 (a mongodb:// URI)'),
  PORTAL_KEYS: portalKeys.prefault(DEV_SECRETS.PORTAL_KEYS),
  OPERATORS: operators.prefault(DEV_SECRETS.OPERATORS),
  /** Replaced by OPERATORS; set, it is refused with a pointer to its successor. */
  OPERATOR_KEY: z.string().optional(),
  /**
   * `sandbox` (development, simulators, tests: every platform through the sandbox), or `platform`:
   * each session's own platform's vendor — Alipay for Alipay sessions when the ALIPAY_* settings
   * are there, WeChat for WeChat sessions when the WECHAT_* settings are there, both at once.
   * `alipay` and `wechat` (one platform only) are older spellings of `platform` that also demand
   * that platform's settings.
   */
  IDENTITY_PROVIDER: z.enum(['sandbox', 'platform', 'alipay', 'wechat'], { error: '须为 sandbox 或 platform' }).default('sandbox'),
  BANKCARD_PROVIDER: z.enum(['sandbox', 'tencentcloud']).default('sandbox'),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\/.+/, '须为 redis:// 或 rediss:// 地址 (a redis:// URL)')
    .optional(),
  /**
   * The data keys, newest first: `id:base64,id:base64`. The first encrypts; all decrypt (their ids
   * are in the ciphertexts). `npm run rekey` moves everything to the first. Unset: DATA_KEY alone.
   */
  DATA_KEYS: dataKeys.optional(),
  /** One data key (id `k0`), for a deployment that has not rotated yet; DATA_KEYS takes its place. */
  DATA_KEY: base64Key(32).default(DEV_SECRETS.DATA_KEY),
  LOOKUP_KEY: base64Key(32).default(DEV_SECRETS.LOOKUP_KEY),
  /**
   * The lookup key being retired, while `npm run rekey -- --lookup` rewrites every lookup hash
   * under LOOKUP_KEY; hashes of either key are accepted meanwhile. Removed once the rekey is done.
   */
  LOOKUP_KEY_PREVIOUS: base64Key(32).optional(),
  TOKEN_SECRET: z.string().min(32, '至少32个字符 (32+ characters)').default(DEV_SECRETS.TOKEN_SECRET),
  /**
   * Anchors the audit chain of every matter outside the database (bff/src/ledger/anchor.ts): the
   * same key on every node, kept out of the database and its backups, long-lived (docs/privacy.md).
   */
  AUDIT_ANCHOR_KEY: base64Key(32).default(DEV_SECRETS.AUDIT_ANCHOR_KEY),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /**
   * Outside production every answer is checked against its route's schema (a wrong one is logged);
   * `off` skips that, as production does — for measuring the BFF as it runs there.
   */
  ANSWER_CHECKS: z.enum(['on', 'off'], { error: '须为 on 或 off' }).default('on'),
  BODY_LIMIT_KB: z.coerce.number().int().min(1).max(1024).default(64),
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).max(60_000).default(10_000),
  H5_DIR: z.string().optional(),
  ALIPAY_APP_ID: z
    .string()
    .regex(/^\d{10,20}$/, '须为支付宝应用的AppID (digits)')
    .optional(),
  /** PEM (\n may be written as the two characters \ and n) or bare base64. */
  ALIPAY_PRIVATE_KEY: pemKey.optional(),
  ALIPAY_PUBLIC_KEY: pemKey.optional(),
  ALIPAY_ENDPOINT: z.url().optional(),
  ALIPAY_GATEWAY: z.url().optional(),
  WECHAT_APP_ID: z
    .string()
    .regex(/^wx[0-9A-Za-z]{8,32}$/, '须为微信小程序AppID (wx开头)')
    .optional(),
  WECHAT_APP_SECRET: z
    .string()
    .regex(/^[0-9a-zA-Z]{32}$/, '须为32位AppSecret')
    .optional(),
  WECHAT_API_BASE: z.url().optional(),
  /** Which version of the WeChat mini-program the portal page's code opens (wxacode.getUnlimited's env_version). */
  WECHAT_CODE_ENV: z.enum(['release', 'trial', 'develop'], { error: '须为 release、trial 或 develop' }).default('release'),
  TENCENTCLOUD_SECRET_ID: z.string().min(8).optional(),
  TENCENTCLOUD_SECRET_KEY: z.string().min(8).optional(),
  TENCENTCLOUD_REGION: z
    .string()
    .regex(/^[a-z]+-[a-z]+(-\d)?$/)
    .optional(),
  TENCENTCLOUD_ENDPOINT: z.string().min(1).optional(),
  /** Signed callbacks: first retry after about this long, doubling each time (capped at 1 h). */
  CALLBACK_RETRY_BASE_MS: z.coerce.number().int().min(10).max(3_600_000).default(1000),
  /** How often the callback outbox is polled (committed changes also wake it at once). */
  CALLBACK_POLL_MS: z.coerce.number().int().min(10).max(60_000).default(5000),
  /** Attempts per change before its delivery is given up as `failed`. */
  CALLBACK_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(20),
  /**
   * Days a closed (submitted, expired, cancelled) matter keeps its people's personal data before the
   * retention sweeper purges it (docs/privacy.md). Fractions are allowed (tests: 0.0001 ≈ 9 s); 0 = at the next sweep.
   */
  RETENTION_DAYS: z.coerce
    .number({ error: '须为天数 (a number of days)' })
    .min(0, '不能为负数 (0 or more)')
    .max(3650, '不能超过3650天 (at most 3650)')
    .default(30),
  /** How often the retention sweeper runs (it also removes expired sessions, old claims and sandbox records). */
  RETENTION_SWEEP_MS: z.coerce.number().int().min(10).max(86_400_000).default(600_000),
  /**
   * The reverse proxies whose X-Forwarded-For is believed: a number of hops, or a comma-separated
   * list of addresses and CIDR ranges (and proxy-addr's names: loopback, linklocal, uniquelocal),
   * or `none`. Unset or `none`: the client address is the TCP peer's, whatever the headers say.
   * Production asks for it: behind a proxy that is not listed, every client has the proxy's address
   * and one client's failures would lock out all of them.
   */
  TRUSTED_PROXIES: z
    .string()
    .refine((s) => s.trim() === 'none' || /^\d{1,2}$/.test(s.trim()) || s.split(',').every((p) => isTrustEntry(p.trim())), {
      message: '须为 none、代理层数，或逗号分隔的IP地址/CIDR (none, a hop count, or comma-separated addresses and CIDR ranges)',
    })
    .optional(),
  /**
   * Lets callback URLs reach loopback and private addresses (tests with a loopback receiver).
   * Refused in production.
   */
  CALLBACK_ALLOW_PRIVATE: z
    .enum(['true', 'false'], { error: '须为 true 或 false' })
    .default('false')
    .transform((v) => v === 'true'),
  /**
   * The QR code of the 你呼我应 official account on the 技术支持 page: an https URL of the image, or a
   * PNG file the BFF serves at /support/qr.png. Unset outside production: a placeholder drawing.
   */
  SUPPORT_QR_URL: z.url({ protocol: /^https?$/, error: '须为图片的 http(s) 地址 (an http(s) URL of the image)' }).optional(),
  SUPPORT_QR_FILE: z.string().min(1).optional(),
  /** Multiplies the points of every rate limit (bff/src/security/rateLimits.ts); tests use a large value. */
  RATE_LIMIT_SCALE: z.coerce.number().positive().default(1),
  /**
   * Prometheus metrics (bff/src/metrics/metrics.ts). Set, `GET /metrics` answers only
   * `Authorization: Bearer <token>`: on the main port, or on METRICS_LISTEN's address when that is
   * set. Neither set: /metrics is not served at all.
   */
  METRICS_TOKEN: z
    .string()
    .regex(/^[\x21-\x7e]{16,256}$/, '须为16–256个可打印字符，不含空格 (16–256 printable characters, no spaces)')
    .optional(),
  /**
   * `host:port` of a listener of its own for `GET /metrics` (a scraper on a private network; port 0:
   * any free one); /metrics is then not served on the main port. Without METRICS_TOKEN it asks for
   * no token: bind it to an address only the scraper reaches.
   */
  METRICS_LISTEN: listenAddress.optional(),
});

export type RuntimeEnv = z.output<typeof RuntimeEnvSchema>;

/** Settings whose values are never echoed in error messages. */
export const SECRET_SETTINGS = new Set([
  'MONGODB_URI',
  'PORTAL_KEYS',
  'OPERATORS',
  'OPERATOR_KEY',
  'DATA_KEY',
  'DATA_KEYS',
  'LOOKUP_KEY',
  'LOOKUP_KEY_PREVIOUS',
  'TOKEN_SECRET',
  'AUDIT_ANCHOR_KEY',
  'REDIS_URL',
  'ALIPAY_PRIVATE_KEY',
  'WECHAT_APP_SECRET',
  'TENCENTCLOUD_SECRET_KEY',
  'METRICS_TOKEN',
]);

/** The settings of each mini-program platform's vendor; all of one platform, or none. */
export const PLATFORM_SETTINGS = {
  alipay: ['ALIPAY_APP_ID', 'ALIPAY_PRIVATE_KEY', 'ALIPAY_PUBLIC_KEY'],
  weapp: ['WECHAT_APP_ID', 'WECHAT_APP_SECRET'],
} as const satisfies Record<string, ReadonlyArray<keyof RuntimeEnv>>;

/** Which mini-program platforms a configuration serves: every one in the sandbox, else those whose settings are given. */
export function livePlatformsOf(env: RuntimeEnv): Array<'alipay' | 'weapp' | 'h5'> {
  if (env.IDENTITY_PROVIDER === 'sandbox') return ['alipay', 'weapp', 'h5'];
  return (['alipay', 'weapp'] as const).filter((p) => PLATFORM_SETTINGS[p].every((n) => env[n]));
}

/** Settings each provider needs, whatever NODE_ENV says. */
export function providerProblems(env: RuntimeEnv): Array<{ setting: string; message: string }> {
  if (env.OPERATOR_KEY) {
    return [
      {
        setting: 'OPERATOR_KEY',
        message: '已由 OPERATORS 取代：每位操作员一个 name:hash，用 npm run operator-secret 生成 (replaced by OPERATORS)',
      },
    ];
  }
  const need = (names: Array<keyof RuntimeEnv>, why: string) =>
    names.filter((n) => !env[n]).map((setting) => ({ setting, message: `${why}时必须设置 (required with ${why})` }));
  const platformProblems = () => {
    if (env.IDENTITY_PROVIDER === 'sandbox') return [];
    const problems: Array<{ setting: string; message: string }> = [];
    const alipayStarted = PLATFORM_SETTINGS.alipay.some((n) => env[n]);
    const wechatStarted = PLATFORM_SETTINGS.weapp.some((n) => env[n]);
    // A platform is on when any of its settings is given: then it needs all of them.
    if (alipayStarted || env.IDENTITY_PROVIDER === 'alipay')
      problems.push(...need([...PLATFORM_SETTINGS.alipay], '支付宝小程序 (the Alipay platform)'));
    if (wechatStarted || env.IDENTITY_PROVIDER === 'wechat')
      problems.push(...need([...PLATFORM_SETTINGS.weapp], '微信小程序 (the WeChat platform)'));
    if (!alipayStarted && !wechatStarted && env.IDENTITY_PROVIDER === 'platform') {
      problems.push({
        setting: 'IDENTITY_PROVIDER',
        message:
          'platform 至少需要一个平台的设置：ALIPAY_APP_ID…或 WECHAT_APP_ID… (at least one platform: the ALIPAY_* or WECHAT_* settings)',
      });
    }
    return problems;
  };
  return [
    ...platformProblems(),
    ...(env.BANKCARD_PROVIDER === 'tencentcloud'
      ? need(['TENCENTCLOUD_SECRET_ID', 'TENCENTCLOUD_SECRET_KEY'], 'BANKCARD_PROVIDER=tencentcloud')
      : []),
  ];
}

/** Vendor endpoints that tests point at local stand-ins; production calls the vendors over https only. */
const VENDOR_ENDPOINTS = ['ALIPAY_ENDPOINT', 'ALIPAY_GATEWAY', 'WECHAT_API_BASE', 'TENCENTCLOUD_ENDPOINT'] as const;

/** What production refuses even though the values are well-formed. */
export function productionProblems(env: RuntimeEnv, raw: Record<string, string | undefined>): Array<{ setting: string; message: string }> {
  if (env.NODE_ENV !== 'production') return [];
  const problems: Array<{ setting: string; message: string }> = [];
  if (env.IDENTITY_PROVIDER === 'sandbox')
    problems.push({ setting: 'IDENTITY_PROVIDER', message: '生产环境不能使用 sandbox (sandbox is refused in production)' });
  if (env.BANKCARD_PROVIDER === 'sandbox')
    problems.push({ setting: 'BANKCARD_PROVIDER', message: '生产环境不能使用 sandbox (sandbox is refused in production)' });
  const refused = (setting: string) =>
    problems.push({ setting, message: '生产环境不能使用开发默认值 (the development default is refused in production)' });
  for (const name of ['DATA_KEY', 'LOOKUP_KEY', 'TOKEN_SECRET', 'AUDIT_ANCHOR_KEY', 'OPERATORS', 'PORTAL_KEYS'] as const) {
    if (name === 'DATA_KEY' && raw.DATA_KEYS) continue; // DATA_KEYS takes its place
    if (!raw[name]) problems.push({ setting: name, message: '生产环境必须设置 (required in production)' });
  }
  // Development secrets are recognised by what they are, not by how they are spelled: a key by its
  // bytes (base64 has more than one spelling), operators and portal keys entry by entry.
  const devBytes = (base64: string) => DEV_KEY_BYTES.some((dev) => Buffer.from(base64, 'base64').equals(dev));
  if (env.DATA_KEYS?.some((k) => devBytes(k.base64))) refused('DATA_KEYS');
  if (raw.DATA_KEY && !raw.DATA_KEYS && devBytes(raw.DATA_KEY)) refused('DATA_KEY');
  if (raw.LOOKUP_KEY && devBytes(raw.LOOKUP_KEY)) refused('LOOKUP_KEY');
  if (raw.AUDIT_ANCHOR_KEY && devBytes(raw.AUDIT_ANCHOR_KEY)) refused('AUDIT_ANCHOR_KEY');
  if (raw.TOKEN_SECRET && raw.TOKEN_SECRET.trim() === DEV_SECRETS.TOKEN_SECRET) refused('TOKEN_SECRET');
  if (raw.OPERATORS && [...env.OPERATORS.values()].some((o) => DEV_OPERATOR_HASHES.has(o.hash))) refused('OPERATORS');
  if (raw.PORTAL_KEYS && [...env.PORTAL_KEYS.keys()].some((key) => DEV_PORTAL_KEYS.has(key))) refused('PORTAL_KEYS');
  if (raw.TRUSTED_PROXIES === undefined || raw.TRUSTED_PROXIES.trim() === '')
    problems.push({
      setting: 'TRUSTED_PROXIES',
      message: '生产环境必须设置：反向代理的地址或层数，没有代理时为 none (required in production: the reverse proxies, or none)',
    });
  if (env.RATE_LIMIT_SCALE !== 1)
    problems.push({ setting: 'RATE_LIMIT_SCALE', message: '生产环境须为1 (only 1 in production: the limits are the real ones)' });
  if (!env.PUBLIC_URL) problems.push({ setting: 'PUBLIC_URL', message: '生产环境必须设置 (required in production)' });
  else if (!env.PUBLIC_URL.startsWith('https://'))
    problems.push({ setting: 'PUBLIC_URL', message: '生产环境须为 https 地址 (https is required in production)' });
  for (const name of VENDOR_ENDPOINTS) {
    if (env[name] && /^http:/i.test(env[name]))
      problems.push({ setting: name, message: '生产环境须为 https 地址 (https is required in production)' });
  }
  if (!env.SUPPORT_QR_URL && !env.SUPPORT_QR_FILE)
    problems.push({
      setting: 'SUPPORT_QR_URL',
      message: '生产环境须设置你呼我应二维码 SUPPORT_QR_URL 或 SUPPORT_QR_FILE (the real QR image is required in production)',
    });
  if (env.CALLBACK_ALLOW_PRIVATE)
    problems.push({ setting: 'CALLBACK_ALLOW_PRIVATE', message: '生产环境不能允许回调到内网地址 (refused in production)' });
  return problems;
}

/** The mode the BFF runs in, and why: a line for its startup log. */
export function modeOf(raw: Record<string, string | undefined>): { mode: RuntimeEnv['NODE_ENV']; why: string } {
  const set = raw.NODE_ENV;
  if (!set) return { mode: 'production', why: 'NODE_ENV is not set: production rules apply unless development or test is asked for' };
  return { mode: set as RuntimeEnv['NODE_ENV'], why: `NODE_ENV=${set}` };
}
