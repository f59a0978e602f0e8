import { ConfigError, loadConfig } from './load';
import { DEV_SECRETS } from './schema';

const uri = 'mongodb://127.0.0.1:27017/regverify';
/** A local development environment: its defaults are the contract's local ones. */
const dev = { MONGODB_URI: uri, NODE_ENV: 'development' };
const strongProduction = {
  NODE_ENV: 'production',
  MONGODB_URI: uri,
  IDENTITY_PROVIDER: 'platform',
  SUPPORT_QR_URL: 'https://verify.example.gov.cn/static/nihu-woying.png',
  BANKCARD_PROVIDER: 'tencentcloud',
  TENCENTCLOUD_SECRET_ID: 'AKIDexample12345',
  TENCENTCLOUD_SECRET_KEY: 'secret-key-example-1234',
  ALIPAY_APP_ID: '2021000000000001',
  ALIPAY_PRIVATE_KEY: '-----BEGIN PRIVATE KEY-----\\nMIIB\\n-----END PRIVATE KEY-----',
  ALIPAY_PUBLIC_KEY: '-----BEGIN PUBLIC KEY-----\\nMIIB\\n-----END PUBLIC KEY-----',
  PUBLIC_URL: 'https://verify.example.gov.cn',
  PORTAL_KEYS: 'henan:9f1c2d3e4b5a69788796a5b4',
  OPERATORS: 'wang:scrypt.16384.8.1.7nbXeeK_i912pfKmtx62bw.eqti2yqyFT2rLw36JWJs-3ywt9Mjc-vSZLEEm1-Yzf4:henan',
  TRUSTED_PROXIES: '10.0.0.0/8',
  DATA_KEY: Buffer.alloc(32, 7).toString('base64'),
  LOOKUP_KEY: Buffer.alloc(32, 9).toString('base64'),
  TOKEN_SECRET: 'x'.repeat(40),
  AUDIT_ANCHOR_KEY: Buffer.alloc(32, 11).toString('base64'),
};

