import fc from 'fast-check';
import { MAINLAND_PROVINCES } from '../idDocuments';
import { maskUscc } from '../masking';
import { UsccSchema } from '../schemas';
import { USCC_ALPHABET, isValidUscc, normalizeUscc, usccCheckCharacter, validateUscc, type UsccProblem } from '.';

/** Codes printed on published licences and certificates; each passes the check by itself, not by this code. */
const REAL_CODES = [
  '91110000600037341L',
  '91350100M000100Y43',
  '91440300708461136T',
  '911100001000128855',
  '914403001922038216',
  '91110108551385082Q',
  '9144030071526726XG', // X inside the 主体标识码
  '91310115MA1K3BTP2B', // MA… 主体标识码 assigned since 2015
  '92340602MA2PBMEM24', // 92: 个体工商户
  '121200004013590816', // 12: 事业单位
  '12100000400000624D', // 100000: registered at the central level
  '12100000400002259P',
];

const withCheck = (first17: string) => first17 + usccCheckCharacter(first17);
const alphabetChar = fc.constantFrom(...USCC_ALPHABET.split(''));
const regions = fc.oneof(
  fc.tuple(fc.constantFrom(...MAINLAND_PROVINCES, '81', '82'), fc.stringMatching(/^\d{4}$/)).map(([p, rest]) => p + rest),
  fc.constant('100000'),
);
/** Any well-formed code: random department, category and 主体标识码, a real region, the right check character. */
const validCodes = fc
  .tuple(
    fc.string({ unit: alphabetChar, minLength: 2, maxLength: 2 }),
    regions,
    fc.string({ unit: alphabetChar, minLength: 9, maxLength: 9 }),
  )
  .map(([head, region, subject]) => withCheck(head + region + subject));

/** Whether the 18th character is right for the first 17, whatever the rest of the structure. */
const checkHolds = (code: string) => usccCheckCharacter(code.slice(0, 17)) === code[17];

describe('check character', () => {
  it('weighs position i by 3^(i−1) mod 31', () => {
    const weights = Array.from({ length: 17 }, (_, i) => 3 ** i % 31);
    expect(weights).toEqual([1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]);
    // A single 1 at position i makes the sum W_i, so the check character reads the weight back.
    weights.forEach((w, i) => {
      const unit = '0'.repeat(i) + '1' + '0'.repeat(16 - i);
      expect(usccCheckCharacter(unit)).toBe(USCC_ALPHABET[(31 - w) % 31]);
    });
  });

  it('works 91110000600037341L out as the standard does', () => {
    // Values in the alphabet of the first 17 characters, times the weights:
    //   9·1 + 1·3 + 1·9 + 1·27 + 0 + 0 + 0 + 0 + 6·20 + 0 + 0 + 0 + 3·8 + 7·24 + 3·10 + 4·30 + 1·28 = 538
    //   538 mod 31 = 11; 31 − 11 = 20, and the 20th character (from 0) is L.
    expect(USCC_ALPHABET[20]).toBe('L');
    expect(usccCheckCharacter('91110000600037341')).toBe('L');
    const result = validateUscc('91110000600037341L');
    expect(result).toEqual({ ok: true, value: '91110000600037341L' });
  });

  it('writes a result of 31 as 0', () => {
    expect(usccCheckCharacter('0'.repeat(17))).toBe('0'); // sum 0 → 31 − 0 = 31 → '0'
  });

  it('has an alphabet of 31 characters without I, O, Z, S, V', () => {
    expect(USCC_ALPHABET).toHaveLength(31);
    expect(new Set(USCC_ALPHABET).size).toBe(31);
    expect(USCC_ALPHABET).not.toMatch(/[IOZSV]/);
  });

  it('refuses input that is not 17 characters of the alphabet', () => {
    expect(() => usccCheckCharacter('9111000060003734')).toThrow();
    expect(() => usccCheckCharacter('911100006000373410')).toThrow();
    expect(() => usccCheckCharacter('9111000060003734O')).toThrow();
    expect(() => usccCheckCharacter('9111000060003734l')).toThrow();
  });

  it('only ever gives characters of the alphabet', () => {
    fc.assert(
      fc.property(fc.string({ unit: alphabetChar, minLength: 17, maxLength: 17 }), (first17) => {
        expect(USCC_ALPHABET).toContain(usccCheckCharacter(first17));
      }),
    );
  });
});

