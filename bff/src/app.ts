import Koa from 'koa';
import Router from '@koa/router';
import type { Connection } from 'mongoose';
import type { RuntimeConfig } from '../../config/runtime';
import type { Logger } from './logger';
import { errorHandler } from './middleware/errors';
import { databaseGate } from './middleware/databaseGate';
import { jsonBody } from './middleware/body';
import { requestLog } from './middleware/requestLog';
import { securityHeaders } from './middleware/securityHeaders';
import { healthRoutes } from './routes/health';
import { h5Preview } from './routes/h5Preview';
import { mpRoutes } from './routes/api/mp';
import { operatorRoutes } from './routes/api/operator';
import { portalRoutes } from './routes/api/portal';
import { sandboxRoutes } from './routes/api/sandbox';
import { openApiRoutes } from './routes/openapi';
import { portalWeb } from './portal';
import type { Services } from './services';

export interface AppDeps {
  config: RuntimeConfig;
  logger: Logger;
  db: Connection;
  /** True once shutdown has begun: /readyz turns red so load balancers stop sending traffic. */
  isShuttingDown: () => boolean;
  services: Services;
}

/** The Koa application with every route; no listening, so tests can mount it on their own server. */
export function createApp(deps: AppDeps): Koa {
  const app = new Koa({ proxy: deps.config.NODE_ENV === 'production' });
  const router = new Router();
  const { services } = deps;
  router.use(healthRoutes(deps).routes());
  router.use(openApiRoutes().routes());
  router.use(portalRoutes(services).routes());
  router.use(mpRoutes(services).routes());
  router.use(operatorRoutes(services).routes());
  if (deps.config.IDENTITY_PROVIDER === 'sandbox') router.use(sandboxRoutes(services).routes());

  app.use(requestLog(deps.logger));
  app.use(errorHandler(deps.logger));
  app.use(securityHeaders());
  app.use(databaseGate(deps.db));
  app.use(h5Preview(deps.config));
  app.use(portalWeb(services)); // /portal-sdk.js and /demo: before jsonBody, the demo form posts form-encoded
  app.use(jsonBody(deps.config.BODY_LIMIT_KB));
  app.use(router.routes());
  app.use(router.allowedMethods());
  return app;
}
