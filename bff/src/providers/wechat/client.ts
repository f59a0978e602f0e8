import { ProviderError, type ProviderFailure } from '../identity';
import { DEFAULT_WECHAT_API_BASE, DEFAULT_WECHAT_TIMEOUT_MS, type WechatOptions } from './options';

/**
 * One HTTPS JSON call to WeChat's server API. WeChat answers HTTP 200 with `{errcode, errmsg}` on
 * business errors, so this only turns transport trouble into errors and leaves errcodes to the
 * caller.
 *
 * Error messages name the API (`label`), the HTTP status or errcode and WeChat's request id, and
 * nothing else: never the URL (jscode2session carries the AppSecret in its query), never a
 * thrown error's text, never WeChat's `errmsg` (it may echo what we sent).
 */
export type WechatAnswer = Record<string, unknown>;

export interface WechatCall {
  /** A short name of the API for error messages, e.g. `getverifyid`. */
  label: string;
  method: 'GET' | 'POST';
  path: string;
  query?: Record<string, string>;
  body?: unknown;
}

/** Sends the request; transport trouble (no connection, time-out, redirect) is `unavailable`. */
async function send(options: WechatOptions, call: WechatCall, accept: string): Promise<Response> {
  const url = new URL(call.path, options.apiBase ?? DEFAULT_WECHAT_API_BASE);
  for (const [name, value] of Object.entries(call.query ?? {})) url.searchParams.set(name, value);

  try {
    return await fetch(url, {
      method: call.method,
      headers: call.body === undefined ? { accept } : { accept, 'content-type': 'application/json' },
      body: call.body === undefined ? undefined : JSON.stringify(call.body),
      signal: AbortSignal.timeout(options.timeoutMs ?? DEFAULT_WECHAT_TIMEOUT_MS),
      redirect: 'error',
    });
  } catch (error) {
    // Checked by name: the DOMException may come from another realm (jest's sandbox, for one).
    const timedOut = (error as { name?: unknown } | null)?.name === 'TimeoutError';
    throw new ProviderError('unavailable', `WeChat ${call.label} ${timedOut ? 'timed out' : 'could not be reached'}`);
  }
}

export async function callWechat(options: WechatOptions, call: WechatCall): Promise<WechatAnswer> {
  const response = await send(options, call, 'application/json');

  let text: string;
  try {
    text = await response.text();
  } catch {
    throw new ProviderError('unavailable', `WeChat ${call.label} broke off its answer`);
  }
  if (response.status !== 200) {
    throw new ProviderError('unavailable', `WeChat ${call.label} answered HTTP ${response.status}`, `http_${response.status}`);
  }
  let answer: unknown;
  try {
    answer = JSON.parse(text);
  } catch {
    answer = undefined;
  }
  if (typeof answer !== 'object' || answer === null || Array.isArray(answer)) {
    // A gateway page or a truncated body: WeChat is not answering properly, so try again later.
    throw new ProviderError('unavailable', `WeChat ${call.label} answered with an unreadable body`);
  }
  return answer as WechatAnswer;
}

/** What an API that answers with a file on success says: `{errcode, errmsg}` JSON, or the file. */
export type WechatBinaryAnswer = { kind: 'json'; answer: WechatAnswer } | { kind: 'binary'; contentType: string; bytes: Buffer };

/**
 * One HTTPS call to a WeChat API whose success answer is a file, not JSON (wxacode.getUnlimited
 * answers the image itself), with callWechat's transport handling and message discipline. An
 * answer is JSON when its Content-Type says so or its body is a JSON object (WeChat's errors are
 * JSON); anything else is handed back as bytes, unchecked: the caller knows what file it expects.
 */
export async function callWechatBinary(options: WechatOptions, call: WechatCall): Promise<WechatBinaryAnswer> {
  const response = await send(options, call, 'image/*, application/json');

  let bytes: Buffer;
  try {
    bytes = Buffer.from(await response.arrayBuffer());
  } catch {
    throw new ProviderError('unavailable', `WeChat ${call.label} broke off its answer`);
  }
  if (response.status !== 200) {
    throw new ProviderError('unavailable', `WeChat ${call.label} answered HTTP ${response.status}`, `http_${response.status}`);
  }
  const contentType = (response.headers.get('content-type') ?? '').trim().toLowerCase();
  const saysJson = /\bjson\b/.test(contentType);
  if (saysJson || bytes.subarray(0, 16).toString('latin1').trimStart().startsWith('{')) {
    let answer: unknown;
    try {
      answer = JSON.parse(bytes.toString('utf8'));
    } catch {
      answer = undefined;
    }
    if (typeof answer === 'object' && answer !== null && !Array.isArray(answer)) return { kind: 'json', answer: answer as WechatAnswer };
    if (saysJson) throw new ProviderError('unavailable', `WeChat ${call.label} answered with an unreadable body`);
  }
  return { kind: 'binary', contentType, bytes };
}

/** The answer's errcode; a missing one means success (jscode2session omits it when it succeeds). */
export function errcodeOf(label: string, answer: WechatAnswer): number {
  const { errcode } = answer;
  if (errcode === undefined || errcode === null) return 0;
  if (typeof errcode !== 'number' || !Number.isInteger(errcode)) {
    throw new ProviderError('bad_response', `WeChat ${label} answered with a malformed errcode`);
  }
  return errcode;
}

/** errcodes that say "the access token is not (or no longer) valid": refresh and try once more. */
export const ACCESS_TOKEN_ERRCODES: ReadonlySet<number> = new Set([40001, 40014, 42001]);

/** errcodes meaning "busy / too many calls now": worth trying again later. */
const TRANSIENT_ERRCODES: ReadonlySet<number> = new Set([-1, 45011]);

/**
 * A ProviderError for an errcode. `failures` maps the errcodes the call knows about; -1 (busy) and
 * 45011 (rate limit) are `unavailable` everywhere; anything else is `fallback`.
 */
export function errcodeError(
  label: string,
  answer: WechatAnswer,
  errcode: number,
  failures: Readonly<Record<number, ProviderFailure>> = {},
  fallback: ProviderFailure = 'rejected',
): ProviderError {
  const failure = failures[errcode] ?? (TRANSIENT_ERRCODES.has(errcode) ? 'unavailable' : fallback);
  const rid = requestIdOf(answer);
  return new ProviderError(failure, `WeChat ${label} answered errcode ${errcode}${rid ? ` (rid ${rid})` : ''}`, String(errcode));
}

/**
 * WeChat's request id from `errmsg` ("invalid code, rid: 668f2aa4-51c08c03-3d141241"), the one
 * part of errmsg worth keeping: WeChat support asks for it. Only its own characters are kept.
 */
function requestIdOf(answer: WechatAnswer): string | undefined {
  if (typeof answer.errmsg !== 'string') return undefined;
  return /\brid: ([0-9a-f]{1,16}(?:-[0-9a-f]{1,16}){0,4})\b/i.exec(answer.errmsg)?.[1];
}
