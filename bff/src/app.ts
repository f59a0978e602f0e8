import Koa from 'koa';
import type Router from '@koa/router';
import type { Connection } from 'mongoose';
import type { RuntimeConfig } from '../../config/runtime';
import type { Logger } from './logger';
import { clientAddress } from './middleware/clientAddress';
import { errorHandler } from './middleware/errors';
import { databaseGate } from './middleware/databaseGate';
import { jsonBody } from './middleware/body';
import { httpMetrics } from './middleware/httpMetrics';
import { requestLog } from './middleware/requestLog';
import { securityHeaders } from './middleware/securityHeaders';
import { openApiDocument } from './openapi/document';
import { bodyLimits, mountRoutes } from './routes/mount';
import { ROUTES } from './routes/table';
import { h5Preview } from './routes/web/h5Preview';
import { webRoutes } from './routes/web';
import { metricsRouter } from './routes/web/metrics';
import type { Services } from './services';

export interface AppDeps {
  config: RuntimeConfig;
  logger: Logger;
  db: Connection;
  /** True once shutdown has begun: /readyz turns red so load balancers stop sending traffic. */
  isShuttingDown: () => boolean;
  services: Services;
}

/** The Koa application, and its routers (tests check that every API endpoint they serve is declared). */
export interface App {
  app: Koa;
  routers: { api: Router; web: Router };
}

/** The Koa application with every route; no listening, so tests can mount it on their own server. */
export function buildApp(deps: AppDeps): App {
  const { config, logger, services } = deps;
  // Koa's own proxy trust would believe X-Forwarded-For from anyone: the client address is
  // `ctx.state.ip`, through the configured proxies only (middleware/clientAddress.ts).
  const app = new Koa({ proxy: false });
  let document: Record<string, unknown> | undefined;
  const openApi = () => (document ??= openApiDocument(ROUTES, config));
  const api = mountRoutes(ROUTES, { ...deps, openApiDocument: openApi }, logger);
  const web = webRoutes(services);

  app.use(clientAddress(config));
  app.use(requestLog(logger));
  app.use(httpMetrics(services.metrics)); // outside the error handler: failures count with their status
  app.use(errorHandler(logger));
  app.use(securityHeaders(config));
  app.use(databaseGate(deps.db));
  app.use(h5Preview(config));
  app.use(web.routes()); // /portal-sdk.js and /demo: before jsonBody, the demo form posts form-encoded
  app.use(jsonBody(config.BODY_LIMIT_KB, bodyLimits(ROUTES)));
  app.use(api.routes());
  app.use(api.allowedMethods());
  return { app, routers: { api, web } };
}

/** The Koa application with every route. */
export const createApp = (deps: AppDeps): Koa => buildApp(deps).app;

/**
 * The app of METRICS_LISTEN's address: `/metrics` and nothing else (404 in the error envelope), with
 * the same client address, request log, error envelope and security headers as the main app.
 */
export function createMetricsApp(deps: Pick<AppDeps, 'config' | 'logger' | 'services'>): Koa {
  const { config, logger, services } = deps;
  const app = new Koa({ proxy: false });
  const router = metricsRouter(services);
  app.use(clientAddress(config));
  app.use(requestLog(logger));
  app.use(errorHandler(logger));
  app.use(securityHeaders(config));
  app.use(router.routes());
  app.use(router.allowedMethods());
  return app;
}
