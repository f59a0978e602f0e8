import type { Context } from 'koa';
import type { z } from 'zod';
import type { Connection } from 'mongoose';
import type { ErrorCode } from '@regverify/shared';
import type { RuntimeConfig } from '../../../config/runtime';
import type { SessionDoc } from '../models';
import type { LimitName } from '../security/rateLimits';
import type { Services } from '../services';

export type Method = 'get' | 'post' | 'put' | 'delete';

/** How a caller proves who it is: a mini-program session, a portal key, the operator key, or not at all. */
export type AuthKind = 'none' | 'session' | 'portal' | 'operator';

/** Who the caller is, by the route's authentication. */
export type PrincipalOf<A extends AuthKind> = A extends 'session'
  ? { session: SessionDoc }
  : A extends 'portal'
    ? { tenant: string }
    : A extends 'operator'
      ? { operator: string }
      : object;

/** What every request carries besides its principal. */
export interface RequestMeta {
  requestId: string;
  /** The client address (through trusted proxies only). */
  ip: string;
  /**
   * The HTTP exchange itself, for the few routes that deal in cookies (the console's sign-in and
   * sign-out); everything else is in params, query, body and the principal.
   */
  http: Context;
  /** The request's bytes, for a route that takes `bytes` rather than a JSON body. */
  bytes?: Buffer;
}

type Parsed<S> = S extends z.ZodType ? z.output<S> : undefined;

/** What a handler gets: the principal, and params, query and body parsed by their schemas. */
export type RouteRequest<A extends AuthKind, P, Q, B> = PrincipalOf<A> &
  RequestMeta & { params: Parsed<P>; query: Parsed<Q>; body: Parsed<B> };

/** A rate limit of a route: one point of `name` for the key `key` gives (no key: not limited here). */
export interface RouteLimit<A extends AuthKind> {
  name: LimitName;
  key: (req: PrincipalOf<A> & RequestMeta) => string | null | undefined;
}

/** The success answer: a JSON body checked against `schema`, or bytes of `contentType`. */
export type RouteAnswer<R> =
  | { status: 200 | 201; schema: z.ZodType<R>; description: string; alsoStatus?: 200 | 201 }
  | { status: 200; contentType: string; description: string };

/** What the app gives handlers besides services: readiness state, and the OpenAPI document. */
export interface RouteDeps {
  services: Services;
  config: RuntimeConfig;
  db: Connection;
  isShuttingDown: () => boolean;
  openApiDocument: () => Record<string, unknown>;
}

/** A body with a status other than the route's usual one, or with headers of its own. */
export class Reply<R = unknown> {
  constructor(
    readonly body: R,
    readonly status?: number,
    readonly headers?: Record<string, string>,
  ) {}
}

/**
 * One endpoint, declared once: the Koa routers, the OpenAPI document, the body limits and the
 * suites that walk every endpoint (OpenAPI, fuzz, auth, rate limits) are all derived from it.
 */
export interface Route<A extends AuthKind = AuthKind, P = unknown, Q = unknown, B = unknown, R = unknown> {
  /** Stable name of the operation (OpenAPI `operationId`; generated clients name their methods after it). */
  operationId: string;
  method: Method;
  /** OpenAPI form: `/api/portal/matters/{id}`. */
  path: string;
  tag: RouteTag;
  summary: string;
  description?: string;
  auth: A;
  limits?: ReadonlyArray<RouteLimit<A>>;
  params?: P;
  query?: Q;
  body?: B;
  /** Largest body this route accepts, when it differs from `BODY_LIMIT_KB`. */
  bodyLimitKb?: number;
  /** The body is bytes of this type (no JSON), up to `limitKb` (given to the handler as `bytes`). */
  bytes?: { contentType: string; limitKb: number };
  answer: RouteAnswer<R>;
  /** The codes this route's own logic can answer; the generic ones (auth, limits, validation, …) are added. */
  errors: readonly ErrorCode[];
  /** Served only when this holds for the configuration (the sandbox endpoints). */
  enabledWhen?: (config: RuntimeConfig) => boolean;
  handle: (req: RouteRequest<A, P, Q, B>, deps: RouteDeps) => Promise<R | Reply<R>> | R | Reply<R>;
}

export const ROUTE_TAGS = {
  portal: 'Portal backends (server to server, portal key)',
  'mini-program': 'The mini-program (session token)',
  operator: 'Service-window operators (their own name and secret)',
  sandbox: 'Sandbox face check (development and tests only)',
  system: 'Health, readiness and this document',
} as const;
export type RouteTag = keyof typeof ROUTE_TAGS;

// Route is invariant in its type parameters (the handler reads and the limits read them): the
// table holds routes of every shape.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyRoute = Route<any, any, any, any, any>;

/** Declares a route, inferring its request and answer types from its schemas. */
export function defineRoute<
  A extends AuthKind,
  P extends z.ZodType | undefined = undefined,
  Q extends z.ZodType | undefined = undefined,
  B extends z.ZodType | undefined = undefined,
  R = unknown,
>(route: Route<A, P, Q, B, R>): Route<A, P, Q, B, R> {
  return route;
}

/** `/api/portal/matters/{id}` → `/api/portal/matters/:id` (the Koa router's form). */
export const koaPath = (path: string) => path.replace(/\{(\w+)\}/g, ':$1');
