import type { DeclineReason } from '@regverify/shared';
import type { TaskDoc } from '../models';
import type { DeclineRecord } from '../presenters/decline';
import { operatorTenants } from '../policies/operator';
import type { Services } from '../services';

/** At most this many declines in one answer. */
export const DECLINE_LIST_LIMIT = 100;

type Decline = DeclineRecord['decline'];
type MatterSummary = DeclineRecord['matter'];

/**
 * The declines (拒绝) of the operator's tenants, newest first, at most 100 — by default every
 * reason, or one (`not_mine`: 不是本人办理, the cases of impersonation to follow up). Each with
 * the person masked, the matter, and the person's note opened: the window reads it, nobody else.
 */
export async function listDeclines(services: Services, props: { operator: string; reason?: DeclineReason }): Promise<DeclineRecord[]> {
  const tenants = operatorTenants(services.config, props.operator);
  if (tenants !== '*' && tenants.length === 0) return [];
  const declines = await services.models.Decline.find({
    ...(tenants === '*' ? {} : { tenant: { $in: tenants } }),
    ...(props.reason ? { reason: props.reason } : {}),
  })
    .sort({ at: -1, _id: -1 })
    .limit(DECLINE_LIST_LIMIT)
    .lean<Decline[]>();
  if (declines.length === 0) return [];
  const [tasks, matters] = await Promise.all([
    services.models.Task.find({ _id: { $in: declines.map((d) => d.taskId) } }, { person: 1 }).lean<
      Array<Pick<TaskDoc, '_id' | 'person'>>
    >(),
    services.models.Matter.find(
      { _id: { $in: [...new Set(declines.map((d) => d.matterId))] } },
      { portalRef: 1, entityName: 1, kind: 1, tenant: 1, status: 1, generation: 1, purgedAt: 1 },
    ).lean<MatterSummary[]>(),
  ]);
  const taskById = new Map(tasks.map((t) => [t._id, t]));
  const matterById = new Map(matters.map((m) => [m._id, m]));
  return declines.flatMap((decline) => {
    const task = taskById.get(decline.taskId);
    const matter = matterById.get(decline.matterId);
    if (!task || !matter) return [];
    const note = decline.noteEnc
      ? services.vault.decryptText(decline.noteEnc, { collection: 'declines', id: decline._id, field: 'noteEnc' })
      : null;
    const { idType, nameMasked, idNumberMasked } = task.person;
    return [{ decline, note, person: { idType, nameMasked, idNumberMasked }, matter }];
  });
}
