import type { Middleware } from 'koa';
import type { RuntimeConfig } from '../../../config/runtime';

/** Nothing for anything not a page of ours: API answers, scripts, styles, images. */
export const BASELINE_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/**
 * The powerful browser features none of our pages use. The face check runs in the platform's own
 * screen (or the sandbox's simulated one), never in our pages, so the camera is off too.
 */
export const PERMISSIONS_POLICY = [
  'camera=()',
  'microphone=()',
  'geolocation=()',
  'payment=()',
  'usb=()',
  'serial=()',
  'bluetooth=()',
  'hid=()',
  'display-capture=()',
  'clipboard-read=()',
  'interest-cohort=()',
  'browsing-topics=()',
].join(', ');

/**
 * Headers of every answer: no sniffing, no referrer, no framing, no powerful features, a
 * Content-Security-Policy (pages replace the baseline with their own: the H5 preview, the demo
 * portal), HSTS in production, and API answers never cached (they can hold personal data).
 */
export function securityHeaders(config: Pick<RuntimeConfig, 'NODE_ENV'>): Middleware {
  const production = config.NODE_ENV === 'production';
  return async (ctx, next) => {
    ctx.set('X-Content-Type-Options', 'nosniff');
    ctx.set('Referrer-Policy', 'no-referrer');
    ctx.set('X-Frame-Options', 'DENY');
    ctx.set('Permissions-Policy', PERMISSIONS_POLICY);
    ctx.set('Cross-Origin-Opener-Policy', 'same-origin');
    ctx.set('Content-Security-Policy', BASELINE_CSP);
    if (production) ctx.set('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
    if (ctx.path.startsWith('/api/')) ctx.set('Cache-Control', 'no-store');
    await next();
  };
}
