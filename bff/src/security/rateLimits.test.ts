import { databaseUri, startBffProcess } from '../../test/bffProcess';
import { apiClient, type Answer } from '../../test/client';
import { openTestDatabase } from '../../test/database';
import { bankCard, residentId } from '../../test/factories';
import { CHINESE, expectError, SandboxPerson } from '../../test/person';
import { startRedis } from '../../test/redis';
import { startTestServer, type TestServer } from '../../test/server';
import { LIMITS } from './rateLimits';

/** Asserts a 429 rate_limited with a Retry-After no longer than the limit's window. */
function expectLimited(res: Answer, windowS: number): void {
  expectError(res, 429, 'rate_limited');
  const retryAfter = Number(res.headers.get('retry-after'));
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(windowS);
}

let n = 0;
/** A new person (resident ID) each call. */
const someone = (name = '测试人') => ({ name, idType: 'resident_id' as const, idNumber: residentId(300 + n++) });

describe('rate limits on one node (memory)', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let server: TestServer | undefined;
  /** Each test gets a server of its own, so that its counters start at zero. */
  const start = async (env: Record<string, string> = {}) => (server = await startTestServer(db.conn, { RATE_LIMIT_SCALE: '1', ...env }));

  beforeAll(async () => {
    db = await openTestDatabase();
  });
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });
  afterAll(async () => {
    await db.drop();
  });

  it('limits logins per client address', async () => {
    const { url, services } = await start();
    const api = apiClient(url);
    for (let i = 0; i < LIMITS.login.points; i++)
      expect((await api.post('/api/mp/session', { platform: 'alipay', code: `c${i}` })).status).toBe(201);
    expectLimited(await api.post('/api/mp/session', { platform: 'alipay', code: 'one-more' }), LIMITS.login.duration);
    // Another address has its own budget (tests all come from 127.0.0.1, so ask the limiter directly).
    await expect(services.rateLimits.consume('login', '10.0.0.7')).resolves.toBeUndefined();
  });

  it('limits identity entries per session; other sessions are unaffected', async () => {
    const { url } = await start();
    const a = await new SandboxPerson(url, someone('甲')).login();
    for (let i = 0; i < LIMITS.identity.points; i++) await a.enterIdentity();
    expectLimited(await a.api.put('/api/mp/identity', { ...a.who, consentVersion: '2026-11' }), LIMITS.identity.duration);
    // Invalid input counts too (guessing numbers is what the limit is for), and is still refused.
    expectLimited(
      await a.api.put('/api/mp/identity', { name: '甲', idType: 'resident_id', idNumber: 'x', consentVersion: '2026-11' }),
      LIMITS.identity.duration,
    );
    const b = await new SandboxPerson(url, someone('乙')).login();
    await b.enterIdentity();
  });

  it('limits verification starts per session; other sessions are unaffected', async () => {
    const { url } = await start();
    const a = await new SandboxPerson(url, someone()).beforeEntry();
    for (let i = 0; i < LIMITS.verificationSession.points; i++)
      expect((await a.api.post('/api/mp/verifications', { purpose: 'entry', consentVersion: '2026-12' })).status).toBe(201);
    expectLimited(
      await a.api.post('/api/mp/verifications', { purpose: 'entry', consentVersion: '2026-12' }),
      LIMITS.verificationSession.duration,
    );
    const b = await new SandboxPerson(url, someone()).beforeEntry();
    expect((await b.api.post('/api/mp/verifications', { purpose: 'entry', consentVersion: '2026-12' })).status).toBe(201);
  });

  it('limits face-check starts per person and account, and per account whoever the person; never per person alone', async () => {
    // A person's own starts spend their account's budget for them (20) and the account's (40); sessions do not matter.
    const { url } = await start({ RATE_LIMIT_SCALE: '0.25' }); // 5 per session, 5 per person and account, 10 per account
    const who = someone();
    const perAccount = Math.round(LIMITS.faceStartsAccount.points * 0.25);
    let session = await new SandboxPerson(url, who, 'device-1').beforeEntry();
    for (let i = 0; i < perAccount; i++)
      expect((await session.api.post('/api/mp/verifications', { purpose: 'entry', consentVersion: '2026-12' })).status).toBe(201);
    session = await new SandboxPerson(url, who, 'device-1').beforeEntry(); // a new session of the same account
    expectLimited(
      await session.api.post('/api/mp/verifications', { purpose: 'entry', consentVersion: '2026-12' }),
      LIMITS.faceStartsAccount.duration,
    );
    // Other accounts of the same person go on past what was the per-person ceiling (15): only an alarm is counted.
    const perPerson = Math.round(LIMITS.faceStartsPerson.points * 0.25);
    for (let device = 2; (device - 1) * perAccount <= perPerson; device++) {
      const other = await new SandboxPerson(url, who, `device-${device}`).beforeEntry();
      for (let i = 0; i < perAccount; i++)
        expect((await other.api.post('/api/mp/verifications', { purpose: 'entry', consentVersion: '2026-12' })).status).toBe(201);
    }
    // One account trying other people's numbers runs out of its own budget (10 at this scale).
    const byAccount = Math.round(LIMITS.faceStartsByAccount.points * 0.25);
    const second = await new SandboxPerson(url, someone(), 'device-1').beforeEntry();
    for (let i = perAccount; i < byAccount; i++)
      expect((await second.api.post('/api/mp/verifications', { purpose: 'entry', consentVersion: '2026-12' })).status).toBe(201);
    const third = await new SandboxPerson(url, someone(), 'device-1').beforeEntry();
    expectLimited(
      await third.api.post('/api/mp/verifications', { purpose: 'entry', consentVersion: '2026-12' }),
      LIMITS.faceStartsByAccount.duration,
    );
    const other = await new SandboxPerson(url, someone()).beforeEntry();
    expect((await other.api.post('/api/mp/verifications', { purpose: 'entry', consentVersion: '2026-12' })).status).toBe(201);
  });

  it('counts an IPv6 client by its /64, and a /48 in a wider tier', async () => {
    const { services } = await start({ RATE_LIMIT_SCALE: String(2 / LIMITS.login.points) }); // 2 logins per /64, 16 per /48
    await services.rateLimits.consume('login', '2001:db8:1:1::1');
    await services.rateLimits.consume('login', '2001:db8:1:1::ffff');
    await expect(services.rateLimits.consume('login', '2001:db8:1:1:abcd::2')).rejects.toMatchObject({ code: 'rate_limited' });
    for (let sub = 2; sub <= 8; sub++) {
      await services.rateLimits.consume('login', `2001:db8:1:${sub.toString(16)}::1`);
      await services.rateLimits.consume('login', `2001:db8:1:${sub.toString(16)}::2`);
    }
    await expect(services.rateLimits.consume('login', '2001:db8:1:99::1')).rejects.toMatchObject({ code: 'rate_limited' });
    // Another /48, and IPv4 (mapped or not) as an address of its own.
    await services.rateLimits.consume('login', '2001:db8:2::1');
    await services.rateLimits.consume('login', '::ffff:198.51.100.7');
    await services.rateLimits.consume('login', '198.51.100.7');
    await expect(services.rateLimits.consume('login', '198.51.100.7')).rejects.toMatchObject({ code: 'rate_limited' });
  });

  it('limits bank-card checks per session; refused checks per person and account, under a per-person ceiling', async () => {
    const { url } = await start();
    const who = someone();
    const first = await new SandboxPerson(url, who, 'device-1').login();
    await first.enterIdentity();
    for (let i = 0; i < LIMITS.bankCardSession.points; i++)
      expect((await first.api.post('/api/mp/bankcard-checks', { cardNumber: bankCard(true), consentVersion: '2026-12' })).body).toEqual({
        passed: false,
        reason: expect.any(String),
      });
    expectLimited(
      await first.api.post('/api/mp/bankcard-checks', { cardNumber: bankCard(), consentVersion: '2026-12' }),
      LIMITS.bankCardSession.duration,
    );

    // The same account in a new session: its 5 refused checks lock it for the day.
    const again = await new SandboxPerson(url, who, 'device-1').login();
    await again.enterIdentity();
    const locked = expectError(
      await again.api.post('/api/mp/bankcard-checks', { cardNumber: bankCard(), consentVersion: '2026-12' }),
      429,
      'bank_card_locked',
    );
    expect(locked.message).toBe('今日银行卡核验未通过次数过多，请明天再试或到登记窗口办理');
    // Another account of the same person is not locked by it.
    const mine = await new SandboxPerson(url, who, 'device-2').login();
    await mine.enterIdentity();
    await mine.passBankCard();
    const other = await new SandboxPerson(url, someone()).login();
    await other.enterIdentity();
    await other.passBankCard();
  });

  it('limits the portal API per portal key (tenant); other tenants are unaffected', async () => {
    const scale = 0.05; // 60 a minute instead of 1200, to reach it quickly
    const { url } = await start({ RATE_LIMIT_SCALE: String(scale), PORTAL_KEYS: 'demo:demo-portal-key,other:other-portal-key' });
    const points = Math.round(LIMITS.portal.points * scale);
    const demo = apiClient(url, 'demo-portal-key');
    for (let i = 0; i < points; i++) expect((await demo.get('/api/portal/matters/none')).status).toBe(404);
    expectLimited(await demo.get('/api/portal/matters/none'), LIMITS.portal.duration);
    expectLimited(await demo.get('/api/portal/callback'), LIMITS.portal.duration); // one budget for the whole portal API
    expect((await apiClient(url, 'other-portal-key').get('/api/portal/matters/none')).status).toBe(404);
  });

  it('counts a callback call once against the portal budget, like any other portal call', async () => {
    const scale = 0.05;
    const { url } = await start({ RATE_LIMIT_SCALE: String(scale), PORTAL_KEYS: 'demo:demo-portal-key' });
    const points = Math.round(LIMITS.portal.points * scale);
    const demo = apiClient(url, 'demo-portal-key');
    for (let i = 0; i < points; i++) expect((await demo.get('/api/portal/callback')).status).not.toBe(429);
    expectLimited(await demo.get('/api/portal/callback'), LIMITS.portal.duration);
  });

  it('locks face checks for the day after 5 failures of a person on one account, with a clear message', async () => {
    const { url } = await start();
    const who = someone();
    const person = await new SandboxPerson(url, who, 'device-1').beforeEntry();
    expect(LIMITS.faceFailuresAccount.points).toBe(5);
    let last = '';
    for (let i = 0; i < 4; i++) {
      const { id, result } = await person.faceCheck({ purpose: 'entry' }, 'fail');
      expect(result.status).toBe('failed');
      last = id;
    }
    // Asking again for a failed result does not count it again: the 5th check can still start.
    for (let i = 0; i < 3; i++) expect((await person.api.post(`/api/mp/verifications/${last}/complete`, {})).body.status).toBe('failed');
    expect((await person.faceCheck({ purpose: 'entry' }, 'fail')).result.status).toBe('failed');

    const locked = await person.api.post('/api/mp/verifications', { purpose: 'entry', consentVersion: '2026-12' });
    const error = expectError(locked, 429, 'face_check_locked');
    expect(error.message).toBe('今日刷脸核验失败次数过多，请明天再试或到登记窗口办理');
    const retryAfter = Number(locked.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(LIMITS.faceFailuresAccount.duration - 600);
    expect(retryAfter).toBeLessThanOrEqual(LIMITS.faceFailuresAccount.duration);

    // The lock is the account's, not the session's: a new session of it is locked too.
    const sameAccount = await new SandboxPerson(url, who, 'device-1').beforeEntry();
    expectError(
      await sameAccount.api.post('/api/mp/verifications', { purpose: 'entry', consentVersion: '2026-12' }),
      429,
      'face_check_locked',
    );
    // The person on another account (their own phone) is not.
    expect((await (await new SandboxPerson(url, who, 'device-2').beforeEntry()).faceCheck({ purpose: 'entry' })).result.status).toBe(
      'passed',
    );
    const other = await new SandboxPerson(url, someone()).beforeEntry();
    expect((await other.faceCheck({ purpose: 'entry' })).result.status).toBe('passed');
  });
});

