import type { SessionDoc } from '../models';
import type { BudgetOwner, PersonBudget } from '../security/rateLimits';
import type { Services } from '../services';
import { recordAudit } from './audit';

/** The person a session holds, with its platform account: whose budgets its vendor attempts spend. */
export const budgetOwner = (session: Pick<SessionDoc, 'platform' | 'platformUserId'>, lookup: string): BudgetOwner => ({
  lookup,
  account: `${session.platform}:${session.platformUserId}`,
});

/**
 * Spends one point of a person budget after an attempt that reached the vendor. When the person's
 * count across accounts crosses its threshold — someone with several accounts trying this person's
 * number — that is an alarm: an audited event the console lists and a metric, never a lock (the
 * person on their own account goes on).
 */
export async function spendPersonBudget(services: Services, budget: PersonBudget, owner: BudgetOwner): Promise<void> {
  const { alarm } = await services.rateLimits.spendPersonBudget(budget, owner);
  if (!alarm) return;
  services.metrics.personAlarm(budget);
  await recordAudit(services, { kind: 'person_alarm', subject: owner.lookup, actor: 'system', data: { budget } });
}
