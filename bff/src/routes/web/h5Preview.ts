import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
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
 * The H5 preview's policy: its own scripts and the page's inline ones (the build's rem bootstrap and
 * the loader of the bundle, by hash, read from the page it serves), the API and socket on the same origin, images from itself or data/blob
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

/** What is worth compressing: the build's text files, from 1 KB on (below, the headers weigh more). */
const COMPRESSIBLE = /\.(html|js|css|svg|json|txt)$/;
const MIN_COMPRESSED_BYTES = 1024;

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);
type Encoding = 'br' | 'gzip';
const ENCODERS: Record<Encoding, (file: Buffer) => Promise<Buffer>> = {
  // Quality 5: the H5 bundle in about 15 ms for the first request, within a few percent of 9.
  br: (file) =>
    brotli(file, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 5, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: file.length } }),
  gzip: (file) => gzip(file, { level: 6 }),
};

/**
 * The compressed copies of a build's files, made on their first request and kept while the file
 * is unchanged (a new build writes new hashed names; the copies of a file that changed are
 * replaced). Bounded, so that a long-running preview over many rebuilds does not grow.
 */
function compressedCopies(limit = 256) {
  const copies = new Map<string, { mtimeMs: number; size: number; encoded: Promise<Buffer> }>();
  return (filePath: string, stats: fs.Stats, encoding: Encoding): Promise<Buffer> => {
    const key = `${encoding}:${filePath}`;
    const known = copies.get(key);
    if (known?.mtimeMs === stats.mtimeMs && known.size === stats.size) return known.encoded;
    if (copies.size >= limit) copies.clear();
    const encoded = fs.promises.readFile(filePath).then(ENCODERS[encoding]);
    encoded.catch(() => copies.delete(key));
    copies.set(key, { mtimeMs: stats.mtimeMs, size: stats.size, encoded });
    return encoded;
  };
}

/**
 * Serves the H5 build of the mini-program at /h5/ from the same origin as the API, so the preview
 * needs no CORS. Hashed assets are cached for a year, index.html never; index.html carries its
 * Content-Security-Policy. Text files go brotli- or gzip-compressed to browsers that accept it (the
 * bundle is about 500 KB as built, 140 KB in brotli).
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
  const compressed = compressedCopies();
  return async (ctx, next) => {
    // `ctx.state.route`: what the HTTP metrics count these answers under (middleware/httpMetrics.ts).
    if ((ctx.path === '/' && (ctx.method === 'GET' || ctx.method === 'HEAD')) || ctx.path === PREFIX) {
      ctx.state.route = ctx.path;
      return ctx.redirect(`${PREFIX}/`);
    }
    if (!ctx.path.startsWith(`${PREFIX}/`) || (ctx.method !== 'GET' && ctx.method !== 'HEAD')) return next();
    ctx.state.route = `${PREFIX}/*`;
    const file = ctx.path.slice(PREFIX.length) || '/';
    // What koa-send found (it says so in setHeaders): the compressed copy is made of that file.
    let sent = undefined as { filePath: string; stats: fs.Stats } | undefined;
    try {
      await send(ctx, file, {
        root,
        index: 'index.html',
        setHeaders: (res, filePath, stats) => {
          sent = { filePath, stats };
          res.setHeader('Cache-Control', /\.[0-9a-f]{8,}\.(js|css)$/.test(filePath) ? 'public, max-age=31536000, immutable' : 'no-cache');
          if (filePath.endsWith('.html')) res.setHeader('Content-Security-Policy', policyOf(filePath, stats));
        },
      });
    } catch (err) {
      if ((err as { status?: number }).status !== 404) throw err;
    }
    if (ctx.body == null || !sent) return next();
    if (!COMPRESSIBLE.test(sent.filePath) || sent.stats.size < MIN_COMPRESSED_BYTES) return;
    ctx.vary('Accept-Encoding');
    // Brotli whenever it is accepted: browsers list it after gzip, at the same weight.
    const encoding = (['br', 'gzip'] as const).find((e) => ctx.acceptsEncodings(e) === e);
    if (!encoding) return;
    (ctx.body as fs.ReadStream).destroy();
    ctx.body = await compressed(sent.filePath, sent.stats, encoding);
    ctx.set('Content-Encoding', encoding);
  };
}
