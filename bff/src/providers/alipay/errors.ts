import { AlipayRequestError } from 'alipay-sdk';
import { ProviderError } from '../identity';

/** The SDK's own codes for an answer that failed verification (alipay-sdk 4.x `curl()`). */
const VERIFY_FAILURES = new Set(['response-signature-verify-error', 'response-alipay-sn-verify-error']);

/**
 * Turns whatever an SDK call threw into a ProviderError. `what` names the call (no personal data).
 *
 * Never copies the SDK's message or cause: a failed verification carries the whole answer body
 * (which may hold the face picture or an ID number), and Alipay's error messages can echo the
 * signed request (which holds the name and ID number).
 */
export function toProviderError(err: unknown, what: string): ProviderError {
  if (err instanceof ProviderError) return err;
  if (err instanceof AlipayRequestError) {
    if (err.code && VERIFY_FAILURES.has(err.code)) {
      return new ProviderError('bad_response', `${what}: Alipay answer failed its signature check`, err.code);
    }
    const status = err.responseHttpStatus;
    if (status === undefined) {
      // No HTTP answer: connection refused/reset, DNS, timeout (urllib's error is the cause).
      return new ProviderError('unavailable', `${what}: Alipay could not be reached`);
    }
    if (status >= 500) return new ProviderError('unavailable', `${what}: Alipay answered HTTP ${status}`, err.code);
    return new ProviderError(
      'rejected',
      `${what}: Alipay refused the request (HTTP ${status}${err.code ? `, ${err.code}` : ''})`,
      err.code,
    );
  }
  if (err instanceof SyntaxError) {
    // `curl()` JSON-parses error bodies before looking at them; a non-JSON error body is a proxy's
    // or load balancer's page (502/503/504 HTML), not Alipay speaking.
    return new ProviderError('unavailable', `${what}: Alipay answered with an unreadable error page`);
  }
  if (err instanceof TypeError && (err as NodeJS.ErrnoException).code === 'ERR_INVALID_ARG_TYPE') {
    // `curl()` hands a missing `alipay-signature` header straight to crypto.verify, which throws this.
    return new ProviderError('bad_response', `${what}: Alipay answer carries no signature`);
  }
  return new ProviderError('bad_response', `${what}: unexpected failure (${err instanceof Error ? err.name : typeof err})`);
}

/** An answer whose signature was fine but whose content is not what the API promises. */
export function badAnswer(what: string, problem: string): ProviderError {
  return new ProviderError('bad_response', `${what}: ${problem}`);
}
