import { AppError, notFound } from '../errors';
import { assertOpen, openStatusFor } from '../domain/matterStatus';
import type { MatterState } from '../ledger/ledger';
import { authorizeOperatorTenant } from '../policies/operator';
import type { Services } from '../services';

export interface DecideReviewProps {
  taskId: string;
  /** approved: the person was verified (and signed) at a service window; refused: they were not. */
  decision: 'approved' | 'refused';
  /** The authenticated operator who decided (never a name the caller writes), kept in the ledger. */
  operator: string;
  /** Why (required for a refusal), kept in the ledger. */
  reason?: string;
}

/** The operator's decision on a task waiting for manual review (待人工核验). */
export async function decideReview(services: Services, props: DecideReviewProps): Promise<MatterState> {
  const task = await services.models.Task.findById(props.taskId, { matterId: 1, tenant: 1 }).lean();
  if (!task) throw notFound();
  authorizeOperatorTenant(services.config, props.operator, task.tenant);
  const now = services.now();
  const { state } = await services.ledger.commit(task.matterId, ({ matter, tasks }) => {
    const current = tasks.find((t) => t._id === props.taskId);
    if (!current) throw notFound();
    if (current.review !== 'pending') {
      if (current.review === props.decision) return null;
      throw new AppError('review_not_pending');
    }
    assertOpen(matter, now);
    const patch =
      props.decision === 'approved'
        ? {
            review: 'approved' as const,
            verify: 'done' as const,
            sign: current.sign === 'n/a' ? ('n/a' as const) : ('done' as const),
            status: 'confirmed' as const,
            confirmedAt: now,
            // Confirmed at the window, in person: an earlier 拒绝 is withdrawn there.
            decision: null,
            declineReason: null,
          }
        : { review: 'refused' as const };
    const after = tasks.map((t) => (t._id === props.taskId ? { ...t, ...patch } : t));
    return {
      type: props.decision === 'approved' ? 'task.review_approved' : 'task.review_refused',
      taskId: props.taskId,
      data: { operator: props.operator, reason: props.reason ?? null },
      matter: { status: openStatusFor(after) },
      tasks: { [props.taskId]: patch },
    };
  });
  return state;
}
