import { newCallbackSecret } from '../callbacks/signature';
import { validationFailed } from '../errors';
import { targetProblem } from '../security/callbackTarget';
import type { Services } from '../services';
import { underLease } from '../db/documentLease';
import { tenantLease } from '../models/leasedWrites';

/**
 * A tenant's callback URL (docs/callbacks.md). Each registration issues a new signing secret —
 * returned to the caller this once, stored encrypted — so registering again is also how the
 * secret is rotated. Production demands https: callbacks carry matter state, and their secret
 * must not travel in clear. The host must be public (security/callbackTarget.ts), checked here and
 * again at every send.
 */
export async function registerCallback(
  services: Services,
  props: { tenant: string; url: string },
): Promise<{ url: string; secret: string }> {
  if (services.config.NODE_ENV === 'production' && !props.url.startsWith('https://')) {
    throw validationFailed([{ path: 'url', message: '生产环境的回调地址须为 https' }]);
  }
  if (!services.config.CALLBACK_ALLOW_PRIVATE) {
    const problem = await targetProblem(props.url, services.resolve);
    if (problem) throw validationFailed([{ path: 'url', message: problem }]);
  }
  const { Tenant } = services.models;
  const secret = newCallbackSecret();
  const doc = {
    _id: props.tenant,
    callbackUrl: props.url,
    secretEnc: services.vault.encrypt(secret, { collection: 'tenants', id: props.tenant, field: 'secretEnc' }),
    updatedAt: services.now(),
  };
  await underLease(services.models.Claim, tenantLease(doc._id), async () => {
    try {
      await Tenant.replaceOne({ _id: doc._id }, doc, { upsert: true });
    } catch (err) {
      if ((err as { code?: number }).code !== 11000) throw err;
      await Tenant.replaceOne({ _id: doc._id }, doc); // two first registrations raced: the later one wins
    }
  });
  return { url: doc.callbackUrl, secret };
}

/** Stops callbacks of a tenant: changes from now on are not delivered. */
export async function deleteCallback(services: Services, tenant: string): Promise<void> {
  await services.models.Tenant.deleteOne({ _id: tenant });
}
