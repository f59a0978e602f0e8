/**
 * Operators' Prometheus metrics: `/metrics` on the main port behind METRICS_TOKEN, or on
 * METRICS_LISTEN's own address, or nowhere. A whole flow (a portal registers a matter, its page
 * watches live, a person verifies and confirms in the sandbox) moves the counters, labelled by route
 * template and names from the code — never by an id or an ID number.
 */
import { io as connect, type Socket } from 'socket.io-client';
import type { MatterView } from '@regverify/shared';
import { apiClient } from '../../../test/client';
import { openTestDatabase } from '../../../test/database';
import { matterRequest, residentId } from '../../../test/factories';
import { expectError, SandboxPerson } from '../../../test/person';
import { startTestServer, type TestServer } from '../../../test/server';
import { until } from '../../../test/until';

const TOKEN = 'scrape-token-0123456789abcdef';

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** The samples of the text exposition format (comments and blank lines skipped). */
function samplesOf(text: string): Sample[] {
  return text
    .split('\n')
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => {
      const m = /^([A-Za-z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
      if (!m) throw new Error(`not a sample line: ${line}`);
      const labels = Object.fromEntries([...(m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((l) => [l[1], l[2]]));
      return { name: m[1], labels, value: Number(m[3]) };
    });
}

/** The sum of the samples of `name` whose labels include `labels`. */
const valueOf = (samples: Sample[], name: string, labels: Record<string, string> = {}): number =>
  samples
    .filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))
    .reduce((sum, s) => sum + s.value, 0);

const has = (samples: Sample[], name: string, labels: Record<string, string> = {}) =>
  samples.some((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));

describe('/metrics', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  const servers: TestServer[] = [];
  const start = async (env: Record<string, string>) => {
    const server = await startTestServer(db.conn, env);
    servers.push(server);
    return server;
  };

  beforeAll(async () => {
    db = await openTestDatabase();
  });
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.close()));
    await db.drop();
  });

  describe('on the main port with METRICS_TOKEN', () => {
    let server: TestServer;
    const scrape = async () => {
      const res = await apiClient(server.url).get('/metrics', `Bearer ${TOKEN}`);
      expect(res.status).toBe(200);
      return { res, samples: samplesOf(res.body as string) };
    };

    beforeAll(async () => {
      server = await start({ METRICS_TOKEN: TOKEN });
    });

    it('refuses a scrape without the token, or with another one, in the error envelope', async () => {
      const api = apiClient(server.url);
      expectError(await api.get('/metrics'), 401, 'unauthorized');
      expectError(await api.get('/metrics', 'Bearer not-the-scrape-token-000'), 401, 'unauthorized');
      expectError(await api.get('/metrics', `Basic ${Buffer.from(`x:${TOKEN}`).toString('base64')}`), 401, 'unauthorized');
      const { res, samples } = await scrape();
      expect(res.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(valueOf(samples, 'regverify_http_requests_total', { method: 'GET', route: '/metrics', status: '401' })).toBe(3);
    });

    it('counts a whole flow by route template, status and names from the code — never an id or an ID number', async () => {
      const person = { name: '王小明', idType: 'resident_id' as const, idNumber: residentId(731) };
      const portal = apiClient(server.url, 'demo-portal-key');
      const created = await portal.post('/api/portal/matters', matterRequest([person]));
      expect(created.status).toBe(201);
      const matter = created.body.matter as MatterView;
      const viewerToken = (await portal.post(`/api/portal/matters/${matter.id}/viewer-token`)).body.token as string;

      // The portal page watches live.
      const socket: Socket = connect(`${server.url}/portal`, {
        auth: { token: viewerToken },
        transports: ['websocket'],
        reconnection: false,
        forceNew: true,
      });
      const views: MatterView[] = [];
      socket.on('matter:snapshot', (v: MatterView) => views.push(v));
      socket.on('matter:updated', (v: MatterView) => views.push(v));
      await until(() => views.length > 0, 'the snapshot');
      expect(valueOf((await scrape()).samples, 'regverify_realtime_sockets_connected')).toBe(1);

      // The person verifies and confirms in the sandbox.
      const sandboxPerson = await new SandboxPerson(server.url, person).throughEntry();
      await sandboxPerson.confirm(matter.id);
      await until(() => views.some((v) => v.canSubmit), 'the push that unlocks 提交');
      expect((await portal.get(`/api/portal/matters/${matter.id}`)).status).toBe(200);
      expectError(await portal.get('/api/portal/matters/m_nonexistent0000'), 404, 'not_found');
      expectError(await apiClient(server.url).get(`/no/such/${matter.id}`), 404, 'not_found');

      const { res, samples } = await scrape();
      const http = (labels: Record<string, string>) => valueOf(samples, 'regverify_http_requests_total', labels);
      expect(http({ method: 'POST', route: '/api/portal/matters', status: '201' })).toBe(1);
      expect(http({ method: 'GET', route: '/api/portal/matters/:id', status: '200' })).toBe(1);
      expect(http({ method: 'GET', route: '/api/portal/matters/:id', status: '404' })).toBe(1);
      expect(http({ method: 'POST', route: '/api/mp/todos/:taskId/confirm', status: '200' })).toBe(1);
      expect(http({ method: 'GET', route: 'unmatched', status: '404' })).toBe(1);
      expect(valueOf(samples, 'regverify_http_request_duration_seconds_count', { route: '/api/portal/matters', status: '201' })).toBe(1);

      expect(valueOf(samples, 'regverify_realtime_pushes_total', { kind: 'snapshot' })).toBe(1);
      expect(valueOf(samples, 'regverify_realtime_pushes_total', { kind: 'update' })).toBeGreaterThanOrEqual(1);
      for (const type of ['matter.created', 'task.verified', 'task.confirmed']) {
        expect(valueOf(samples, 'regverify_ledger_commits_total', { type })).toBe(1);
      }
      const vendor = (operation: string) => valueOf(samples, 'regverify_vendor_calls_total', { vendor: 'sandbox', operation });
      expect(vendor('login')).toBe(1);
      expect(vendor('bank_card_check')).toBe(1);
      expect(vendor('face_check_start')).toBe(2); // entry and the task
      expect(vendor('face_check_query')).toBeGreaterThanOrEqual(2);
      expect(has(samples, 'regverify_vendor_call_duration_seconds_bucket', { vendor: 'sandbox', operation: 'login', le: '+Inf' })).toBe(
        true,
      );
      expect(valueOf(samples, 'regverify_vendor_call_errors_total')).toBe(0);

      // No dispatcher runs in this server: every change of the matter is still pending delivery.
      expect(valueOf(samples, 'regverify_callback_queue_depth')).toBeGreaterThanOrEqual(3);
      expect(valueOf(samples, 'regverify_callback_oldest_pending_age_seconds')).toBeGreaterThan(0);
      expect(valueOf(samples, 'regverify_dependency_ready', { dependency: 'database' })).toBe(1);
      expect(has(samples, 'regverify_dependency_ready', { dependency: 'redis' })).toBe(false); // no REDIS_URL
      // The process's own metrics, under their standard names.
      expect(has(samples, 'process_cpu_user_seconds_total')).toBe(true);
      expect(has(samples, 'nodejs_eventloop_lag_seconds')).toBe(true);

      // Nothing that names a matter, a task, a verification or a person is in any label.
      const todo = await sandboxPerson.todoOf(matter.id);
      const secrets = [matter.id, matter.portalRef, todo.taskId, person.idNumber, person.name, sandboxPerson.token, viewerToken, TOKEN];
      const labelValues = samples.flatMap((s) => Object.values(s.labels));
      for (const secret of secrets) expect(labelValues.filter((v) => v.includes(secret))).toEqual([]);
      for (const secret of secrets) expect(res.body).not.toContain(secret);
      const routes = new Set(samples.filter((s) => s.name === 'regverify_http_requests_total').map((s) => s.labels.route));
      for (const route of routes) expect(route === 'unmatched' || /^\/[\w/:.-]*$/.test(route) || route === '/h5/*').toBe(true);
      expect([...routes].filter((r) => /m_|\d{6,}/.test(r))).toEqual([]);

      socket.disconnect();
      await until(
        async () => valueOf((await scrape()).samples, 'regverify_realtime_sockets_connected') === 0,
        'the socket counted as gone',
      );
    });
  });

  it('is not served at all when neither METRICS_TOKEN nor METRICS_LISTEN is set', async () => {
    const server = await start({});
    expectError(await apiClient(server.url).get('/metrics'), 404, 'not_found');
    expectError(await apiClient(server.url).get('/metrics', `Bearer ${TOKEN}`), 404, 'not_found');
    expect(server.metricsUrl).toBeUndefined();
  });

  it('with METRICS_LISTEN, serves them on that address without a token, and not on the main port', async () => {
    const server = await start({ METRICS_LISTEN: '127.0.0.1:0' });
    expect(server.metricsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.metricsUrl).not.toBe(server.url);
    expectError(await apiClient(server.url).get('/metrics'), 404, 'not_found');

    const listener = apiClient(server.metricsUrl!);
    const res = await listener.get('/metrics');
    expect(res.status).toBe(200);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    const samples = samplesOf(res.body as string);
    // The main port's own 404 is in them; the listener's scrapes are not HTTP traffic of the service.
    expect(valueOf(samples, 'regverify_http_requests_total', { method: 'GET', route: 'unmatched', status: '404' })).toBe(1);
    expect(has(samples, 'regverify_http_requests_total', { route: '/metrics' })).toBe(false);
    // Nothing else is there: the API is not, and other methods are refused, in the error envelope.
    expectError(await listener.get('/api/openapi.json'), 404, 'not_found');
    expectError(await listener.post('/metrics', {}), 405, 'method_not_allowed');
  });

  it('with both set, the listener asks for the token too', async () => {
    const server = await start({ METRICS_LISTEN: '127.0.0.1:0', METRICS_TOKEN: TOKEN });
    expectError(await apiClient(server.url).get('/metrics', `Bearer ${TOKEN}`), 404, 'not_found');
    expectError(await apiClient(server.metricsUrl!).get('/metrics'), 401, 'unauthorized');
    expect((await apiClient(server.metricsUrl!).get('/metrics', `Bearer ${TOKEN}`)).status).toBe(200);
  });

  it('counts rate-limit refusals by limit name; a wrong token is a guess that costs like a wrong key', async () => {
    // One login and one failed authentication per address.
    const server = await start({ METRICS_TOKEN: TOKEN, RATE_LIMIT_SCALE: String(1 / 60) });
    const api = apiClient(server.url);
    expect((await api.post('/api/mp/session', { platform: 'alipay', code: 'code-one' })).status).toBe(201);
    expectError(await api.post('/api/mp/session', { platform: 'alipay', code: 'code-two' }), 429, 'rate_limited');
    const before = samplesOf((await api.get('/metrics', `Bearer ${TOKEN}`)).body as string);
    expect(valueOf(before, 'regverify_rate_limit_refusals_total', { limit: 'login' })).toBe(1);
    expect(valueOf(before, 'regverify_http_requests_total', { route: '/api/mp/session', status: '429' })).toBe(1);

    expectError(await api.get('/metrics', 'Bearer a-guess-at-the-token-00'), 401, 'unauthorized');
    expectError(await api.get('/metrics', `Bearer ${TOKEN}`), 429, 'rate_limited'); // this address has guessed enough
    const after = samplesOf((await server.services.metrics.scrape()).body);
    expect(valueOf(after, 'regverify_rate_limit_refusals_total', { limit: 'authFailures' })).toBe(1);
  });
});
