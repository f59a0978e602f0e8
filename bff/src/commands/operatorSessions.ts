import { randomBytes } from 'node:crypto';
import type { Context } from 'koa';
import { LIFETIMES } from '../domain/lifetimes';
import { AppError } from '../errors';
import { hashToken, newToken } from '../security/tokens';
import type { Services } from '../services';

/** The console's cookie: HttpOnly, SameSite=Strict, Secure when PUBLIC_URL is https (always in production). */
export const OPERATOR_COOKIE = 'regverify_operator';
export const CSRF_HEADER = 'x-csrf-token';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Starts a console session for an authenticated operator: sets the cookie, answers the CSRF token. */
export async function startOperatorSession(
  services: Services,
  ctx: Context,
  operator: string,
): Promise<{ csrfToken: string; expiresAt: Date }> {
  const now = services.now();
  const { token, hash } = newToken();
  const csrfToken = randomBytes(24).toString('base64url');
  const expiresAt = new Date(now.getTime() + LIFETIMES.operatorSessionMs);
  await services.models.OperatorSession.create({ _id: hash, operator, csrf: csrfToken, createdAt: now, lastSeenAt: now, expiresAt });
  setOperatorCookie(services, ctx, token, expiresAt);
  return { csrfToken, expiresAt };
}

function setOperatorCookie(services: Services, ctx: Context, value: string, expires: Date): void {
  const secure = services.config.PUBLIC_URL.startsWith('https://');
  // TLS ends at the reverse proxy: the browser's connection is https even though ours is not.
  if (secure) ctx.cookies.secure = true;
  ctx.cookies.set(OPERATOR_COOKIE, value, { httpOnly: true, sameSite: 'strict', secure, path: '/', expires, overwrite: true });
}

/** The console session of this request's cookie, alive (not expired, not idle too long), or null. */
export async function currentOperatorSession(services: Services, ctx: Context) {
  const token = ctx.cookies.get(OPERATOR_COOKIE);
  if (!token || !/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null;
  const session = await services.models.OperatorSession.findById(hashToken(token)).lean();
  const now = services.now().getTime();
  if (!session || new Date(session.expiresAt).getTime() <= now || now - new Date(session.lastSeenAt).getTime() > LIFETIMES.operatorIdleMs)
    return null;
  if (!services.config.OPERATORS.has(session.operator)) return null; // removed from OPERATORS since
  // Seen again: the idle clock restarts (written at most once a minute).
  if (now - new Date(session.lastSeenAt).getTime() > 60_000) {
    await services.models.OperatorSession.updateOne({ _id: session._id }, { $set: { lastSeenAt: new Date(now) } });
  }
  return session;
}

/**
 * The operator of a console request: its session cookie, and for anything but a read the CSRF
 * token of that session in `X-CSRF-Token` (a page of another site can send the cookie with a form,
 * never the header). 401 without a live session, 403 forbidden without the token.
 */
export async function operatorOfCookie(services: Services, ctx: Context): Promise<{ operator: string; csrf: string } | null> {
  const session = await currentOperatorSession(services, ctx);
  if (!session) return null;
  if (!SAFE_METHODS.has(ctx.method) && ctx.get(CSRF_HEADER) !== session.csrf) {
    throw new AppError('forbidden', { message: '页面已过期，请刷新后重试' });
  }
  return { operator: session.operator, csrf: session.csrf };
}

/** Ends the console session of this request, and its cookie. */
export async function endOperatorSession(services: Services, ctx: Context): Promise<void> {
  const token = ctx.cookies.get(OPERATOR_COOKIE);
  if (token) await services.models.OperatorSession.deleteOne({ _id: hashToken(token) });
  setOperatorCookie(services, ctx, '', new Date(0));
}
