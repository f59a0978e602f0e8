import { bodyParser } from '@koa/bodyparser';
import type { Middleware } from 'koa';
import { invalidJson, payloadTooLarge, unsupportedMediaType } from '../errors';

const WITH_BODY = new Set(['POST', 'PUT', 'PATCH']);

/**
 * JSON bodies only, refused past `limitKb` before they are buffered whole. A body of another type
 * is a 415 rather than silently ignored; an empty body parses as `{}`.
 */
export function jsonBody(limitKb: number): Middleware {
  const parse = bodyParser({
    enableTypes: ['json'],
    jsonLimit: `${limitKb}kb`,
    jsonStrict: true,
    encoding: 'utf-8',
    // co-body's errors carry the raw body; replace them so it can never reach a log line.
    onError: (err) => {
      const type = (err as { type?: string }).type;
      if (type === 'entity.too.large') throw payloadTooLarge(limitKb * 1024);
      if (type === 'encoding.unsupported' || type === 'charset.unsupported') throw unsupportedMediaType();
      throw invalidJson();
    },
  });
  return async (ctx, next) => {
    const hasBody = ctx.request.length > 0 || ctx.get('transfer-encoding') !== '';
    if (WITH_BODY.has(ctx.method) && hasBody && !ctx.is('application/json', '+json')) throw unsupportedMediaType();
    return parse(ctx, next);
  };
}
