import type { MatterStatus } from '@regverify/shared';
import { AppError } from '../errors';
import { CLOSED } from '../domain/matterStatus';
import type { MatterState } from '../ledger/ledger';
import type { Services } from '../services';
import { readMatter } from '../queries/matterReader';
import { purgePersonalData } from './personalDataPurger';

export interface RedactMatterProps {
  /** The tenant whose portal key made the request; another tenant's matter is a 404. */
  tenant: string;
  /** The matter to redact. */
  matterId: string;
}

/**
 * The portal's "forget these people now" (Stripe-style redact): purges the personal data of one
 * closed matter at once instead of after the retention period. A matter still open (pending,
 * ready) is refused with `409 matter_active` — the portal cancels it first (DELETE), so that
 * withdrawing a matter stays its own, visible decision. Idempotent: again gives the same answer.
 */
export async function redactMatter(services: Services, props: RedactMatterProps): Promise<MatterState> {
  const state = await readMatter(services, props); // past its 7 days, expired on the spot — and then redactable
  if (!CLOSED.has(state.matter.status as MatterStatus)) throw new AppError('matter_active', { details: { status: state.matter.status } });
  return purgePersonalData(services, { matterId: props.matterId, reason: 'portal' });
}
