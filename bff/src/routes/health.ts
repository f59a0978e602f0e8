import Router from '@koa/router';
import type { Connection } from 'mongoose';
import { AppError } from '../errors';
import { pingDatabase } from '../db/connection';

/** Liveness (`/healthz`: the process answers) and readiness (`/readyz`: it can serve, database included). */
export function healthRoutes(deps: { db: Connection; isShuttingDown: () => boolean }): Router {
  const router = new Router();

  router.get('/healthz', (ctx) => {
    ctx.body = { status: 'ok' };
  });

  router.get('/readyz', async (ctx) => {
    const database = await pingDatabase(deps.db);
    const shuttingDown = deps.isShuttingDown();
    const checks = { database: database ? 'ok' : 'unavailable', shuttingDown };
    if (!database || shuttingDown) {
      throw new AppError(503, shuttingDown ? 'shutting_down' : 'database_unavailable', undefined, { checks }, { 'Retry-After': '5' });
    }
    ctx.set('Cache-Control', 'no-store');
    ctx.body = { status: 'ready', checks };
  });

  return router;
}
