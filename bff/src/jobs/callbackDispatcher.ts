import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { guardedUpdate } from '../db/guardedUpdate';
import { claim, type MatterEventDoc } from '../models';
import type { Services } from '../services';
import { callbackBody } from '../callbacks/payload';
import { EVENT_ID_HEADER, SIGNATURE_HEADER, signCallback } from '../callbacks/signature';
import { postCallback } from '../security/callbackTarget';
import { createCallbackBreakers } from './callbackBreakers';
import { createCallbackLanes } from './callbackLanes';

export interface CallbackDispatcherOptions {
  /** How often the whole outbox is scanned (retries, other nodes' leftovers); a change committed on this node is delivered at once. Default CALLBACK_POLL_MS. */
  pollMs?: number;
  /** First retry after about this long, doubling with each failure (±20 % jitter, capped at 1 h). Default CALLBACK_RETRY_BASE_MS. */
  retryBaseMs?: number;
  /** Attempts per change before it is given up as `failed`. Default CALLBACK_MAX_ATTEMPTS. */
  maxAttempts?: number;
  /** Timeout of one whole POST, the answer included. Default 10 s. */
  timeoutMs?: number;
  /** Time to have a connection to the endpoint, name lookup included. Default 3 s (never more than `timeoutMs`). */
  connectTimeoutMs?: number;
  /** Time from the connection to the first byte of the answer, TLS handshake included. Default 5 s (never more than `timeoutMs`). */
  firstByteTimeoutMs?: number;
  /** Due events read per query. Default 100. */
  batchSize?: number;
  /** Matters of one tenant delivered in parallel (events of one matter always go one after the other); each tenant has its own. Default 4. */
  concurrency?: number;
  /** Matters of one tenant waiting on this node; more wait in the outbox for a later scan. Default 1000. */
  tenantQueueLimit?: number;
  /** Consecutive failed POSTs to a tenant's endpoint that open its circuit breaker. Default 5. */
  breakerThreshold?: number;
  /** How long an open breaker sends nothing before one probe goes. Default 30 s. */
  breakerCooloffMs?: number;
  /** After this long, a claimed attempt that was never recorded is taken as made (its node died). Default 30 s. */
  claimLeaseMs?: number;
}

export interface CallbackDispatcher {
  /** Stops polling, aborts the POSTs in flight (recorded as failed attempts) and waits for the deliveries running. */
  stop(): Promise<void>;
  /** One pass over the due events (after any pass in progress), waiting for their deliveries; resolves to the number of events settled or attempted. */
  runOnce(): Promise<number>;
}

const HOUR_MS = 3600_000;
/** A first event whose matter document has not appeared after this long belongs to a creation that died: never a change. */
const ORPHAN_GENESIS_MS = 5 * 60_000;
/** Passes over further pages of due events (other matters) in one run. */
const MAX_PAGES = 10;
/** Matters whose tenant a node remembers for committed changes. */
const TENANT_CACHE_SIZE = 10_000;

/** `matter_events.outbox`: the delivery state of one change. */
interface Outbox {
  status: 'pending' | 'delivered' | 'skipped' | 'failed';
  attempts: number;
  nextAttemptAt: Date;
  lastError: string | null;
  deliveredAt: Date | null;
}
type PendingEvent = Omit<MatterEventDoc, 'outbox'> & { outbox: Outbox };
/** `busy`: the event must wait (another node has it, its matter is not there yet); `parked`: its endpoint's breaker is open. */
type Outcome = 'delivered' | 'skipped' | 'failed' | 'retry' | 'busy' | 'parked';
/** Where a tenant's callbacks go. */
interface Target {
  url: string;
  secretEnc: string;
}
/** A delivery waiting for its endpoint's breaker. */
interface Parked {
  tenant: string;
  matterId: string;
  seq: number;
}

/** The wait before the next attempt after `failures` failed ones: base × 2^(failures−1), ±20 %, at most 1 h. */
export function retryDelayMs(failures: number, baseMs: number, random: () => number = Math.random): number {
  const exact = baseMs * 2 ** Math.max(0, failures - 1);
  return Math.round(Math.min(HOUR_MS, exact * (0.8 + 0.4 * random())));
}

