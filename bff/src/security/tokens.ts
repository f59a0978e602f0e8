import { createHash, randomBytes } from 'node:crypto';

/** An unguessable bearer token (256 bits, base64url) and the hash under which it is stored. */
export function newToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashToken(token) };
}

/** Only hashes of session tokens are stored; a database leak does not leak sessions. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Ids for documents: 16 random bytes as 32 lowercase hex characters (also valid Alipay outer_order_no). */
export function newId(): string {
  return randomBytes(16).toString('hex');
}
