import { notFound } from '../errors';
import type { Services } from '../services';

/** The callback URL a tenant registered, or 404. */
export async function readCallback(services: Services, tenant: string): Promise<{ url: string }> {
  const found = await services.models.Tenant.findById(tenant).lean();
  if (!found?.callbackUrl) throw notFound();
  return { url: found.callbackUrl };
}
