import type { Middleware } from 'koa';
import { AppError, databaseUnavailable, internalError, methodNotAllowed, notFound, payloadTooLarge, unsupportedMediaType } from '../errors';
import type { Logger } from '../logger';

/** Driver and mongoose errors that mean "the database cannot answer right now". */
function isDatabaseUnavailable(err: { name?: string; message?: string }): boolean {
  return (
    /^Mongo(Server)?SelectionError$|^MongoNetwork(Timeout)?Error$|^MongoNotConnectedError$|^MongoTopologyClosedError$|^MongoPoolClearedError$/.test(
      err.name ?? '',
    ) || /before initial connection is complete|Connection was force closed|client was closed/.test(err.message ?? '')
  );
}

export function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  const e = (err ?? {}) as { status?: number; name?: string; message?: string };
  if (isDatabaseUnavailable(e)) return databaseUnavailable();
  if (e.status === 404) return notFound();
  if (e.status === 413) return payloadTooLarge();
  if (e.status === 415) return unsupportedMediaType();
  return internalError();
}

/**
 * The one place where failures become responses: AppErrors as they are, body-parser and database
 * failures mapped to their codes, anything else a generic 500 that is logged (without bodies).
 * Routes that matched nothing become 404, and paths served for other methods 405.
 */
export function errorHandler(logger: Logger): Middleware {
  return async (ctx, next) => {
    try {
      await next();
      if (ctx.body == null && (ctx.status === 405 || ctx.status === 501)) throw methodNotAllowed(ctx.response.get('Allow'));
      if (ctx.body == null && ctx.status === 404) throw notFound();
    } catch (err) {
      const appError = toAppError(err);
      if (appError.status >= 500 && appError.code === 'internal_error') {
        logger.error({ err, method: ctx.method, path: ctx.path, requestId: ctx.state.requestId }, 'unhandled error');
      }
      ctx.status = appError.status;
      if (appError.headers) ctx.set(appError.headers);
      ctx.body = {
        error: { code: appError.code, message: appError.message, ...(appError.details ? { details: appError.details } : {}) },
      };
    }
  };
}
