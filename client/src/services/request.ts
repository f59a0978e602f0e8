import type * as z from 'zod/mini';
import { platform } from '../platform';
import { ApiError, fromEnvelope, networkError } from './apiError';

const TOKEN_KEY = 'regverify.session';

/** Where the BFF is: the same origin for the H5 preview, TARO_APP_API_BASE (default the local BFF) in mini-programs. */
export const API_BASE = process.env.TARO_ENV === 'h5' ? '' : process.env.TARO_APP_API_BASE || 'http://localhost:3000';

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** The stored session token, if any. UI state lives elsewhere; this is only the credential. */
export const sessionToken = {
  get: (): string | null => platform.storage.get(TOKEN_KEY),
  set: (token: string) => platform.storage.set(TOKEN_KEY, token),
  clear: () => platform.storage.remove(TOKEN_KEY),
};

async function login(): Promise<string> {
  const code = await platform.loginCode();
  const session = await send('POST', '/api/mp/session', { platform: platform.name, code }, null);
  const token = (session as { token: string }).token;
  sessionToken.set(token);
  return token;
}

async function send(method: Method, path: string, body: unknown, token: string | null): Promise<unknown> {
  let res;
  try {
    res = await platform.request({
      url: API_BASE + path,
      method,
      data: body,
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });
  } catch {
    throw networkError();
  }
  if (res.status >= 200 && res.status < 300) return res.data;
  throw fromEnvelope(res.status, res.data);
}

/**
 * The one request client: adds the session token (logging in first when there is none, and once
 * more when it has expired), unwraps the error envelope into ApiError, and checks every answer
 * against the shared schema of that endpoint (its zod/mini twin, from `@regverify/shared/mini`).
 */
export async function api<S extends z.ZodMiniType>(method: Method, path: string, schema: S, body?: unknown): Promise<z.output<S>> {
  let token = sessionToken.get() ?? (await login());
  let data: unknown;
  try {
    data = await send(method, path, body, token);
  } catch (err) {
    if (!(err instanceof ApiError) || err.code !== 'unauthorized') throw err;
    sessionToken.clear();
    token = await login();
    data = await send(method, path, body, token);
  }
  const parsed = schema.safeParse(data);
  if (!parsed.success) throw new ApiError('bad_response', '服务返回的数据无法识别，请稍后重试', 200);
  return parsed.data;
}

/** A call that needs no session (the rules the person reads before anything else). */
export async function publicApi<S extends z.ZodMiniType>(method: Method, path: string, schema: S): Promise<z.output<S>> {
  const parsed = schema.safeParse(await send(method, path, undefined, null));
  if (!parsed.success) throw new ApiError('bad_response', '服务返回的数据无法识别，请稍后重试', 200);
  return parsed.data;
}

/** Starts afresh: the next call logs in again (a new identity means a new session). */
export function forgetSession(): void {
  sessionToken.clear();
}
