import { platform } from '../platform';
import { completeVerification, startVerification } from '../services/mp';
import { ApiError } from '../services/apiError';

/** Which face check: the entry one, or the second one bound to a to-do (一人一事一认证). */
export type FacePurpose = { purpose: 'entry' } | { purpose: 'task'; taskId: string };

export type FaceResult = Awaited<ReturnType<typeof completeVerification>>;

/** What the page does next after asking to start a face check. */
export type FaceStart =
  /** The sandbox: our own simulated screen chooses the outcome, then completes. */
  | { kind: 'simulated'; verificationId: string }
  /** The provider's screen ran; the server gave the result. */
  | { kind: 'completed'; verificationId: string; result: FaceResult }
  /** The person backed out of the provider's screen: stay where they were. */
  | { kind: 'cancelled' };

/**
 * Starts a face check and, with a real provider, runs its screen through the platform port and asks
 * the server for the result (the client's own "passed" is never trusted). In the sandbox the
 * verification's params say `simulated: true` and the caller opens the simulated screen.
 */
export async function startFaceCheck(purpose: FacePurpose, consentVersion: string): Promise<FaceStart> {
  const { id, provider, params } = await startVerification(purpose, consentVersion);
  if (provider === 'sandbox' || params.simulated === true) return { kind: 'simulated', verificationId: id };
  const outcome = await platform.runFaceCheck(provider, params);
  if (outcome.cancelled) return { kind: 'cancelled' };
  if (!outcome.finished && outcome.problem) throw new ApiError('face_unavailable', outcome.problem, 0);
  return { kind: 'completed', verificationId: id, result: await completeVerification(id) };
}

/** Encodes a purpose into page query parameters (the simulated screen and the result page need it). */
export const purposeQuery = (p: FacePurpose): Record<string, string> =>
  p.purpose === 'task' ? { purpose: 'task', taskId: p.taskId } : { purpose: 'entry' };

export function purposeFromQuery(query: Record<string, string | undefined>): FacePurpose {
  return query.purpose === 'task' && query.taskId ? { purpose: 'task', taskId: query.taskId } : { purpose: 'entry' };
}