/** What a failed attempt may record and log: a status code or an error name, never a body or a URL. */
function failureName(err: unknown): string {
  const e = err as { name?: string; code?: unknown; cause?: { name?: string; code?: unknown } };
  if (e?.name === 'TimeoutError' || e?.cause?.name === 'TimeoutError') return 'timeout';
  if (e?.name === 'AbortError') return 'aborted';
  const code = typeof e?.code === 'string' ? e.code : e?.cause?.code;
  if (typeof code === 'string' && /^[A-Z0-9_]{2,40}$/.test(code)) return code;
  return typeof e?.name === 'string' && /^\w{1,40}$/.test(e.name) ? e.name : 'error';
}

/**
 * Delivers every change of a matter to its tenant's callback URL, from the outbox that the ledger
 * writes with each event (`matter_events.outbox`), so a restart or a crash loses nothing: what was
 * not delivered is still `pending` in the database. Several nodes may run it on one database:
 *
 * - an attempt is first claimed by inserting `delivery:<eventId>:<attempt>` (1, 2, …) — the one write that
 *   is atomic on MongoDB and FerretDB alike — so no two nodes send the same attempt, and only the
 *   claim's holder writes to the event's outbox (a conditional update is not atomic on FerretDB:
 *   a loser's stale write could otherwise put a delivered event back to pending);
 * - the holder records the attempt before POSTing (attempts + 1, next attempt pushed past the
 *   POST timeout), so a node that dies mid-POST leaves an event that is simply retried later;
 * - the events of one matter go in version order: the next one waits until the one before is
 *   delivered, skipped or given up.
 *
 * One tenant cannot slow another: each tenant has its own queue and workers on each node
 * (`callbackLanes.ts`), connecting and the first byte of the answer have short timeouts of their
 * own, and an endpoint that keeps failing is left alone for a while by its circuit breaker
 * (`callbackBreakers.ts`) — its deliveries wait in this node's memory, not in a POST, and cost no
 * attempt. Nothing of that is written to the outbox, which only claim holders write.
 *
 * Delivery is at least once: a receiver may see a change again (same event id, same body).
 */
