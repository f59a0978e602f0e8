import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Signatures of callback POSTs, in the style of Stripe's and e签宝's webhooks:
 *
 *   X-Regverify-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>
 *   X-Regverify-Event-Id:  <matterId>:<version>
 *
 * The timestamp is inside the signed text, so a captured request cannot be replayed later than
 * the receiver's tolerance. The secret is the whole string issued by `PUT /api/portal/callback`,
 * used as the HMAC key in UTF-8. This file has no dependencies beyond node:crypto, so a portal
 * may copy it as it is (docs/callbacks.md).
 */
export const SIGNATURE_HEADER = 'X-Regverify-Signature';
export const EVENT_ID_HEADER = 'X-Regverify-Event-Id';

/** A new signing secret: 32 random bytes, base64url, with a prefix that says what it is. */
export function newCallbackSecret(): string {
  return `rvcb_${randomBytes(32).toString('base64url')}`;
}

const hmacHex = (secret: string, timestamp: number, rawBody: string | Buffer): string =>
  createHmac('sha256', secret).update(`${timestamp}.`).update(rawBody).digest('hex');

/** The value of `X-Regverify-Signature` for this body, signed now (or at `timestamp`, unix seconds). */
export function signCallback(rawBody: string | Buffer, secret: string, timestamp = Math.floor(Date.now() / 1000)): string {
  return `t=${timestamp},v1=${hmacHex(secret, timestamp, rawBody)}`;
}

export type SignatureCheck = { ok: true; timestamp: number } | { ok: false; reason: 'malformed' | 'stale' | 'mismatch' };

/**
 * True when a callback is genuine: the header parses, its timestamp is within `toleranceSeconds`
 * of now, and one of its `v1` values equals the HMAC of `"<t>.<raw body>"` (compared in constant
 * time). Verify the raw bytes as received, not a re-serialized JSON object.
 */
export function verifyCallbackSignature(
  rawBody: string | Buffer,
  header: string | null | undefined,
  secret: string,
  toleranceSeconds = 300,
  nowSeconds = Math.floor(Date.now() / 1000),
): boolean {
  return checkCallbackSignature(rawBody, header, secret, toleranceSeconds, nowSeconds).ok;
}

/** `verifyCallbackSignature` with the reason of a refusal, for logs and tests. */
export function checkCallbackSignature(
  rawBody: string | Buffer,
  header: string | null | undefined,
  secret: string,
  toleranceSeconds = 300,
  nowSeconds = Math.floor(Date.now() / 1000),
): SignatureCheck {
  if (!header) return { ok: false, reason: 'malformed' };
  let timestamp: number | null = null;
  const candidates: string[] = [];
  for (const part of header.split(',')) {
    const [key, value = ''] = part.trim().split('=', 2);
    if (key === 't' && /^\d{1,12}$/.test(value)) timestamp = Number(value);
    else if (key === 'v1' && /^[0-9a-f]{64}$/.test(value)) candidates.push(value);
  }
  if (timestamp === null || candidates.length === 0) return { ok: false, reason: 'malformed' };
  if (Math.abs(nowSeconds - timestamp) > toleranceSeconds) return { ok: false, reason: 'stale' };
  const expected = Buffer.from(hmacHex(secret, timestamp, rawBody), 'hex');
  const matches = candidates.some((c) => timingSafeEqual(Buffer.from(c, 'hex'), expected));
  return matches ? { ok: true, timestamp } : { ok: false, reason: 'mismatch' };
}