describe('rate limits across two nodes (Redis)', () => {
  const scale = 0.25; // identity entries: 5 per session
  const identityPoints = Math.round(LIMITS.identity.points * scale);
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let redis: Awaited<ReturnType<typeof startRedis>>;
  let nodeA: Awaited<ReturnType<typeof startBffProcess>>;
  let nodeB: Awaited<ReturnType<typeof startBffProcess>>;

  beforeAll(async () => {
    db = await openTestDatabase();
    redis = await startRedis();
    const env = { MONGODB_URI: databaseUri(db.uri, db.dbName), REDIS_URL: redis.url, RATE_LIMIT_SCALE: String(scale) };
    [nodeA, nodeB] = await Promise.all([startBffProcess(env), startBffProcess(env)]);
  }, 60_000);
  afterAll(async () => {
    await Promise.allSettled([nodeA?.stop(), nodeB?.stop()]);
    await redis?.stop();
    await db?.drop();
  });

  it('holds a limit across nodes: alternating nodes reach it at the same count as one node', async () => {
    const person = await new SandboxPerson(nodeA.url, someone()).login();
    const body = { ...person.who, consentVersion: '2026-11' };
    const answers: number[] = [];
    for (let i = 0; i <= identityPoints; i++) {
      const node = i % 2 === 0 ? nodeA : nodeB;
      const res = await apiClient(node.url, person.token).put('/api/mp/identity', body);
      answers.push(res.status);
      if (i === identityPoints) expectLimited(res, LIMITS.identity.duration);
    }
    expect(answers).toEqual([...Array(identityPoints).fill(200), 429]);
    // Another session, on either node, has its own budget.
    const other = await new SandboxPerson(nodeB.url, someone()).login();
    expect((await apiClient(nodeA.url, other.token).put('/api/mp/identity', { ...other.who, consentVersion: '2026-11' })).status).toBe(200);
  });

  it('counts failed key guesses across nodes: an address blocked on one is blocked on the other', async () => {
    const points = Math.round(LIMITS.authFailures.points * scale);
    for (let i = 0; i < points; i++) {
      const node = i % 2 === 0 ? nodeA : nodeB;
      expectError(await apiClient(node.url, 'wrong-portal-key-123').get('/api/portal/matters/none'), 401, 'unauthorized');
    }
    for (const node of [nodeA, nodeB])
      expectLimited(await apiClient(node.url, 'demo-portal-key').get('/api/portal/matters/none'), LIMITS.authFailures.duration);
  });

  it('keeps answering when Redis is gone: limits fall back to each node', async () => {
    const person = await new SandboxPerson(nodeA.url, someone()).login();
    await redis.stop();
    const body = { ...person.who, consentVersion: '2026-11' };
    const answers: number[] = [];
    for (let i = 0; i <= identityPoints; i++) answers.push((await apiClient(nodeA.url, person.token).put('/api/mp/identity', body)).status);
    expect(answers).toEqual([...Array(identityPoints).fill(200), 429]); // the in-memory insurance limiter of node A
    const onB = await apiClient(nodeB.url, person.token).put('/api/mp/identity', body);
    expect(onB.status).toBe(200); // node B counts on its own meanwhile
    expect(onB.body.identity.name).toMatch(CHINESE);
  });
});
