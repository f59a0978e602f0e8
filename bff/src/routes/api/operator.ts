import {
  AlarmListResponseSchema,
  DeclineListResponseSchema,
  DeclineQuerySchema,
  AuditTrailResponseSchema,
  MatterPathSchema,
  MatterViewSchema,
  OperatorLogoutResponseSchema,
  OperatorSessionResponseSchema,
  OperatorSignInRequestSchema,
  PersonUnlockRequestSchema,
  PersonUnlockResponseSchema,
  ReviewDecisionSchema,
  ReviewDetailSchema,
  ReviewListResponseSchema,
  ReviewQuerySchema,
  TaskIdPathSchema,
} from '@regverify/shared';
import { currentOperatorSession, endOperatorSession } from '../../commands/operatorSessions';
import { signInOperator } from '../../commands/operatorSignIn';
import { notFound } from '../../errors';
import { authorizeOperatorTenant, operatorTenants } from '../../policies/operator';
import { presentAlarm } from '../../presenters/alarm';
import { presentDecline } from '../../presenters/decline';
import { presentAuditTrail } from '../../presenters/audit';
import { presentReviewDetail, presentReviewItem } from '../../presenters/review';
import { presentOperatorSession } from '../../presenters/session';
import { listAlarms } from '../../queries/alarmReader';
import { listDeclines } from '../../queries/declineReader';
import { readAuditTrail } from '../../queries/auditTrailReader';
import { listReviews, readReview } from '../../queries/reviewReader';
import { unlockPerson } from '../../commands/personUnlocker';
import { decideReview } from '../../commands/reviewDecider';
import { presentMatter } from '../../presenters/matter';
import { defineRoute, Reply, type AnyRoute } from '../route';