export function startCallbackDispatcher(services: Services, options: CallbackDispatcherOptions = {}): CallbackDispatcher {
  const { models, logger, vault, config, metrics } = services;
  const pollMs = options.pollMs ?? config.CALLBACK_POLL_MS;
  const retryBaseMs = options.retryBaseMs ?? config.CALLBACK_RETRY_BASE_MS;
  const maxAttempts = options.maxAttempts ?? config.CALLBACK_MAX_ATTEMPTS;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const connectTimeoutMs = Math.min(timeoutMs, options.connectTimeoutMs ?? 3000);
  const firstByteTimeoutMs = Math.min(timeoutMs, options.firstByteTimeoutMs ?? 5000);
  const batchSize = options.batchSize ?? 100;
  const claimLeaseMs = options.claimLeaseMs ?? 30_000;
  const owner = `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
  const stopping = new AbortController();

  const lanes = createCallbackLanes({
    concurrency: options.concurrency ?? 4,
    capacity: options.tenantQueueLimit ?? 1000,
    drain: (_tenant, matterId, seq) => drain(matterId, seq),
    failed: (err) => logger.warn({ err: { name: (err as Error).name } }, 'callback delivery failed'),
  });
  const breakers = createCallbackBreakers<Parked>({
    threshold: options.breakerThreshold ?? 5,
    cooloffMs: options.breakerCooloffMs ?? 30_000,
    parkLimit: options.tenantQueueLimit ?? 1000,
    resume: (items) => items.forEach((p) => lanes.enqueue(p.tenant, p.matterId, p.seq)),
  });

  /** Sets the whole outbox of an event, if it is still where this node last saw it. */
  const setOutbox = (eventId: string, expected: { attempts: number }, outbox: Outbox) =>
    guardedUpdate(models.MatterEvent, eventId, { 'outbox.status': 'pending', 'outbox.attempts': expected.attempts }, { $set: { outbox } });

  /** Ends the delivery of an event without (another) POST. */
  const settle = async (event: PendingEvent, current: Outbox, status: 'skipped' | 'failed', lastError: string | null): Promise<Outcome> => {
    await setOutbox(event._id, current, { ...current, status, lastError });
    metrics.callbackDelivery(status === 'failed' ? 'failed' : 'dropped');
    if (status === 'failed')
      logger.warn({ eventId: event._id, tenant: event.tenant, attempts: current.attempts, error: lastError }, 'callback given up');
    return status;
  };

  const post = async (url: string, body: string, secret: string, eventId: string, attempt: number): Promise<string | null> => {
    try {
      const status = await postCallback(url, {
        headers: {
          'content-type': 'application/json',
          'user-agent': 'regverify-callbacks/1',
          [SIGNATURE_HEADER]: signCallback(body, secret),
          [EVENT_ID_HEADER]: eventId,
          'X-Regverify-Attempt': String(attempt),
        },
        body,
        signal: AbortSignal.any([AbortSignal.timeout(timeoutMs), stopping.signal]),
        connectTimeoutMs,
        firstByteTimeoutMs,
        allowPrivate: services.config.CALLBACK_ALLOW_PRIVATE,
        resolve: services.resolve,
      });
      return status >= 200 && status < 300 ? null : `http_${status}`;
    } catch (err) {
      return failureName(err);
    }
  };

  /** The endpoint is resting: the event waits for its breaker here, without a POST or a write. */
  const park = (event: PendingEvent): Outcome => {
    breakers.park(event.tenant, event._id, { tenant: event.tenant, matterId: event.matterId, seq: event.seq });
    metrics.callbackDelivery('dropped');
    logger.debug({ eventId: event._id, tenant: event.tenant }, 'callback endpoint open, delivery rescheduled');
    return 'parked';
  };

  /** One attempt at the head event of a matter (the pending event with the lowest version). */
  const attempt = async (event: PendingEvent, targetOf: (tenant: string) => Promise<Target | null>): Promise<Outcome> => {
    const done = event.outbox.attempts;
    if (done >= maxAttempts) return settle(event, event.outbox, 'failed', event.outbox.lastError ?? 'interrupted');
    if (event.seq === 1 && !(await models.Matter.exists({ _id: event.matterId }))) {
      // The creator writes the first event before the matter, whose insert is the commit point.
      const age = services.now().getTime() - new Date(event.at).getTime();
      return age > ORPHAN_GENESIS_MS ? settle(event, event.outbox, 'skipped', 'matter_not_created') : 'busy';
    }
    const target = await targetOf(event.tenant);
    if (!target) return settle(event, event.outbox, 'skipped', null);

    const admission = breakers.admit(event.tenant, target.url);
    if (admission === 'open') return park(event);
    let reported = false;
    try {
      // Only the node holding the claim on this attempt writes to the event until the attempt is recorded.
      const number = done + 1;
      const key = `delivery:${event._id}:${number}`;
      if (!(await claim(models.Claim, key, owner))) return await takeOverIfAbandoned(event, key);
      // Record the attempt before making it: should this node die mid-POST, the event is retried later.
      const reserved = {
        ...event.outbox,
        attempts: number,
        nextAttemptAt: new Date(services.now().getTime() + timeoutMs + retryDelayMs(number, retryBaseMs)),
      };
      if (!(await setOutbox(event._id, { attempts: done }, reserved))) return 'busy';

      let secret: string;
      try {
        secret = vault.decryptText(target.secretEnc, { collection: 'tenants', id: event.tenant, field: 'secretEnc' });
      } catch {
        return await record(event, reserved, 'secret_unreadable');
      }
      const error = await post(target.url, callbackBody(event), secret, event._id, number);
      // A POST cut short by this node's own stop says nothing about the endpoint.
      if (error !== 'aborted') {
        reported = true;
        if (!error) breakers.succeeded(event.tenant, target.url);
        else if (breakers.failed(event.tenant, target.url, admission === 'probe'))
          logger.warn(
            { tenant: event.tenant, error, openUntil: new Date(breakers.openUntil(event.tenant)!) },
            'callback endpoint failing, paused',
          );
      }
      return await record(event, reserved, error);
    } finally {
      if (admission === 'probe' && !reported) breakers.withdraw(event.tenant, target.url);
    }
  };

  /**
   * Someone holds the claim on this attempt. Normally that node is sending it right now (it has
   * recorded the attempt already or is about to); but a node that died between taking the claim
   * and recording the attempt left the event at this attempt for good. After a lease far longer
   * than that gap, the attempt counts as made (its outcome unknown) so that the next one can go.
   */
  const takeOverIfAbandoned = async (event: PendingEvent, key: string): Promise<Outcome> => {
    const held = await models.Claim.findById(key).lean();
    if (held && Date.now() - new Date(held.at).getTime() > claimLeaseMs) {
      const next = { ...event.outbox, attempts: event.outbox.attempts + 1, nextAttemptAt: services.now(), lastError: 'interrupted' };
      await setOutbox(event._id, event.outbox, next);
      logger.warn(
        { eventId: event._id, tenant: event.tenant, attempt: next.attempts },
        'callback attempt abandoned by its node, moving on',
      );
    }
    return 'busy';
  };

  /** The outcome of an attempt: delivered, or the next try scheduled, or given up. */
  const record = async (event: PendingEvent, reserved: Outbox, error: string | null): Promise<Outcome> => {
    const now = services.now();
    const log = { eventId: event._id, tenant: event.tenant, attempt: reserved.attempts };
    if (!error) {
      await setOutbox(event._id, reserved, { ...reserved, status: 'delivered', deliveredAt: now });
      metrics.callbackDelivery('delivered');
      logger.debug(log, 'callback delivered');
      return 'delivered';
    }
    if (reserved.attempts >= maxAttempts) return settle(event, reserved, 'failed', error);
    const nextAttemptAt = new Date(now.getTime() + retryDelayMs(reserved.attempts, retryBaseMs));
    await setOutbox(event._id, reserved, { ...reserved, nextAttemptAt, lastError: error });
    metrics.callbackDelivery('retried');
    logger.info({ ...log, error, nextAttemptAt }, 'callback failed, will retry');
    retryAt(event.tenant, event.matterId, event.seq, nextAttemptAt);
    return 'retry';
  };

  /** The event `<matterId>:<seq>`, read by `_id` (the one lookup the embedded FerretDB does not answer by scanning). */
  const eventAt = (matterId: string, seq: number) => models.MatterEvent.findById(`${matterId}:${seq}`).lean<PendingEvent>();

  /**
   * Delivers the due events of one matter in version order, from the pending event at or before
   * `seq` with the lowest version; stops at the first one that must wait.
   */
  const drain = async (matterId: string, seq: number): Promise<number> => {
    let from = seq;
    while (from > 1 && (await eventAt(matterId, from - 1))?.outbox?.status === 'pending') from--;
    // The tenant's URL and secret as of this drain: a new registration counts from the next one.
    let target: Promise<Target | null> | undefined;
    const targetOf = (tenant: string) =>
      (target ??= models.Tenant.findById(tenant)
        .lean()
        .then((doc) => (doc?.callbackUrl && doc.secretEnc ? { url: doc.callbackUrl, secretEnc: doc.secretEnc } : null)));
    let handled = 0;
    for (let at = from; !stopping.signal.aborted; at++) {
      const event = await eventAt(matterId, at);
      if (!event) break;
      if (event.outbox?.status !== 'pending') continue;
      if (new Date(event.outbox.nextAttemptAt) > services.now()) break;
      const outcome = await attempt(event, targetOf);
      if (outcome === 'busy' || outcome === 'parked') break;
      handled++;
      if (outcome === 'retry') break;
    }
    return handled;
  };

  /**
   * One scan of the whole outbox: the matters with due events, oldest first, a page at a time, each
   * queued in its tenant's lane; resolves to the drains it queued or joined. Matters already in a
   * lane, and tenants whose lane is full or whose endpoint is resting, are left out of the query,
   * so that one tenant's backlog cannot fill every page.
   */
  const scan = async (): Promise<Array<Promise<number>>> => {
    const seen = new Set(lanes.matters());
    const drains = [...seen].map((m) => lanes.current(m)).filter((d): d is Promise<number> => d !== null);
    const leftOut = new Set([...lanes.full(), ...breakers.blocked()]);
    for (let page = 0; page < MAX_PAGES && !stopping.signal.aborted; page++) {
      const due = await models.MatterEvent.find(
        {
          'outbox.status': 'pending',
          'outbox.nextAttemptAt': { $lte: services.now() },
          ...(seen.size ? { matterId: { $nin: [...seen] } } : {}),
          ...(leftOut.size ? { tenant: { $nin: [...leftOut] } } : {}),
        },
        { matterId: 1, seq: 1, tenant: 1 },
      )
        .sort({ at: 1 })
        .limit(batchSize)
        .lean();
      const matters = new Map<string, { tenant: string; seq: number }>();
      for (const e of due) matters.set(e.matterId, { tenant: e.tenant, seq: Math.min(e.seq, matters.get(e.matterId)?.seq ?? Infinity) });
      if (matters.size === 0) break;
      for (const [matterId, { tenant, seq }] of matters) {
        seen.add(matterId);
        const queued = lanes.enqueue(tenant, matterId, seq);
        if (queued) drains.push(queued);
        else leftOut.add(tenant);
      }
      if (due.length < batchSize) break;
    }
    return drains;
  };

  // Scans of this node go one at a time; deliveries run in the lanes beside them. A committed
  // change only drains its own matter (reads by `_id`); the whole outbox is scanned every `pollMs`,
  // for retries and what other nodes left.
  let chain: Promise<unknown> = Promise.resolve();
  const runOnce = async (): Promise<number> => {
    const run = chain.then(() => (stopping.signal.aborted ? [] : scan()));
    chain = run.catch(() => undefined);
    return (await Promise.all(await run)).reduce((sum, n) => sum + n, 0);
  };
  let queued = false;
  const wake = () => {
    if (queued || stopping.signal.aborted) return;
    queued = true;
    chain = chain.then(async () => {
      queued = false;
      if (stopping.signal.aborted) return;
      await scan().catch((err) => logger.warn({ err: { name: (err as Error).name } }, 'callback pass failed'));
    });
  };

  /** The tenant of recent matters, so that a committed change finds its lane without a read. */
  const tenantOfMatter = new Map<string, string>();
  const onCommitted = (matterId: string, seq: number) => {
    if (stopping.signal.aborted) return;
    const known = tenantOfMatter.get(matterId);
    const tenant = known
      ? Promise.resolve(known)
      : eventAt(matterId, seq).then((event) => {
          if (!event) return null;
          if (tenantOfMatter.size >= TENANT_CACHE_SIZE) tenantOfMatter.delete(tenantOfMatter.keys().next().value!);
          tenantOfMatter.set(matterId, event.tenant);
          return event.tenant;
        });
    tenant
      .then((t) => {
        // A full lane takes nothing more: the change waits in the outbox for a scan.
        if (t && !stopping.signal.aborted) void lanes.enqueue(t, matterId, seq);
      })
      .catch((err) => logger.warn({ err: { name: (err as Error).name } }, 'callback delivery failed'));
  };

  // This node's own retries come back on time; the poll is the safety net for everyone's.
  const retries = new Set<NodeJS.Timeout>();
  const retryAt = (tenant: string, matterId: string, seq: number, at: Date) => {
    const t = setTimeout(
      () => {
        retries.delete(t);
        if (!stopping.signal.aborted) lanes.enqueue(tenant, matterId, seq);
      },
      Math.max(0, at.getTime() - services.now().getTime()) + 10,
    );
    t.unref();
    retries.add(t);
  };

  const timer = setInterval(wake, pollMs);
  timer.unref();
  services.changes.on('committed', onCommitted);
  wake();

  let stopped: Promise<void> | undefined;
  return {
    runOnce,
    stop: () =>
      (stopped ??= (async () => {
        clearInterval(timer);
        retries.forEach(clearTimeout);
        services.changes.off('committed', onCommitted);
        stopping.abort();
        await chain;
        await lanes.close();
        breakers.clear();
      })()),
  };
}
