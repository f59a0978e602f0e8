/**
 * 统一社会信用代码 (Unified Social Credit Code), GB 32100-2015: the 18 characters on every business
 * licence and registration certificate.
 *
 *   9 1 110000 600037341 L
 *   │ │ │      │         └ 18    校验码, the check character (GB/T 17710, MOD 31 with the weights below)
 *   │ │ │      └────────── 9–17  主体标识码, the organization code of GB 11714
 *   │ │ └───────────────── 3–8   登记管理机关行政区划码, six digits of GB/T 2260
 *   │ └─────────────────── 2     机构类别代码 (9 工商: 1 企业, 2 个体工商户, 3 农民专业合作社; …)
 *   └───────────────────── 1     登记管理部门代码 (1 机构编制, 5 民政, 9 工商, Y 其他, and the codes added since)
 *
 * Positions 1 and 2 take any character of the alphabet: the departments and their categories are a
 * table the registry keeps extending (2 外交, 3 司法行政, 8 工会, A 军队, N 农业, …), so a closed list
 * here would refuse real licences the day a new one is issued.
 */
import { MAINLAND_PROVINCES } from '../idDocuments';

/** The 31 characters of the code: digits and capital letters without I, O, Z, S, V. */
export const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/** W_i = 3^(i−1) mod 31 for positions 1–17. */
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

const IN_ALPHABET = /^[0-9A-HJ-NP-RTUW-Y]*$/;

/**
 * Province-level codes a 行政区划码 may start with: the mainland provinces of the ID-number table,
 * and 81 Hong Kong, 82 Macau.
 */
const PROVINCES = [...MAINLAND_PROVINCES, '81', '82'];
/** Bodies registered at the central level (中央编办, 民政部, …) carry 100000, e.g. `12100000…` 事业单位. */
const CENTRAL_LEVEL = '100000';

export type UsccProblem = 'length' | 'characters' | 'region' | 'check';

export type UsccCheck = { ok: true; value: string } | { ok: false; reason: UsccProblem; message: string };

/**
 * Upper-case and drop spaces, as people copy the code from a licence. Letters the code never uses are
 * left as they are, so `O` typed for `0` is refused with a reason instead of silently turned into a
 * different code.
 */
export function normalizeUscc(input: string): string {
  return input.replace(/\s+/g, '').toUpperCase();
}

/** Check character for the first 17 characters; throws on anything that is not 17 characters of the alphabet. */
export function usccCheckCharacter(first17: string): string {
  if (first17.length !== 17 || !IN_ALPHABET.test(first17)) {
    throw new Error('usccCheckCharacter needs exactly 17 characters of the code alphabet');
  }
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += USCC_ALPHABET.indexOf(first17[i]) * WEIGHTS[i];
  // 31 − (sum mod 31), where 31 itself is written 0: the same as (31 − sum mod 31) mod 31.
  return USCC_ALPHABET[(31 - (sum % 31)) % 31];
}

const fail = (reason: UsccProblem, message: string): UsccCheck => ({ ok: false, reason, message });

/**
 * Validate a code as typed: length, alphabet, region, check character, in that order, so the message
 * names the first thing to fix. Messages never repeat the code.
 *
 * The 主体标识码 (positions 9–17) is not held to its own GB 11714 check character (its 9th). GB 32100
 * checks the code by its 18th character alone and leaves the 主体标识码 to the registry that assigns
 * it. A second check would add little against typing errors (the 18th catches every single wrong
 * character and every swap of two neighbours), and it would refuse any real licence whose 主体标识码
 * does not follow GB 11714, which is the registry's business, not something the person can fix.
 */
export function validateUscc(input: string): UsccCheck {
  const value = normalizeUscc(input);
  if (value === '') return fail('length', '请填写统一社会信用代码');
  if (Array.from(value).length !== 18) return fail('length', '统一社会信用代码应为18位');
  if (!IN_ALPHABET.test(value)) return fail('characters', '统一社会信用代码含有无效字符（只用数字和大写字母，不用I、O、Z、S、V）');
  const region = value.slice(2, 8);
  if (!/^\d{6}$/.test(region) || (region !== CENTRAL_LEVEL && PROVINCES.indexOf(region.slice(0, 2)) < 0)) {
    return fail('region', '统一社会信用代码的行政区划码无效');
  }
  if (usccCheckCharacter(value.slice(0, 17)) !== value[17]) return fail('check', '统一社会信用代码校验位不正确，请核对后重新输入');
  return { ok: true, value };
}

/** True for a code exactly as it is stored: already normalised, and passing every rule of {@link validateUscc}. */
export function isValidUscc(code: string): boolean {
  const check = validateUscc(code);
  return check.ok && check.value === code;
}
