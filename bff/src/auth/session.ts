import type { Middleware } from 'koa';
import { unauthorized } from '../errors';
import type { SessionDoc } from '../models';
import { hashToken } from '../security/tokens';
import type { Services } from '../services';

export type SessionState = { session: SessionDoc; requestId: string };

/** Mini-program calls carry `Authorization: Bearer <session token>`; only its hash is looked up. */
export function sessionAuth(services: Services): Middleware<SessionState> {
  return async (ctx, next) => {
    const match = /^Bearer ([A-Za-z0-9_-]{20,100})$/.exec(ctx.get('authorization'));
    if (!match) throw unauthorized();
    const session = await services.models.Session.findById(hashToken(match[1])).lean();
    if (!session || session.revokedAt || new Date(session.expiresAt).getTime() <= services.now().getTime()) throw unauthorized();
    ctx.state.session = session;
    await next();
  };
}