describe('real codes', () => {
  it.each(REAL_CODES)('accepts %s', (code) => {
    expect(validateUscc(code)).toEqual({ ok: true, value: code });
    expect(isValidUscc(code)).toBe(true);
  });
});

describe('errors it detects', () => {
  it('accepts every well-formed code built with the check function', () => {
    fc.assert(fc.property(validCodes, (code) => expect(isValidUscc(code)).toBe(true)));
  });

  it('detects every single wrong character (31 is prime and no weight is 0)', () => {
    const changed = fc.tuple(validCodes, fc.nat(17), alphabetChar).filter(([code, at, c]) => code[at] !== c);
    fc.assert(
      fc.property(changed, ([code, at, c]) => {
        const wrong = code.slice(0, at) + c + code.slice(at + 1);
        expect(checkHolds(wrong)).toBe(false);
        expect(isValidUscc(wrong)).toBe(false);
      }),
      { numRuns: 1000 },
    );
  });

  it('detects every swap of two different neighbours (neighbouring weights, the 18th counting 1, all differ mod 31)', () => {
    const swapped = fc.tuple(validCodes, fc.nat(16)).filter(([code, at]) => code[at] !== code[at + 1]);
    fc.assert(
      fc.property(swapped, ([code, at]) => {
        const wrong = code.slice(0, at) + code[at + 1] + code[at] + code.slice(at + 2);
        expect(checkHolds(wrong)).toBe(false);
      }),
      { numRuns: 1000 },
    );
  });

  it('misses a swap of the 1st and 18th characters, whose weights are both 1', () => {
    // The one blind spot among swaps: 3 is a primitive root mod 31, so the 17 weights differ and only
    // the 1st shares its weight with the check character's.
    const code = '91110000600037341L';
    const swapped = code[17] + code.slice(1, 17) + code[0];
    expect(swapped).toBe('L11100006000373419');
    expect(checkHolds(swapped)).toBe(true);
  });
});

describe('normalizeUscc', () => {
  it('upper-cases and drops spaces, and leaves letters the code never uses alone', () => {
    expect(normalizeUscc('  91110000600037341l ')).toBe('91110000600037341L');
    expect(normalizeUscc('9111 0000 6000 3734 1L')).toBe('91110000600037341L');
    expect(normalizeUscc('91110000600o37341L')).toBe('91110000600O37341L');
  });

  it('lets lower-case codes through validateUscc as their upper-case form', () => {
    fc.assert(
      fc.property(validCodes, (code) => {
        expect(validateUscc(` ${code.toLowerCase()}\t`)).toEqual({ ok: true, value: code });
        expect(isValidUscc(code.toLowerCase())).toBe(false); // isValidUscc takes stored codes only
      }),
    );
  });
});

type Row = [label: string, input: string, reason: UsccProblem, message: string];

