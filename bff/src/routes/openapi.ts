import Router from '@koa/router';
import { openApiDocument } from '../openapi/document';

/** `GET /api/openapi.json`: the API described from the same zod schemas the routes validate with. */
export function openApiRoutes(): Router {
  const router = new Router();
  let document: Record<string, unknown> | undefined;
  router.get('/api/openapi.json', (ctx) => {
    document ??= openApiDocument();
    ctx.body = document;
  });
  return router;
}
