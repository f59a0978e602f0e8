/** What a breaker lets a delivery do now. */
export type Admission = 'closed' | 'probe' | 'open';

export interface CallbackBreakersOptions<T> {
  /** Consecutive failed POSTs to an endpoint that open its breaker. */
  threshold: number;
  /** How long an open breaker sends nothing before one probe may go. */
  cooloffMs: number;
  /** Deliveries parked per endpoint and handed back by `resume`; more are found again by the outbox scan. */
  parkLimit: number;
  /** Hands back parked deliveries: when the cool-off is over (one of them will probe) and when the endpoint works again. */
  resume(items: T[]): void;
  now?: () => number;
}

export interface CallbackBreakers<T> {
  /** Whether a delivery to this tenant's endpoint may POST now; `probe` makes the caller the half-open probe, which must report. */
  admit(tenant: string, url: string): Admission;
  /** Keeps a delivery refused by `admit` for `resume`. */
  park(tenant: string, id: string, item: T): void;
  /** A POST to the endpoint answered 2xx: the breaker closes and what was parked goes. */
  succeeded(tenant: string, url: string): void;
  /** A POST to the endpoint failed; true when that opened the breaker. */
  failed(tenant: string, url: string, probe: boolean): boolean;
  /** A probe admitted that made no POST after all (another node held the attempt, say). */
  withdraw(tenant: string, url: string): void;
  /** When an open breaker's cool-off ends, or null when it is closed. */
  openUntil(tenant: string): number | null;
  /** Tenants whose endpoint is cooling off or being probed: the outbox scan leaves their deliveries alone. */
  blocked(): string[];
  /** Forgets everything; timers are cleared. */
  clear(): void;
}

interface Breaker<T> {
  url: string;
  failures: number;
  /** 0 while closed. */
  openUntil: number;
  probing: boolean;
  parked: Map<string, T>;
  timer: NodeJS.Timeout | null;
}

/**
 * One circuit breaker per tenant's callback endpoint, in this node's memory. An endpoint that fails
 * `threshold` times in a row is sent nothing for `cooloffMs`; then a single delivery probes it,
 * which closes the breaker if it succeeds and opens it for another cool-off if it fails. Keyed by
 * tenant, not by URL alone: a tenant that registers another tenant's URL and makes it fail must
 * not open that tenant's breaker. A tenant's new URL is a new endpoint, with a closed breaker.
 */
export function createCallbackBreakers<T>(options: CallbackBreakersOptions<T>): CallbackBreakers<T> {
  const { threshold, cooloffMs, parkLimit, resume } = options;
  const now = options.now ?? Date.now;
  const breakers = new Map<string, Breaker<T>>();

  const handBack = (b: Breaker<T>) => {
    const items = [...b.parked.values()];
    b.parked.clear();
    if (items.length) resume(items);
  };
  const forget = (tenant: string) => {
    const b = breakers.get(tenant);
    if (!b) return;
    if (b.timer) clearTimeout(b.timer);
    breakers.delete(tenant);
    handBack(b);
  };
  /**
   * The tenant's breaker, when it is for this URL. Only `admit` (which has the URL just read) drops
   * one for an older URL; a late report about an older URL changes nothing.
   */
  const of = (tenant: string, url: string): Breaker<T> | undefined => {
    const b = breakers.get(tenant);
    return b?.url === url ? b : undefined;
  };
  const open = (b: Breaker<T>) => {
    b.openUntil = now() + cooloffMs;
    b.probing = false;
    if (b.timer) clearTimeout(b.timer);
    b.timer = setTimeout(() => {
      b.timer = null;
      handBack(b);
    }, cooloffMs);
    b.timer.unref();
  };

  return {
    admit: (tenant, url) => {
      if (breakers.has(tenant) && !of(tenant, url)) forget(tenant); // a new URL: its parked deliveries go there
      const b = of(tenant, url);
      if (!b || b.openUntil === 0) return 'closed';
      if (b.probing || now() < b.openUntil) return 'open';
      b.probing = true;
      return 'probe';
    },
    park: (tenant, id, item) => {
      const b = breakers.get(tenant);
      if (b && b.parked.size < parkLimit) b.parked.set(id, item);
    },
    succeeded: (tenant, url) => {
      if (of(tenant, url)) forget(tenant);
    },
    failed: (tenant, url, probe) => {
      let b = breakers.get(tenant);
      if (b && b.url !== url) return false;
      if (!b) breakers.set(tenant, (b = { url, failures: 0, openUntil: 0, probing: false, parked: new Map(), timer: null }));
      b.failures++;
      // A failed probe opens the breaker again. Failures of POSTs sent before it opened change
      // nothing while it is open; nor does a probe's that a success closed meanwhile.
      if ((probe && b.probing) || (b.openUntil === 0 && b.failures >= threshold)) {
        open(b);
        return true;
      }
      return false;
    },
    withdraw: (tenant, url) => {
      const b = of(tenant, url);
      if (!b?.probing) return;
      b.probing = false;
      handBack(b); // the next of them probes instead
    },
    openUntil: (tenant) => {
      const until = breakers.get(tenant)?.openUntil;
      return until ? until : null;
    },
    // Once the cool-off is over and no probe is out, the scan may bring one (this node may have nothing parked).
    blocked: () => [...breakers].filter(([, b]) => b.openUntil !== 0 && (b.probing || now() < b.openUntil)).map(([tenant]) => tenant),
    clear: () => {
      for (const b of breakers.values()) if (b.timer) clearTimeout(b.timer);
      breakers.clear();
    },
  };
}
