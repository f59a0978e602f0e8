import type { MatterState } from '../ledger/ledger';
import { expireIfDue } from '../commands/matterExpirer';
import { authorizeTenantMatter } from '../policies/matter';
import type { Services } from '../services';

/**
 * A tenant's matter, current: caught up with the ledger and, past its 7 days, expired on the spot
 * rather than when the sweeper next passes. Another tenant's matter is a 404, like a missing one.
 */
export async function readMatter(services: Services, props: { tenant: string; matterId: string }): Promise<MatterState> {
  const state = authorizeTenantMatter(props.tenant, await services.ledger.load(props.matterId));
  return expireIfDue(services, state);
}
