import type { Middleware } from 'koa';
import type { Connection } from 'mongoose';
import { isDatabaseConnected } from '../db/connection';
import { databaseUnavailable } from '../errors';

/** Paths served without the database: health, the OpenAPI document, static bundles and pages. */
const needsDatabase = (path: string): boolean => (path.startsWith('/api/') && path !== '/api/openapi.json') || path.startsWith('/demo/');

/**
 * Fails fast while the database is known to be away: `503 database_unavailable` (with
 * Retry-After) at once, instead of every request waiting the driver's server selection timeout
 * (3 s) to end the same way. The driver's own heartbeat notices when the database is back.
 */
export function databaseGate(db: Connection): Middleware {
  return async (ctx, next) => {
    if (needsDatabase(ctx.path) && !isDatabaseConnected(db)) throw databaseUnavailable();
    await next();
  };
}
