import { PLATFORM_LABELS, type IdType, type StartVerificationRequest } from '@regverify/shared';
import { AppError, notFound } from '../errors';
import { LIFETIMES } from '../domain/lifetimes';
import { assertOpen } from '../domain/matterStatus';
import type { SessionDoc } from '../models';
import { authorizePersonTask } from '../policies/person';
import { newId } from '../security/tokens';
import type { Services } from '../services';
import { budgetOwner, spendPersonBudget } from './personBudgets';
import { providerFailure } from './providerFailure';
import { requireBankCardIfNeeded, requireIdentity } from '../domain/proofs';
import { subjectOf } from './subject';
import { assertAccountOwner } from './accountOwner';
import { entryLookups } from '../domain/personLookups';
import { reviewChosenByPerson } from '../domain/manualReview';
import { recordNoticeConsent } from './noticeConsent';
import { chooseWindow, type WindowChosen } from './windowChooser';

/**
 * Starts a face check at the provider, bound from the start to this session, this identity and
 * its purpose: the entry check, or the check of one task (一人一事一认证). A start refused for a
 * missing prerequisite costs the person nothing; with every prerequisite met, a person (or this
 * platform account for them) with too many failed checks or starts today is refused (429) before
 * the provider is asked.
 */
export async function startVerification(
  services: Services,
  props: { session: SessionDoc; input: StartVerificationRequest },
): Promise<StartedVerification | WindowChosen> {
  const { session, input } = props;
  if (input.purpose === 'entry' && input.method === 'window') return chooseWindow(services, session);
  const identity = requireIdentity(session);
  // The face check of the session's own platform (Alipay for Alipay people, WeChat for WeChat people).
  const provider = services.platforms[session.platform]?.identity;
  if (!provider) throw new AppError('platform_not_supported', { details: { platform: session.platform } });
  let target: { taskId: string; matterId: string; generation: number } | null = null;

  if (input.purpose === 'entry') {
    requireBankCardIfNeeded(session);
    if (!provider.supports(identity.idType))
      throw new AppError('manual_review_required', { message: manualReviewMessage(services, identity.idType) });
  } else {
    const lookups = entryLookups(services.vault, session);
    const matterId = await services.ledger.matterOfTask(input.taskId);
    if (!matterId) throw notFound();
    const state = await services.ledger.load(matterId);
    const current = authorizePersonTask(
      lookups,
      state?.tasks.find((t) => t._id === input.taskId),
    );
    if (!state) throw notFound();
    assertOpen(state.matter, services.now());
    if (current.status !== 'pending') throw new AppError('task_not_pending');
    if (current.verify === 'manual_review' && !reviewChosenByPerson(current)) throw new AppError('manual_review_required');
    if (current.verify === 'n/a') throw new AppError('task_not_pending', { message: '该待办事项无需刷脸核验' });
    if (!provider.supports(identity.idType))
      throw new AppError('manual_review_required', { message: manualReviewMessage(services, identity.idType) });
    target = { taskId: current._id, matterId: state.matter._id, generation: state.matter.generation };
  }

  // Only now, with every prerequisite met, do the person's budgets come into it: the lock first
  // (a locked person reads why, not a generic "too many requests"), then the day's starts.
  // Separate consent to face information, for this check (a task's, or the session's entry check).
  await recordNoticeConsent(services, {
    session,
    kind: 'face',
    version: input.consentVersion,
    taskId: target?.taskId,
    matterId: target?.matterId,
  });
  const owner = budgetOwner(session, identity.lookup);
  await services.rateLimits.assertPersonBudget('faceFailures', owner);
  await services.rateLimits.assertPersonBudget('faceStarts', owner);

  await assertAccountOwner(services, session);

  const id = newId();
  const now = services.now();
  const started = await provider
    .start({ outerNo: id, subject: subjectOf(services, session), platformUserId: session.platformUserId })
    .catch(providerFailure);
  await spendPersonBudget(services, 'faceStarts', owner);
  try {
    await services.models.Verification.create({
      _id: id,
      sessionId: session._id,
      purpose: input.purpose,
      taskId: target?.taskId ?? null,
      matterId: target?.matterId ?? null,
      generation: target?.generation ?? null,
      lookup: identity.lookup,
      provider: provider.name,
      platform: session.platform,
      providerRef: started.providerRef,
      status: 'pending',
      createdAt: now,
      expiresAt: new Date(now.getTime() + LIFETIMES.verificationStartMs),
    });
  } catch (err) {
    // The provider's reference is unique: one it handed out before would let this attempt read
    // another attempt's result (another session's, another person's). Refused as a bad answer.
    if ((err as { code?: number }).code === 11000) throw new AppError('provider_error', { details: { failure: 'bad_response' } });
    throw err;
  }
  return { verificationId: id, provider: provider.name, params: started.params };
}

export type StartedVerification = { verificationId: string; provider: 'sandbox' | 'alipay' | 'wechat'; params: Record<string, unknown> };

/** A document the session's platform cannot face-check: another live platform may, else a service window. */
function manualReviewMessage(services: Services, idType: IdType): string | undefined {
  const elsewhere = services.config.livePlatforms.filter((p) => p !== 'h5' && services.platforms[p]?.identity.supports(idType));
  return elsewhere.length
    ? `该证件类型在本平台暂不支持刷脸核验，请使用${elsewhere.map((p) => PLATFORM_LABELS[p]).join('或')}，或到登记窗口进行人工核验`
    : undefined;
}
