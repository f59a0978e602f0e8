import { ERROR_STATUS } from '../../errors';
import { errorCodesOf } from '../../openapi/document';
import { openTestDatabase } from '../../../test/database';
import { startTestServer, type TestServer } from '../../../test/server';
import { koaPath, type AnyRoute } from '../route';
import { ROUTES } from '../table';

type Operation = {
  operationId: string;
  security: Array<Record<string, string[]>>;
  requestBody?: { content: Record<string, { schema: unknown }> };
  responses: Record<string, { description: string; content?: Record<string, { schema: { $ref?: string } }>; 'x-error-codes'?: string[] }>;
};
type Document = {
  openapi: string;
  servers: Array<{ url: string }>;
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, any> };
};

const key = (method: string, path: string) => `${method.toUpperCase()} ${path}`;

describe('GET /api/openapi.json', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let server: TestServer;
  let document: Document;
  let served: AnyRoute[];

  beforeAll(async () => {
    db = await openTestDatabase();
    server = await startTestServer(db.conn);
    served = ROUTES.filter((r) => !r.enabledWhen || r.enabledWhen(server.config));
    const res = await fetch(`${server.url}/api/openapi.json`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    document = (await res.json()) as Document;
  });
  afterAll(async () => {
    await server.close();
    await db.drop();
  });

  const operationOf = (route: AnyRoute) => document.paths[route.path]?.[route.method];

  it('is an OpenAPI 3 document with this deployment as its server', () => {
    expect(document.openapi).toMatch(/^3\./);
    expect(document.servers).toEqual([expect.objectContaining({ url: server.config.PUBLIC_URL })]);
  });

  it('describes exactly the routes of the table, each under its own operationId', () => {
    const described = Object.entries(document.paths).flatMap(([path, ops]) => Object.keys(ops).map((method) => key(method, path)));
    expect(described.sort()).toEqual(served.map((r) => key(r.method, r.path)).sort());
    const ids = served.map((r) => operationOf(r).operationId);
    expect(ids).toEqual(served.map((r) => r.operationId));
    expect(new Set(ids).size).toBe(ids.length);
  });

  it.each(ROUTES.map((r) => [key(r.method, r.path), r] as const))(
    '%s: security, body, answer and every error it can give',
    (_name, route) => {
      if (route.enabledWhen && !route.enabledWhen(server.config)) return;
      const op = operationOf(route);
      const security =
        route.auth === 'none' ? [] : route.auth === 'operator' ? [{ operator: [] }, { operatorSession: [] }] : [{ [route.auth]: [] }];
      expect(op.security).toEqual(security);
      if (route.body) expect(op.requestBody!.content['application/json'].schema).toEqual(expect.any(Object));
      else if (route.bytes) expect(op.requestBody!.content[route.bytes.contentType].schema).toEqual({ type: 'string', format: 'binary' });
      else expect(op.requestBody).toBeUndefined();
      const ok = op.responses[String(route.answer.status)];
      expect(ok.content).toBeDefined();
      // Every error code the route can give is documented under its status, and no other.
      const documented = Object.entries(op.responses).flatMap(([status, r]) =>
        (r['x-error-codes'] ?? []).map((code) => `${status} ${code}`),
      );
      expect(documented.sort()).toEqual(
        errorCodesOf(route)
          .map((code) => `${ERROR_STATUS[code]} ${code}`)
          .sort(),
      );
      expect(op.responses.default.content!['application/json'].schema.$ref).toBe('#/components/schemas/ErrorBody');
    },
  );

  it('names the error codes the contract promises', () => {
    const errorsOf = (method: string, path: string) =>
      Object.values(document.paths[path][method].responses).flatMap((r) => r['x-error-codes'] ?? []);
    expect(errorsOf('post', '/api/portal/matters')).toContain('portal_ref_conflict');
    expect(errorsOf('post', '/api/portal/matters/{id}/submit')).toContain('matter_not_ready');
    expect(errorsOf('post', '/api/portal/matters/{id}/submit')).toContain('matter_expired');
    expect(errorsOf('post', '/api/mp/identity/prefill')).toContain('prefill_unavailable');
    expect(document.paths['/api/portal/matters/{id}/submit'].post.responses['409'].description).toContain('matter_not_ready');
  });

  it('describes the redaction and its refusal of open matters', () => {
    const redact = document.paths['/api/portal/matters/{id}/redact'].post;
    const ref = redact.responses['200'].content!['application/json'].schema.$ref!;
    expect(document.components.schemas[ref.split('/').pop()!].required).toContain('purgedAt');
    expect(redact.responses['409']['x-error-codes']).toContain('matter_active');
  });

  it('describes organizations among the participants and the WeChat code of the entry', () => {
    const text = JSON.stringify(document.paths['/api/portal/matters'].post);
    const schemas = JSON.stringify(document.components.schemas);
    for (const name of ['"uscc"', '"representative"', '"organization"']) expect(text + schemas).toContain(name);
    expect(text + schemas).toContain('"usccMasked"');
    expect(text + schemas).toContain('"weappQrUrl"');
  });

  it('describes the signature download as image/png', () => {
    expect(document.paths['/api/portal/matters/{id}/tasks/{taskId}/signature'].get.responses['200'].content).toHaveProperty('image/png');
  });
});

describe('the route table', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let server: TestServer;

  beforeAll(async () => {
    db = await openTestDatabase();
    server = await startTestServer(db.conn);
  });
  afterAll(async () => {
    await server.close();
    await db.drop();
  });

  /** Every (method, path) a router of the app serves. */
  const servedBy = (router: TestServer['routers']['api']) =>
    router.stack.flatMap((layer) => layer.methods.filter((m) => m !== 'HEAD').map((m) => `${m} ${String(layer.path)}`));

  it('is all the API the app serves: no endpoint is served that it does not declare', () => {
    const declared = new Set(
      ROUTES.filter((r) => !r.enabledWhen || r.enabledWhen(server.config)).map((r) => key(r.method, koaPath(r.path))),
    );
    expect(servedBy(server.routers.api).sort()).toEqual([...declared].sort());
    // The web router (SDK, demo pages) serves no API path.
    const api = /^\S+ (\/api\/|\/healthz$|\/readyz$)/;
    expect(servedBy(server.routers.web).filter((s) => api.test(s))).toEqual([]);
  });

  it.each(ROUTES.map((r) => [r.operationId, r] as const))('%s declares its answer, tag, summary and a unique path', (_id, route) => {
    expect('schema' in route.answer ? route.answer.schema : route.answer.contentType).toBeTruthy();
    expect(route.answer.description).toBeTruthy();
    expect(route.summary).toBeTruthy();
    expect(route.path).toMatch(/^\/[\w\-./{}]*$/);
    expect(ROUTES.filter((r) => r.method === route.method && r.path === route.path)).toHaveLength(1);
    expect(ROUTES.filter((r) => r.operationId === route.operationId)).toHaveLength(1);
  });

  it('declares the sandbox endpoints for the sandbox provider only', () => {
    const sandbox = ROUTES.filter((r) => r.tag === 'sandbox');
    expect(sandbox.length).toBeGreaterThan(0);
    for (const route of sandbox) {
      expect(route.enabledWhen?.({ ...server.config, IDENTITY_PROVIDER: 'alipay' })).toBe(false);
      expect(route.enabledWhen?.(server.config)).toBe(true);
    }
  });
});
