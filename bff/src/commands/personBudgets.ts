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
 * Spends one point of a person budget after an attempt that reached the vendor. The person's
 * ceiling being reached is an audited event (an operator can lift it).
 */
export async function spendPersonBudget(services: Services, budget: PersonBudget, owner: BudgetOwner): Promise<void> {
  const { ceilingReached } = await services.rateLimits.spendPersonBudget(budget, owner);
  if (ceilingReached)
    await recordAudit(services, { kind: 'person_limit_reached', subject: owner.lookup, actor: 'system', data: { budget } });
}
