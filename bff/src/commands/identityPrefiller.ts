import { AppError } from '../errors';
import type { SessionDoc } from '../models';
import type { Services } from '../services';
import { providerFailure } from './providerFailure';

/**
 * Best-effort prefill of name and ID number from the platform's user authorization (Alipay
 * `auth_user`). Most apps are not granted the ID number any more, so 403 prefill_unavailable is normal.
 */
export async function prefillIdentity(
  services: Services,
  session: SessionDoc,
  authCode: string,
): Promise<{ name: string; idNumber: string }> {
  const prefill = services.platforms[session.platform]?.prefill;
  if (!prefill) throw new AppError('prefill_unavailable');
  const found = await prefill.prefill(authCode).catch(providerFailure);
  if (!found) throw new AppError('prefill_unavailable');
  return found;
}
