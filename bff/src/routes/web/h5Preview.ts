import path from 'node:path';
import type { Middleware } from 'koa';
import send from 'koa-send';
import type { RuntimeConfig } from '../../../../config/runtime';
import { APP_ROOT } from '../../paths';

const PREFIX = '/h5';

/**
 * Serves the H5 build of the mini-program at /h5/ from the same origin as the API, so the preview
 * needs no CORS. Hashed assets are cached for a year, index.html never.
 */
export function h5Preview(config: Pick<RuntimeConfig, 'H5_DIR'>): Middleware {
  const root = path.resolve(APP_ROOT, config.H5_DIR ?? 'dist/h5');
  return async (ctx, next) => {
    if (ctx.path === '/' && (ctx.method === 'GET' || ctx.method === 'HEAD')) return ctx.redirect(`${PREFIX}/`);
    if (ctx.path === PREFIX) return ctx.redirect(`${PREFIX}/`);
    if (!ctx.path.startsWith(`${PREFIX}/`) || (ctx.method !== 'GET' && ctx.method !== 'HEAD')) return next();
    const file = ctx.path.slice(PREFIX.length) || '/';
    try {
      await send(ctx, file, {
        root,
        index: 'index.html',
        setHeaders: (res, filePath) =>
          res.setHeader('Cache-Control', /\.[0-9a-f]{8,}\.(js|css)$/.test(filePath) ? 'public, max-age=31536000, immutable' : 'no-cache'),
      });
    } catch (err) {
      if ((err as { status?: number }).status !== 404) throw err;
    }
    if (ctx.body == null) return next();
  };
}
