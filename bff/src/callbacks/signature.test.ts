import { createHmac } from 'node:crypto';
import { checkCallbackSignature, newCallbackSecret, signCallback, verifyCallbackSignature } from './signature';

const body = JSON.stringify({ id: 'm1:3', type: 'task.confirmed', matterId: 'm1', version: 3, matter: { name: '张*' } });
const secret = newCallbackSecret();
const now = 1_780_000_000;

describe('callback signatures', () => {
  it('signs t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">, as docs/callbacks.md tells portals', () => {
    const header = signCallback(body, secret, now);
    const expected = createHmac('sha256', secret).update(`${now}.${body}`).digest('hex');
    expect(header).toBe(`t=${now},v1=${expected}`);
  });

  it('verifies its own signature, on a string or on the raw bytes', () => {
    const header = signCallback(body, secret, now);
    expect(verifyCallbackSignature(body, header, secret, 300, now)).toBe(true);
    expect(verifyCallbackSignature(Buffer.from(body, 'utf8'), header, secret, 300, now + 299)).toBe(true);
    expect(checkCallbackSignature(body, header, secret, 300, now)).toEqual({ ok: true, timestamp: now });
  });

  it('refuses a tampered body', () => {
    const header = signCallback(body, secret, now);
    expect(checkCallbackSignature(body.replace('"version":3', '"version":4'), header, secret, 300, now)).toEqual({
      ok: false,
      reason: 'mismatch',
    });
    expect(verifyCallbackSignature(`${body} `, header, secret, 300, now)).toBe(false);
  });

  it('refuses another secret', () => {
    const header = signCallback(body, newCallbackSecret(), now);
    expect(checkCallbackSignature(body, header, secret, 300, now)).toEqual({ ok: false, reason: 'mismatch' });
  });

  it('refuses a stale or future timestamp beyond the tolerance, even with a valid HMAC', () => {
    const old = signCallback(body, secret, now - 301);
    expect(checkCallbackSignature(body, old, secret, 300, now)).toEqual({ ok: false, reason: 'stale' });
    expect(checkCallbackSignature(body, signCallback(body, secret, now + 301), secret, 300, now)).toEqual({ ok: false, reason: 'stale' });
    expect(verifyCallbackSignature(body, old, secret, 600, now)).toBe(true);
  });

  it('refuses a moved timestamp: t is part of the signed text', () => {
    const [, v1] = signCallback(body, secret, now - 1000).split(',');
    expect(checkCallbackSignature(body, `t=${now},${v1}`, secret, 300, now)).toEqual({ ok: false, reason: 'mismatch' });
  });

  it.each([undefined, null, '', 'v1=abc', `t=${now}`, `t=soon,v1=${'0'.repeat(64)}`, `t=${now},v1=${'z'.repeat(64)}`])(
    'refuses a malformed header %p',
    (header) => {
      expect(checkCallbackSignature(body, header, secret, 300, now)).toEqual({ ok: false, reason: 'malformed' });
    },
  );

  it('accepts the header when one of several v1 values matches (room for a secret rotation)', () => {
    const good = signCallback(body, secret, now).split(',')[1];
    expect(verifyCallbackSignature(body, `t=${now},v1=${'0'.repeat(64)},${good}`, secret, 300, now)).toBe(true);
  });

  it('issues long random secrets', () => {
    const a = newCallbackSecret();
    expect(a).toMatch(/^rvcb_[A-Za-z0-9_-]{43}$/);
    expect(a).not.toBe(newCallbackSecret());
  });
});
