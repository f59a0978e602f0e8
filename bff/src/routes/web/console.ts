import type Router from '@koa/router';
import type { Context } from 'koa';
import { getAsset } from '../../portal/assets';
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

/** `/console/` (the page; `/console` redirects to it) and `/console/console.js`. */
export function mountConsole(router: Router): void {
  // The router ignores a trailing slash: one route, told apart by the path itself.
  router.get('/console/', (ctx) => {
    if (ctx.path === '/console/') return sendConsolePage(ctx);
    ctx.status = 308;
    ctx.redirect('/console/');
  });
  router.get('/console/console.js', (ctx) => sendAsset(ctx, 'console'));
}
