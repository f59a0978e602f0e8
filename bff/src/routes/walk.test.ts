/**
 * Suites that walk every route of the table: authentication (each route takes its own kind of
 * credential and no other) and rate limits (each route spends exactly the budgets it declares, and
 * answers 429 with Retry-After when one is spent). A route added to the table is walked without
 * touching this file. The limits' own numbers and windows are `security/rateLimits.test.ts`.
 */
import { rateLimited } from '../errors';
import { errorCodesOf } from '../openapi/document';
import type { LimitName } from '../security/rateLimits';
import { operatorAuthorization } from '../../test/client';
import { openTestDatabase } from '../../test/database';
import { residentId } from '../../test/factories';
import { SandboxPerson } from '../../test/person';
import { startTestServer, type TestServer } from '../../test/server';
import type { AnyRoute, AuthKind } from './route';
import { ROUTES } from './table';

const PORTAL_KEY = 'demo-portal-key';
const OPERATOR_KEY = operatorAuthorization();

/** A concrete path of the route (parameters filled with ids that exist nowhere). */
const pathOf = (route: AnyRoute) => route.path.replace(/\{\w+\}/g, 'nothing-here');
const name = (route: AnyRoute) => `${route.method.toUpperCase()} ${route.path}`;

async function call(url: string, route: AnyRoute, bearer?: string) {
  const res = await fetch(url + pathOf(route), {
    method: route.method.toUpperCase(),
    headers: {
      ...(bearer ? { authorization: /^(Basic|Bearer) /.test(bearer) ? bearer : `Bearer ${bearer}` } : {}),
      ...(route.method === 'post' || route.method === 'put' ? { 'content-type': 'application/json' } : {}),
    },
    body: route.method === 'post' || route.method === 'put' ? '{}' : undefined,
  });
  const text = await res.text();
  return { status: res.status, code: /"code":"([a-z_]+)"/.exec(text)?.[1], retryAfter: res.headers.get('retry-after') };
}

describe('every route takes its own credential and no other', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let server: TestServer;
  let credentials: Record<Exclude<AuthKind, 'none'>, string>;

  beforeAll(async () => {
    db = await openTestDatabase();
    server = await startTestServer(db.conn);
  });
  // A new session for each route: the logout route ends the one it is called with.
  beforeEach(async () => {
    const person = await new SandboxPerson(server.url, { name: '张三丰', idType: 'resident_id', idNumber: residentId(5150) }).login();
    credentials = { portal: PORTAL_KEY, operator: OPERATOR_KEY, session: person.token };
  });
  afterAll(async () => {
    await server.close();
    await db.drop();
  });

  const served = () => ROUTES.filter((r) => !r.enabledWhen || r.enabledWhen(server.config));

  it.each(ROUTES.filter((r) => r.auth !== 'none').map((r) => [name(r), r] as const))(
    '%s: 401 without, or with any other credential',
    async (_n, route) => {
      expect(errorCodesOf(route)).toContain('unauthorized');
      const others = Object.entries(credentials).filter(([kind]) => kind !== route.auth);
      for (const bearer of [undefined, 'garbage-credential-0123456789', ...others.map(([, c]) => c)]) {
        const res = await call(server.url, route, bearer);
        expect([res.status, res.code]).toEqual([401, 'unauthorized']);
      }
      // Its own credential gets past authentication (to whatever the empty request earns).
      expect((await call(server.url, route, credentials[route.auth as Exclude<AuthKind, 'none'>])).status).not.toBe(401);
    },
  );

  it.each(ROUTES.filter((r) => r.auth === 'none').map((r) => [name(r), r] as const))('%s: open, never a 401', async (_n, route) => {
    if (!served().includes(route)) return;
    expect((await call(server.url, route)).status).not.toBe(401);
    // Unless its own logic refuses credentials it checks itself (the console's sign-in).
    if (!route.errors.includes('unauthorized')) expect(errorCodesOf(route)).not.toContain('unauthorized');
  });
});

describe('every route spends exactly the budgets it declares', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let server: TestServer;
  /** The limits consumed since the last reset, and the one refused (if any). */
  const spent: LimitName[] = [];
  let refusing: LimitName | null = null;
  let sessionToken: string;

  beforeAll(async () => {
    db = await openTestDatabase();
    server = await startTestServer(
      db.conn,
      {},
      {
        services: (s) => {
          const consume = s.rateLimits.consume;
          s.rateLimits.consume = async (limit, key) => {
            spent.push(limit);
            if (limit === refusing) throw rateLimited(7);
            return consume(limit, key);
          };
          return s;
        },
      },
    );
  });
  // A new session with an identity for each route (the per-person budgets have a key; logout ends its session).
  beforeEach(async () => {
    refusing = null;
    const person = await new SandboxPerson(server.url, { name: '张三丰', idType: 'resident_id', idNumber: residentId(5151) }).login();
    await person.enterIdentity();
    sessionToken = person.token;
  });
  afterAll(async () => {
    await server.close();
    await db.drop();
  });

  const credentialOf = (route: AnyRoute) =>
    ({ none: undefined, portal: PORTAL_KEY, operator: OPERATOR_KEY, session: sessionToken })[route.auth as AuthKind];
  it.each(ROUTES.map((r) => [name(r), r] as const))('%s', async (_n, route) => {
    if (route.enabledWhen && !route.enabledWhen(server.config)) return;
    const declared = (route.limits ?? []).map((l: { name: LimitName }) => l.name);
    spent.length = 0;
    refusing = null;
    await call(server.url, route, credentialOf(route));
    // Route budgets are spent before the route runs; a command may spend its own after (face checks per person).
    expect(spent.slice(0, declared.length)).toEqual(declared);
    if (declared.length === 0) return;
    expect(errorCodesOf(route)).toContain('rate_limited');
    for (const limit of declared) {
      refusing = limit;
      const res = await call(server.url, route, credentialOf(route));
      expect(res).toEqual({ status: 429, code: 'rate_limited', retryAfter: '7' });
    }
  });
});
