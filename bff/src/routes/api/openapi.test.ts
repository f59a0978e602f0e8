import { openTestDatabase } from '../../test/database';
import { startTestServer, type TestServer } from '../../test/server';

/** Every HTTP endpoint of API.md (the contract) as OpenAPI writes paths, and whether it takes a JSON body. */
const CONTRACT: Array<[method: string, path: string, body: boolean]> = [
  ['post', '/api/portal/matters', true],
  ['get', '/api/portal/matters/{id}', false],
  ['put', '/api/portal/matters/{id}/documents', true],
  ['post', '/api/portal/matters/{id}/viewer-token', false],
  ['post', '/api/portal/matters/{id}/submit', false],
  ['delete', '/api/portal/matters/{id}', false],
  ['get', '/api/portal/matters/{id}/tasks/{taskId}/signature', false],
  ['post', '/api/mp/session', true],
  ['put', '/api/mp/identity', true],
  ['post', '/api/mp/identity/prefill', true],
  ['post', '/api/mp/bankcard-checks', true],
  ['post', '/api/mp/verifications', true],
  ['post', '/api/mp/verifications/{id}/complete', false],
  ['get', '/api/mp/todos', false],
  ['get', '/api/mp/todos/{taskId}', false],
  ['post', '/api/mp/todos/{taskId}/confirm', true],
  ['post', '/api/sandbox/verifications/{id}/outcome', true],
  ['get', '/readyz', false],
  // Not in API.md, but an endpoint of ours that outside tools call.
  ['post', '/api/operator/tasks/{taskId}/review', true],
  ['post', '/api/portal/matters/{id}/redact', false],
  ['post', '/api/mp/session/logout', false],
];

describe('GET /api/openapi.json', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let server: TestServer;
  let document: { openapi: string; paths: Record<string, Record<string, any>> };

  beforeAll(async () => {
    db = await openTestDatabase();
    server = await startTestServer(db.conn);
    const res = await fetch(`${server.url}/api/openapi.json`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    document = (await res.json()) as typeof document;
  });
  afterAll(async () => {
    await server.close();
    await db.drop();
  });

  it('is an OpenAPI 3 document', () => {
    expect(document.openapi).toMatch(/^3\./);
  });

  it.each(CONTRACT)('describes %s %s', (method, path, body) => {
    const operation = document.paths[path]?.[method];
    expect(operation).toBeDefined();
    expect(operation.responses).toHaveProperty('default');
    if (body) expect(operation.requestBody.content['application/json'].schema).toEqual(expect.any(Object));
  });

  it('names the error codes the contract promises', () => {
    const errorsOf = (method: string, path: string) => String(document.paths[path][method].responses.default.description);
    expect(errorsOf('post', '/api/portal/matters')).toContain('portal_ref_conflict');
    expect(errorsOf('post', '/api/portal/matters/{id}/submit')).toContain('matter_not_ready');
    expect(errorsOf('post', '/api/portal/matters/{id}/submit')).toContain('matter_expired');
    expect(errorsOf('post', '/api/mp/identity/prefill')).toContain('prefill_unavailable');
  });

  it('describes the redaction and its refusal of open matters', () => {
    const redact = document.paths['/api/portal/matters/{id}/redact'].post;
    expect(redact.responses['200'].content['application/json'].schema.required).toContain('purgedAt');
    expect(String(redact.responses.default.description)).toContain('matter_active');
  });

  it('describes the signature download as image/png', () => {
    expect(document.paths['/api/portal/matters/{id}/tasks/{taskId}/signature'].get.responses['200'].content).toHaveProperty('image/png');
  });
});
