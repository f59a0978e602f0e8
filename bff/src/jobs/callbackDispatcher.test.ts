import { CallbackEventSchema } from '@regverify/shared';
import { createLogger } from '../logger';
import { apiClient } from '../../test/client';
import { openTestDatabase } from '../../test/database';
import { matterRequest, residentId, sha, type PersonSpec } from '../../test/factories';
import { expectError, SandboxPerson } from '../../test/person';
import { startTestServer, type TestServer } from '../../test/server';
import { retryDelayMs, startCallbackDispatcher, type CallbackDispatcher, type CallbackDispatcherOptions } from './callbackDispatcher';
import { startCallbackReceiver, until, type CallbackReceiver } from '../../test/callbackReceiver';

/** One tenant per test, so that no test sees another's callbacks. */
const KEYS = {
  demo: 'demo-portal-key',
  ordered: 'ordered-portal-key',
  flaky: 'flaky-portal-key-1',
  down: 'down-portal-key-12',
  silent: 'silent-portal-key1',
  twoNodes: 'two-nodes-portal-key',
  orphan: 'orphan-portal-key1',
  hanging: 'hanging-portal-key',
  bystander: 'bystander-portal-key',
  mute: 'mute-portal-key-123',
  unreachable: 'unreachable-portal-key',
  breaker: 'breaker-portal-key',
} as const;
const PORTAL_KEYS = Object.entries(KEYS)
  .map(([tenant, key]) => `${tenant.toLowerCase()}:${key}`)
  .join(',');

let seq = 500;
const resident = (name = '张三'): PersonSpec => ({ name, idType: 'resident_id', idNumber: residentId(++seq) });

