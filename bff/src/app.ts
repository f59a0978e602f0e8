import Koa from 'koa';
import Router from '@koa/router';
import type { Connection } from 'mongoose';
import type { RuntimeConfig } from '../../config/runtime';
import type { Logger } from './logger';
import { errorHandler } from './middleware/errors';
import { jsonBody } from './middleware/body';
import { requestLog } from './middleware/requestLog';
import { securityHeaders } from './middleware/securityHeaders';
import { healthRoutes } from './routes/health';
import { h5Preview } from './routes/h5Preview';

export interface AppDeps {
  config: RuntimeConfig;
  logger: Logger;
  db: Connection;
  /** True once shutdown has begun: /readyz turns red so load balancers stop sending traffic. */
  isShuttingDown: () => boolean;
}

/** The Koa application with every route; no listening, so tests can mount it on their own server. */
export function createApp(deps: AppDeps): Koa {
  const app = new Koa({ proxy: deps.config.NODE_ENV === 'production' });
  const router = new Router();
  const health = healthRoutes(deps);
  router.use(health.routes());

  app.use(requestLog(deps.logger));
  app.use(errorHandler(deps.logger));
  app.use(securityHeaders());
  app.use(h5Preview(deps.config));
  app.use(jsonBody(deps.config.BODY_LIMIT_KB));
  app.use(router.routes());
  app.use(router.allowedMethods());
  return app;
}
