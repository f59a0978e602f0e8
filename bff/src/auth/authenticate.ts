import { createHash, timingSafeEqual } from 'node:crypto';
import type { SessionDoc } from '../models';
import { hashToken } from '../security/tokens';
import type { Services } from '../services';
import { unauthorized } from '../errors';

const digest = (s: string) => createHash('sha256').update(s).digest();

/** The bearer credential of an `Authorization` header, or null. */
export const bearerOf = (header: string): string | null => /^Bearer (.+)$/.exec(header)?.[1] ?? null;

/**
 * Portal backends authenticate with `Authorization: Bearer <portal key>`; the key names the tenant.
 * Keys are compared as hashes in constant time.
 */
export function portalKeys(keys: Map<string, string>): (header: string) => { tenant: string } {
  const known = [...keys.entries()].map(([key, tenant]) => ({ hash: digest(key), tenant }));
  return (header) => {
    const bearer = bearerOf(header);
    const presented = bearer ? digest(bearer) : null;
    const found = presented && known.find((k) => timingSafeEqual(k.hash, presented));
    if (!found) throw unauthorized();
    return { tenant: found.tenant };
  };
}

/** Operator endpoints (manual review) take their own key, never a portal key. */
export function operatorKey(key: string): (header: string) => { operator: true } {
  const expected = digest(key);
  return (header) => {
    const bearer = bearerOf(header);
    if (!bearer || !timingSafeEqual(digest(bearer), expected)) throw unauthorized();
    return { operator: true };
  };
}

/** Mini-program calls carry `Authorization: Bearer <session token>`; only its hash is looked up. */
export function sessionTokens(services: Services): (header: string) => Promise<{ session: SessionDoc }> {
  return async (header) => {
    const match = /^Bearer ([A-Za-z0-9_-]{20,100})$/.exec(header);
    if (!match) throw unauthorized();
    const session = await services.models.Session.findById(hashToken(match[1])).lean();
    if (!session || session.revokedAt || new Date(session.expiresAt).getTime() <= services.now().getTime()) throw unauthorized();
    return { session };
  };
}
