import { needsBankCard, type IdType } from '@regverify/shared';
import type { BankCardCheckResult } from '../providers/bankCard';

/** The identity a session holds, as its own person sees it: masked, and what comes next. */
export const presentIdentity = (identity: { nameMasked: string; idType: IdType; idNumberMasked: string }) => ({
  identity: { name: identity.nameMasked, idType: identity.idType, idNumberMasked: identity.idNumberMasked },
  needsBankCard: needsBankCard(identity.idType),
});

/** What the platform authorization gave, for the person to check and correct before sending. */
export const presentPrefill = ({ name, idNumber }: { name: string; idNumber: string }) => ({ name, idNumber });

/** The result of a bank-card check, with a readable reason when it did not pass. */
export const presentBankCardResult = (result: BankCardCheckResult) =>
  result.passed ? { passed: true } : { passed: false, reason: result.reason ?? '银行卡信息与身份信息不一致' };
