import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startEmbeddedDb, type EmbeddedDb } from '../../../scripts/lib/embedded-db';
import { databaseUri, startBffProcess } from '../../test/bffProcess';
import { apiClient, type Answer } from '../../test/client';
import { matterRequest, residentId } from '../../test/factories';
import { CHINESE } from '../../test/person';
import { freePort } from '../../test/ports';
import { until } from '../../test/until';
import { percentile, report } from './figures';

type Bff = Awaited<ReturnType<typeof startBffProcess>>;

const OUTAGE_MS = 10_000;

/** One timed request. */
async function timed(send: () => Promise<Answer>): Promise<Answer & { ms: number }> {
  const started = performance.now();
  const answer = await send();
  return { ...answer, ms: performance.now() - started };
}

/**
 * The database goes away for 10 s under a running BFF (its own embedded FerretDB, stopped and
 * started again on the same port and data folder): requests that need it fail fast with
 * 503 database_unavailable, /readyz is red and /healthz green meanwhile, the process stays up, and
 * it recovers by itself once the database is back — with the data written before.
 */
describe('fault: the database stops for 10 s', () => {
  jest.setTimeout(90_000);
  let dataDir: string;
  let dbPort: number;
  let db: EmbeddedDb | undefined;
  let bff: Bff | undefined;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'regverify-faults-db-'));
    dbPort = await freePort();
    db = await startEmbeddedDb({ dataDir, port: dbPort, parentPid: process.pid });
    bff = await startBffProcess({ MONGODB_URI: databaseUri(db.uri, 'faults_outage') });
  }, 60_000);
  afterAll(async () => {
    await bff?.stop('SIGKILL');
    await db?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('answers 503 database_unavailable at once while it is away, stays alive, and recovers by itself', async () => {
    const { url } = bff!;
    const portal = apiClient(url, 'demo-portal-key');
    const who = { name: '周八', idType: 'resident_id' as const, idNumber: residentId(801) };
    const before = await portal.post('/api/portal/matters', matterRequest([who]));
    expect(before.status).toBe(201);
    const matterId = before.body.matter.id as string;
    const login = await apiClient(url).post('/api/mp/session', { platform: 'alipay', code: `code-${who.idNumber}` });
    expect(login.status).toBe(201);
    const person = apiClient(url, login.body.token);

    // Requests that need the database: a portal read, a portal write, a login, a session-authenticated read.
    const needDatabase: Array<[string, () => Promise<Answer>]> = [
      ['GET matter', () => portal.get(`/api/portal/matters/${matterId}`)],
      ['POST matter', () => portal.post('/api/portal/matters', matterRequest([{ ...who, idNumber: residentId(802) }]))],
      ['POST session', () => apiClient(url).post('/api/mp/session', { platform: 'alipay', code: 'code-during-outage' })],
      ['GET todos', () => person.get('/api/mp/todos')],
    ];

    await db!.stop();
    const stoppedAt = Date.now();
    const failures: Array<Answer & { ms: number; what: string }> = [];
    const health: number[] = [];
    const ready: number[] = [];
    let round = 0;
    while (Date.now() - stoppedAt < OUTAGE_MS - 500) {
      const [what, send] = needDatabase[round++ % needDatabase.length];
      failures.push({ ...(await timed(send)), what });
      health.push((await apiClient(url).get('/healthz')).status);
      ready.push((await apiClient(url).get('/readyz')).status);
      await new Promise((r) => setTimeout(r, 150));
    }
    // A burst of simultaneous requests too: none of them may queue behind the dead database.
    const burst = await Promise.all(Array.from({ length: 12 }, (_, i) => timed(needDatabase[i % needDatabase.length][1])));
    failures.push(...burst.map((b) => ({ ...b, what: 'burst' })));
    expect(bff!.child.exitCode).toBeNull();
    expect(bff!.child.signalCode).toBeNull();

    db = await startEmbeddedDb({ dataDir, port: dbPort, parentPid: process.pid });
    const backAt = Date.now();
    await until(async () => (await apiClient(url).get('/readyz')).status === 200, 'readyz green again', 30_000);
    const readyAfterMs = Date.now() - backAt;
    await until(async () => (await portal.get(`/api/portal/matters/${matterId}`)).status === 200, 'a database read again', 30_000);
    const servingAfterMs = Date.now() - backAt;

    const latencies = failures.map((f) => f.ms);
    report('database stopped for 10 s', {
      'requests refused while away': failures.length,
      '503 latency p50 ms': percentile(latencies, 0.5),
      '503 latency p95 ms': percentile(latencies, 0.95),
      '503 latency max ms': Math.max(...latencies),
      'healthz 200 / samples': `${health.filter((s) => s === 200).length}/${health.length}`,
      'readyz 503 / samples': `${ready.filter((s) => s === 503).length}/${ready.length}`,
      'readyz green after database back ms': readyAfterMs,
      'first read served after database back ms': servingAfterMs,
    });

    // Every request that needed the database was refused with the documented error, fast.
    for (const f of failures) {
      expect({ what: f.what, status: f.status, code: f.body?.error?.code }).toEqual({
        what: f.what,
        status: 503,
        code: 'database_unavailable',
      });
      expect(f.body.error.message).toMatch(CHINESE);
      expect(f.headers.get('retry-after')).toBe('5');
    }
    // Without the gate every one of them waited the driver's server selection timeout (3 s then).
    // Only a request caught at the very moment the database went can wait for the driver's one
    // retry (serverSelectionTimeoutMS, now 1 s); the rest are refused without asking the driver.
    expect(percentile(latencies, 0.5)).toBeLessThan(200);
    expect(percentile(latencies, 0.95)).toBeLessThan(1000);
    expect(Math.max(...latencies)).toBeLessThan(2500);
    // Alive all along, never ready while the database was away.
    expect(health.every((s) => s === 200)).toBe(true);
    expect(ready.every((s) => s === 503)).toBe(true);

    // Recovered without a restart: what was written before is there, writes and logins work again.
    const after = await portal.get(`/api/portal/matters/${matterId}`);
    expect(after).toMatchObject({ status: 200, body: { id: matterId, version: before.body.matter.version } });
    // The session written before the outage still authenticates.
    expect((await person.put('/api/mp/identity', { ...who, consentVersion: '2026-11' })).status).toBe(200);
    expect((await portal.post('/api/portal/matters', matterRequest([{ ...who, idNumber: residentId(803) }]))).status).toBe(201);
    expect((await apiClient(url).post('/api/mp/session', { platform: 'alipay', code: 'code-after-outage' })).status).toBe(201);
    expect(bff!.child.exitCode).toBeNull();
  });
});
