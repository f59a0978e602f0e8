import { randomBytes } from 'node:crypto';
import type { Context } from 'koa';
import { startOperatorSession } from './operatorSessions';
import { AppError } from '../errors';
import { hashOperatorSecret, verifyOperatorSecret } from '../security/operatorSecrets';
import type { Services } from '../services';

let decoy: Promise<string> | undefined;

/**
 * A window operator signs in to the console with their own name and secret (OPERATORS). A wrong
 * name costs the same time as a wrong secret; failures count against the address like any key
 * guess, and are logged as security events.
 */
export async function signInOperator(
  services: Services,
  props: { name: string; secret: string; ip: string; http: Context },
): Promise<{ operator: string; csrfToken: string; expiresAt: Date }> {
  // The point is taken before scrypt runs and given back on success: a burst checks no more secrets than the budget holds.
  const { last: blocked } = await services.rateLimits.take('authFailures', props.ip);
  const entry = services.config.OPERATORS.get(props.name);
  decoy ??= hashOperatorSecret(randomBytes(16).toString('hex'));
  const ok = await verifyOperatorSecret(props.secret, entry?.hash ?? (await decoy)).catch(async (err) => {
    await services.rateLimits.giveBack('authFailures', props.ip); // not checked: nothing spent
    throw err;
  });
  if (ok && entry) await services.rateLimits.giveBack('authFailures', props.ip);
  else {
    services.logger.warn({ security: 'auth_failed', scheme: 'operator-console', ip: props.ip, blocked }, 'authentication failed');
    // The same words for a wrong name and a wrong secret: the answer tells no one which names exist.
    throw new AppError('unauthorized', { message: '账号或密码不正确' });
  }
  services.logger.info({ security: 'operator_signed_in', operator: props.name }, 'operator signed in');
  return { operator: props.name, ...(await startOperatorSession(services, props.http, props.name)) };
}
