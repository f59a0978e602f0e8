import type { RuntimeConfig } from '../../../config/runtime';
import { notFound } from '../errors';

/** The tenants whose matters an operator reviews: `*` for all, else those OPERATORS lists for them. */
export const operatorTenants = (config: Pick<RuntimeConfig, 'OPERATORS'>, operator: string): '*' | string[] =>
  config.OPERATORS.get(operator)?.tenants ?? [];

/** An operator may see and decide on matters of their own tenants only. */
export const operatorMaySee = (config: Pick<RuntimeConfig, 'OPERATORS'>, operator: string, tenant: string): boolean => {
  const tenants = operatorTenants(config, operator);
  return tenants === '*' || tenants.includes(tenant);
};

/** Another tenant's matter looks, to an operator, exactly like a missing one. */
export function authorizeOperatorTenant(config: Pick<RuntimeConfig, 'OPERATORS'>, operator: string, tenant: string): void {
  if (!operatorMaySee(config, operator, tenant)) throw notFound();
}
