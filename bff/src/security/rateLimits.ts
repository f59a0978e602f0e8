import { createHash } from 'node:crypto';
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
 * Budgets a caller spends on its own behalf are kept per address, session or tenant. What is kept
 * per person is spent only by attempts that reached a vendor for that person, and per person *and*
 * platform account (`…Account`), under a higher per-person ceiling (`…Person`): a stranger who
 * knows someone's ID number spends their own account's budget, not the person's.
 */
export const LIMITS = {
  /** Logins per client address. */
  login: { points: 60, duration: MINUTE },
  /** Failed portal-key and operator authentications per client address; over it, every attempt is a 429. */
  authFailures: { points: 30, duration: 15 * MINUTE },
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
  /** … and per person, whatever the account. */
  faceStartsPerson: { points: 60, duration: DAY },
  /** Failed face checks per person and platform account; then 429 face_check_locked for that account. */
  faceFailuresAccount: { points: 5, duration: DAY },
  /** … and per person: the ceiling, an audited event an operator can lift. */
  faceFailuresPerson: { points: 15, duration: DAY },
  /** Bank-card checks the vendor refused, per person and platform account; then 429 bank_card_locked. */
  bankCardFailuresAccount: { points: 5, duration: DAY },
  /** … and per person: the ceiling. */
  bankCardFailuresPerson: { points: 15, duration: DAY },
} as const;

export type LimitName = keyof typeof LIMITS;

/** A budget kept per person and platform account under a per-person ceiling. */
export const PERSON_BUDGETS = {
  faceStarts: { account: 'faceStartsAccount', person: 'faceStartsPerson', code: 'rate_limited' },
  faceFailures: { account: 'faceFailuresAccount', person: 'faceFailuresPerson', code: 'face_check_locked' },
  bankCardFailures: { account: 'bankCardFailuresAccount', person: 'bankCardFailuresPerson', code: 'bank_card_locked' },
} as const satisfies Record<string, { account: LimitName; person: LimitName; code: ErrorCode }>;

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
  /** Counts one failure for `key`; true when this one reached the limit. */
  recordFailure(name: LimitName, key: string): Promise<boolean>;
  /** Forgets what was counted for `key` (an operator lifting a ceiling). */
  reset(name: LimitName, key: string): Promise<void>;
  /** Throws the budget's 429 while the person's account, or the person, has spent it. */
  assertPersonBudget(budget: PersonBudget, owner: BudgetOwner): Promise<void>;
  /** Spends one point of the budget for the person's account and the person; says whether the person's ceiling was reached now. */
  spendPersonBudget(budget: PersonBudget, owner: BudgetOwner): Promise<{ ceilingReached: boolean }>;
}

const retryAfter = (res: RateLimiterRes) => Math.max(1, Math.ceil(res.msBeforeNext / 1000));

/** Keys are hashed: nothing that identifies a person or an address is stored in clear, even in Redis. */
const hashKey = (key: string) => createHash('sha256').update(key).digest('base64url').slice(0, 32);

const accountKey = (owner: BudgetOwner) => `${owner.lookup}|${owner.account}`;

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
  const build = (name: LimitName): { shared: RateLimiterAbstract; local: RateLimiterAbstract } => {
    const opts = { points: Math.max(1, Math.round(LIMITS[name].points * scale)), duration: LIMITS[name].duration };
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
  const built = Object.fromEntries((Object.keys(LIMITS) as LimitName[]).map((n) => [n, build(n)])) as Record<
    LimitName,
    { shared: RateLimiterAbstract; local: RateLimiterAbstract }
  >;
  /**
   * The Redis limiter, or while Redis is known to be away its in-memory insurance limiter directly:
   * a MULTI (get, penalty) would otherwise wait for the client to reconnect (up to 3 s) before the
   * insurance limiter took over.
   */
  const limiters = new Proxy({} as Record<LimitName, RateLimiterAbstract>, {
    get: (_target, name: LimitName) => (redis && !redis.isReady ? built[name].local : built[name].shared),
  });

  /** A limiter that cannot answer (both stores failing) lets the request through rather than failing it. */
  const failOpen = (name: LimitName, err: unknown) => {
    logger?.warn(
      { limit: name, err: { message: err instanceof Error ? err.message : String(err) } },
      'rate limiter unavailable; request let through',
    );
  };

  const consume = async (name: LimitName, key: string) => {
    try {
      await limiters[name].consume(hashKey(key));
    } catch (res) {
      if (res instanceof RateLimiterRes) throw refusal(name, 'rate_limited', res);
      failOpen(name, res);
    }
  };

  const assertBelow = async (name: LimitName, key: string, code: ErrorCode = 'rate_limited') => {
    const res = await limiters[name].get(hashKey(key)).catch((err) => void failOpen(name, err));
    if (res && res.consumedPoints >= limiters[name].points) throw refusal(name, code, res);
  };

  const recordFailure = async (name: LimitName, key: string) => {
    const res = await limiters[name].penalty(hashKey(key), 1).catch((err) => void failOpen(name, err));
    return !!res && res.consumedPoints === limiters[name].points;
  };

  return {
    consume,
    assertBelow,
    recordFailure,
    reset: async (name, key) => {
      await limiters[name].delete(hashKey(key)).catch((err) => failOpen(name, err));
    },
    assertPersonBudget: async (budget, owner) => {
      const { account, person, code } = PERSON_BUDGETS[budget];
      await assertBelow(person, owner.lookup, code);
      await assertBelow(account, accountKey(owner), code);
    },
    spendPersonBudget: async (budget, owner) => {
      const { account, person } = PERSON_BUDGETS[budget];
      await recordFailure(account, accountKey(owner));
      return { ceilingReached: await recordFailure(person, owner.lookup) };
    },
  };
}
