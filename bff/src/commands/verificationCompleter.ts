import { findByIdDirect } from '../db/direct';
import { AppError } from '../errors';
import { assertOpen, isOpen } from '../domain/matterStatus';
import { claim, type SessionDoc, type VerificationDoc } from '../models';
import { authorizeSessionVerification } from '../policies/person';
import type { Services } from '../services';
import { budgetOwner, spendPersonBudget } from './personBudgets';
import { providerFailure } from './providerFailure';
import { subjectOf } from './subject';
import { updateSession, updateVerification } from '../models/leasedWrites';
import { identityLookups } from '../domain/personLookups';
import { reviewChosenByPerson } from '../domain/manualReview';

type Result = { status: 'passed' | 'failed' | 'pending'; reason?: string; facePicture?: string };

/**
 * Asks the provider for the result of a face check — the client's word is never taken. A pass of
 * the entry check proves this session's identity; a pass of a task check marks that task's
 * verification done (the portal sees 已实名认证). The face picture is returned once, never stored.
 */
export async function completeVerification(
  services: Services,
  props: { session: SessionDoc; verificationId: string; requestId: string },
): Promise<Result> {
  const { session } = props;
  const verification = authorizeSessionVerification(
    session,
    await findByIdDirect<VerificationDoc>(services.models.Verification, props.verificationId),
  );
  if (verification.status === 'passed') {
    // A crash between recording the pass and what it proves is finished by the next call.
    await recordPass(services, session, verification, new Date(verification.passedAt ?? services.now()), { repair: true });
    return { status: 'passed' };
  }
  if (verification.status === 'failed') return { status: 'failed', reason: verification.reason ?? undefined };

  const now = services.now();
  if (now.getTime() > new Date(verification.expiresAt).getTime()) {
    await updateVerification(
      services.models,
      verification._id,
      { status: 'pending' },
      { $set: { status: 'failed', reason: '核验已超时，请重新发起' } },
    );
    return { status: 'failed', reason: '核验已超时，请重新发起' };
  }

  // Always the provider that started it: another vendor's answer can never complete it.
  const provider = services.identities[verification.provider];
  if (!provider || (verification.platform && verification.platform !== session.platform)) {
    throw new AppError('provider_unavailable', { headers: { 'Retry-After': '5' } });
  }
  const result = await provider
    .query({
      outerNo: verification._id,
      providerRef: verification.providerRef,
      subject: subjectOf(services, session),
      platformUserId: session.platformUserId,
    })
    .catch(providerFailure);

  if (result.status === 'pending') return { status: 'pending' };
  if (result.status === 'failed') {
    const reason = result.reason ?? '人脸核验未通过';
    const recorded = await updateVerification(
      services.models,
      verification._id,
      { status: 'pending' },
      { $set: { status: 'failed', reason } },
    );
    // Counted once per verification: only the answer that recorded the failure counts it.
    if (recorded) await spendPersonBudget(services, 'faceFailures', budgetOwner(session, verification.lookup));
    return { status: 'failed', reason };
  }

  await updateVerification(services.models, verification._id, { status: 'pending' }, { $set: { status: 'passed', passedAt: now } });
  await recordPass(services, session, verification, now, { repair: false });
  // The picture goes out with the first answer that saw the pass, and never again.
  const firstToSee = result.facePicture && (await claim(services.models.Claim, `face:${verification._id}`, props.requestId));
  return firstToSee ? { status: 'passed', facePicture: result.facePicture } : { status: 'passed' };
}

/**
 * Records what a pass proves, idempotently. The entry check proves this session's identity, once
 * and for its own session only; a task check marks its task verified (已实名认证). `repair` is a
 * later call finishing what a crashed one left: it never replaces a newer entry proof and never
 * refuses for a matter that has closed since.
 */
async function recordPass(
  services: Services,
  session: SessionDoc,
  verification: VerificationDoc,
  at: Date,
  { repair }: { repair: boolean },
): Promise<void> {
  if (verification.purpose === 'entry') {
    // A repair never brings back a proof that a new identity dropped since the check began.
    if (repair && (session.entry || !identityHeldSince(services, session, verification))) return;
    if (await claim(services.models.Claim, `verification:${verification._id}`, `session:${session._id}`)) {
      // The identity's own hash: during a lookup-key rotation the check may carry the other key's.
      const lookup =
        session.identity && identityLookups(services.vault, session).includes(verification.lookup)
          ? session.identity.lookup
          : verification.lookup;
      await updateSession(services.models, session._id, { entry: { lookup, at, ref: verification._id } });
    }
    return;
  }
  await services.ledger.commit(verification.matterId!, ({ matter, tasks }) => {
    const task = tasks.find((t) => t._id === verification.taskId);
    if (
      !task ||
      task.status !== 'pending' ||
      task.verify === 'n/a' ||
      (task.verify === 'manual_review' && !reviewChosenByPerson(task)) ||
      task.verifiedBy === verification._id
    )
      return null;
    // Started for other documents: new documents void every task check given for the old ones.
    if (verification.generation != null && matter.generation !== verification.generation) return null;
    if (repair && !isOpen(matter, services.now())) return null;
    assertOpen(matter, at);
    return {
      type: 'task.verified',
      taskId: task._id,
      data: { verificationId: verification._id, provider: verification.provider },
      // A window review the person had chosen is no longer needed.
      tasks: {
        [task._id]: {
          verify: 'done',
          verifiedBy: verification._id,
          verifiedAt: at,
          ...(reviewChosenByPerson(task) ? { review: null, reviewReason: null } : {}),
        },
      },
    };
  });
}

/** True when the session has held the identity the check is for, unchanged, since the check began. */
function identityHeldSince(services: Services, session: SessionDoc, verification: VerificationDoc): boolean {
  const identity = session.identity;
  return (
    !!identity &&
    identityLookups(services.vault, session).includes(verification.lookup) &&
    new Date(identity.consentAt).getTime() <= new Date(verification.createdAt).getTime()
  );
}
