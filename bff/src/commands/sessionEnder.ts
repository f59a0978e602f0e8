import type { SessionDoc } from '../models';
import type { Services } from '../services';

/**
 * Logs a mini-program session out: the session is deleted, so its token stops working at once and
 * the identity it holds (sealed name and number, proofs, platform user id) goes with it rather than
 * at the retention sweep. Its face checks stay bound to a session that no token can open again.
 */
export async function endSession(services: Services, session: SessionDoc): Promise<void> {
  await services.models.Session.deleteOne({ _id: session._id });
}
