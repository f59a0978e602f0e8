import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry, type Metric } from 'prom-client';

/**
 * Prometheus metrics for operators, in the text exposition format. Each `Services` has its own
 * registry (several servers in one test process never share counters); the process metrics of
 * `collectDefaultMetrics` (CPU, memory, event-loop lag, GC: their standard names, no prefix) belong
 * to the process and are collected once, into every registry. Ours are `regverify_…`.
 *
 * Labels are bounded and name no one: route templates, never paths; limit, vendor and event names
 * from the code; statuses. Whoever records passes those, and nothing it was sent.
 */
export interface Metrics {
  /** One answered HTTP request; `route` is the router's template (`/api/portal/matters/:id`), or null when none matched. */
  httpRequest(method: string, route: string | null, status: number, seconds: number): void;
  /** A live-status socket connected (+1) or went away (−1). */
  socketsConnected(delta: 1 | -1): void;
  /** A view sent to one socket: its snapshot, or an update after a committed change. */
  pushSent(kind: 'snapshot' | 'update'): void;
  /** A change this process committed to the ledger, by event type (`task.confirmed`, …). */
  ledgerCommitted(eventType: string): void;
  /** One call to a vendor's API through a provider port; `failure` when it threw (a ProviderError's kind, or `unexpected`). */
  vendorCall(vendor: string, operation: string, seconds: number, failure?: string): void;
  /** A request refused by a rate limit (or a budget's lock), by the limit's name. */
  rateLimited(limit: string): void;
  /** What became of one callback delivery on this node (`CallbackDeliveryOutcome`). */
  callbackDelivery(outcome: CallbackDeliveryOutcome): void;
  /** A person's count of vendor attempts across accounts crossed its alarm threshold, by budget. */
  personAlarm(budget: string): void;
  /** Everything, in the Prometheus text format. */
  scrape(): Promise<{ contentType: string; body: string }>;
}

/** Values read at scrape time. */
export interface MetricsProbes {
  /** Callback deliveries still pending in the outbox, and when the oldest of them was committed. */
  callbackOutbox(): Promise<{ pending: number; oldestAt: Date | null }>;
  /** Whether each dependency answers now; one that is not configured is left out. */
  readiness(): Promise<Partial<Record<'database' | 'redis', boolean>>>;
  now(): Date;
}

/**
 * `delivered`: answered 2xx; `retried`: an attempt failed and another is scheduled; `failed`: given
 * up after the last attempt; `dropped`: not sent, for no callback URL, a matter never created, or
 * the endpoint's circuit breaker open (then rescheduled).
 */
export const CALLBACK_DELIVERY_OUTCOMES = ['delivered', 'retried', 'failed', 'dropped'] as const;
export type CallbackDeliveryOutcome = (typeof CALLBACK_DELIVERY_OUTCOMES)[number];

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);
/** Names from the code (event types, vendors, failures): anything else would be a new, unbounded series. */
const codeName = (s: string) => (/^[a-z][a-z0-9_.]{0,47}$/i.test(s) ? s : 'other');

let processMetrics: Registry | undefined;
/** The process's own metrics, collected once per process (their collectors are per process, not per registry). */
function processRegistry(): Registry {
  if (!processMetrics) {
    processMetrics = new Registry();
    collectDefaultMetrics({ register: processMetrics });
  }
  return processMetrics;
}

/**
 * A registry of its own with every metric of the BFF, and the process's metrics beside them;
 * `probes` are read when scraped (without them, the gauges they feed stay at 0).
 */
