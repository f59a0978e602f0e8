import { createHash } from 'node:crypto';
import ipaddr from 'ipaddr.js';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { ErrorCode } from '@regverify/shared';
import type { RuntimeConfig } from '../../../config/runtime';
import { AppError } from '../errors';
import type { Logger } from '../logger';
import type { Metrics } from '../metrics/metrics';

const MINUTE = 60;
const DAY = 24 * 60 * MINUTE;

/**
 * Points per window (seconds), before `RATE_LIMIT_SCALE` multiplies the points. Windows are fixed:
 * they start with the first point consumed for a key.
 *
 * Budgets a caller spends on its own behalf are kept per address, session, tenant or platform
 * account. A budget kept for a person is spent only by attempts that reached a vendor for that
 * person, and only per person *and* platform account (`…Account`): a stranger who knows someone's
 * ID number, with however many accounts, spends their own accounts' budgets and never the
 * person's. What is counted per person across accounts (`…Person`) is an alarm, not a lock: past
 * its threshold it is an audited event, a metric and an entry in the console, and nobody is
 * refused for it.
 *
 * Limits kept per client address (`byAddress`) count an IPv6 client by its /64 (one subscriber's
 * whole prefix) and, in a wider tier of WIDE_TIER × the points, by its /48.
 */
export const LIMITS = {
  /** Logins per client address. */
  login: { points: 60, duration: MINUTE, byAddress: true },
  /** Failed portal-key and operator authentications per client address; over it, every attempt is a 429. */
  authFailures: { points: 30, duration: 15 * MINUTE, byAddress: true },
  /** Identity entries per session: guessing someone's document number costs time. */
  identity: { points: 20, duration: 10 * MINUTE },
  /** Prefill requests per session (each asks the platform). */
  prefill: { points: 10, duration: 10 * MINUTE },
  /** Face-check starts per session. */
  verificationSession: { points: 20, duration: 10 * MINUTE },
  /** Result requests per session (the mini-program polls while the vendor has no answer yet). */
  completion: { points: 300, duration: 10 * MINUTE },
  /** Bank-card checks per session (each is a paid call to the provider). */
  bankCardSession: { points: 5, duration: 10 * MINUTE },
  /** Portal API calls per tenant (portal key). */
  portal: { points: 1200, duration: MINUTE },
  /** Face checks started at the vendor, per person and platform account. */
  faceStartsAccount: { points: 20, duration: DAY },
  /** … per platform account, whoever the person: one account trying many people's numbers. */
  faceStartsByAccount: { points: 40, duration: DAY },
  /** … and per person across accounts: the alarm's threshold. */
  faceStartsPerson: { points: 60, duration: DAY },
  /** Failed face checks per person and platform account; then 429 face_check_locked for that account. */
  faceFailuresAccount: { points: 5, duration: DAY },
  /** … per platform account, whoever the person. */
  faceFailuresByAccount: { points: 10, duration: DAY },
  /** … and per person across accounts: the alarm's threshold. */
  faceFailuresPerson: { points: 15, duration: DAY },
  /** Bank-card checks the vendor refused, per person and platform account; then 429 bank_card_locked. */
  bankCardFailuresAccount: { points: 5, duration: DAY },
  /** … per platform account, whoever the person. */
  bankCardFailuresByAccount: { points: 10, duration: DAY },
  /** … and per person across accounts: the alarm's threshold. */
  bankCardFailuresPerson: { points: 15, duration: DAY },
} as const satisfies Record<string, { points: number; duration: number; byAddress?: true }>;

export type LimitName = keyof typeof LIMITS;

/** The wider IPv6 tier (/48) of a per-address limit takes this many times its points. */
export const WIDE_TIER = 8;

/**
 * A budget of vendor attempts for a person: refused (`code`) when the person's account, or the
 * account whoever the person, has spent it; counted per person for the alarm.
 */
export const PERSON_BUDGETS = {
  faceStarts: { account: 'faceStartsAccount', byAccount: 'faceStartsByAccount', alarm: 'faceStartsPerson', code: 'rate_limited' },
  faceFailures: {
    account: 'faceFailuresAccount',
    byAccount: 'faceFailuresByAccount',
    alarm: 'faceFailuresPerson',
    code: 'face_check_locked',
  },
  bankCardFailures: {
    account: 'bankCardFailuresAccount',
    byAccount: 'bankCardFailuresByAccount',
    alarm: 'bankCardFailuresPerson',
    code: 'bank_card_locked',
  },
} as const satisfies Record<string, { account: LimitName; byAccount: LimitName; alarm: LimitName; code: ErrorCode }>;

