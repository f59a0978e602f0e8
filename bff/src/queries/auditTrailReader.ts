import type { ChainCheck, MatterState } from '../ledger/ledger';
import type { MatterEventDoc } from '../models';
import type { Services } from '../services';

/** A matter's ledger, in order, and the result of checking its hash chain. */
export async function readAuditTrail(
  services: Services,
  state: MatterState,
): Promise<{ state: MatterState; events: MatterEventDoc[]; chain: ChainCheck }> {
  const events = await services.models.MatterEvent.find({ matterId: state.matter._id }).sort({ seq: 1 }).lean<MatterEventDoc[]>();
  return { state, events, chain: await services.ledger.verifyChain(state.matter._id) };
}
