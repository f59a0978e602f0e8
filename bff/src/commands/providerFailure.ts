import { AppError } from '../errors';
import { ProviderError } from '../providers/identity';

/** Turns an adapter's failure into the error people see; anything else is rethrown as it is. */
export function providerFailure(err: unknown): never {
  if (err instanceof ProviderError) {
    switch (err.failure) {
      case 'invalid_code':
        throw new AppError('invalid_login_code');
      case 'unavailable':
        throw new AppError('provider_unavailable', { headers: { 'Retry-After': '5' } });
      case 'bad_response':
      case 'rejected':
        throw new AppError('provider_error', { details: { failure: err.failure } });
    }
  }
  throw err;
}
