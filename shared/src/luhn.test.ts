import { isBankCardNumber, luhnCheckDigit, luhnValid } from './luhn';

describe('Luhn', () => {
  it.each([
    ['79927398713', true], // the textbook example
    ['79927398710', false],
    ['4111111111111111', true],
    ['4111111111111112', false],
    ['', false],
    ['12a4', false],
  ])('%s → %s', (digits, expected) => expect(luhnValid(digits)).toBe(expected));

  it('computes the digit that completes a number', () => {
    const partial = '622202123456789012';
    expect(luhnValid(partial + luhnCheckDigit(partial))).toBe(true);
  });
});

describe('isBankCardNumber', () => {
  const nineteen = '622202123456789012' + luhnCheckDigit('622202123456789012');
  const twelve = '12345678901' + luhnCheckDigit('12345678901');
  it.each([
    [nineteen, true],
    [twelve, true],
    ['6222 0212 3456 7890 12' + luhnCheckDigit('622202123456789012'), true],
    ['4111111111111112', false], // Luhn fails
    ['49927398716', false], // Luhn-valid but 11 digits
    ['42' + '0'.repeat(17) + luhnCheckDigit('42' + '0'.repeat(17)), false], // 20 digits
  ])('%s → %s', (input, expected) => expect(isBankCardNumber(input)).toBe(expected));
});
