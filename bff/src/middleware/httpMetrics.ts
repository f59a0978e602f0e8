import type { Context, Middleware } from 'koa';
import { secondsSince, type Metrics } from '../metrics/metrics';

/**
 * The template of the route that answered: the router's matched path (`/api/portal/matters/:id`),
 * or what a middleware outside the routers says it served (`ctx.state.route`); null for none.
 * Never the path itself: ids in paths are unbounded, and some say whose matter it is.
 */
export function routeTemplateOf(ctx: Context): string | null {
  const matched = (ctx as { _matchedRoute?: unknown })._matchedRoute ?? ctx.state.route;
  return typeof matched === 'string' ? matched : null;
}

/**
 * Counts and times every request by method, route template and final status. Outside the error
 * handler, so that failures are counted with the status they were answered with.
 */
export function httpMetrics(metrics: Pick<Metrics, 'httpRequest'>): Middleware {
  return async (ctx, next) => {
    const started = process.hrtime.bigint();
    try {
      await next();
    } finally {
      metrics.httpRequest(ctx.method, routeTemplateOf(ctx), ctx.status, secondsSince(started));
    }
  };
}
