import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Middleware } from 'koa';
import send from 'koa-send';
import type { RuntimeConfig } from '../../../../config/runtime';
import { APP_ROOT } from '../../paths';

const PREFIX = '/h5';

/** The hashes of a page's inline scripts, as CSP sources (`'sha256-…'`). */
export function inlineScriptHashes(html: string): string[] {
  return [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/gi)].map(
    (m) => `'sha256-${createHash('sha256').update(m[1], 'utf8').digest('base64')}'`,
  );
}

/**
 * The H5 preview's policy: its own scripts and the build's inline bootstrap script (by hash, read
 * from the page it serves), the API and socket on the same origin, images from itself or data/blob
 * URLs (the signature pad), a document's PDF in an in-page frame from a blob URL, nothing else. Inline styles are allowed: Taro's H5 runtime writes style
 * elements and attributes as it renders (the Chromium test saw 15 violations without it); scripts
 * stay strict.
 */
export function h5ContentSecurityPolicy(html: string): string {
  return [
    "default-src 'none'",
    `script-src 'self' ${inlineScriptHashes(html).join(' ')}`.trim(),
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    'frame-src blob:',
    "font-src 'self' data:",
    "connect-src 'self'",
    "manifest-src 'self'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/**
 * Serves the H5 build of the mini-program at /h5/ from the same origin as the API, so the preview
 * needs no CORS. Hashed assets are cached for a year, index.html never; index.html carries its
 * Content-Security-Policy.
 */
export function h5Preview(config: Pick<RuntimeConfig, 'H5_DIR'>): Middleware {
  const root = path.resolve(APP_ROOT, config.H5_DIR ?? 'dist/h5');
  const policies = new Map<string, { mtimeMs: number; policy: string }>();
  const policyOf = (filePath: string, stats: fs.Stats) => {
    const known = policies.get(filePath);
    if (known?.mtimeMs === stats.mtimeMs) return known.policy;
    const policy = h5ContentSecurityPolicy(fs.readFileSync(filePath, 'utf8'));
    policies.set(filePath, { mtimeMs: stats.mtimeMs, policy });
    return policy;
  };
  return async (ctx, next) => {
    // `ctx.state.route`: what the HTTP metrics count these answers under (middleware/httpMetrics.ts).
    if ((ctx.path === '/' && (ctx.method === 'GET' || ctx.method === 'HEAD')) || ctx.path === PREFIX) {
      ctx.state.route = ctx.path;
      return ctx.redirect(`${PREFIX}/`);
    }
    if (!ctx.path.startsWith(`${PREFIX}/`) || (ctx.method !== 'GET' && ctx.method !== 'HEAD')) return next();
    ctx.state.route = `${PREFIX}/*`;
    const file = ctx.path.slice(PREFIX.length) || '/';
    try {
      await send(ctx, file, {
        root,
        index: 'index.html',
        setHeaders: (res, filePath, stats) => {
          res.setHeader('Cache-Control', /\.[0-9a-f]{8,}\.(js|css)$/.test(filePath) ? 'public, max-age=31536000, immutable' : 'no-cache');
          if (filePath.endsWith('.html')) res.setHeader('Content-Security-Policy', policyOf(filePath, stats));
        },
      });
    } catch (err) {
      if ((err as { status?: number }).status !== 404) throw err;
    }
    if (ctx.body == null) return next();
  };
}
