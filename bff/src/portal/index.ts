import Router from '@koa/router';
import type { Middleware } from 'koa';
import { demoRoutes, sendBundle } from '../routes/demo';
import type { Services } from '../services';

/**
 * What browsers load from the BFF besides the H5 preview: the live-status SDK at `/portal-sdk.js`
 * and, outside production, the demo portal at `/demo`. Mounted before the JSON body parser because
 * the demo's form posts are form-encoded; the demo parses its bodies itself.
 */
export function portalWeb(services: Services): Middleware {
  const router = new Router();
  router.get('/portal-sdk.js', (ctx) => sendBundle(ctx, 'sdk'));
  if (services.config.NODE_ENV !== 'production') router.use(demoRoutes(services).routes());
  return router.routes() as Middleware;
}
