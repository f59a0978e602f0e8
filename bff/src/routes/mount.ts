import Router from '@koa/router';
import type { Context, Middleware } from 'koa';
import { operatorCredentials, portalKeys, sessionTokens } from '../auth/authenticate';
import { OPERATOR_COOKIE, operatorOfCookie } from '../commands/operatorSessions';
import { AppError, internalError, unauthorized } from '../errors';
import type { Logger } from '../logger';
import { validate } from '../middleware/validate';
import { koaPath, Reply, type AnyRoute, type AuthKind, type RouteDeps } from './route';
import { bytesUpTo, type BodyLimit } from '../middleware/body';

type Authenticate = (ctx: Context) => object | Promise<object>;

/**
 * Keys and secrets people choose or hand around (portal keys, operator secrets) cost something to
 * guess: failed attempts are counted per client address (`authFailures`, shared through Redis; an
 * IPv6 client by its /64 and /48), each logged as a security event; past the limit every attempt
 * from that address is a 429 with Retry-After, the right key included, until the window ends.
 * (Session tokens are 256 random bits.)
 *
 * The point is taken before the credential is checked and given back when it passes, so that a
 * burst of any size checks no more credentials than the budget holds (reading the budget first and
 * writing it after let 80 simultaneous guesses through where 30 were allowed).
 */
export function guessingCostsFor(services: RouteDeps['services'], logger: Logger) {
  const { rateLimits } = services;
  const refused = (scheme: string, ip: string, last: boolean) =>
    logger.warn({ security: 'auth_failed', scheme, ip, blocked: last }, 'authentication failed');
  return {
    /**
     * A check that costs nothing and does not wait (a portal key's hash): checked first, then one
     * atomic take for a failure — a portal's parallel calls with the right key spend nothing.
     */
    cheap:
      (scheme: 'portal' | 'metrics', check: (ctx: Context) => object): Authenticate =>
      async (ctx) => {
        const ip = ctx.state.ip as string;
        let principal: object;
        try {
          principal = check(ctx);
        } catch (err) {
          if (!(err instanceof AppError) || err.code !== 'unauthorized' || !ctx.get('authorization')) throw err;
          const { last } = await rateLimits.take('authFailures', ip);
          refused(scheme, ip, last);
          throw err;
        }
        await rateLimits.assertBelow('authFailures', ip);
        return principal;
      },
    /** A check that costs (scrypt) and waits: the point is taken before it and given back when it passes. */
    costly:
      (scheme: 'operator', check: (ctx: Context) => Promise<object>): Authenticate =>
      async (ctx) => {
        const ip = ctx.state.ip as string;
        // No credential at all costs nothing (it is refused without checking anything).
        if (!ctx.get('authorization') && !ctx.cookies.get(OPERATOR_COOKIE)) {
          await rateLimits.assertBelow('authFailures', ip);
          return check(ctx);
        }
        const { last } = await rateLimits.take('authFailures', ip);
        try {
          const principal = await check(ctx);
          await rateLimits.giveBack('authFailures', ip);
          return principal;
        } catch (err) {
          if (err instanceof AppError && err.code === 'unauthorized') refused(scheme, ip, last);
          else await rateLimits.giveBack('authFailures', ip);
          throw err;
        }
      },
  };
}

/**
 * The Koa router of a route table: for each route, in this order, authentication (the principal
 * goes on the request), its rate limits, validation of params, query and body, the handler, and —
 * outside production — a check of the answer against the route's declared schema.
 */
