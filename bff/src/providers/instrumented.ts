import { secondsSince, type Metrics } from '../metrics/metrics';
import type { BankCardProvider } from './bankCard';
import { ProviderError, type AccountOwnerCheck, type IdentityProvider, type LoginProvider, type PrefillProvider } from './identity';

type Recorder = Pick<Metrics, 'vendorCall'>;

/**
 * Each call through a provider port, counted and timed per vendor and operation; a call that throws
 * is an error of its kind (a ProviderError's `failure`, else `unexpected`). Arguments and answers
 * are never looked at: they hold names and ID numbers.
 */
function timed<A extends unknown[], R>(
  metrics: Recorder,
  vendor: string,
  operation: string,
  call: (...args: A) => Promise<R>,
): (...args: A) => Promise<R> {
  return async (...args) => {
    const started = process.hrtime.bigint();
    try {
      const result = await call(...args);
      metrics.vendorCall(vendor, operation, secondsSince(started));
      return result;
    } catch (err) {
      metrics.vendorCall(vendor, operation, secondsSince(started), err instanceof ProviderError ? err.failure : 'unexpected');
      throw err;
    }
  };
}

export const instrumentIdentity = (p: IdentityProvider, metrics: Recorder): IdentityProvider => ({
  name: p.name,
  supports: (idType) => p.supports(idType),
  start: timed(metrics, p.name, 'face_check_start', (input) => p.start(input)),
  query: timed(metrics, p.name, 'face_check_query', (input) => p.query(input)),
});

export const instrumentLogin = (p: LoginProvider, vendor: string, metrics: Recorder): LoginProvider => ({
  login: timed(metrics, vendor, 'login', (code) => p.login(code)),
});

export const instrumentPrefill = (p: PrefillProvider, vendor: string, metrics: Recorder): PrefillProvider => ({
  prefill: timed(metrics, vendor, 'prefill', (authCode) => p.prefill(authCode)),
});

export const instrumentAccountOwner = (p: AccountOwnerCheck, vendor: string, metrics: Recorder): AccountOwnerCheck => ({
  check: timed(metrics, vendor, 'account_owner', (input) => p.check(input)),
});

export const instrumentBankCard = (p: BankCardProvider, metrics: Recorder): BankCardProvider => ({
  name: p.name,
  check: timed(metrics, p.name, 'bank_card_check', (input) => p.check(input)),
});
