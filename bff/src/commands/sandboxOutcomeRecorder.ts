import { notFound } from '../errors';
import type { Services } from '../services';

/**
 * The outcome the simulated face screen chose for a sandbox face check; the sandbox provider
 * answers it when the verification is completed. Only sandbox verifications have one.
 */
export async function recordSandboxOutcome(
  services: Services,
  props: { verificationId: string; outcome: 'pass' | 'fail'; reason?: string },
): Promise<'pass' | 'fail'> {
  const verification = await services.models.Verification.findById(props.verificationId, { providerRef: 1, provider: 1 }).lean();
  if (!verification || verification.provider !== 'sandbox') throw notFound();
  await services.models.SandboxOutcome.replaceOne(
    { _id: verification.providerRef },
    { _id: verification.providerRef, outcome: props.outcome, reason: props.reason ?? null, at: services.now() },
    { upsert: true },
  );
  return props.outcome;
}