export function createMetrics(probes?: MetricsProbes): Metrics {
  const registry = new Registry();
  for (const metric of processRegistry().getMetricsAsArray()) registry.registerMetric(metric as unknown as Metric);
  const registers = [registry];

  const httpRequests = new Counter({
    name: 'regverify_http_requests_total',
    help: 'HTTP requests answered, by method, route template (unmatched: none) and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers,
  });
  const httpDuration = new Histogram({
    name: 'regverify_http_request_duration_seconds',
    help: 'Time to answer an HTTP request, by method, route template and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers,
  });
  const sockets = new Gauge({
    name: 'regverify_realtime_sockets_connected',
    help: 'Live-status sockets (/portal namespace) connected to this node',
    registers,
  });
  const pushes = new Counter({
    name: 'regverify_realtime_pushes_total',
    help: 'Matter views sent to live-status sockets: snapshot on connect, update after a committed change',
    labelNames: ['kind'] as const,
    registers,
  });
  const ledgerCommits = new Counter({
    name: 'regverify_ledger_commits_total',
    help: 'Changes committed to the matter ledger by this node, by event type',
    labelNames: ['type'] as const,
    registers,
  });
  const vendorCalls = new Counter({
    name: 'regverify_vendor_calls_total',
    help: 'Calls to vendor APIs (face check, login, prefill, bank card), by vendor and operation',
    labelNames: ['vendor', 'operation'] as const,
    registers,
  });
  const vendorDuration = new Histogram({
    name: 'regverify_vendor_call_duration_seconds',
    help: 'Duration of vendor API calls, by vendor and operation',
    labelNames: ['vendor', 'operation'] as const,
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers,
  });
  const vendorErrors = new Counter({
    name: 'regverify_vendor_call_errors_total',
    help: 'Vendor API calls that failed, by vendor, operation and failure (unavailable, rejected, bad_response, invalid_code, unexpected)',
    labelNames: ['vendor', 'operation', 'failure'] as const,
    registers,
  });
  const refusals = new Counter({
    name: 'regverify_rate_limit_refusals_total',
    help: 'Requests refused by a rate limit or a locked budget, by limit name',
    labelNames: ['limit'] as const,
    registers,
  });
  const personAlarms = new Counter({
    name: 'regverify_person_alarms_total',
    help: "People whose vendor attempts across platform accounts crossed the day's alarm threshold, by budget",
    labelNames: ['budget'] as const,
    registers,
  });

  const callbackDeliveries = new Counter({
    name: 'regverify_callback_deliveries_total',
    help: 'Callback deliveries by outcome: delivered, retried (attempt failed), failed (given up), dropped (not sent: no URL, orphan, circuit open)',
    labelNames: ['outcome'] as const,
    registers,
  });
  // Every outcome is a series from the start: a rate of failures needs a zero before the first one.
  for (const outcome of CALLBACK_DELIVERY_OUTCOMES) callbackDeliveries.inc({ outcome }, 0);

  /** One outbox read per scrape, however many gauges ask (the registry collects them in parallel). */
  let outboxRead: Promise<{ pending: number; ageSeconds: number } | null> | null = null;
  const readOutbox = () =>
    (outboxRead ??= (async () => {
      if (!probes) return null;
      const { pending, oldestAt } = await probes.callbackOutbox();
      const ageSeconds = oldestAt ? Math.max(0, (probes.now().getTime() - oldestAt.getTime()) / 1000) : 0;
      return { pending, ageSeconds };
    })()
      .catch(() => null)
      .finally(() => {
        outboxRead = null;
      }));
  // Unknown (NaN) while the database cannot be read: a stale number would look like a fact.
  new Gauge({
    name: 'regverify_callback_queue_depth',
    help: 'Callback deliveries pending in the outbox (NaN while the database cannot be read)',
    registers,
    async collect() {
      if (probes) this.set((await readOutbox())?.pending ?? NaN);
    },
  });
  new Gauge({
    name: 'regverify_callback_oldest_pending_age_seconds',
    help: 'Age of the oldest pending callback delivery, 0 when none (NaN while the database cannot be read)',
    registers,
    async collect() {
      if (probes) this.set((await readOutbox())?.ageSeconds ?? NaN);
    },
  });
  new Gauge({
    name: 'regverify_dependency_ready',
    help: 'Whether a dependency answers (1) or not (0): database, and redis (the rate-limit client) when REDIS_URL is set',
    labelNames: ['dependency'] as const,
    registers,
    async collect() {
      if (!probes) return;
      const ready = await probes.readiness().catch(() => ({ database: false }));
      this.reset();
      for (const [dependency, ok] of Object.entries(ready)) this.set({ dependency }, ok ? 1 : 0);
    },
  });

  return {
    httpRequest: (method, route, status, seconds) => {
      const labels = { method: METHODS.has(method) ? method : 'other', route: route ?? 'unmatched', status: String(status) };
      httpRequests.inc(labels);
      httpDuration.observe(labels, seconds);
    },
    socketsConnected: (delta) => sockets.inc(delta),
    pushSent: (kind) => pushes.inc({ kind }),
    ledgerCommitted: (eventType) => ledgerCommits.inc({ type: codeName(eventType) }),
    vendorCall: (vendor, operation, seconds, failure) => {
      const labels = { vendor: codeName(vendor), operation: codeName(operation) };
      vendorCalls.inc(labels);
      vendorDuration.observe(labels, seconds);
      if (failure !== undefined) vendorErrors.inc({ ...labels, failure: codeName(failure) });
    },
    rateLimited: (limit) => refusals.inc({ limit: codeName(limit) }),
    callbackDelivery: (outcome) => callbackDeliveries.inc({ outcome: CALLBACK_DELIVERY_OUTCOMES.includes(outcome) ? outcome : 'other' }),
    personAlarm: (budget) => personAlarms.inc({ budget: codeName(budget) }),
    scrape: async () => ({ contentType: registry.contentType, body: await registry.metrics() }),
  };
}

/** The time since `started` (from `process.hrtime.bigint()`), in seconds. */
export const secondsSince = (started: bigint): number => Number(process.hrtime.bigint() - started) / 1e9;
