import { createHash, timingSafeEqual } from 'node:crypto';
import type { Middleware } from 'koa';
import { unauthorized } from '../errors';

const digest = (s: string) => createHash('sha256').update(s).digest();

/**
 * Portal backends authenticate with `Authorization: Bearer <portal key>`; the key names the tenant
 * (`ctx.state.tenant`). Keys are compared as hashes in constant time.
 */
export function portalAuth(keys: Map<string, string>): Middleware<{ tenant: string }> {
  const known = [...keys.entries()].map(([key, tenant]) => ({ hash: digest(key), tenant }));
  return async (ctx, next) => {
    const match = /^Bearer (.+)$/.exec(ctx.get('authorization'));
    const presented = match ? digest(match[1]) : null;
    const found = presented && known.find((k) => timingSafeEqual(k.hash, presented));
    if (!found) throw unauthorized();
    ctx.state.tenant = found.tenant;
    await next();
  };
}

/** Operator endpoints (manual review) take their own key, never a portal key. */
export function operatorAuth(operatorKey: string): Middleware {
  const expected = digest(operatorKey);
  return async (ctx, next) => {
    const match = /^Bearer (.+)$/.exec(ctx.get('authorization'));
    if (!match || !timingSafeEqual(digest(match[1]), expected)) throw unauthorized();
    await next();
  };
}
