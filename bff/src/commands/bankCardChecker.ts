import { AppError } from '../errors';
import { requireIdentity } from '../domain/proofs';
import type { SessionDoc } from '../models';
import type { Services } from '../services';
import { assertAccountOwner } from './accountOwner';
import { recordAudit } from './audit';
import { budgetOwner, spendPersonBudget } from './personBudgets';
import { providerFailure } from './providerFailure';
import { subjectOf } from './subject';
import { updateSession } from '../models/leasedWrites';
import { recordNoticeConsent } from './noticeConsent';

export interface CheckBankCardProps {
  session: SessionDoc;
  /** Digits only, Luhn-valid (the request schema checked). Never stored, never logged. */
  cardNumber: string;
  phone?: string;
  /** The version of the bank-card notice the person agreed to. */
  consentVersion?: string;
}

/**
 * The bank-card check of a resident ID holder; a pass is recorded for this identity only.
 * Refused before the vendor is asked (costing the person nothing) without an identity, for other
 * documents, while this account has used up the day's refused checks (for this person, or for
 * anyone), or when the platform says the account is not this person's. A refusal by the vendor
 * counts against this account and towards the person's alarm, never against the person's own
 * account; its reason goes to the audit trail only, so the answer cannot tell which of name, number
 * or card was wrong.
 */
export async function checkBankCard(
  services: Services,
  { session, cardNumber, phone, consentVersion }: CheckBankCardProps,
): Promise<{ passed: boolean }> {
  const identity = requireIdentity(session);
  if (identity.idType !== 'resident_id') throw new AppError('bank_card_not_required');
  // Separate consent to bank-card information, before anything is spent or sent.
  await recordNoticeConsent(services, { session, kind: 'bankcard', version: consentVersion });
  const owner = budgetOwner(session, identity.lookup);
  await services.rateLimits.assertPersonBudget('bankCardFailures', owner);
  await assertAccountOwner(services, session);
  const subject = subjectOf(services, session);
  const result = await services.bankCard
    .check({ name: subject.name, idNumber: subject.idNumber, cardNumber, phone })
    .catch(providerFailure);
  if (result.passed) {
    await updateSession(services.models, session._id, { bankCard: { lookup: identity.lookup, at: services.now(), ref: null } });
    return { passed: true };
  }
  await recordAudit(services, {
    kind: 'bank_card_refused',
    subject: identity.lookup,
    actor: 'session',
    data: { provider: services.bankCard.name, reason: result.reason ?? null },
  });
  await spendPersonBudget(services, 'bankCardFailures', owner);
  return { passed: false };
}
