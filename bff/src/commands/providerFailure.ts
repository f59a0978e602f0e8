import { AppError } from '../errors';
import { ProviderError } from '../providers/identity';

/** Turns an adapter's failure into the error people see; anything else is rethrown as it is. */
export function providerFailure(err: unknown): never {
  if (err instanceof ProviderError) {
    switch (err.failure) {
      case 'invalid_code':
        throw new AppError(401, 'invalid_login_code');
      case 'unavailable':
        throw new AppError(502, 'provider_unavailable', undefined, undefined, { 'Retry-After': '5' });
      case 'bad_response':
      case 'rejected':
        throw new AppError(502, 'provider_error', undefined, { failure: err.failure });
    }
  }
  throw err;
}