function problemsOf(env: Record<string, string>): Array<{ setting: string; message: string }> {
  try {
    loadConfig(env);
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('applies the local defaults of the API contract', () => {
    const config = loadConfig(dev);
    expect(config.PORT).toBe(3000);
    expect(config.IDENTITY_PROVIDER).toBe('sandbox');
    expect(config.PORTAL_KEYS.get('demo-portal-key')).toBe('demo');
    expect(config.PUBLIC_URL).toBe('http://localhost:3000');
    expect(config.REDIS_URL).toBeUndefined();
  });

  it('treats empty variables as unset', () => {
    expect(loadConfig({ ...dev, REDIS_URL: '', PORT: '' }).PORT).toBe(3000);
  });

  it('parses several tenants', () => {
    const config = loadConfig({ ...dev, PORTAL_KEYS: 'a:key-aaaaaaaaaaaa, b:key-bbbbbbbbbbbb' });
    expect([...config.PORTAL_KEYS.entries()]).toEqual([
      ['key-aaaaaaaaaaaa', 'a'],
      ['key-bbbbbbbbbbbb', 'b'],
    ]);
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ MONGODB_URI: 'postgres://x' }, 'MONGODB_URI'],
    [{ IDENTITY_PROVIDER: 'facebook' }, 'IDENTITY_PROVIDER'],
    [{ PORTAL_KEYS: 'demo' }, 'PORTAL_KEYS'],
    [{ PORTAL_KEYS: 'a:short' }, 'PORTAL_KEYS'],
    [{ PORTAL_KEYS: 'a:same-key-123456,b:same-key-123456' }, 'PORTAL_KEYS'],
    [{ REDIS_URL: 'localhost:6379' }, 'REDIS_URL'],
    [{ DATA_KEY: 'c2hvcnQ=' }, 'DATA_KEY'],
    [{ AUDIT_ANCHOR_KEY: 'c2hvcnQ=' }, 'AUDIT_ANCHOR_KEY'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ RETENTION_DAYS: '-1' }, 'RETENTION_DAYS'],
    [{ RETENTION_DAYS: 'forever' }, 'RETENTION_DAYS'],
    [{ RETENTION_SWEEP_MS: '5' }, 'RETENTION_SWEEP_MS'],
  ])('names the bad setting in %j', (override, setting) => {
    const problems = problemsOf({ ...dev, ...override });
    expect(problems.map((p) => p.setting)).toEqual([setting]);
  });

  it('keeps personal data 30 days after a matter closes unless told otherwise, fractions allowed for tests', () => {
    expect(loadConfig(dev)).toMatchObject({ RETENTION_DAYS: 30, RETENTION_SWEEP_MS: 600_000 });
    expect(loadConfig({ ...dev, RETENTION_DAYS: '0.0001', RETENTION_SWEEP_MS: '50' })).toMatchObject({
      RETENTION_DAYS: 0.0001,
      RETENTION_SWEEP_MS: 50,
    });
    expect(loadConfig({ ...dev, RETENTION_DAYS: '0' }).RETENTION_DAYS).toBe(0);
  });

  it('names a missing database', () => {
    expect(problemsOf({ NODE_ENV: 'development' }).map((p) => p.setting)).toEqual(['MONGODB_URI']);
  });

  it('echoes plain values but never secrets', () => {
    const [port] = problemsOf({ ...dev, PORT: 'abc' });
    expect(port.message).toContain('"abc"');
    const [key] = problemsOf({ ...dev, PORTAL_KEYS: 'a:short' });
    expect(key.message).not.toContain('short');
  });

  it('accepts a complete production configuration', () => {
    expect(loadConfig(strongProduction).NODE_ENV).toBe('production');
  });

  it('refuses the sandbox providers and development secrets in production', () => {
    const problems = problemsOf({ NODE_ENV: 'production', MONGODB_URI: uri });
    expect(problems.map((p) => p.setting).sort()).toEqual(
      [
        'AUDIT_ANCHOR_KEY',
        'BANKCARD_PROVIDER',
        'DATA_KEY',
        'IDENTITY_PROVIDER',
        'LOOKUP_KEY',
        'OPERATORS',
        'PORTAL_KEYS',
        'PUBLIC_URL',
        'SUPPORT_QR_URL',
        'TOKEN_SECRET',
        'TRUSTED_PROXIES',
      ].sort(),
    );
  });

  it('names the keys a real provider needs', () => {
    const problems = problemsOf({ ...dev, IDENTITY_PROVIDER: 'wechat', BANKCARD_PROVIDER: 'tencentcloud' });
    expect(problems.map((p) => p.setting).sort()).toEqual([
      'TENCENTCLOUD_SECRET_ID',
      'TENCENTCLOUD_SECRET_KEY',
      'WECHAT_APP_ID',
      'WECHAT_APP_SECRET',
    ]);
  });

  it('turns escaped newlines of a PEM key into real ones', () => {
    const config = loadConfig({ ...strongProduction });
    expect(config.ALIPAY_PRIVATE_KEY).toBe('-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----');
  });

  it('refuses the demo portal key in production even beside real ones', () => {
    const problems = problemsOf({ ...strongProduction, PORTAL_KEYS: 'henan:9f1c2d3e4b5a69788796a5b4,demo:demo-portal-key' });
    expect(problems.map((p) => p.setting)).toEqual(['PORTAL_KEYS']);
  });

  it('recognises development secrets by value in production, whatever their spelling or company', () => {
    const realHash = strongProduction.OPERATORS.split(':')[1];
    const devEntry = DEV_SECRETS.OPERATORS.replace(/^demo:/, 'helper:').replace(/:\*$/, ':henan');
    const cases: Array<[Record<string, string>, string]> = [
      // The development operator's hash next to a real operator, under another name and tenant list.
      [{ OPERATORS: `wang:${realHash}:henan,${devEntry}` }, 'OPERATORS'],
      // The development data key in base64 without its padding, and as a DATA_KEYS entry so spelled.
      [{ DATA_KEY: DEV_SECRETS.DATA_KEY.replace(/=+$/, '') }, 'DATA_KEY'],
      [{ LOOKUP_KEY: Buffer.from(DEV_SECRETS.LOOKUP_KEY, 'base64').toString('base64') }, 'LOOKUP_KEY'],
      [{ TOKEN_SECRET: ` ${DEV_SECRETS.TOKEN_SECRET} ` }, 'TOKEN_SECRET'],
      // The development anchor key, and another development key reused as the anchor key.
      [{ AUDIT_ANCHOR_KEY: DEV_SECRETS.AUDIT_ANCHOR_KEY }, 'AUDIT_ANCHOR_KEY'],
      [{ AUDIT_ANCHOR_KEY: DEV_SECRETS.LOOKUP_KEY }, 'AUDIT_ANCHOR_KEY'],
      [{ PORTAL_KEYS: 'henan:9f1c2d3e4b5a69788796a5b4,other:demo-portal-key' }, 'PORTAL_KEYS'],
    ];
    for (const [change, setting] of cases) expect(problemsOf({ ...strongProduction, ...change }).map((p) => p.setting)).toEqual([setting]);
  });

  it('asks production for TRUSTED_PROXIES (none, when no proxy is in front) and the real rate limits', () => {
    const { TRUSTED_PROXIES: _unused, ...withoutProxies } = strongProduction;
    expect(problemsOf(withoutProxies).map((p) => p.setting)).toEqual(['TRUSTED_PROXIES']);
    expect(loadConfig({ ...strongProduction, TRUSTED_PROXIES: 'none' }).TRUSTED_PROXIES).toBe('none');
    expect(problemsOf({ ...strongProduction, RATE_LIMIT_SCALE: '1000' }).map((p) => p.setting)).toEqual(['RATE_LIMIT_SCALE']);
    expect(problemsOf({ ...strongProduction, RATE_LIMIT_SCALE: '0.5' }).map((p) => p.setting)).toEqual(['RATE_LIMIT_SCALE']);
    expect(loadConfig({ ...dev, RATE_LIMIT_SCALE: '1000' }).RATE_LIMIT_SCALE).toBe(1000);
  });

  it('applies production rules when NODE_ENV is not set', () => {
    const problems = problemsOf({ MONGODB_URI: uri });
    expect(problems.map((p) => p.setting)).toEqual(expect.arrayContaining(['IDENTITY_PROVIDER', 'DATA_KEY', 'PORTAL_KEYS', 'PUBLIC_URL']));
    expect(loadConfig({ ...strongProduction, NODE_ENV: '' }).NODE_ENV).toBe('production');
  });

  it('demands https for PUBLIC_URL and the vendor endpoints in production', () => {
    expect(problemsOf({ ...strongProduction, PUBLIC_URL: 'http://verify.example.gov.cn' }).map((p) => p.setting)).toEqual(['PUBLIC_URL']);
    const vendors = {
      ALIPAY_ENDPOINT: 'http://127.0.0.1:1/',
      ALIPAY_GATEWAY: 'http://127.0.0.1:1/gateway.do',
      WECHAT_API_BASE: 'http://127.0.0.1:1',
      TENCENTCLOUD_ENDPOINT: 'http://127.0.0.1:1',
    };
    expect(
      problemsOf({ ...strongProduction, ...vendors })
        .map((p) => p.setting)
        .sort(),
    ).toEqual(Object.keys(vendors).sort());
    expect(loadConfig({ ...dev, ...vendors }).ALIPAY_ENDPOINT).toBe('http://127.0.0.1:1/');
  });

  it('lets callbacks reach private addresses only when asked, and never in production', () => {
    expect(loadConfig(dev).CALLBACK_ALLOW_PRIVATE).toBe(false);
    expect(loadConfig({ ...dev, CALLBACK_ALLOW_PRIVATE: 'true' }).CALLBACK_ALLOW_PRIVATE).toBe(true);
    expect(problemsOf({ ...strongProduction, CALLBACK_ALLOW_PRIVATE: 'true' }).map((p) => p.setting)).toEqual(['CALLBACK_ALLOW_PRIVATE']);
    expect(problemsOf({ ...dev, CALLBACK_ALLOW_PRIVATE: 'yes' }).map((p) => p.setting)).toEqual(['CALLBACK_ALLOW_PRIVATE']);
  });

  it('trusts no proxy unless told: a hop count or addresses and CIDR ranges', () => {
    expect(loadConfig(dev).TRUSTED_PROXIES).toBeUndefined();
    expect(loadConfig({ ...dev, TRUSTED_PROXIES: '1' }).TRUSTED_PROXIES).toBe('1');
    expect(loadConfig({ ...dev, TRUSTED_PROXIES: '10.0.0.0/8, 192.168.1.7, ::1, loopback' }).TRUSTED_PROXIES).toBeDefined();
    expect(problemsOf({ ...dev, TRUSTED_PROXIES: 'everyone' }).map((p) => p.setting)).toEqual(['TRUSTED_PROXIES']);
    expect(problemsOf({ ...dev, TRUSTED_PROXIES: '10.0.0.0/33' }).map((p) => p.setting)).toEqual(['TRUSTED_PROXIES']);
  });

  it('serves no metrics unless told: a bearer token for the main port, or an address of their own', () => {
    const plain = loadConfig(dev);
    expect([plain.METRICS_TOKEN, plain.METRICS_LISTEN]).toEqual([undefined, undefined]);
    expect(loadConfig({ ...strongProduction, METRICS_TOKEN: 'prometheus-scrape-0123' }).METRICS_TOKEN).toBe('prometheus-scrape-0123');
    expect(loadConfig({ ...dev, METRICS_LISTEN: '127.0.0.1:9464' }).METRICS_LISTEN).toEqual({ host: '127.0.0.1', port: 9464 });
    expect(loadConfig({ ...dev, METRICS_LISTEN: '[::1]:9464' }).METRICS_LISTEN).toEqual({ host: '::1', port: 9464 });
    expect(loadConfig({ ...dev, METRICS_LISTEN: 'metrics.internal:0' }).METRICS_LISTEN).toEqual({ host: 'metrics.internal', port: 0 });
    for (const bad of ['9464', '127.0.0.1', '127.0.0.1:70000', '[nonsense]:9464', 'http://127.0.0.1:9464']) {
      expect(problemsOf({ ...dev, METRICS_LISTEN: bad }).map((p) => p.setting)).toEqual(['METRICS_LISTEN']);
    }
    for (const bad of ['short', 'has a space in it 0123']) {
      const problems = problemsOf({ ...dev, METRICS_TOKEN: bad });
      expect(problems.map((p) => p.setting)).toEqual(['METRICS_TOKEN']);
      expect(problems[0].message).not.toContain(bad); // a secret, never echoed
    }
  });

  it('takes named operators, each with their own hashed secret', () => {
    const hash = 'scrypt.16384.8.1.7nbXeeK_i912pfKmtx62bw.eqti2yqyFT2rLw36JWJs-3ywt9Mjc-vSZLEEm1-Yzf4';
    expect([...loadConfig({ ...dev, OPERATORS: `wang:${hash}:henan, li:${hash}:*` }).OPERATORS.keys()]).toEqual(['wang', 'li']);
    expect(loadConfig({ ...dev, OPERATORS: `wang:${hash}:henan+demo,li:${hash}:*` }).OPERATORS).toEqual(
      new Map([
        ['wang', { hash, tenants: ['henan', 'demo'] }],
        ['li', { hash, tenants: '*' }],
      ]),
    );
    expect([...loadConfig(dev).OPERATORS.keys()]).toEqual(['demo']);
    // Without a tenant list an operator is refused: every tenant is granted only by an explicit `*`.
    const noList = problemsOf({ ...dev, OPERATORS: `wang:${hash}:henan,li:${hash}` });
    expect(noList).toEqual([{ setting: 'OPERATORS', message: expect.stringContaining('li') }]);
    for (const bad of [
      'wang',
      'wang:plaintext-secret',
      `wang:${hash}`,
      `Wang Fang:${hash}`,
      `wang:${hash},wang:${hash}`,
      `wang:${hash}:Henan`,
      `wang:${hash}:a:b`,
    ]) {
      expect(problemsOf({ ...dev, OPERATORS: bad }).map((p) => p.setting)).toEqual(['OPERATORS']);
    }
    expect(problemsOf({ ...dev, OPERATOR_KEY: 'op-2b7e151628aed2a6abf7' })).toEqual([
      { setting: 'OPERATOR_KEY', message: expect.stringContaining('OPERATORS') },
    ]);
    expect(problemsOf({ ...strongProduction, OPERATORS: DEV_SECRETS.OPERATORS }).map((p) => p.setting)).toEqual(['OPERATORS']);
  });

  it('takes several data keys, newest first; DATA_KEY alone is the key k0', () => {
    const a = Buffer.alloc(32, 1).toString('base64');
    const b = Buffer.alloc(32, 2).toString('base64');
    expect(loadConfig({ ...dev, DATA_KEYS: `2026-11:${a}, 2026-01:${b}` }).dataKeys).toEqual([
      { id: '2026-11', base64: a },
      { id: '2026-01', base64: b },
    ]);
    expect(loadConfig({ ...dev, DATA_KEY: a }).dataKeys).toEqual([{ id: 'k0', base64: a }]);
    for (const bad of [`x:${Buffer.alloc(16).toString('base64')}`, a, `x:${a},x:${b}`, 'x:']) {
      expect(problemsOf({ ...dev, DATA_KEYS: bad }).map((p) => p.setting)).toEqual(['DATA_KEYS']);
    }
    const { DATA_KEY: _unused, ...withoutDataKey } = strongProduction;
    expect(loadConfig({ ...withoutDataKey, DATA_KEYS: `2026-11:${a}` }).dataKeys).toHaveLength(1);
    expect(problemsOf({ ...withoutDataKey, DATA_KEYS: `2026-11:${a},dev:${DEV_SECRETS.DATA_KEY}` }).map((p) => p.setting)).toEqual([
      'DATA_KEYS',
    ]);
  });

  it('serves Alipay and WeChat together, each platform on its own settings; a platform half-configured is named', () => {
    const alipay = {
      ALIPAY_APP_ID: '2021000000000001',
      ALIPAY_PRIVATE_KEY: strongProduction.ALIPAY_PRIVATE_KEY,
      ALIPAY_PUBLIC_KEY: strongProduction.ALIPAY_PUBLIC_KEY,
    };
    const wechat = { WECHAT_APP_ID: 'wx1234567890abcdef', WECHAT_APP_SECRET: 'a'.repeat(32) };
    expect(loadConfig({ ...dev, IDENTITY_PROVIDER: 'platform', ...alipay, ...wechat }).livePlatforms).toEqual(['alipay', 'weapp']);
    expect(loadConfig({ ...dev, IDENTITY_PROVIDER: 'platform', ...alipay }).livePlatforms).toEqual(['alipay']);
    expect(loadConfig({ ...dev, IDENTITY_PROVIDER: 'platform', ...wechat }).livePlatforms).toEqual(['weapp']);
    expect(loadConfig(dev).livePlatforms).toEqual(['alipay', 'weapp', 'h5']); // the sandbox serves every platform
    expect(problemsOf({ ...dev, IDENTITY_PROVIDER: 'platform' }).map((p) => p.setting)).toEqual(['IDENTITY_PROVIDER']);
    expect(
      problemsOf({ ...dev, IDENTITY_PROVIDER: 'platform', ...alipay, WECHAT_APP_ID: wechat.WECHAT_APP_ID }).map((p) => p.setting),
    ).toEqual(['WECHAT_APP_SECRET']);
    // In production the H5 preview has no face provider: never live.
    expect(loadConfig({ ...strongProduction, ...wechat }).livePlatforms).toEqual(['alipay', 'weapp']);
  });
});
