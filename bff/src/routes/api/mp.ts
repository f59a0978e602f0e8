import Router from '@koa/router';
import { z } from 'zod';
import {
  BankCardCheckRequestSchema,
  ConfirmRequestSchema,
  IdentityRequestSchema,
  PrefillRequestSchema,
  SessionRequestSchema,
  StartVerificationRequestSchema,
} from '@regverify/shared';
import { sessionAuth, type SessionState } from '../../auth/session';
import { checkBankCard } from '../../commands/bankCardChecker';
import { setIdentity } from '../../commands/identitySetter';
import { prefillIdentity } from '../../commands/identityPrefiller';
import { createSession } from '../../commands/sessionCreator';
import { endSession } from '../../commands/sessionEnder';
import { confirmTask } from '../../commands/taskConfirmer';
import { listTodos, readTodo } from '../../commands/todoLister';
import { completeVerification } from '../../commands/verificationCompleter';
import { startVerification } from '../../commands/verificationStarter';
import { validate } from '../../middleware/validate';
import { presentTodo, presentTodoDetail } from '../../presenters/todo';
import type { Services } from '../../services';

const IdPath = z.object({ id: z.string().min(1).max(64) });
const TaskIdPath = z.object({ taskId: z.string().min(1).max(64) });

/** Mini-program → BFF. Login is open; everything else needs the session token. */
export function mpRoutes(services: Services): Router<SessionState> {
  const router = new Router<SessionState>({ prefix: '/api/mp' });
  const limit = services.rateLimits.limit<SessionState>;

  router.post('/session', limit('login', (ctx) => ctx.ip), validate({ body: SessionRequestSchema }), async (ctx) => {
    const { token, expiresAt } = await createSession(services, ctx.state.input.body);
    ctx.status = 201;
    ctx.body = { token, expiresAt: expiresAt.toISOString() };
  });

  router.use(sessionAuth(services));

  router.post('/session/logout', async (ctx) => {
    await endSession(services, ctx.state.session);
    ctx.body = { status: 'logged_out' };
  });

  router.put('/identity', limit('identity', (ctx) => ctx.state.session._id), validate({ body: IdentityRequestSchema }), async (ctx) => {
    ctx.body = await setIdentity(services, { session: ctx.state.session, input: ctx.state.input.body });
  });

  router.post('/identity/prefill', validate({ body: PrefillRequestSchema }), async (ctx) => {
    ctx.body = await prefillIdentity(services, ctx.state.input.body.authCode);
  });

  router.post('/bankcard-checks', limit('bankCardSession', (ctx) => ctx.state.session._id), limit('bankCardPerson', (ctx) => ctx.state.session.identity?.lookup), validate({ body: BankCardCheckRequestSchema }), async (ctx) => {
    ctx.body = await checkBankCard(services, { session: ctx.state.session, ...ctx.state.input.body });
  });

  router.post('/verifications', limit('verificationSession', (ctx) => ctx.state.session._id), validate({ body: StartVerificationRequestSchema }), async (ctx) => {
    ctx.status = 201;
    ctx.body = await startVerification(services, { session: ctx.state.session, input: ctx.state.input.body });
  });

  router.post('/verifications/:id/complete', validate({ params: IdPath }), async (ctx) => {
    ctx.body = await completeVerification(services, { session: ctx.state.session, verificationId: ctx.state.input.params.id, requestId: ctx.state.requestId });
  });

  router.get('/todos', async (ctx) => {
    const now = services.now();
    ctx.body = { items: (await listTodos(services, ctx.state.session)).map(({ task, state }) => presentTodo(task, state, now)) };
  });

  router.get('/todos/:taskId', validate({ params: TaskIdPath }), async (ctx) => {
    const { task, state } = await readTodo(services, ctx.state.session, ctx.state.input.params.taskId);
    ctx.body = presentTodoDetail(task, state, services.now());
  });

  router.post('/todos/:taskId/confirm', validate({ params: TaskIdPath, body: ConfirmRequestSchema }), async (ctx) => {
    await confirmTask(services, { session: ctx.state.session, taskId: ctx.state.input.params.taskId, ...ctx.state.input.body });
    ctx.body = { status: 'confirmed' };
  });

  return router;
}
