import type { MatterState } from '../ledger/ledger';
import type { MatterDoc, TaskDoc } from '../models';
import { authorizeOperatorTenant, operatorTenants } from '../policies/operator';
import { notFound } from '../errors';
import type { Services } from '../services';

/** A task waiting at (or decided by) a service window, with its matter. */
export interface ReviewRecord {
  task: TaskDoc;
  matter: MatterDoc;
}

/**
 * The people waiting for manual review (待人工核验) of the operator's tenants, newest first,
 * optionally only those whose matter's portal reference or masked name contains `q`.
 */
export async function listReviews(services: Services, props: { operator: string; q?: string }): Promise<ReviewRecord[]> {
  const tenants = operatorTenants(services.config, props.operator);
  const filter: Record<string, unknown> = { review: 'pending', status: 'pending' };
  if (tenants !== '*') filter.tenant = { $in: tenants };
  const tasks = await services.models.Task.find(filter).sort({ createdAt: -1 }).limit(200).lean<TaskDoc[]>();
  const matters = new Map<string, MatterDoc>();
  for (const id of new Set(tasks.map((t) => t.matterId))) {
    const matter = await services.models.Matter.findById(id).lean<MatterDoc>();
    if (matter) matters.set(id, matter);
  }
  const q = props.q?.trim();
  return tasks
    .filter((task) => matters.has(task.matterId))
    .map((task) => ({ task, matter: matters.get(task.matterId)! }))
    .filter(({ task, matter }) => !q || matter.portalRef.includes(q) || (task.person.nameMasked ?? '').includes(q));
}

/** One task of manual review with its matter as it stands, if the operator's tenants include it. */
export async function readReview(
  services: Services,
  props: { operator: string; taskId: string },
): Promise<{ task: TaskDoc; state: MatterState }> {
  const found = await services.models.Task.findById(props.taskId, { matterId: 1, tenant: 1 }).lean();
  if (!found) throw notFound();
  authorizeOperatorTenant(services.config, props.operator, found.tenant);
  const state = await services.ledger.load(found.matterId);
  const task = state?.tasks.find((t) => t._id === props.taskId);
  if (!state || !task || task.review === null) throw notFound();
  return { task, state };
}
