import type { Middleware } from 'koa';
import proxyaddr from 'proxy-addr';
import type { RuntimeConfig } from '../../../config/runtime';

/**
 * How far X-Forwarded-For is believed (`TRUSTED_PROXIES`): a number of hops, or the addresses and
 * ranges of the proxies. Unset or `none`: not at all.
 */
export function trustOf(setting: string | undefined): (address: string, hop: number) => boolean {
  if (!setting || setting.trim() === 'none') return () => false;
  const hops = /^\d+$/.test(setting.trim()) ? Number(setting) : null;
  if (hops !== null) return (_address, hop) => hop < hops;
  return proxyaddr.compile(setting.split(',').map((entry) => entry.trim()));
}

/**
 * The client's address on `ctx.state.ip`: the TCP peer, or — through configured proxies only —
 * the nearest address in X-Forwarded-For that is not one of them. Rate limits, key-guessing limits
 * and security events use it; a client cannot choose it by sending the header itself.
 */
export function clientAddress(config: Pick<RuntimeConfig, 'TRUSTED_PROXIES'>): Middleware {
  const trust = trustOf(config.TRUSTED_PROXIES);
  return async (ctx, next) => {
    ctx.state.ip = proxyaddr(ctx.req, trust);
    await next();
  };
}
