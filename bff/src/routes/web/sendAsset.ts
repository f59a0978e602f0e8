import type { Context } from 'koa';
import { getAsset, type AssetName } from '../../portal/assets';

/** A built browser script with a short cache and an ETag (a new build after a restart gets a new one). */
export function sendAsset(ctx: Context, name: AssetName): void {
  const { code, etag } = getAsset(name);
  ctx.type = 'application/javascript; charset=utf-8';
  ctx.set('Cache-Control', 'public, max-age=300');
  ctx.etag = etag;
  ctx.status = 200; // `fresh` compares validators only on a 2xx
  if (ctx.fresh) {
    ctx.status = 304;
    return;
  }
  ctx.body = code;
}
