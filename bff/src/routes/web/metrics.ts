import Router from '@koa/router';
import type { Middleware } from 'koa';
import type { RuntimeConfig } from '../../../../config/runtime';
import { metricsToken } from '../../auth/authenticate';
import type { Services } from '../../services';
import { guessingCostsFor } from '../mount';

/** Whether the main port serves /metrics: with METRICS_TOKEN, unless METRICS_LISTEN gives it an address of its own. */
export const metricsOnMainPort = (config: Pick<RuntimeConfig, 'METRICS_TOKEN' | 'METRICS_LISTEN'>): boolean =>
  !!config.METRICS_TOKEN && !config.METRICS_LISTEN;

/**
 * `GET /metrics`: the services' Prometheus registry in the text format. With METRICS_TOKEN, only
 * for `Authorization: Bearer <token>`; a wrong token is a guess like a wrong portal key, counted per
 * client address (`authFailures`). Not an endpoint of the API: operators' scrapers, not portals,
 * read it, so it is in neither the route table nor the OpenAPI document.
 */
export function metricsScrape(services: Services): Middleware {
  const token = services.config.METRICS_TOKEN;
  const check = token ? metricsToken(token) : null;
  const authenticate =
    check &&
    guessingCostsFor(services, services.logger).cheap('metrics', (ctx) => {
      check(ctx.get('authorization'));
      return {};
    });
  return async (ctx) => {
    if (authenticate) await authenticate(ctx);
    const { contentType, body } = await services.metrics.scrape();
    ctx.set('Cache-Control', 'no-store');
    ctx.type = contentType;
    ctx.body = body;
  };
}

/** The router of METRICS_LISTEN's address: /metrics and nothing else. */
export function metricsRouter(services: Services): Router {
  const router = new Router();
  router.get('/metrics', metricsScrape(services));
  return router;
}
