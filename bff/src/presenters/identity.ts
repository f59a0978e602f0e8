import { needsBankCard, type IdType } from '@regverify/shared';

/** The identity a session holds, as its own person sees it: masked, and what comes next. */
export const presentIdentity = (identity: { nameMasked: string; idType: IdType; idNumberMasked: string }) => ({
  identity: { name: identity.nameMasked, idType: identity.idType, idNumberMasked: identity.idNumberMasked },
  needsBankCard: needsBankCard(identity.idType),
});

/** What the platform authorization gave, for the person to check and correct before sending. */
export const presentPrefill = ({ name, idNumber }: { name: string; idNumber: string }) => ({ name, idNumber });

/**
 * One refusal, whatever the vendor's reason (name, ID number or card): the answer is no oracle
 * for which of them belong together. The vendor's reason is in the audit trail.
 */
export const BANK_CARD_REFUSAL = '银行卡信息核验未通过，请核对本人姓名、证件号码和银行卡号后重试';

export const presentBankCardResult = (result: { passed: boolean }) =>
  result.passed ? { passed: true } : { passed: false, reason: BANK_CARD_REFUSAL };