const refused: Row[] = [
  ['empty', '  ', 'length', '请填写统一社会信用代码'],
  ['17 characters', '91110000600037341', 'length', '统一社会信用代码应为18位'],
  ['19 characters', '91110000600037341L0', 'length', '统一社会信用代码应为18位'],
  ['old 15-digit 注册号', '110000012345678', 'length', '统一社会信用代码应为18位'],
  ['O typed for 0', '91110000600O37341L', 'characters', '统一社会信用代码含有无效字符（只用数字和大写字母，不用I、O、Z、S、V）'],
  ['I, O, Z, S, V', '9111000060003IOZSV', 'characters', '统一社会信用代码含有无效字符（只用数字和大写字母，不用I、O、Z、S、V）'],
  ['a hyphen', '91110000-600037341', 'characters', '统一社会信用代码含有无效字符（只用数字和大写字母，不用I、O、Z、S、V）'],
  ['full-width digit', '９1110000600037341L', 'characters', '统一社会信用代码含有无效字符（只用数字和大写字母，不用I、O、Z、S、V）'],
  ['letter in the region', withCheck('911A0000600037341'), 'region', '统一社会信用代码的行政区划码无效'],
  ['unknown province 99', withCheck('91990000600037341'), 'region', '统一社会信用代码的行政区划码无效'],
  ['Taiwan 71', withCheck('91710000600037341'), 'region', '统一社会信用代码的行政区划码无效'],
  ['10 other than 100000', withCheck('12100100400000624'), 'region', '统一社会信用代码的行政区划码无效'],
  ['wrong check character', '91110000600037341N', 'check', '统一社会信用代码校验位不正确，请核对后重新输入'],
  ['two neighbours swapped', '91110000600073341L', 'check', '统一社会信用代码校验位不正确，请核对后重新输入'],
];

describe('validateUscc', () => {
  it.each(refused)('refuses %s', (_label, input, reason, message) => {
    const result = validateUscc(input);
    expect(result).toEqual({ ok: false, reason, message });
    if (input.trim()) expect(message).not.toContain(input.trim()); // messages never echo the code
  });

  it('names a wrong length before a wrong character, a wrong character before the region, the region before the check', () => {
    expect(validateUscc('9111000060003734O')).toMatchObject({ reason: 'length' });
    expect(validateUscc('91AB0000600037341O')).toMatchObject({ reason: 'characters' });
    expect(validateUscc('91990000600037341N')).toMatchObject({ reason: 'region' });
  });

  it('accepts Hong Kong and Macau region codes', () => {
    expect(validateUscc(withCheck('91810000600037341')).ok).toBe(true);
    expect(validateUscc(withCheck('91820000600037341')).ok).toBe(true);
  });

  it('never throws, whatever it is given', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: fc.constantFrom(...USCC_ALPHABET, 'o', ' ', 'I'), maxLength: 20 })), (input) => {
        const result = validateUscc(input);
        if (result.ok) expect(isValidUscc(result.value)).toBe(true);
      }),
    );
  });
});

describe('UsccSchema', () => {
  it('normalises a valid code', () => {
    expect(UsccSchema.parse(' 91110000600037341l ')).toBe('91110000600037341L');
  });

  it('reports the validator message and reason', () => {
    const result = UsccSchema.safeParse('91110000600037341N');
    expect(result.success).toBe(false);
    const issue = result.error!.issues[0] as { message: string; params?: { reason?: string } };
    expect(issue.message).toBe('统一社会信用代码校验位不正确，请核对后重新输入');
    expect(issue.params).toEqual({ reason: 'check' });
  });

  it('asks for a code when there is none', () => {
    expect(UsccSchema.safeParse(undefined).error!.issues[0].message).toBe('请填写统一社会信用代码');
    expect(UsccSchema.safeParse('').error!.issues[0].message).toBe('请填写统一社会信用代码');
  });
});

describe('maskUscc', () => {
  it.each([
    ['91110000600037341L', '91************341L'],
    ['91110000600037341l', '91************341L'],
    ['9111 0000 6000 3734 1L', '91************341L'],
    ['110000012345678', '1************78'],
    ['1234', '****'],
    ['', ''],
  ])('%s → %s', (input, expected) => expect(maskUscc(input)).toBe(expected));

  it('keeps 18 characters and shows no more than 6, never the region or the 主体标识码', () => {
    fc.assert(
      fc.property(validCodes, (code) => {
        const masked = maskUscc(code);
        expect(masked).toHaveLength(18);
        expect(masked.replace(/\*/g, '').length).toBeLessThanOrEqual(6);
        expect(masked.slice(2, 14)).toBe('*'.repeat(12));
        expect(masked.slice(0, 2) + masked.slice(14)).toBe(code.slice(0, 2) + code.slice(14));
      }),
    );
  });
});