/** Service-window operators: decisions on tasks that need manual review. Their own key, never a portal key. */
export const operatorRoutes: AnyRoute[] = [
  defineRoute({
    operationId: 'decideReview',
    tag: 'operator',
    auth: 'operator' as const,
    method: 'post',
    path: '/api/operator/tasks/{taskId}/review',
    summary: 'Operator: manual review decision',
    params: TaskIdPathSchema,
    body: ReviewDecisionSchema,
    answer: { status: 200, schema: MatterViewSchema, description: 'The matter after the decision' },
    errors: ['review_not_pending', 'not_found', 'matter_expired', 'matter_cancelled', 'matter_submitted', 'concurrent_update'],
    handle: async (req, { services }) =>
      presentMatter(
        await decideReview(services, {
          taskId: req.params.taskId,
          decision: req.body.decision,
          reason: req.body.reason,
          operator: req.operator,
        }),
      ),
  }),
  defineRoute({
    operationId: 'unlockPerson',
    tag: 'operator',
    auth: 'operator' as const,
    method: 'post',
    path: '/api/operator/people/unlock',
    summary:
      "Operator: clear the day's counts kept for a person across accounts (after seeing them at the window), re-arming the alarm; only for a person named in a matter of the operator's tenants; audited",
    body: PersonUnlockRequestSchema,
    answer: { status: 200, schema: PersonUnlockResponseSchema, description: 'The counts cleared' },
    errors: ['not_found'],
    handle: async (req, { services }) => unlockPerson(services, { operator: req.operator, ...req.body }),
  }),
  defineRoute({
    operationId: 'listAlarms',
    tag: 'operator',
    auth: 'operator' as const,
    method: 'get',
    path: '/api/operator/alarms',
    summary:
      "The person alarms (异常核验提醒) of the last 7 days, newest first, at most 100: only people named in a matter of the operator's tenants, masked, with those matters and whether the counts were lifted since",
    answer: { status: 200, schema: AlarmListResponseSchema, description: 'The alarms' },
    errors: [],
    handle: async (req, { services }) => ({ items: (await listAlarms(services, { operator: req.operator })).map(presentAlarm) }),
  }),
  defineRoute({
    operationId: 'listDeclines',
    tag: 'operator',
    auth: 'operator' as const,
    method: 'get',
    path: '/api/operator/declines',
    summary:
      "The filings people declined (拒绝) in the operator's tenants, newest first, at most 100; `reason=not_mine` for the 不是本人办理 cases to follow up. The person masked, the matter and tenant, the person's note",
    query: DeclineQuerySchema,
    answer: { status: 200, schema: DeclineListResponseSchema, description: 'The declines' },
    errors: ['validation_failed'],
    handle: async (req, { services }) => ({
      items: (await listDeclines(services, { operator: req.operator, reason: req.query.reason })).map(presentDecline),
    }),
  }),
  defineRoute({
    operationId: 'signInOperator',
    tag: 'operator',
    auth: 'none',
    method: 'post',
    path: '/api/operator/session',
    summary: 'Console: an operator signs in with their own name and secret; sets the session cookie, answers the CSRF token',
    body: OperatorSignInRequestSchema,
    answer: { status: 201, schema: OperatorSessionResponseSchema, description: 'Signed in' },
    errors: ['unauthorized', 'rate_limited'],
    handle: async (req, { services }) => {
      const signedIn = await signInOperator(services, { ...req.body, ip: req.ip, http: req.http });
      return new Reply(presentOperatorSession({ ...signedIn, tenants: operatorTenants(services.config, signedIn.operator) }), 201);
    },
  }),
  defineRoute({
    operationId: 'getOperatorSession',
    tag: 'operator',
    auth: 'operator' as const,
    method: 'get',
    path: '/api/operator/session',
    summary:
      "Console: the signed-in operator of this browser's session cookie and its CSRF token (404 for Basic callers: no console session)",
    answer: { status: 200, schema: OperatorSessionResponseSchema, description: 'The operator, and the CSRF token of their session' },
    errors: ['not_found'],
    handle: async (req, { services }) => {
      const session = await currentOperatorSession(services, req.http);
      if (!session) throw notFound();
      return presentOperatorSession({
        operator: session.operator,
        tenants: operatorTenants(services.config, session.operator),
        csrfToken: session.csrf,
        expiresAt: session.expiresAt,
      });
    },
  }),
  defineRoute({
    operationId: 'signOutOperator',
    tag: 'operator',
    auth: 'operator' as const,
    method: 'post',
    path: '/api/operator/session/logout',
    summary: 'Console: sign out (the session ends and its cookie goes)',
    answer: { status: 200, schema: OperatorLogoutResponseSchema, description: 'Signed out' },
    errors: ['forbidden'],
    handle: async (req, { services }) => {
      await endOperatorSession(services, req.http);
      return { status: 'logged_out' as const };
    },
  }),
  defineRoute({
    operationId: 'listReviews',
    tag: 'operator',
    auth: 'operator' as const,
    method: 'get',
    path: '/api/operator/reviews',
    summary:
      "The people waiting for manual review (待人工核验) of the operator's tenants, newest first; q searches portal reference and masked name",
    query: ReviewQuerySchema,
    answer: { status: 200, schema: ReviewListResponseSchema, description: 'The review list' },
    errors: [],
    handle: async (req, { services }) => ({
      items: (await listReviews(services, { operator: req.operator, q: req.query.q })).map(({ task, matter }) =>
        presentReviewItem(task, matter),
      ),
    }),
  }),
  defineRoute({
    operationId: 'getReview',
    tag: 'operator',
    auth: 'operator' as const,
    method: 'get',
    path: '/api/operator/reviews/{taskId}',
    summary: 'One review: the person (masked), the matter, the documents with their digests, what is left to do',
    params: TaskIdPathSchema,
    answer: { status: 200, schema: ReviewDetailSchema, description: 'The review' },
    errors: ['not_found'],
    handle: async (req, { services }) =>
      presentReviewDetail(await readReview(services, { operator: req.operator, taskId: req.params.taskId })),
  }),
  defineRoute({
    operationId: 'getMatterAuditForOperator',
    tag: 'operator',
    auth: 'operator' as const,
    method: 'get',
    path: '/api/operator/matters/{id}/audit',
    summary: "A matter's audit trail (each event: time, kind, actor, hash) and the check of its hash chain",
    params: MatterPathSchema,
    answer: { status: 200, schema: AuditTrailResponseSchema, description: 'The ledger and its check' },
    errors: ['not_found'],
    handle: async (req, { services }) => {
      const state = await services.ledger.load(req.params.id);
      if (!state) throw notFound();
      authorizeOperatorTenant(services.config, req.operator, state.matter.tenant);
      return presentAuditTrail(await readAuditTrail(services, state));
    },
  }),
];
