import { notFound } from '../errors';
import type { MatterState } from '../ledger/ledger';

/** A portal tenant may see and act on its own matters only. */
export const tenantOwnsMatter = (tenant: string, state: MatterState | null): state is MatterState =>
  !!state && state.matter.tenant === tenant;

/** The tenant's matter, or 404: another tenant's matter looks exactly like a missing one. */
export function authorizeTenantMatter(tenant: string, state: MatterState | null): MatterState {
  if (!tenantOwnsMatter(tenant, state)) throw notFound();
  return state;
}
