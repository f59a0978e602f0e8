import { AppError } from '../errors';
import type { SessionDoc } from '../models';
import type { Services } from '../services';
import { providerFailure } from './providerFailure';
import { requireIdentity, subjectOf } from './proofs';

export interface CheckBankCardProps {
  session: SessionDoc;
  /** Digits only, Luhn-valid (the request schema checked). Never stored, never logged. */
  cardNumber: string;
  phone?: string;
}

/** The bank-card check of a resident ID holder; a pass is recorded for this identity only. */
export async function checkBankCard(services: Services, { session, cardNumber, phone }: CheckBankCardProps) {
  const identity = requireIdentity(session);
  if (identity.idType !== 'resident_id') throw new AppError(409, 'bank_card_not_required');
  const subject = subjectOf(services, session);
  const result = await services.bankCard.check({ name: subject.name, idNumber: subject.idNumber, cardNumber, phone }).catch(providerFailure);
  if (result.passed) {
    await services.models.Session.updateOne({ _id: session._id }, { $set: { bankCard: { lookup: identity.lookup, at: services.now(), ref: null } } });
  }
  return result.passed ? { passed: true } : { passed: false, reason: result.reason ?? '银行卡信息与身份信息不一致' };
}
