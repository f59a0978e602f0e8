import type { IncomingMessage } from 'node:http';
import { bodyParser } from '@koa/bodyparser';
import getRawBody from 'raw-body';
import type { Middleware } from 'koa';
import { AppError, invalidJson, payloadTooLarge, unsupportedMediaType } from '../errors';

const WITH_BODY = new Set(['POST', 'PUT', 'PATCH']);

/**
 * The same refusal, answered with `Connection: close`. A refused body may be left half read (over
 * the limit, or not the gzip/deflate it claims to be): the parser stops reading and pauses the
 * request, so the next request on a kept-alive connection would wait behind the rest of that body
 * forever. Closing the connection is the only way out, and costs the refused client one reconnect.
 */
const closing = (err: AppError) =>
  new AppError(err.code, { message: err.message, details: err.details, headers: { ...err.headers, Connection: 'close' } });

/** A route whose body may be larger than the general limit (the signature route: 280 KB), or is bytes of one type (a document's PDF). */
export interface BodyLimit {
  method: string;
  path: RegExp;
  limitKb: number;
  /** The body is bytes of this type, kept as they are in `ctx.state.bytes`. */
  bytesOf?: string;
}

/**
 * JSON bodies only, refused past `limitKb` (or past a route's own limit, `larger`) before they are
 * buffered whole. A body of another type is a 415 rather than silently ignored; an empty body
 * parses as `{}`.
 */
export function jsonBody(limitKb: number, larger: readonly BodyLimit[] = []): Middleware {
  const general = parserUpTo(limitKb);
  const own = larger.map((route) => ({ ...route, parse: parserUpTo(Math.max(limitKb, route.limitKb)) }));
  return async (ctx, next) => {
    const hasBody = ctx.request.length > 0 || ctx.get('transfer-encoding') !== '';
    // Bytes are read by the route itself, after authentication and its limits (`bytesUpTo`).
    if (own.some((r) => r.bytesOf && r.method === ctx.method && r.path.test(ctx.path))) return next();
    // Not read at all: closing spares reading (and dropping) a body that may never end.
    if (WITH_BODY.has(ctx.method) && hasBody && !ctx.is('application/json', '+json')) throw closing(unsupportedMediaType());
    // A body on a GET or DELETE means nothing here; it is read and dropped (up to the limit) before
    // the answer, which could otherwise be written against a client still blocked sending it.
    if (!WITH_BODY.has(ctx.method) && hasBody) await discardBody(ctx.req, limitKb * 1024);
    const route = own.find((r) => r.method === ctx.method && r.path.test(ctx.path));
    return (route ? route.parse : general)(ctx, next);
  };
}

/**
 * Reads a request body to its end without keeping it; past `limitBytes`, 413 and the connection
 * closes. The request is left paused rather than destroyed, which would reset the connection
 * before the 413 is out; the server reads and drops the rest after the answer (server.ts).
 */
function discardBody(req: IncomingMessage, limitBytes: number): Promise<void> {
  if (Number(req.headers['content-length']) > limitBytes) return Promise.reject(closing(payloadTooLarge(limitBytes)));
  return new Promise((resolve, reject) => {
    let seen = 0;
    const settle = (err?: unknown) => {
      req.off('data', onData).off('end', settle).off('error', settle);
      req.pause();
      if (err) reject(err);
      else resolve();
    };
    const onData = (chunk: Buffer) => {
      seen += chunk.length;
      if (seen > limitBytes) settle(closing(payloadTooLarge(limitBytes)));
    };
    req.on('data', onData).once('end', settle).once('error', settle);
  });
}

/**
 * The body as bytes of `type` (anything else is a 415) in `ctx.state.bytes`, refused past `limitKb`
 * before it is buffered whole. A route step after authentication, so nobody without the route's
 * credential makes the server read megabytes.
 */
export function bytesUpTo(type: string, limitKb: number): Middleware {
  return async (ctx, next) => {
    if (!ctx.is(type)) throw closing(new AppError('unsupported_media_type', { message: `请求内容须为 ${type}` }));
    const limit = limitKb * 1024;
    if (Number(ctx.get('content-length')) > limit) throw closing(payloadTooLarge(limit));
    try {
      ctx.state.bytes = await getRawBody(ctx.req, { limit, length: ctx.get('content-length') || undefined });
    } catch (err) {
      const type = (err as { type?: string }).type;
      if (type === 'entity.too.large') throw closing(payloadTooLarge(limit));
      if (type === 'request.aborted') throw closing(new AppError('request_timeout'));
      throw closing(new AppError('validation_failed', { message: '请求内容不完整' }));
    }
    await next();
  };
}

function parserUpTo(limitKb: number): Middleware {
  return bodyParser({
    enableTypes: ['json'],
    jsonLimit: `${limitKb}kb`,
    jsonStrict: true,
    encoding: 'utf-8',
    // Every type the 415 check below lets through is parsed: the parser's own list lacks most `+json`
    // types, whose bodies it would skip unread (and unlimited) while the route saw `{}`.
    detectJSON: (ctx) => Boolean(ctx.is('application/json', '+json')),
    // co-body's errors carry the raw body; replace them so it can never reach a log line.
    onError: (err) => {
      const type = (err as { type?: string }).type;
      if (type === 'entity.too.large') throw closing(payloadTooLarge(limitKb * 1024));
      if (type === 'encoding.unsupported' || type === 'charset.unsupported') throw closing(unsupportedMediaType());
      throw closing(invalidJson());
    },
  }) as Middleware;
}
