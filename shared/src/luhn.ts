/** Luhn (mod 10) check over a string of digits; false for anything else. */
export function luhnValid(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** Digit that completes `partial` into a Luhn-valid number (used to build test numbers). */
export function luhnCheckDigit(partial: string): string {
  for (let d = 0; d <= 9; d++) if (luhnValid(partial + d)) return String(d);
  throw new Error('luhnCheckDigit needs digits');
}

/** Bank card numbers are 12–19 digits with a Luhn check; spaces as typed are ignored. */
export function normalizeBankCard(raw: string): string {
  return raw.replace(/\s+/g, '');
}

export function isBankCardNumber(raw: string): boolean {
  const digits = normalizeBankCard(raw);
  return /^\d{12,19}$/.test(digits) && luhnValid(digits);
}
