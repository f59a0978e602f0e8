import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { OperatorEntry } from '../../../config/runtime/schema';
import type { SessionDoc } from '../models';
import { hashOperatorSecret, verifyOperatorSecret } from '../security/operatorSecrets';
import { hashToken } from '../security/tokens';
import type { Services } from '../services';
import { unauthorized } from '../errors';
import { findByIdDirect } from '../db/direct';

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

/** A secret no operator has, hashed once: unknown names cost the same time as known ones. */
let decoy: Promise<string> | undefined;

/**
 * Service-window operators are people, each with their own secret (`OPERATORS`, stored as scrypt
 * hashes): `Authorization: Basic base64(name:secret)`. The principal is the operator's name, which
 * every decision they make is recorded under. A verified pair is remembered for 10 minutes, so a
 * console does not pay for scrypt on every call.
 */
export function operatorCredentials(operators: Map<string, OperatorEntry>): (header: string) => Promise<{ operator: string }> {
  const remembered = new Map<string, { name: string; until: number }>();
  return async (header) => {
    const encoded = /^Basic ([A-Za-z0-9+/]+={0,2})$/.exec(header)?.[1];
    const decoded = encoded ? Buffer.from(encoded, 'base64').toString('utf8') : '';
    const at = decoded.indexOf(':');
    if (at < 1) throw unauthorized();
    const name = decoded.slice(0, at);
    const secret = decoded.slice(at + 1);
    const cacheKey = digest(decoded).toString('base64url');
    const known = remembered.get(cacheKey);
    if (known && known.until > Date.now()) return { operator: known.name };
    const hash = operators.get(name)?.hash;
    decoy ??= hashOperatorSecret(randomBytes(16).toString('hex'));
    const ok = await verifyOperatorSecret(secret, hash ?? (await decoy));
    if (!ok || !hash) throw unauthorized();
    if (remembered.size > 1000) remembered.clear();
    remembered.set(cacheKey, { name, until: Date.now() + 10 * 60_000 });
    return { operator: name };
  };
}

/** Mini-program calls carry `Authorization: Bearer <session token>`; only its hash is looked up. */
export function sessionTokens(services: Services): (header: string) => Promise<{ session: SessionDoc }> {
  return async (header) => {
    const match = /^Bearer ([A-Za-z0-9_-]{20,100})$/.exec(header);
    if (!match) throw unauthorized();
    const session = await findByIdDirect<SessionDoc>(services.models.Session, hashToken(match[1]));
    if (!session || session.revokedAt || new Date(session.expiresAt).getTime() <= services.now().getTime()) throw unauthorized();
    return { session };
  };
}

/**
 * The metrics scraper: `Authorization: Bearer <METRICS_TOKEN>`, compared as hashes in constant time.
 * Not a principal of the API: /metrics is no endpoint of the route table.
 */
export function metricsToken(token: string): (header: string) => void {
  const expected = digest(token);
  return (header) => {
    const bearer = bearerOf(header);
    if (!bearer || !timingSafeEqual(digest(bearer), expected)) throw unauthorized();
  };
}
