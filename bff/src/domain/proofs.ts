import { needsBankCard } from '@regverify/shared';
import { AppError } from '../errors';
import type { SessionDoc } from '../models';

type Session = SessionDoc;

/**
 * What a mini-program session has proven so far: an identity, a bank card, the entry face check.
 * Each later step requires the earlier ones for the identity the session holds now.
 */

/** The identity of the session, or 409 identity_required. */
export function requireIdentity(session: Session): NonNullable<Session['identity']> {
  if (!session.identity) throw new AppError('identity_required');
  return session.identity;
}

/** True when the bank-card check passed for the identity the session holds now. */
export const bankCardProven = (session: Session): boolean => !!session.identity && session.bankCard?.lookup === session.identity.lookup;

/** True when the entry face check passed for the identity the session holds now. */
export const entryProven = (session: Session): boolean => !!session.identity && session.entry?.lookup === session.identity.lookup;

/** The lookup hash of the person this session proved to be, or 403 entry_verification_required. */
export function requireEntry(session: Session): string {
  if (!entryProven(session)) throw new AppError('entry_verification_required');
  return session.entry!.lookup;
}

/** Resident ID holders prove a bank card before their entry face check (manual, 注意事项). */
export function requireBankCardIfNeeded(session: Session): void {
  const identity = requireIdentity(session);
  if (needsBankCard(identity.idType) && !bankCardProven(session)) throw new AppError('bank_card_required');
}
