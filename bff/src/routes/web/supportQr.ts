import fs from 'node:fs';
import path from 'node:path';
import type { Context } from 'koa';
import type { RuntimeConfig } from '../../../../config/runtime';
import { notFound } from '../../errors';
import { APP_ROOT } from '../../paths';

/** The development placeholder: a drawing, not a working code (production demands the real one). */
const PLACEHOLDER = path.join(APP_ROOT, 'bff', 'assets', 'nihu-woying-qr-placeholder.png');

/**
 * `GET /support/qr.png`: the 你呼我应 QR code of 技术支持 — `SUPPORT_QR_FILE`, or outside production
 * the placeholder. With `SUPPORT_QR_URL` the mini-program loads that address instead.
 */
export function sendSupportQr(ctx: Context, config: Pick<RuntimeConfig, 'SUPPORT_QR_FILE' | 'NODE_ENV'>): void {
  const file = config.SUPPORT_QR_FILE
    ? path.resolve(APP_ROOT, config.SUPPORT_QR_FILE)
    : config.NODE_ENV === 'production'
      ? null
      : PLACEHOLDER;
  if (!file || !fs.existsSync(file)) throw notFound();
  ctx.type = 'image/png';
  ctx.set('Cache-Control', 'public, max-age=3600');
  ctx.body = fs.readFileSync(file);
}
