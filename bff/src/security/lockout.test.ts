/**
 * Limits a stranger cannot spend on someone else's behalf, at the real numbers (RATE_LIMIT_SCALE=1):
 * what is kept per person is spent only by attempts that reached a vendor, per person and platform
 * account, under a per-person ceiling that is audited and that an operator lifts. And keys cost
 * something to guess.
 */
import { Writable } from 'node:stream';
import type { IdType } from '@regverify/shared';
import { apiClient, operatorAuthorization } from '../../test/client';
import { openTestDatabase } from '../../test/database';
import { bankCard, matterRequest, residentId } from '../../test/factories';
import { expectError, SandboxPerson } from '../../test/person';
import { startTestServer, type TestServer } from '../../test/server';
import { createLogger } from '../logger';
import { LIMITS } from './rateLimits';

let n = 0;
const someone = () => ({ name: '张三丰', idType: 'resident_id' as const, idNumber: residentId(600 + n++) });
type Who = { name: string; idType: IdType; idNumber: string };

describe('no lockout by strangers', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let server: TestServer | undefined;
  const start = async () => (server = await startTestServer(db.conn, { RATE_LIMIT_SCALE: '1' }));

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

  /** A stranger's session on account `account`, holding the person's ID number under `name`. */
  const strangerSession = async (url: string, who: Who, account: string, name = '李四') => {
    const s = await new SandboxPerson(url, { ...who, name }, account).login();
    await s.enterIdentity();
    return s;
  };

  it('lets the person finish the same day, however many sessions a stranger opens with their ID number', async () => {
    const { url } = await start();
    const who = someone();
    const portal = apiClient(url, 'demo-portal-key');
    const matter = (await portal.post('/api/portal/matters', matterRequest([who]))).body.matter;

    for (const account of ['stranger-1', 'stranger-2']) {
      for (let round = 0; round < 4; round++) {
        // A wrong name, the person's number: face checks refused for a missing bank card cost nothing…
        const s = await strangerSession(url, who, account);
        for (let i = 0; i < 10; i++)
          expectError(
            await s.api.post('/api/mp/verifications', { purpose: 'entry', consentVersion: '2026-12' }),
            409,
            'bank_card_required',
          );
        // …wrong cards are refused by the vendor and count against this account (locked after 5) …
        for (let i = 0; i < 3; i++) {
          const res = await s.api.post('/api/mp/bankcard-checks', { cardNumber: bankCard(true), consentVersion: '2026-12' });
          expect([200, 429]).toContain(res.status);
        }
      }
      // … and a card the sandbox passes lets the stranger fail face checks for the person, on their own account.
      const s = await new SandboxPerson(url, { ...who, name: '李四' }, `${account}-faces`).beforeEntry();
      for (let i = 0; i < LIMITS.faceFailuresAccount.points; i++)
        expect((await s.faceCheck({ purpose: 'entry' }, 'fail')).result.status).toBe('failed');
      expectError(await s.api.post('/api/mp/verifications', { purpose: 'entry', consentVersion: '2026-12' }), 429, 'face_check_locked');
    }

    // The person, on their own phone: bank card, face check, confirmation.
    const person = await new SandboxPerson(url, who, 'the-person').throughEntry();
    await person.confirm(matter.id);
    expect((await portal.get(`/api/portal/matters/${matter.id}`)).body).toMatchObject({ status: 'ready', canSubmit: true });
  });

  it('five stranger accounts spend only their own budgets: the person finishes, and the alarm goes off', async () => {
    const { url, services } = await start();
    const who = someone();
    const lookup = services.vault.lookupHash(who.idType, who.idNumber);
    const portal = apiClient(url, 'demo-portal-key');
    const matter = (await portal.post('/api/portal/matters', matterRequest([who]))).body.matter;
    const perAccount = LIMITS.bankCardFailuresAccount.points;
    for (let a = 0; a < 5; a++) {
      const s = await strangerSession(url, who, `stranger-${a}`);
      for (let i = 0; i < perAccount; i++)
        expect((await s.api.post('/api/mp/bankcard-checks', { cardNumber: bankCard(true), consentVersion: '2026-12' })).body.passed).toBe(
          false,
        );
      const locked = await strangerSession(url, who, `stranger-${a}`);
      expectError(
        await locked.api.post('/api/mp/bankcard-checks', { cardNumber: bankCard(), consentVersion: '2026-12' }),
        429,
        'bank_card_locked',
      );
    }
    // 25 refused checks across accounts: past the person's threshold (15), an alarm, not a lock.
    expect(5 * perAccount).toBeGreaterThan(LIMITS.bankCardFailuresPerson.points);
    const person = await new SandboxPerson(url, who, 'the-person').throughEntry();
    await person.confirm(matter.id);
    expect((await portal.get(`/api/portal/matters/${matter.id}`)).body).toMatchObject({ status: 'ready', canSubmit: true });
    const alarms = await services.models.AuditEvent.find({ subject: lookup, kind: 'person_alarm' }).lean();
    expect(alarms).toEqual([expect.objectContaining({ actor: 'system', data: { budget: 'bankCardFailures' } })]);
    const scraped = (await services.metrics.scrape()).body;
    expect(scraped).toContain('regverify_person_alarms_total{budget="bankCardFailures"} 1');

    // Only an operator of a tenant the person is named in clears the counts, and it is theirs in the audit trail.
    const unlock = (authorization?: string, idNumber = who.idNumber) =>
      apiClient(url, authorization).post('/api/operator/people/unlock', { idType: who.idType, idNumber });
    expectError(await unlock('demo-portal-key'), 401, 'unauthorized');
    expectError(await unlock(), 401, 'unauthorized');
    expectError(await unlock(operatorAuthorization(), residentId(599)), 404, 'not_found');
    const lifted = await unlock(operatorAuthorization());
    expect(lifted.status).toBe(200);
    expect(JSON.stringify(lifted.body)).not.toContain(who.idNumber);
    const audit = await services.models.AuditEvent.find({ subject: lookup, kind: 'person_limit_lifted' }).lean();
    expect(audit).toEqual([expect.objectContaining({ actor: 'operator:demo' })]);
    // A stranger's account stays locked: what it spent on its own was not cleared.
    const stranger = await strangerSession(url, who, 'stranger-0');
    expectError(
      await stranger.api.post('/api/mp/bankcard-checks', { cardNumber: bankCard(), consentVersion: '2026-12' }),
      429,
      'bank_card_locked',
    );
  });

  it('five stranger accounts starting face checks for a document without a bank card do not stop the person', async () => {
    const { url, services } = await start();
    const who = { name: '陈大文', idType: 'hk_macau_permit' as const, idNumber: `H${10_000_700 + n++}` };
    const portal = apiClient(url, 'demo-portal-key');
    const matter = (await portal.post('/api/portal/matters', matterRequest([who]))).body.matter;
    const perAccount = LIMITS.faceStartsAccount.points;
    for (let a = 0; a < 5; a++) {
      const s = await strangerSession(url, who, `starter-${a}`);
      for (let i = 0; i < perAccount; i++)
        expect((await s.api.post('/api/mp/verifications', { purpose: 'entry', consentVersion: '2026-12' })).status).toBe(201);
      const again = await strangerSession(url, who, `starter-${a}`);
      expectError(await again.api.post('/api/mp/verifications', { purpose: 'entry', consentVersion: '2026-12' }), 429, 'rate_limited');
    }
    expect(5 * perAccount).toBeGreaterThan(LIMITS.faceStartsPerson.points);
    const person = await new SandboxPerson(url, who, 'the-permit-holder').throughEntry();
    await person.confirm(matter.id);
    expect((await portal.get(`/api/portal/matters/${matter.id}`)).body).toMatchObject({ status: 'ready' });
    const lookup = services.vault.lookupHash(who.idType, who.idNumber);
    expect(await services.models.AuditEvent.countDocuments({ subject: lookup, kind: 'person_alarm' })).toBe(1);
  });

  it('answers one refusal for a bank card the vendor refuses, and keeps the reason in the audit trail', async () => {
    const { url, services } = await start();
    const who = someone();
    const s = await strangerSession(url, who, 'stranger');
    const res = await s.api.post('/api/mp/bankcard-checks', { cardNumber: bankCard(true), consentVersion: '2026-12' });
    expect(res.body).toEqual({ passed: false, reason: '银行卡信息核验未通过，请核对本人姓名、证件号码和银行卡号后重试' });
    const audit = await services.models.AuditEvent.findOne({
      kind: 'bank_card_refused',
      subject: services.vault.lookupHash(who.idType, who.idNumber),
    }).lean();
    expect(audit).toMatchObject({ actor: 'session', data: { provider: 'sandbox', reason: '银行卡信息与身份信息不一致' } });
  });

  it('limits prefill and result requests per session', async () => {
    const { url } = await start();
    const s = await new SandboxPerson(url, someone()).login();
    for (let i = 0; i < LIMITS.prefill.points; i++)
      expectError(await s.api.post('/api/mp/identity/prefill', { authCode: 'x' }), 403, 'prefill_unavailable');
    expectError(await s.api.post('/api/mp/identity/prefill', { authCode: 'x' }), 429, 'rate_limited');
    for (let i = 0; i < LIMITS.completion.points; i++)
      expectError(await s.api.post('/api/mp/verifications/none/complete', {}), 404, 'not_found');
    expectError(await s.api.post('/api/mp/verifications/none/complete', {}), 429, 'rate_limited');
  });
});

