import { AppError } from '../errors';
import type { SessionDoc } from '../models';
import type { BankCardCheckResult } from '../providers/bankCard';
import type { Services } from '../services';
import { providerFailure } from './providerFailure';
import { requireIdentity } from '../domain/proofs';
import { subjectOf } from './subject';

export interface CheckBankCardProps {
  session: SessionDoc;
  /** Digits only, Luhn-valid (the request schema checked). Never stored, never logged. */
  cardNumber: string;
  phone?: string;
}

/** The bank-card check of a resident ID holder; a pass is recorded for this identity only. */
export async function checkBankCard(services: Services, { session, cardNumber, phone }: CheckBankCardProps): Promise<BankCardCheckResult> {
  const identity = requireIdentity(session);
  if (identity.idType !== 'resident_id') throw new AppError('bank_card_not_required');
  const subject = subjectOf(services, session);
  const result = await services.bankCard
    .check({ name: subject.name, idNumber: subject.idNumber, cardNumber, phone })
    .catch(providerFailure);
  if (result.passed) {
    await services.models.Session.updateOne(
      { _id: session._id },
      { $set: { bankCard: { lookup: identity.lookup, at: services.now(), ref: null } } },
    );
  }
  return result;
}
