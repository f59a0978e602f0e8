import { notFound } from '../errors';
import type { MatterState } from '../ledger/ledger';
import type { Services } from '../services';
import { expireIfDue } from './matterExpirer';

/**
 * A tenant's matter, current: caught up with the ledger and, past its 7 days, expired on the spot
 * rather than when the sweeper next passes. Another tenant's matter is a 404, like a missing one.
 */
export async function readMatter(services: Services, props: { tenant: string; matterId: string }): Promise<MatterState> {
  const state = await services.ledger.load(props.matterId);
  if (!state || state.matter.tenant !== props.tenant) throw notFound();
  return expireIfDue(services, state);
}
