/**
 * The budgets of vendor attempts kept for a person across platform accounts (the BFF's
 * `PERSON_BUDGETS`): past a day's threshold each raises an alarm the console lists, in these words.
 */
export const PERSON_BUDGET_NAMES = ['faceStarts', 'faceFailures', 'bankCardFailures'] as const;
export type PersonBudgetName = (typeof PERSON_BUDGET_NAMES)[number];

/** What an alarm of each budget means, as the window reads it. */
export const PERSON_BUDGET_LABELS: Record<PersonBudgetName, string> = {
  faceStarts: '多个账号频繁发起人脸核验',
  faceFailures: '多个账号人脸核验多次失败',
  bankCardFailures: '多个账号银行卡核验多次未通过',
};
