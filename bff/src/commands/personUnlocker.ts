import type { IdType } from '@regverify/shared';
import { notFound } from '../errors';
import { operatorTenants } from '../policies/operator';
import { PERSON_BUDGETS, type PersonBudget } from '../security/rateLimits';
import type { Services } from '../services';
import { recordAudit } from './audit';

/**
 * A window operator, having seen the person, clears the day's counts kept for them across all
 * accounts, so that a new round of attempts raises a new alarm. What each platform account spent on
 * its own stays (a stranger's account stays locked). Only for a person named in a matter of the
 * operator's tenants — anyone else is, to this operator, unknown (404). Audited with the
 * operator's name.
 */
export async function unlockPerson(
  services: Services,
  props: { operator: string; idType: IdType; idNumber: string },
): Promise<{ lifted: PersonBudget[] }> {
  // While the lookup key rotates, the person's tasks and counts may be under either key.
  const lookups = services.vault.lookupHashes(props.idType, props.idNumber);
  const [lookup] = lookups;
  const tenants = operatorTenants(services.config, props.operator);
  const named = await services.models.Task.exists({
    'person.lookup': { $in: lookups },
    ...(tenants === '*' ? {} : { tenant: { $in: tenants } }),
  });
  if (!named) throw notFound();
  const lifted = Object.keys(PERSON_BUDGETS) as PersonBudget[];
  for (const budget of lifted) for (const each of lookups) await services.rateLimits.reset(PERSON_BUDGETS[budget].alarm, each);
  await recordAudit(services, { kind: 'person_limit_lifted', subject: lookup, actor: `operator:${props.operator}`, data: { lifted } });
  return { lifted };
}