export type PersonBudget = keyof typeof PERSON_BUDGETS;

/** Whose budget: the person (lookup hash) and the platform account of the session. */
export interface BudgetOwner {
  lookup: string;
  account: string;
}

/** A node-redis v4 client (created with `disableOfflineQueue`, so an outage fails fast into the insurance limiter). */
export type RateLimitRedis = { isReady: boolean } & object;

export interface RateLimits {
  /** Takes one point for `key`, or throws 429 rate_limited with Retry-After. */
  consume(name: LimitName, key: string): Promise<void>;
  /** Throws 429 `code` (with Retry-After) while the failures counted for `key` have reached the limit. */
  assertBelow(name: LimitName, key: string, code?: ErrorCode): Promise<void>;
  /**
   * Takes one point before the work it pays for (checking a secret), so that a burst cannot start
   * more checks than the budget holds: throws 429 `code` when none is left. `giveBack` returns it
   * when the check passed.
   */
  take(name: LimitName, key: string, code?: ErrorCode): Promise<{ last: boolean }>;
  giveBack(name: LimitName, key: string): Promise<void>;
  /** Forgets what was counted for `key` (an operator acknowledging an alarm). */
  reset(name: LimitName, key: string): Promise<void>;
  /** Throws the budget's 429 while the person's account, or the account whoever the person, has spent it. */
  assertPersonBudget(budget: PersonBudget, owner: BudgetOwner): Promise<void>;
  /** Spends one point for the person's account and the account, counts one for the person; says whether the person's alarm went off now. */
  spendPersonBudget(budget: PersonBudget, owner: BudgetOwner): Promise<{ alarm: boolean }>;
}

const retryAfter = (res: RateLimiterRes) => Math.max(1, Math.ceil(res.msBeforeNext / 1000));

/** Keys are hashed: nothing that identifies a person or an address is stored in clear, even in Redis. */
const hashKey = (key: string) => createHash('sha256').update(key).digest('base64url').slice(0, 32);

const accountKey = (owner: BudgetOwner) => `${owner.lookup}|${owner.account}`;

/**
 * The keys a per-address limit counts a client under: an IPv4 address as it is (an IPv4-mapped
 * IPv6 address as its IPv4 address); an IPv6 address by its /64 and, in the wide tier, its /48 —
 * a client that owns a prefix cannot spread its attempts over its addresses.
 */
export function addressTiers(address: string): { narrow: string; wide: string | null } {
  if (!ipaddr.isValid(address)) return { narrow: address, wide: null };
  const parsed = ipaddr.process(address);
  if (parsed.kind() === 'ipv4') return { narrow: parsed.toString(), wide: null };
  const parts = (parsed as ipaddr.IPv6).parts;
  const prefix = (n: number) =>
    `${parts
      .slice(0, n)
      .map((p) => p.toString(16))
      .join(':')}::/${n * 16}`;
  return { narrow: prefix(4), wide: prefix(3) };
}

type Tiered = { shared: RateLimiterAbstract; local: RateLimiterAbstract };

/**
 * The named limiters. In memory without Redis; with a Redis client the counters are shared by all
 * nodes, and each limiter has an in-memory insurance limiter, so that a Redis outage degrades to
 * per-node limits instead of failing requests.
 */
