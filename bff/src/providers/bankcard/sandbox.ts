import { luhnValid } from '@regverify/shared';
import type { BankCardProvider } from '../bankCard';
import { ProviderError } from '../identity';

/** What the sandbox answers for a card ending in 0000 (see the sandbox rules in API.md). */
export const SANDBOX_MISMATCH_REASON = '银行卡信息与身份信息不一致';

/**
 * The sandbox bank-card check (never in production): any Luhn-valid number passes, except numbers
 * ending in `0000`, which fail with a reason. The request schema already refuses Luhn-invalid
 * numbers; the sandbox refuses them again so a caller that skips the schema cannot get a pass.
 */
export function createSandboxBankCardProvider(): BankCardProvider {
  return {
    name: 'sandbox',
    async check({ cardNumber }) {
      if (!/^\d{12,19}$/.test(cardNumber) || !luhnValid(cardNumber)) {
        throw new ProviderError('rejected', '银行卡号不是有效的卡号（位数或校验位不正确）');
      }
      if (cardNumber.endsWith('0000')) return { passed: false, reason: SANDBOX_MISMATCH_REASON };
      return { passed: true };
    },
  };
}
