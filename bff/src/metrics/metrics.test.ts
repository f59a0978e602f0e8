import { createMetrics } from './metrics';

const lines = async (metrics: ReturnType<typeof createMetrics>) =>
  (await metrics.scrape()).body.split('\n').filter((l) => l.startsWith('regverify_'));

describe('metrics', () => {
  it('keeps each registry to itself: two servers in one process never share a counter', async () => {
    const a = createMetrics();
    const b = createMetrics();
    a.ledgerCommitted('task.confirmed');
    expect(await lines(a)).toContain('regverify_ledger_commits_total{type="task.confirmed"} 1');
    expect((await lines(b)).filter((l) => l.startsWith('regverify_ledger_commits_total'))).toEqual([]);
    // The process's own metrics are in both.
    for (const m of [a, b]) expect((await m.scrape()).body).toMatch(/^process_resident_memory_bytes \d+/m);
  });

  it('bounds every label: unknown methods, unmatched routes, names that are not code names', async () => {
    const metrics = createMetrics();
    metrics.httpRequest('PROPFIND', null, 404, 0.001);
    metrics.httpRequest('GET', '/api/portal/matters/:id', 200, 0.002);
    metrics.ledgerCommitted('张三 410102198001010011');
    metrics.vendorCall('sandbox', 'login', 0.01, 'connection refused by 10.0.0.1');
    metrics.rateLimited('login');
    const found = await lines(metrics);
    expect(found).toEqual(
      expect.arrayContaining([
        'regverify_http_requests_total{method="other",route="unmatched",status="404"} 1',
        'regverify_http_requests_total{method="GET",route="/api/portal/matters/:id",status="200"} 1',
        'regverify_ledger_commits_total{type="other"} 1',
        'regverify_vendor_call_errors_total{vendor="sandbox",operation="login",failure="other"} 1',
        'regverify_rate_limit_refusals_total{limit="login"} 1',
      ]),
    );
  });

  it('counts callback deliveries by outcome, each outcome a series from zero, nothing else as a label', async () => {
    const metrics = createMetrics();
    const deliveries = async () => (await lines(metrics)).filter((l) => l.startsWith('regverify_callback_deliveries_total'));
    expect(await deliveries()).toEqual([
      'regverify_callback_deliveries_total{outcome="delivered"} 0',
      'regverify_callback_deliveries_total{outcome="retried"} 0',
      'regverify_callback_deliveries_total{outcome="failed"} 0',
      'regverify_callback_deliveries_total{outcome="dropped"} 0',
    ]);
    metrics.callbackDelivery('delivered');
    metrics.callbackDelivery('delivered');
    metrics.callbackDelivery('retried');
    metrics.callbackDelivery('dropped');
    metrics.callbackDelivery('https://portal.example.cn/cb' as never);
    expect(await deliveries()).toEqual([
      'regverify_callback_deliveries_total{outcome="delivered"} 2',
      'regverify_callback_deliveries_total{outcome="retried"} 1',
      'regverify_callback_deliveries_total{outcome="failed"} 0',
      'regverify_callback_deliveries_total{outcome="dropped"} 1',
      'regverify_callback_deliveries_total{outcome="other"} 1',
    ]);
  });

  it('reads the outbox and the dependencies when scraped, once per scrape; unknown (NaN) while they cannot be read', async () => {
    expect((await lines(createMetrics())).filter((l) => l.startsWith('regverify_callback_queue_depth'))).toEqual([
      'regverify_callback_queue_depth 0',
    ]);
    let reads = 0;
    let failing = false;
    const metrics = createMetrics({
      callbackOutbox: async () => {
        reads++;
        if (failing) throw new Error('database unavailable');
        return { pending: 4, oldestAt: new Date('2026-01-01T00:00:00Z') };
      },
      readiness: async () => (failing ? { database: false, redis: false } : { database: true, redis: true }),
      now: () => new Date('2026-01-01T00:01:30Z'),
    });
    expect(await lines(metrics)).toEqual(
      expect.arrayContaining([
        'regverify_callback_queue_depth 4',
        'regverify_callback_oldest_pending_age_seconds 90',
        'regverify_dependency_ready{dependency="database"} 1',
        'regverify_dependency_ready{dependency="redis"} 1',
      ]),
    );
    expect(reads).toBe(1);
    failing = true;
    // prom-client writes NaN as `Nan`; Prometheus reads either (Go's ParseFloat ignores the case).
    expect(await lines(metrics)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^regverify_callback_queue_depth NaN$/i),
        expect.stringMatching(/^regverify_callback_oldest_pending_age_seconds NaN$/i),
        'regverify_dependency_ready{dependency="database"} 0',
        'regverify_dependency_ready{dependency="redis"} 0',
      ]),
    );
    expect(reads).toBe(2);
  });
});
