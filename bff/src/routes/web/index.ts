import Router from '@koa/router';
import type { Services } from '../../services';
import { mountConsole } from './console';
import { demoRoutes } from './demo';
import { metricsOnMainPort, metricsScrape } from './metrics';
import { sendAsset } from './sendAsset';
import { sendSupportQr } from './supportQr';
import { sendWeappEntryCode } from './weappEntryCode';

/**
 * What browsers load from the BFF besides the H5 preview: the live-status SDK at `/portal-sdk.js`,
 * a matter's WeChat mini-program code at `/entry/:matterId/weapp.png` (`entry.weappQrUrl`),
 * the service-window console at `/console/` (its API is `/api/operator/*`) and, outside production,
 * the demo portal at `/demo`. Mounted before the JSON body parser because the demo's form posts are
 * form-encoded; the demo parses its bodies itself. With METRICS_TOKEN, operators' scrapers read
 * `/metrics` here too (`./metrics.ts`). None of it is API: the API is the route table
 * (`../table.ts`) alone.
 */
export function webRoutes(services: Services): Router {
  const router = new Router();
  router.get('/portal-sdk.js', (ctx) => sendAsset(ctx, 'sdk'));
  router.get('/support/qr.png', (ctx) => sendSupportQr(ctx, services.config));
  router.get('/entry/:matterId/weapp.png', (ctx) => sendWeappEntryCode(ctx, services));
  mountConsole(router);
  // Operators' metrics: here only with a token; with METRICS_LISTEN on their own address (app.ts).
  if (metricsOnMainPort(services.config)) router.get('/metrics', metricsScrape(services));
  if (services.config.NODE_ENV !== 'production') router.use(demoRoutes(services).routes());
  return router;
}