export function createRateLimits(
  config: RuntimeConfig,
  redis?: RateLimitRedis,
  logger?: Logger,
  metrics?: Pick<Metrics, 'rateLimited'>,
): RateLimits {
  const scale = config.RATE_LIMIT_SCALE;
  /** The 429 of a limit that is spent (counted by the limit's name). */
  const refusal = (name: LimitName, code: ErrorCode, res: RateLimiterRes) => {
    metrics?.rateLimited(name);
    const seconds = retryAfter(res);
    return new AppError(code, { details: { retryAfter: seconds }, headers: { 'Retry-After': String(seconds) } });
  };
  const build = (name: string, points: number, duration: number): Tiered => {
    const opts = { points: Math.max(1, Math.round(points * scale)), duration };
    const local = new RateLimiterMemory(opts);
    if (!redis) return { shared: local, local };
    const shared = new RateLimiterRedis({
      ...opts,
      storeClient: redis,
      useRedisPackage: true,
      keyPrefix: `regverify:rl:${name}`,
      insuranceLimiter: local,
    });
    return { shared, local };
  };
  const names = Object.keys(LIMITS) as LimitName[];
  const built = Object.fromEntries(names.map((n) => [n, build(n, LIMITS[n].points, LIMITS[n].duration)])) as Record<LimitName, Tiered>;
  const wideBuilt = Object.fromEntries(
    names.filter((n) => 'byAddress' in LIMITS[n]).map((n) => [n, build(`${n}:wide`, LIMITS[n].points * WIDE_TIER, LIMITS[n].duration)]),
  ) as Partial<Record<LimitName, Tiered>>;
  /**
   * The Redis limiter, or while Redis is known to be away its in-memory insurance limiter directly:
   * a MULTI (get, penalty) would otherwise wait for the client to reconnect (up to 3 s) before the
   * insurance limiter took over.
   */
  const pick = (tiered: Tiered) => (redis && !redis.isReady ? tiered.local : tiered.shared);

  /** The limiters and hashed keys one key of a limit counts under: one, or two for an IPv6 address. */
  const countersOf = (name: LimitName, key: string): Array<{ limiter: RateLimiterAbstract; key: string }> => {
    if (!('byAddress' in LIMITS[name])) return [{ limiter: pick(built[name]), key: hashKey(key) }];
    const { narrow, wide } = addressTiers(key);
    const counters = [{ limiter: pick(built[name]), key: hashKey(narrow) }];
    if (wide) counters.push({ limiter: pick(wideBuilt[name]!), key: hashKey(wide) });
    return counters;
  };

  /** A limiter that cannot answer (both stores failing) lets the request through rather than failing it. */
  const failOpen = (name: LimitName, err: unknown) => {
    logger?.warn(
      { limit: name, err: { message: err instanceof Error ? err.message : String(err) } },
      'rate limiter unavailable; request let through',
    );
  };

  /** Takes a point under every counter of the key; `last` when the narrowest one is now spent. */
  const take = async (name: LimitName, key: string, code: ErrorCode = 'rate_limited') => {
    let last = false;
    for (const [i, counter] of countersOf(name, key).entries()) {
      try {
        const res = await counter.limiter.consume(counter.key);
        if (i === 0) last = res.remainingPoints === 0;
      } catch (res) {
        if (res instanceof RateLimiterRes) throw refusal(name, code, res);
        failOpen(name, res);
      }
    }
    return { last };
  };
  const consume = async (name: LimitName, key: string) => void (await take(name, key));

  const assertBelow = async (name: LimitName, key: string, code: ErrorCode = 'rate_limited') => {
    for (const { limiter, key: hashed } of countersOf(name, key)) {
      const res = await limiter.get(hashed).catch((err) => void failOpen(name, err));
      if (res && res.consumedPoints >= limiter.points) throw refusal(name, code, res);
    }
  };

  /** True when the first (narrowest) counter reached its limit with this failure. */
  const recordFailure = async (name: LimitName, key: string) => {
    let reached = false;
    for (const [i, { limiter, key: hashed }] of countersOf(name, key).entries()) {
      const res = await limiter.penalty(hashed, 1).catch((err) => void failOpen(name, err));
      if (i === 0) reached = !!res && res.consumedPoints === limiter.points;
    }
    return reached;
  };

  return {
    consume,
    assertBelow,
    take,
    giveBack: async (name, key) => {
      for (const { limiter, key: hashed } of countersOf(name, key)) await limiter.reward(hashed, 1).catch((err) => failOpen(name, err));
    },
    reset: async (name, key) => {
      for (const { limiter, key: hashed } of countersOf(name, key)) await limiter.delete(hashed).catch((err) => failOpen(name, err));
    },
    assertPersonBudget: async (budget, owner) => {
      const { account, byAccount, code } = PERSON_BUDGETS[budget];
      await assertBelow(account, accountKey(owner), code);
      await assertBelow(byAccount, owner.account, code);
    },
    spendPersonBudget: async (budget, owner) => {
      const { account, byAccount, alarm } = PERSON_BUDGETS[budget];
      await recordFailure(account, accountKey(owner));
      await recordFailure(byAccount, owner.account);
      return { alarm: await recordFailure(alarm, owner.lookup) };
    },
  };
}
