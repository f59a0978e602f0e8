/**
 * The ISO 7064 MOD 11-2 check character shared by the 18-character resident ID,
 * the HMT residence permit and the 2023 foreign permanent residence card.
 */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARACTERS = '10X98765432';

/** Check character for the first 17 digits; throws on anything that is not 17 digits. */
export function computeCheckCharacter(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new Error('computeCheckCharacter needs exactly 17 digits');
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i];
  return CHECK_CHARACTERS[sum % 11];
}

/** True when an 18-character number ends in the right check character. */
export function hasValidCheckCharacter(number18: string): boolean {
  return /^\d{17}[\dX]$/.test(number18) && computeCheckCharacter(number18.slice(0, 17)) === number18[17];
}
