import type Router from '@koa/router';
import type { Context } from 'koa';
import { getAsset, getConsoleChunk, type Asset } from '../../portal/assets';
import { sendAsset } from './sendAsset';

/**
 * The service-window console's page: its own script and nothing else. Ant Design writes its styles
 * at run time (CSS-in-JS), hence inline styles; scripts come only from this origin, and the page
 * talks only to this origin's API.
 */
export const CONSOLE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

function sendConsolePage(ctx: Context): void {
  ctx.status = 200;
  ctx.type = 'text/html; charset=utf-8';
  ctx.set('Content-Security-Policy', CONSOLE_CSP);
  ctx.set('Cache-Control', 'no-store');
  ctx.body = getAsset('consolePage').code;
}

/**
 * A chunk of the console's script. Its name carries the hash of its content (the build names them
 * so), so browsers may keep it as long as they like: a new build loads chunks of new names.
 */
function sendChunk(ctx: Context, chunk: Asset): void {
  ctx.type = 'application/javascript; charset=utf-8';
  ctx.set('Cache-Control', 'public, max-age=31536000, immutable');
  ctx.etag = chunk.etag;
  ctx.status = 200; // `fresh` compares validators only on a 2xx
  if (ctx.fresh) {
    ctx.status = 304;
    return;
  }
  ctx.body = chunk.code;
}

/**
 * `/console/` (the page; `/console` redirects to it), `/console/console.js` (the entry, at an address
 * that stays) and the chunks it loads, `/console/<chunk>.js`.
 */
export function mountConsole(router: Router): void {
  // Whether the router tells the two apart by their trailing slash or not, the path itself does.
  router.get(['/console/', '/console'], (ctx) => {
    if (ctx.path === '/console/') return sendConsolePage(ctx);
    ctx.status = 308;
    ctx.redirect('/console/');
  });
  router.get('/console/console.js', (ctx) => sendAsset(ctx, 'console'));
  router.get('/console/:file', (ctx, next) => {
    const chunk = getConsoleChunk(ctx.params.file);
    if (!chunk) return next();
    sendChunk(ctx, chunk);
  });
}