describe('guessing keys costs', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let server: TestServer | undefined;
  const lines: string[] = [];
  const logger = createLogger(
    'warn',
    new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    }),
  );

  beforeAll(async () => {
    db = await openTestDatabase();
    server = await startTestServer(db.conn, { RATE_LIMIT_SCALE: '1', TRUSTED_PROXIES: 'loopback' }, { logger });
  });
  afterAll(async () => {
    await server?.close();
    await db.drop();
  });

  /** A call from `address` (through the loopback proxy the server trusts) with `authorization`. */
  const from = (address: string, path: string, authorization: string) =>
    fetch(`${server!.url}${path}`, {
      method: path.includes('/operator/') ? 'POST' : 'GET',
      headers: { authorization, 'x-forwarded-for': address, 'content-type': 'application/json' },
      body: path.includes('/operator/') ? JSON.stringify({ decision: 'approved' }) : undefined,
    });

  it.each([
    ['portal keys', '/api/portal/matters/none', 'Bearer wrong-portal-key-000', 'Bearer demo-portal-key', 404],
    ['operator secrets', '/api/operator/tasks/none/review', operatorAuthorization('demo', 'wrong'), operatorAuthorization(), 404],
  ] as const)(
    '%s: failures are limited per address (429 + Retry-After), logged, and other addresses unaffected',
    async (_what, path, wrong, right, rightStatus) => {
      const address = `198.51.100.${n++}`;
      lines.length = 0;
      for (let i = 0; i < LIMITS.authFailures.points; i++) expect((await from(address, path, wrong)).status).toBe(401);
      const blocked = await from(address, path, right);
      expect(blocked.status).toBe(429);
      expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(LIMITS.authFailures.duration - 60);
      expect((await from(address, path, wrong)).status).toBe(429);
      // Another address is not blocked by it.
      expect((await from(`203.0.113.${n++}`, path, right)).status).toBe(rightStatus);
      const events = lines.map((l) => JSON.parse(l)).filter((e) => e.security === 'auth_failed');
      expect(events).toHaveLength(LIMITS.authFailures.points);
      expect(events[0]).toMatchObject({ ip: address, blocked: false });
      expect(events.at(-1)).toMatchObject({ ip: address, blocked: true });
      expect(lines.join('')).not.toMatch(/wrong-portal-key|demo-portal-key/);
    },
  );

  it('checks no more operator secrets than the budget holds, however many arrive at once', async () => {
    const address = `198.51.100.${n++}`;
    const statuses = await Promise.all(
      Array.from({ length: 80 }, () =>
        from(address, '/api/operator/tasks/none/review', operatorAuthorization('demo', 'wrong')).then((r) => r.status),
      ),
    );
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(LIMITS.authFailures.points);
    expect(statuses.filter((s) => s !== 401 && s !== 429)).toEqual([]);
  });

  it('counts IPv6 clients by their /64: 40 addresses of one prefix share one budget', async () => {
    const statuses: number[] = [];
    for (let i = 1; i <= 40; i++)
      statuses.push((await from(`2001:db8:77:${n}::${i.toString(16)}`, '/api/portal/matters/none', 'Bearer wrong-portal-key-000')).status);
    expect(statuses.slice(0, LIMITS.authFailures.points)).toEqual(Array(LIMITS.authFailures.points).fill(401));
    expect(new Set(statuses.slice(LIMITS.authFailures.points))).toEqual(new Set([429]));
    n++;
  });
});
