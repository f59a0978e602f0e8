import http from 'node:http';
import Koa from 'koa';
import Router from '@koa/router';
import { z } from 'zod';
import { CreateMatterRequestSchema } from '@regverify/shared';
import { createLogger } from '../logger';
import { errorHandler } from './errors';
import { jsonBody } from './body';
import { validate } from './validate';

/** The middleware chain of the app around two stand-in routes, on a real HTTP server. */
function buildApp(logLines: string[]) {
  const logger = createLogger('info', { write: (line: string) => logLines.push(line) });
  const app = new Koa();
  const router = new Router();
  router.post('/matters', validate({ body: CreateMatterRequestSchema }), (ctx) => {
    ctx.status = 201;
    ctx.body = { count: ctx.state.input.body.participants.length };
  });
  router.get(
    '/items/:id',
    validate({
      params: z.object({ id: z.string().regex(/^\d+$/, '编号须为数字') }),
      query: z.object({ page: z.coerce.number().int().min(1).default(1) }),
    }),
    (ctx) => {
      ctx.body = ctx.state.input;
    },
  );
  router.get('/boom', () => {
    throw new Error('secret detail 11010519491231002X');
  });
  router.get('/db-down', () => {
    throw Object.assign(new Error('Server selection timed out after 3000 ms'), { name: 'MongoServerSelectionError' });
  });
  app.use(errorHandler(logger));
  app.use(jsonBody(1));
  app.use(router.routes());
  app.use(router.allowedMethods());
  return app;
}

describe('error handling middleware', () => {
  const logLines: string[] = [];
  let server: http.Server;
  let url: string;

  beforeAll(async () => {
    server = http.createServer(buildApp(logLines).callback());
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  afterAll(() => new Promise((r) => server.close(r)));

  const post = (path: string, body: string, type = 'application/json') =>
    fetch(url + path, { method: 'POST', headers: { 'content-type': type }, body });

  async function expectError(res: Response, status: number, code: string) {
    expect(res.status).toBe(status);
    const body = (await res.json()) as { error: { code: string; message: string; details?: Record<string, unknown> } };
    expect(body).toEqual({ error: expect.objectContaining({ code, message: expect.stringMatching(/[\u4e00-\u9fa5]/) }) });
    return body.error;
  }

  it('answers an unknown route with 404 not_found', async () => {
    await expectError(await fetch(url + '/nowhere'), 404, 'not_found');
  });

  it('answers a wrong method with 405 and the allowed methods', async () => {
    const res = await fetch(url + '/matters', { method: 'DELETE' });
    const error = await expectError(res, 405, 'method_not_allowed');
    expect(res.headers.get('allow')).toContain('POST');
    expect(error.details).toEqual({ allowed: ['POST'] });
  });

  it('answers malformed JSON with 400 invalid_json', async () => {
    await expectError(await post('/matters', '{"portalRef": '), 400, 'invalid_json');
  });

  it('answers a non-JSON body with 415', async () => {
    await expectError(await post('/matters', 'portalRef=1', 'application/x-www-form-urlencoded'), 415, 'unsupported_media_type');
  });

  it.each(['application/merge-patch+json', 'application/problem+json; charset=utf-8'])(
    'parses a body of type %s like application/json: never skipped as if empty',
    async (type) => {
      await expectError(await post('/matters', '{"portalRef": ', type), 400, 'invalid_json');
      await expectError(await post('/matters', JSON.stringify({ pad: 'x'.repeat(4096) }), type), 413, 'payload_too_large');
    },
  );

  it('refuses a body over the limit with 413 before parsing it', async () => {
    await expectError(await post('/matters', JSON.stringify({ pad: 'x'.repeat(4096) })), 413, 'payload_too_large');
  });

  it.each([
    ['claims a deflate encoding it does not have', { 'content-encoding': 'deflate' }, false],
    ['is over the limit, sent in chunks', {}, true],
  ])(
    'closes a kept-alive connection after refusing a body that %s, so the next request is not stuck behind it',
    async (_label, headers, chunked) => {
      const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
      const request = (method: string, path: string, body?: Buffer) =>
        new Promise<{ status: number; connection?: string }>((resolve, reject) => {
          const req = http.request(
            url + path,
            {
              method,
              agent,
              timeout: 3000,
              headers: body
                ? {
                    'content-type': 'application/json',
                    ...headers,
                    ...(chunked ? { 'transfer-encoding': 'chunked' } : { 'content-length': body.length }),
                  }
                : {},
            },
            (res) => {
              res.resume();
              res.on('end', () => resolve({ status: res.statusCode!, connection: res.headers.connection }));
            },
          );
          req.on('timeout', () => req.destroy(new Error(`${method} ${path}: no answer`)));
          req.on('error', reject);
          req.end(body);
        });
      try {
        // Bigger than what the parser reads before it gives up, so that some of it is left unread.
        const refused = await request('POST', '/matters', Buffer.from(`{"pad":"${'x'.repeat(300_000)}"}`));
        expect(refused).toEqual({ status: expect.any(Number), connection: 'close' });
        expect(refused.status).toBeGreaterThanOrEqual(400);
        expect((await request('GET', '/items/7')).status).toBe(200);
      } finally {
        agent.destroy();
      }
    },
  );

  it('answers a schema violation with 400 naming the field, without echoing the number', async () => {
    const body = JSON.stringify({
      portalRef: 'HN-1',
      kind: '设立登记',
      entityName: '某公司',
      documents: [{ name: '申请书', sha256: 'a'.repeat(64) }],
      participants: [{ name: '张三', idType: 'resident_id', idNumber: '110105194912310021', roles: ['股东'], actions: ['verify'] }],
    });
    const error = await expectError(await post('/matters', body), 400, 'validation_failed');
    expect(error.details?.field).toBe('participants[0].idNumber');
    expect(error.message).toContain('participants[0].idNumber');
    expect(JSON.stringify(error)).not.toContain('110105194912310021');
  });

  it('validates route params and query, with defaults', async () => {
    await expectError(await fetch(url + '/items/abc'), 400, 'validation_failed');
    await expectError(await fetch(url + '/items/1?page=0'), 400, 'validation_failed');
    const ok = await fetch(url + '/items/7');
    expect(await ok.json()).toEqual({ params: { id: '7' }, query: { page: 1 } });
  });

  it('accepts a valid body', async () => {
    const body = JSON.stringify({
      portalRef: 'HN-1',
      kind: '设立登记',
      entityName: '某公司',
      documents: [{ name: '申请书', sha256: 'a'.repeat(64) }],
      participants: [{ name: '张三', idType: 'resident_id', idNumber: '11010519491231002X', roles: ['股东'], actions: ['verify'] }],
    });
    const res = await post('/matters', body);
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({ count: 1 });
  });

  it('hides an unexpected failure behind 500 internal_error and logs it without bodies', async () => {
    const error = await expectError(await fetch(url + '/boom'), 500, 'internal_error');
    expect(error.message).not.toContain('secret');
    expect(logLines.some((l) => l.includes('unhandled error'))).toBe(true);
  });

  it('maps an unreachable database to 503 database_unavailable', async () => {
    const res = await fetch(url + '/db-down');
    await expectError(res, 503, 'database_unavailable');
    expect(res.headers.get('retry-after')).toBe('5');
  });
});