describe('signed callbacks', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let server: TestServer;
  const receivers: CallbackReceiver[] = [];
  const dispatchers: CallbackDispatcher[] = [];
  const portal = (tenant: keyof typeof KEYS) => apiClient(server.url, KEYS[tenant]);

  const receiver = async () => {
    const r = await startCallbackReceiver();
    receivers.push(r);
    return r;
  };
  const dispatcher = (options: CallbackDispatcherOptions) => {
    const d = startCallbackDispatcher(server.services, { pollMs: 10, timeoutMs: 2000, ...options });
    dispatchers.push(d);
    return d;
  };
  /** Registers the receiver as the tenant's callback and lets it verify with the secret issued. */
  const subscribe = async (tenant: keyof typeof KEYS, r: CallbackReceiver) => {
    const res = await portal(tenant).put('/api/portal/callback', { url: r.url });
    expect(res.status).toBe(200);
    r.useSecret(res.body.secret);
    return res.body.secret as string;
  };
  const createMatter = async (tenant: keyof typeof KEYS, people: PersonSpec[] = [resident()]) => {
    const res = await portal(tenant).post('/api/portal/matters', matterRequest(people));
    expect(res.status).toBe(201);
    return res.body.matter.id as string;
  };
  const ledgerOf = (matterId: string) => server.services.models.MatterEvent.find({ matterId }).sort({ seq: 1 }).lean();
  const outboxesOf = async (matterId: string) => (await ledgerOf(matterId)).map((e) => e.outbox!);

  beforeAll(async () => {
    db = await openTestDatabase();
    // The receiver listens on loopback: the tests ask for private callback targets by name.
    server = await startTestServer(db.conn, { PORTAL_KEYS, CALLBACK_ALLOW_PRIVATE: 'true' });
  });
  afterEach(async () => {
    await Promise.all(dispatchers.splice(0).map((d) => d.stop()));
  });
  afterAll(async () => {
    await Promise.all(receivers.map((r) => r.close()));
    await server.close();
    await db.drop();
  });

  describe('PUT/GET/DELETE /api/portal/callback', () => {
    it('registers a URL and answers a new secret, shown only then; PUT again rotates it; DELETE removes it', async () => {
      const url = 'https://portal.example.cn/regverify/callbacks?tenant=demo';
      const first = await portal('demo').put('/api/portal/callback', { url });
      expect(first.status).toBe(200);
      expect(first.body).toEqual({ url, secret: expect.stringMatching(/^rvcb_[A-Za-z0-9_-]{43}$/) });
      expect(first.headers.get('cache-control')).toBe('no-store');
      expect(await portal('demo').get('/api/portal/callback')).toMatchObject({ status: 200, body: { url } });

      const stored = await server.services.models.Tenant.findById('demo').lean();
      expect(stored).toMatchObject({ callbackUrl: url, updatedAt: expect.any(Date) });
      expect(JSON.stringify(stored)).not.toContain(first.body.secret);
      expect(server.services.vault.decryptText(stored!.secretEnc!, { collection: 'tenants', id: 'demo', field: 'secretEnc' })).toBe(
        first.body.secret,
      );

      const second = await portal('demo').put('/api/portal/callback', { url: ' https://portal.example.cn/v2 ' });
      expect(second.body).toEqual({ url: 'https://portal.example.cn/v2', secret: expect.any(String) });
      expect(second.body.secret).not.toBe(first.body.secret);
      expect((await portal('demo').get('/api/portal/callback')).body).toEqual({ url: 'https://portal.example.cn/v2' });

      expect(await portal('demo').delete('/api/portal/callback')).toMatchObject({ status: 200, body: { url: null } });
      expectError(await portal('demo').get('/api/portal/callback'), 404, 'not_found');
      expect(await portal('demo').delete('/api/portal/callback')).toMatchObject({ status: 200, body: { url: null } });
    });

    it("keeps each tenant's callback its own", async () => {
      await portal('demo').put('/api/portal/callback', { url: 'https://demo.example.cn/cb' });
      expectError(await portal('silent').get('/api/portal/callback'), 404, 'not_found');
      await portal('demo').delete('/api/portal/callback');
    });

    it.each([
      ['put', { url: 'https://portal.example.cn/cb' }],
      ['get', undefined],
      ['delete', undefined],
    ] as const)('answers 401 to %s without a portal key, or with a wrong one', async (method, body) => {
      const call = (key?: string) =>
        method === 'put'
          ? apiClient(server.url, key).put('/api/portal/callback', body)
          : apiClient(server.url, key)[method]('/api/portal/callback');
      expectError(await call(), 401, 'unauthorized');
      expectError(await call('not-a-portal-key'), 401, 'unauthorized');
    });

    it.each([
      ['not a URL', 'portal.example.cn/cb'],
      ['another scheme', 'ftp://portal.example.cn/cb'],
      ['a script', 'javascript:alert(1)'],
      ['credentials in the URL', 'https://user:pass@portal.example.cn/cb'],
      ['a user name in the URL', 'https://user@portal.example.cn/cb'],
      ['no URL', undefined],
      ['a URL too long', `https://portal.example.cn/${'a'.repeat(2100)}`],
    ])('answers 400 naming the field for %s', async (_, url) => {
      const res = await portal('demo').put('/api/portal/callback', url === undefined ? {} : { url });
      expect(expectError(res, 400, 'validation_failed').details).toMatchObject({ field: 'url' });
      expect(JSON.stringify(res.body)).not.toContain('pass@');
    });

    it('demands https in production', async () => {
      const production = await startTestServer(
        db.conn,
        { PORTAL_KEYS },
        // portal.example.cn resolves (for this test, without asking DNS) to a public address.
        {
          services: (s) => ({
            ...s,
            config: { ...s.config, NODE_ENV: 'production' },
            resolve: async () => [{ address: '1.1.1.1', family: 4 }],
          }),
        },
      );
      try {
        const api = apiClient(production.url, KEYS.demo);
        const plain = await api.put('/api/portal/callback', { url: 'http://portal.example.cn/cb' });
        expect(expectError(plain, 400, 'validation_failed').details).toMatchObject({ field: 'url' });
        expect((await api.put('/api/portal/callback', { url: 'https://portal.example.cn/cb' })).status).toBe(200);
        await api.delete('/api/portal/callback');
      } finally {
        await production.close();
      }
    });
  });

  describe('delivery', () => {
    it('POSTs every change of a matter once, signed, in version order, with the stored snapshot — as it commits, not at the next poll', async () => {
      const r = await receiver();
      const secret = await subscribe('ordered', r);
      dispatcher({ retryBaseMs: 50, pollMs: 60_000 });
      const who = resident('李四');
      const matterId = await createMatter('ordered', [who]);
      await new SandboxPerson(server.url, who).throughEntry().then((p) => p.confirm(matterId));
      const submitted = await portal('ordered').post(`/api/portal/matters/${matterId}/submit`);
      expect(submitted.status).toBe(200);

      const ledger = await ledgerOf(matterId);
      expect(ledger.map((e) => e.type)).toEqual(['matter.created', 'task.verified', 'task.confirmed', 'matter.submitted']);
      await until(async () => (await outboxesOf(matterId)).every((o) => o.status === 'delivered'), 'every event delivered');
      await new Promise((resolve) => setTimeout(resolve, 300)); // nothing more arrives

      expect(r.received.map((c) => c.eventId)).toEqual(ledger.map((e) => e._id));
      expect(r.received.map((c) => c.json.version)).toEqual([1, 2, 3, 4]);
      for (const [i, c] of r.received.entries()) {
        const event = ledger[i];
        expect(c.verified).toBe(true);
        expect(c.status).toBe(200);
        expect(c.attempt).toBe('1');
        expect(CallbackEventSchema.parse(c.json)).toEqual({
          id: event._id,
          type: event.type,
          matterId,
          version: event.seq,
          occurredAt: event.at.toISOString(),
          matter: event.view,
        });
        expect(c.json.matter.version).toBe(event.seq);
        expect(c.body).not.toContain(who.idNumber);
        expect(c.body).not.toContain(who.name);
        expect(c.body).not.toContain(secret);
      }
      expect(r.received.at(-1)!.json.matter).toMatchObject({ status: 'submitted', progress: { done: 1, total: 1 } });
      for (const o of await outboxesOf(matterId))
        expect(o).toMatchObject({ status: 'delivered', attempts: 1, deliveredAt: expect.any(Date) });
    });

    it('retries a failing receiver with growing gaps until it answers 2xx, with the same body each time (on its own timer, not the poll)', async () => {
      const r = await receiver();
      r.answerWith(({ nth }) => (nth <= 3 ? 500 : 204));
      await subscribe('flaky', r);
      dispatcher({ retryBaseMs: 300, maxAttempts: 6, pollMs: 60_000 });
      const matterId = await createMatter('flaky');
      await until(async () => (await outboxesOf(matterId))[0].status === 'delivered', 'the delivery');

      expect(r.received.map((c) => [c.status, c.attempt])).toEqual([
        [500, '1'],
        [500, '2'],
        [500, '3'],
        [204, '4'],
      ]);
      expect(new Set(r.received.map((c) => c.eventId))).toEqual(new Set([`${matterId}:1`]));
      expect(new Set(r.received.map((c) => c.body)).size).toBe(1);
      expect(r.received.every((c) => c.verified === true)).toBe(true);
      const gaps = r.received.slice(1).map((c, i) => c.at - r.received[i].at);
      expect(gaps[0]).toBeGreaterThanOrEqual(230); // 300 ms ± 20 %, then 600, then 1200
      expect(gaps[1]).toBeGreaterThan(gaps[0]);
      expect(gaps[2]).toBeGreaterThan(gaps[1]);
      expect((await outboxesOf(matterId))[0]).toMatchObject({ status: 'delivered', attempts: 4, lastError: 'http_500' });
    });

    it('gives up after the maximum of attempts — status failed with the status code only — and then goes on with the next change', async () => {
      const r = await receiver();
      r.answerWith(() => 503);
      await subscribe('down', r);
      const logs: string[] = [];
      const logged = startCallbackDispatcher(
        { ...server.services, logger: createLogger('debug', { write: (line: string) => logs.push(line) }) },
        // Eight failures in a row would open the endpoint's breaker (its own test is below).
        { pollMs: 60_000, retryBaseMs: 40, maxAttempts: 4, timeoutMs: 2000, breakerThreshold: 100 },
      );
      dispatchers.push(logged);
      const matterId = await createMatter('down');
      const replaced = await portal('down').put(`/api/portal/matters/${matterId}/documents`, {
        documents: [{ name: '公司章程', sha256: sha('articles v9') }],
      });
      expect(replaced.status).toBe(200);

      await until(async () => (await outboxesOf(matterId)).every((o) => o.status === 'failed'), 'both events failed', 20_000);
      const [first, second] = await outboxesOf(matterId);
      expect(first).toMatchObject({ status: 'failed', attempts: 4, lastError: 'http_503', deliveredAt: null });
      expect(second).toMatchObject({ status: 'failed', attempts: 4, lastError: 'http_503' });
      // Version 2 was not tried before version 1 was given up.
      expect(r.received.map((c) => c.json.version)).toEqual([1, 1, 1, 1, 2, 2, 2, 2]);
      expect(logs.join('\n')).toContain('callback given up');
      expect(logs.join('\n')).not.toMatch(/张三|11010519491231002X|do-not-log|127\.0\.0\.1/);
    });

    it('marks the changes of a tenant without a callback as skipped, and POSTs nothing', async () => {
      const r = await receiver();
      const d = dispatcher({ retryBaseMs: 50 });
      const matterId = await createMatter('silent');
      await d.runOnce();
      await until(async () => (await outboxesOf(matterId))[0].status === 'skipped', 'skipped');
      expect((await outboxesOf(matterId))[0]).toMatchObject({ status: 'skipped', attempts: 0 });
      expect(r.received).toHaveLength(0);
      expect(receivers.every((x) => x.received.every((c) => c.json?.matterId !== matterId))).toBe(true);
    });

    it('sends each change once when three nodes dispatch from one database', async () => {
      const r = await receiver();
      await subscribe('twoNodes', r);
      for (let i = 0; i < 3; i++) dispatcher({ retryBaseMs: 50 });
      const matters = await Promise.all(
        Array.from({ length: 6 }, async (_, i) => {
          const matterId = await createMatter('twoNodes');
          for (let j = 0; j < 2; j++) {
            const res = await portal('twoNodes').put(`/api/portal/matters/${matterId}/documents`, {
              documents: [{ name: '公司章程', sha256: sha(`nodes ${i}.${j}`) }],
            });
            expect(res.status).toBe(200);
          }
          expect((await portal('twoNodes').delete(`/api/portal/matters/${matterId}`)).status).toBe(200);
          return matterId;
        }),
      );
      const expected = (await Promise.all(matters.map(ledgerOf))).flat().map((e) => e._id);
      expect(expected).toHaveLength(24);
      await until(async () => (await Promise.all(matters.map(outboxesOf))).flat().every((o) => o.status === 'delivered'), 'all delivered');
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(r.received.map((c) => c.eventId).sort()).toEqual([...expected].sort());
      expect(r.received.every((c) => c.attempt === '1' && c.verified === true)).toBe(true);
      for (const matterId of matters) {
        expect(r.received.filter((c) => c.json.matterId === matterId).map((c) => c.json.version)).toEqual([1, 2, 3, 4]);
      }
    });

    it('moves past an attempt claimed by a node that died before recording it, once the lease is over', async () => {
      const r = await receiver();
      await subscribe('orphan', r);
      const matterId = await createMatter('orphan'); // no dispatcher running: the change waits in the outbox
      await server.services.models.Claim.create({
        _id: `delivery:${matterId}:1:1`,
        owner: 'a-node-that-died',
        at: new Date(Date.now() - 60_000),
      });
      dispatcher({ retryBaseMs: 50, claimLeaseMs: 30_000 });
      await until(async () => (await outboxesOf(matterId))[0].status === 'delivered', 'the delivery');
      expect(r.received.map((c) => [c.eventId, c.attempt])).toEqual([[`${matterId}:1`, '2']]);
      expect((await outboxesOf(matterId))[0]).toMatchObject({ status: 'delivered', attempts: 2, lastError: 'interrupted' });
    });

    it('leaves an attempt alone while its claim is young (its node is sending it)', async () => {
      const r = await receiver();
      await subscribe('orphan', r);
      const matterId = await createMatter('orphan');
      await server.services.models.Claim.create({ _id: `delivery:${matterId}:1:1`, owner: 'a-busy-node', at: new Date() });
      const d = dispatcher({ retryBaseMs: 50, claimLeaseMs: 30_000 });
      await d.runOnce();
      await d.runOnce();
      expect(r.received).toHaveLength(0);
      expect((await outboxesOf(matterId))[0]).toMatchObject({ status: 'pending', attempts: 0 });
    });
  });

  describe('one tenant cannot slow another', () => {
    /** `regverify_callback_deliveries_total` by outcome, as scraped now. */
    const deliveries = async () => {
      const counts: Record<string, number> = {};
      for (const [, outcome, n] of (await server.services.metrics.scrape()).body.matchAll(
        /^regverify_callback_deliveries_total\{outcome="(\w+)"\} (\d+)$/gm,
      ))
        counts[outcome] = Number(n);
      return counts;
    };

    it("delivers another tenant's first change within a second while a tenant's endpoint takes connections and never answers", async () => {
      // The attack as reported: a callback URL that accepts the connection and says nothing, 12 matters.
      const hanging = await receiver();
      hanging.answerWith(() => 0);
      await subscribe('hanging', hanging);
      const other = await receiver();
      await subscribe('bystander', other);
      dispatcher({ timeoutMs: undefined }); // the default timeouts, as in production
      for (let i = 0; i < 12; i++) await createMatter('hanging');
      await until(() => hanging.received.length >= 4, "the hanging tenant's slots taken");

      const started = Date.now();
      const matterId = await createMatter('bystander');
      const arrived = await until(() => other.received.find((c) => c.json?.matterId === matterId), "the other tenant's callback", 10_000);
      const ms = arrived.at - started;
      console.log(`[callbacks] other tenant's first callback after ${ms} ms, 12 matters of a hanging tenant before it`);
      expect(ms).toBeLessThan(1000);
      expect(arrived.verified).toBe(true);
      // The hanging tenant held only its own 4 slots, whatever it had queued.
      expect(hanging.received).toHaveLength(4);
      await portal('hanging').delete('/api/portal/callback'); // its leftovers are skipped, not sent
    });

    it('gives up on an endpoint that connects and sends no answer after the first-byte timeout, not the whole-POST one', async () => {
      const mute = await receiver();
      mute.answerWith(() => 0);
      await subscribe('mute', mute);
      dispatcher({ timeoutMs: 10_000, firstByteTimeoutMs: 300, maxAttempts: 1, pollMs: 60_000 });
      const matterId = await createMatter('mute');
      await until(async () => (await outboxesOf(matterId))[0].status === 'failed', 'the attempt given up');
      expect((await outboxesOf(matterId))[0]).toMatchObject({ status: 'failed', attempts: 1, lastError: 'FIRST_BYTE_TIMEOUT' });
      expect(mute.received).toHaveLength(1);
      // Given up well before the 10 s of the whole POST.
      const ledger = await ledgerOf(matterId);
      expect(Date.now() - ledger[0].at.getTime()).toBeLessThan(3000);
    });

    it('gives up on an endpoint it cannot connect to after the connect timeout', async () => {
      await portal('unreachable').put('/api/portal/callback', { url: 'http://unreachable.portal.example.com/cb' });
      // The host name never resolves: the connection is never made (and nothing leaves this machine).
      const d = startCallbackDispatcher(
        { ...server.services, config: { ...server.services.config, CALLBACK_ALLOW_PRIVATE: false }, resolve: () => new Promise(() => {}) },
        { timeoutMs: 10_000, connectTimeoutMs: 300, maxAttempts: 1, pollMs: 60_000 },
      );
      dispatchers.push(d);
      const started = Date.now();
      const matterId = await createMatter('unreachable');
      await until(async () => (await outboxesOf(matterId))[0].status === 'failed', 'the attempt given up');
      expect((await outboxesOf(matterId))[0]).toMatchObject({ status: 'failed', attempts: 1, lastError: 'CONNECT_TIMEOUT' });
      expect(Date.now() - started).toBeLessThan(3000);
    });

    it("opens an endpoint's breaker after consecutive failures, sends nothing while it cools off, and closes it on a probe that succeeds", async () => {
      const r = await receiver();
      let answer = 503;
      r.answerWith(() => answer);
      await subscribe('breaker', r);
      const before = await deliveries();
      dispatcher({ retryBaseMs: 40, maxAttempts: 20, pollMs: 20, breakerThreshold: 3, breakerCooloffMs: 1500 });
      const first = await createMatter('breaker');
      await until(() => r.received.length >= 3, 'three failures');
      const second = await createMatter('breaker'); // its endpoint is open: waits without a POST

      // Open: no POST for the cool-off, although retries fall due and the outbox is scanned every 20 ms.
      await new Promise((resolve) => setTimeout(resolve, 800));
      expect(r.received).toHaveLength(3);
      expect((await outboxesOf(first))[0]).toMatchObject({ status: 'pending', attempts: 3, lastError: 'http_503' });
      expect((await outboxesOf(second))[0]).toMatchObject({ status: 'pending', attempts: 0 });
      expect((await deliveries()).dropped).toBeGreaterThan(before.dropped);

      // Half open: one probe; it fails, so the endpoint rests for another cool-off.
      await until(() => r.received.length >= 4, 'the first probe', 5000);
      answer = 200;
      await until(() => r.received.length >= 5, 'the second probe', 5000);
      await until(
        async () => [...(await outboxesOf(first)), ...(await outboxesOf(second))].every((o) => o.status === 'delivered'),
        'both delivered',
      );
      await new Promise((resolve) => setTimeout(resolve, 200));
      const at = r.received.map((c) => c.at);
      expect(at).toHaveLength(6);
      expect(at[3] - at[2]).toBeGreaterThanOrEqual(1400);
      expect(at[4] - at[3]).toBeGreaterThanOrEqual(1400);
      expect(r.received.map((c) => c.status)).toEqual([503, 503, 503, 503, 200, 200]);
      // Closed by the probe: the change it held back goes at once.
      expect(at[5] - at[4]).toBeLessThan(1000);

      const after = await deliveries();
      expect(after.retried - before.retried).toBe(4);
      expect(after.delivered - before.delivered).toBeGreaterThanOrEqual(2);
      expect(after.failed - before.failed).toBe(0);
    });
  });

  it('backs off exponentially with jitter, capped at an hour', () => {
    expect(retryDelayMs(1, 1000, () => 0.5)).toBe(1000);
    expect(retryDelayMs(2, 1000, () => 0.5)).toBe(2000);
    expect(retryDelayMs(5, 1000, () => 0.5)).toBe(16_000);
    expect(retryDelayMs(3, 1000, () => 0)).toBe(3200);
    expect(retryDelayMs(3, 1000, () => 1)).toBe(4800);
    expect(retryDelayMs(20, 1000, () => 1)).toBe(3_600_000);
  });
});
