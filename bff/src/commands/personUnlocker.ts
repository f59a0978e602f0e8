import type { IdType } from '@regverify/shared';
import { PERSON_BUDGETS, type PersonBudget } from '../security/rateLimits';
import type { Services } from '../services';
import { recordAudit } from './audit';

/**
 * A window operator, having seen the person, lifts their daily ceilings: the failed face and
 * bank-card checks and the face-check starts counted for them across all accounts today. What
 * each platform account spent on its own stays (a stranger's account stays locked). Audited with
 * the operator's name.
 */
export async function unlockPerson(
  services: Services,
  props: { operator: string; idType: IdType; idNumber: string },
): Promise<{ lifted: PersonBudget[] }> {
  const lookup = services.vault.lookupHash(props.idType, props.idNumber);
  const lifted = Object.keys(PERSON_BUDGETS) as PersonBudget[];
  for (const budget of lifted) await services.rateLimits.reset(PERSON_BUDGETS[budget].person, lookup);
  await recordAudit(services, { kind: 'person_limit_lifted', subject: lookup, actor: `operator:${props.operator}`, data: { lifted } });
  return { lifted };
}
