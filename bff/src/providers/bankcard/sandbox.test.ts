import { luhnCheckDigit, luhnValid } from '@regverify/shared';
import { ProviderError } from '../identity';
import { createSandboxBankCardProvider, SANDBOX_MISMATCH_REASON } from './sandbox';

const withCheckDigit = (partial: string) => partial + luhnCheckDigit(partial);
/** A Luhn-valid number `prefix + d + suffix`, choosing the digit d in the middle. */
const withSuffix = (prefix: string, suffix: string) => {
  for (let d = 0; d <= 9; d++) if (luhnValid(`${prefix}${d}${suffix}`)) return `${prefix}${d}${suffix}`;
  throw new Error('unreachable: one digit always completes a Luhn sum');
};
const person = { name: '张三', idNumber: '11010519491231002X' };
const valid19 = withCheckDigit('622202123456789012');

describe('sandbox bank-card provider', () => {
  const provider = createSandboxBankCardProvider();

  it('is named sandbox', () => expect(provider.name).toBe('sandbox'));

  it.each([
    ['a 19-digit card', valid19],
    ['a 16-digit card', withCheckDigit('622848001234567')],
    ['a 12-digit card', withCheckDigit('12345678901')],
    ['a card ending in 1000', withSuffix('62220212345678', '1000')],
    ['a card ending in 0000 then a digit', withSuffix('6222021234567', '00001')],
  ])('%s passes', async (_label, cardNumber) => {
    await expect(provider.check({ ...person, cardNumber })).resolves.toEqual({ passed: true });
  });

  it('passes with a phone as well', async () => {
    await expect(provider.check({ ...person, cardNumber: valid19, phone: '13800138000' })).resolves.toEqual({ passed: true });
  });

  it.each([
    ['19 digits', withSuffix('62220212345678', '0000')],
    ['16 digits', withSuffix('62284800123', '0000')],
  ])('fails a Luhn-valid card of %s ending in 0000, with a readable Chinese reason', async (_label, cardNumber) => {
    expect(luhnValid(cardNumber) && cardNumber.endsWith('0000')).toBe(true);
    await expect(provider.check({ ...person, cardNumber })).resolves.toEqual({ passed: false, reason: SANDBOX_MISMATCH_REASON });
    expect(SANDBOX_MISMATCH_REASON).toMatch(/^[\u4e00-\u9fff]+$/);
  });

  it.each([
    ['a wrong check digit', valid19.slice(0, -1) + ((Number(valid19.slice(-1)) + 1) % 10)],
    ['letters', '62220212345678901A'],
    ['too short (11 digits)', withCheckDigit('1234567890')],
    ['too long (20 digits)', withCheckDigit('6222021234567890123')],
    ['empty', ''],
  ])('refuses %s defensively (ProviderError rejected)', async (_label, cardNumber) => {
    const error = await provider.check({ ...person, cardNumber }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ failure: 'rejected' });
    if (cardNumber) expect((error as Error).message).not.toContain(cardNumber);
  });
});
