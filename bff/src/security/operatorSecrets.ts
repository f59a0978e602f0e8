import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { OPERATOR_HASH } from '../../../config/runtime/schema';
import { AppError } from '../errors';

/**
 * Operators' secrets are stored only as scrypt hashes (`OPERATORS=name:hash,…`), in the form
 * `scrypt.<N>.<r>.<p>.<salt>.<hash>` (salt and hash base64url). `npm run operator-secret` makes one.
 */
const PARAMS = { N: 16384, r: 8, p: 1 } as const;
const KEY_BYTES = 32;

const derive = (secret: string, salt: Buffer, options: ScryptOptions) =>
  new Promise<Buffer>((resolve, reject) =>
    scrypt(secret, salt, KEY_BYTES, { ...options, maxmem: 64 * 1024 * 1024 }, (err, key) => (err ? reject(err) : resolve(key))),
  );

export async function hashOperatorSecret(secret: string, salt: Buffer = randomBytes(16)): Promise<string> {
  const key = await derive(secret, salt, PARAMS);
  return `scrypt.${PARAMS.N}.${PARAMS.r}.${PARAMS.p}.${salt.toString('base64url')}.${key.toString('base64url')}`;
}

/**
 * scrypt runs in flight on this node at most: each takes 16 MB and a thread of libuv's pool, so a
 * burst beyond it is answered 429 at once instead of queueing (per address, the failure budget,
 * taken before the check, bounds it already).
 */
export const MAX_SECRET_CHECKS_IN_FLIGHT = 8;
let inFlight = 0;

/** True when `secret` is the one `hash` was made from (constant time in the comparison). */
export async function verifyOperatorSecret(secret: string, hash: string): Promise<boolean> {
  const m = OPERATOR_HASH.exec(hash);
  if (!m) return false;
  if (inFlight >= MAX_SECRET_CHECKS_IN_FLIGHT)
    throw new AppError('rate_limited', { details: { retryAfter: 1 }, headers: { 'Retry-After': '1' } });
  inFlight++;
  try {
    const key = await derive(secret, Buffer.from(m[4], 'base64url'), { N: Number(m[1]), r: Number(m[2]), p: Number(m[3]) });
    return timingSafeEqual(key, Buffer.from(m[5], 'base64url'));
  } finally {
    inFlight--;
  }
}