export function mountRoutes(routes: readonly AnyRoute[], deps: RouteDeps, logger: Logger): Router {
  const { services, config } = deps;
  const guessingCosts = guessingCostsFor(services, logger);
  const portals = portalKeys(config.PORTAL_KEYS);
  const operators = operatorCredentials(config.OPERATORS);
  const sessions = sessionTokens(services);
  const authenticators: Record<AuthKind, Authenticate | null> = {
    none: null,
    portal: guessingCosts.cheap('portal', (ctx) => portals(ctx.get('authorization'))),
    // Machines with Basic credentials; the console with its session cookie (and CSRF token).
    operator: guessingCosts.costly('operator', async (ctx) => {
      if (ctx.get('authorization')) return operators(ctx.get('authorization'));
      const viaConsole = await operatorOfCookie(services, ctx);
      if (!viaConsole) throw unauthorized();
      return { operator: viaConsole.operator };
    }),
    session: (ctx) => sessions(ctx.get('authorization')),
  };
  const checkAnswers = config.NODE_ENV !== 'production' && config.ANSWER_CHECKS === 'on';
  const router = new Router();

  for (const route of routes) {
    if (route.enabledWhen && !route.enabledWhen(config)) continue;
    const authenticate = authenticators[route.auth as AuthKind];
    const principal: Middleware = async (ctx, next) => {
      ctx.state.principal = authenticate ? await authenticate(ctx) : {};
      await next();
    };
    const limits: Middleware = async (ctx, next) => {
      for (const limit of route.limits ?? []) {
        const key = limit.key({ ...ctx.state.principal, requestId: ctx.state.requestId, ip: ctx.state.ip, http: ctx });
        if (key) await services.rateLimits.consume(limit.name, key);
      }
      await next();
    };
    const handler: Middleware = async (ctx) => {
      const { params, query, body } = ctx.state.input;
      const result = await route.handle(
        {
          ...ctx.state.principal,
          requestId: ctx.state.requestId,
          ip: ctx.state.ip,
          http: ctx,
          bytes: ctx.state.bytes,
          params,
          query,
          body,
        },
        deps,
      );
      const reply = result instanceof Reply ? result : new Reply(result);
      if (checkAnswers) checkAnswer(route, reply, logger);
      ctx.status = reply.status ?? route.answer.status;
      if (reply.headers) ctx.set(reply.headers);
      if ('contentType' in route.answer) ctx.type = route.answer.contentType;
      ctx.body = reply.body;
    };
    const schemas = { params: route.params, query: route.query, body: route.body };
    const steps = [
      principal,
      limits,
      ...(route.bytes ? [bytesUpTo(route.bytes.contentType, route.bytes.limitKb)] : []),
      validate(schemas),
      handler,
    ];
    router.register(koaPath(route.path), [route.method], steps, { name: route.operationId });
  }
  return router;
}

/**
 * Outside production every answer is checked against the route's declared schema (status and
 * body): a handler that drifts from the contract fails the tests that call it, with a 500 and a
 * log line naming the route and the fields (never their values).
 */
function checkAnswer(route: AnyRoute, reply: Reply, logger: Logger): void {
  const { answer } = route;
  const status = reply.status ?? answer.status;
  const statusOk = status === answer.status || ('alsoStatus' in answer && status === answer.alsoStatus);
  const problems: string[] = statusOk ? [] : [`status ${status} is not declared`];
  if ('schema' in answer) {
    const parsed = answer.schema.safeParse(reply.body);
    if (!parsed.success) problems.push(...parsed.error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.code}`));
  } else if (!Buffer.isBuffer(reply.body)) problems.push('body is not bytes');
  if (problems.length > 0) {
    logger.error({ operationId: route.operationId, problems }, 'answer does not match its declared schema');
    throw internalError();
  }
}

/** Routes whose body limit differs from the general one, or whose body is bytes, as the body parser matches them. */
export function bodyLimits(routes: readonly AnyRoute[]): BodyLimit[] {
  return routes
    .filter((r) => r.bodyLimitKb || r.bytes)
    .map((r) => ({
      method: r.method.toUpperCase(),
      path: new RegExp(`^${koaPath(r.path).replace(/:\w+/g, '[^/]+')}$`),
      limitKb: r.bytes?.limitKb ?? r.bodyLimitKb!,
      ...(r.bytes ? { bytesOf: r.bytes.contentType } : {}),
    }));
}
