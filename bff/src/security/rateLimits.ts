import { createHash } from 'node:crypto';
import type { Middleware, ParameterizedContext } from 'koa';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { RuntimeConfig } from '../../../config/runtime';
import { AppError, rateLimited } from '../errors';
import type { Logger } from '../logger';

const MINUTE = 60;
const DAY = 24 * 60 * MINUTE;

/**
 * Points per window (seconds), before `RATE_LIMIT_SCALE` multiplies the points. Windows are fixed:
 * they start with the first point consumed for a key.
 */
export const LIMITS = {
  /** Logins per client address. */
  login: { points: 60, duration: MINUTE },
  /** Identity entries per session: guessing someone's document number costs time. */
  identity: { points: 20, duration: 10 * MINUTE },
  /** Face-check starts per session. */
  verificationSession: { points: 20, duration: 10 * MINUTE },
  /** Face-check starts per person (lookup hash), whatever session or platform they come from. */
  verificationPerson: { points: 30, duration: DAY },
  /** Bank-card checks per session (each is a paid call to the provider). */
  bankCardSession: { points: 5, duration: 10 * MINUTE },
  /** Bank-card checks per person. */
  bankCardPerson: { points: 10, duration: DAY },
  /** Portal API calls per tenant (portal key). */
  portal: { points: 1200, duration: MINUTE },
  /** Failed face checks per person; after that, starting one answers 429 face_check_locked. */
  faceFailures: { points: 5, duration: DAY },
} as const;

export type LimitName = keyof typeof LIMITS;

/** A node-redis v4 client (created with `disableOfflineQueue`, so an outage fails fast into the insurance limiter). */
export type RateLimitRedis = { isReady: boolean } & object;

export interface RateLimits {
  /** Takes one point for `key`, or throws 429 rate_limited with Retry-After. */
  consume(name: LimitName, key: string): Promise<void>;
  /** Middleware: one point for the key `keyOf` gives (no key → not limited here; the command refuses the request). */
  limit<S>(name: LimitName, keyOf: (ctx: ParameterizedContext<S>) => string | null | undefined): Middleware<S>;
  /** Throws 429 face_check_locked while the person has used up today's failed face checks. */
  assertFaceChecksLeft(lookup: string): Promise<void>;
  /** Counts one failed face check of the person. */
  recordFaceFailure(lookup: string): Promise<void>;
}

const retryAfter = (res: RateLimiterRes) => Math.max(1, Math.ceil(res.msBeforeNext / 1000));

/** Keys are hashed: nothing that identifies a person or an address is stored in clear, even in Redis. */
const hashKey = (key: string) => createHash('sha256').update(key).digest('base64url').slice(0, 32);

/**
 * The named limiters. In memory without Redis; with a Redis client the counters are shared by all
 * nodes, and each limiter has an in-memory insurance limiter, so that a Redis outage degrades to
 * per-node limits instead of failing requests.
 */
export function createRateLimits(config: RuntimeConfig, redis?: RateLimitRedis, logger?: Logger): RateLimits {
  const scale = config.RATE_LIMIT_SCALE;
  const build = (name: LimitName): RateLimiterAbstract => {
    const opts = { points: Math.max(1, Math.round(LIMITS[name].points * scale)), duration: LIMITS[name].duration };
    if (!redis) return new RateLimiterMemory(opts);
    return new RateLimiterRedis({
      ...opts,
      storeClient: redis,
      useRedisPackage: true,
      keyPrefix: `regverify:rl:${name}`,
      insuranceLimiter: new RateLimiterMemory(opts),
    });
  };
  const limiters = Object.fromEntries((Object.keys(LIMITS) as LimitName[]).map((n) => [n, build(n)])) as Record<
    LimitName,
    RateLimiterAbstract
  >;

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
      if (res instanceof RateLimiterRes) throw rateLimited(retryAfter(res));
      failOpen(name, res);
    }
  };

  return {
    consume,
    limit: (name, keyOf) => async (ctx, next) => {
      const key = keyOf(ctx);
      if (key) await consume(name, key);
      await next();
    },
    assertFaceChecksLeft: async (lookup) => {
      const res = await limiters.faceFailures.get(hashKey(lookup)).catch((err) => void failOpen('faceFailures', err));
      if (res && res.consumedPoints >= limiters.faceFailures.points) {
        const seconds = retryAfter(res);
        throw new AppError('face_check_locked', { details: { retryAfter: seconds }, headers: { 'Retry-After': String(seconds) } });
      }
    },
    recordFaceFailure: async (lookup) => {
      await limiters.faceFailures.penalty(hashKey(lookup), 1).catch((err) => failOpen('faceFailures', err));
    },
  };
}
