import { ProviderError } from '../identity';
import { ACCESS_TOKEN_ERRCODES, callWechat, errcodeError, errcodeOf, type WechatAnswer } from './client';
import type { WechatOptions } from './options';

/**
 * The access token for WeChat's server API, from the stable-token API
 * (`POST /cgi-bin/stable_token`, getStableAccessToken): in its normal mode (`force_refresh:
 * false`) every caller of the same app gets the same token while it is valid, so several BFF
 * instances do not invalidate each other's tokens the way the older `GET /cgi-bin/token` does.
 * Forced refreshes are limited to 20 a day and invalidate everybody's token, so this never uses
 * them: when WeChat calls a token invalid, asking again in normal mode returns the current one.
 *
 * Kept in memory until 5 minutes before it expires (WeChat itself renews a stable token 5 minutes
 * early), fetched once for all concurrent callers.
 */
export interface AccessTokenCache {
  /** A valid token: the cached one, or the answer of the one fetch under way. */
  get(): Promise<string>;
  /** Forget `token` if it is still the cached one (a later token is kept). */
  invalidate(token: string): void;
  /**
   * Runs one API call with the token. When WeChat answers that the token is invalid or expired
   * (40001, 40014, 42001), fetches a token again and retries exactly once; a second refusal is
   * `unavailable`. Returns the answer of the call that got past the token check.
   */
  call(label: string, request: (accessToken: string) => Promise<WechatAnswer>): Promise<WechatAnswer>;
}

export interface AccessTokenCacheDeps {
  /** The clock, in milliseconds; tests pass a fake one. */
  now?: () => number;
}

/** How long before its expiry a token is replaced. */
export const TOKEN_REFRESH_MARGIN_MS = 5 * 60 * 1000;

export function createAccessTokenCache(options: WechatOptions, deps: AccessTokenCacheDeps = {}): AccessTokenCache {
  const now = deps.now ?? Date.now;
  let cached: { token: string; refreshAt: number } | undefined;
  let inFlight: Promise<string> | undefined;

  async function fetchToken(): Promise<string> {
    const askedAt = now();
    const answer = await callWechat(options, {
      label: 'stable_token',
      method: 'POST',
      path: '/cgi-bin/stable_token',
      body: { grant_type: 'client_credential', appid: options.appId, secret: options.appSecret, force_refresh: false },
    });
    const errcode = errcodeOf('stable_token', answer);
    // 40013 invalid appid, 40125 invalid secret, 40164 server IP not whitelisted: configuration.
    if (errcode !== 0) throw errcodeError('stable_token', answer, errcode);
    const { access_token: token, expires_in: expiresIn } = answer;
    if (typeof token !== 'string' || token === '' || typeof expiresIn !== 'number' || !(expiresIn > 0)) {
      throw new ProviderError('bad_response', 'WeChat stable_token answered without a usable token');
    }
    const lifetimeMs = expiresIn * 1000;
    // A token that arrives with less than 10 minutes left is still used for half its remaining life.
    const margin = Math.min(TOKEN_REFRESH_MARGIN_MS, lifetimeMs / 2);
    cached = { token, refreshAt: askedAt + lifetimeMs - margin };
    return token;
  }

  const cache: AccessTokenCache = {
    get() {
      if (cached && now() < cached.refreshAt) return Promise.resolve(cached.token);
      if (!inFlight) {
        inFlight = fetchToken().finally(() => {
          inFlight = undefined;
        });
      }
      return inFlight;
    },

    invalidate(token) {
      if (cached?.token === token) cached = undefined;
    },

    async call(label, request) {
      for (let attempt = 1; ; attempt += 1) {
        const token = await cache.get();
        const answer = await request(token);
        const errcode = errcodeOf(label, answer);
        if (!ACCESS_TOKEN_ERRCODES.has(errcode)) return answer;
        cache.invalidate(token);
        if (attempt === 2) throw errcodeError(label, answer, errcode, { [errcode]: 'unavailable' });
      }
    },
  };
  return cache;
}
