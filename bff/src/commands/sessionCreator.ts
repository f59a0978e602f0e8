import { platformNotLiveMessage, type Platform } from '@regverify/shared';
import { AppError } from '../errors';
import { LIFETIMES } from '../domain/lifetimes';
import { newToken } from '../security/tokens';
import type { Services } from '../services';
import { providerFailure } from './providerFailure';

export interface CreateSessionProps {
  platform: Platform;
  /** The platform's one-time login code (`my.getAuthCode` / `wx.login`); any non-empty code in the sandbox. */
  code: string;
}

/** Logs a mini-program user in: a new session whose bearer token is returned once and stored only as a hash. */
export async function createSession(
  services: Services,
  { platform, code }: CreateSessionProps,
): Promise<{ token: string; expiresAt: Date }> {
  const login = services.platforms[platform]?.login;
  if (!login) {
    throw new AppError('platform_not_supported', {
      message: platformNotLiveMessage(platform, services.config.livePlatforms),
      details: { platform, live: services.config.livePlatforms },
    });
  }
  const { platformUserId, accountToken } = await login.login(code).catch(providerFailure);
  const now = services.now();
  const { token, hash } = newToken();
  const expiresAt = new Date(now.getTime() + LIFETIMES.sessionMs);
  const accountTokenEnc = accountToken
    ? services.vault.encrypt(accountToken, { collection: 'sessions', id: hash, field: 'accountTokenEnc' })
    : null;
  // The token's hash is the session's id: the login check is a read by `_id`.
  await services.models.Session.create({ _id: hash, platform, platformUserId, accountTokenEnc, createdAt: now, expiresAt });
  return { token, expiresAt };
}
