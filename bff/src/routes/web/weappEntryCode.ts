import type { Context } from 'koa';
import { weappEntryCode } from '../../commands/weappEntryCode';
import type { Services } from '../../services';

/**
 * `GET /entry/:matterId/weapp.png`: the matter's WeChat mini-program code, for the portal page's
 * `<img>` (`entry.weappQrUrl`). No key: the code carries nothing the page's Alipay code does not.
 * It never changes, so browsers may keep it for a day.
 */
export async function sendWeappEntryCode(ctx: Context, services: Services): Promise<void> {
  const code = await weappEntryCode(services, String(ctx.params.matterId ?? ''));
  ctx.type = code.contentType;
  ctx.set('Cache-Control', 'public, max-age=86400');
  ctx.body = code.bytes;
}
