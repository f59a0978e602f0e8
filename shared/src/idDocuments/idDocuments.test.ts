import { computeCheckCharacter, hasValidCheckCharacter, isRealBirthDate, needsBankCard, validateIdNumber, type IdType } from '.';

/** Builds a number of the 18-character family with a correct check character. */
const withCheck = (first17: string) => first17 + computeCheckCharacter(first17);
/** The same number with a wrong check character. */
const withWrongCheck = (first17: string) => {
  const right = computeCheckCharacter(first17);
  return first17 + (right === '0' ? '1' : '0');
};

const today = new Date(2026, 10, 28);

describe('check character (MOD 11-2)', () => {
  it('matches the public test number', () => {
    expect(computeCheckCharacter('11010519491231002')).toBe('X');
    expect(hasValidCheckCharacter('11010519491231002X')).toBe(true);
    expect(hasValidCheckCharacter('110105194912310020')).toBe(false);
  });

  it('refuses input that is not 17 digits', () => {
    expect(() => computeCheckCharacter('1101051949123100')).toThrow();
  });
});

describe('birth dates', () => {
  it.each([
    ['19491231', true],
    ['20000229', true], // leap year divisible by 400
    ['19000228', true],
    ['19000229', false], // 1900 is not a leap year
    ['20240229', true],
    ['20230229', false],
    ['20260431', false],
    ['20261301', false],
    ['20261128', true], // today
    ['20261129', false], // tomorrow
    ['18991231', false],
    ['2026112', false],
  ])('%s → %s', (date, expected) => {
    expect(isRealBirthDate(date, today)).toBe(expected);
  });
});

type Row = [label: string, idType: IdType, input: string, expected: true | string];

const valid: Row[] = [
  ['public test number', 'resident_id', '11010519491231002X', true],
  ['lower-case x and spaces', 'resident_id', '110105 19491231 002x', true],
  ['Henan area, leap day', 'resident_id', withCheck('41010220000229123'), true],
  ['Hong Kong residence permit', 'hmt_residence_permit', withCheck('81000019900101001'), true],
  ['Macau residence permit', 'hmt_residence_permit', withCheck('82000019851231002'), true],
  ['Taiwan residence permit', 'hmt_residence_permit', withCheck('83000020010715003'), true],
  ['permanent residence 2023 form', 'foreign_permanent_residence', withCheck('93184019800101001'), true],
  ['permanent residence 2017 form', 'foreign_permanent_residence', 'USA310080101001', true],
  ['HK permit', 'hk_macau_permit', 'H12345678', true],
  ['Macau permit with two more digits', 'hk_macau_permit', 'M1234567801', true],
  ['Taiwan permit', 'taiwan_permit', '12345678', true],
  ['Taiwan permit, old 10-digit form', 'taiwan_permit', '1234567890', true],
  ['passport E + 8 digits', 'passport', 'E12345678', true],
  ['passport E + letter + 7 digits', 'passport', 'EA1234567', true],
  ['old passport G + 8 digits', 'passport', 'G12345678', true],
];

const invalid: Row[] = [
  ['empty', 'resident_id', '   ', 'empty'],
  ['17 characters', 'resident_id', '11010519491231002', 'format'],
  ['letter inside', 'resident_id', '1101051949123A002X', 'format'],
  ['wrong check character', 'resident_id', withWrongCheck('11010519491231002'), 'check_character'],
  ['30 February', 'resident_id', withCheck('11010519900230001'), 'birth_date'],
  ['born tomorrow', 'resident_id', withCheck('11010520261129001'), 'birth_date'],
  ['unknown province', 'resident_id', withCheck('99010519491231002'), 'area'],
  ['HMT area on a resident ID', 'resident_id', withCheck('81000019900101001'), 'area'],
  ['residence permit outside 81/82/83', 'hmt_residence_permit', '11010519491231002X', 'area'],
  ['residence permit, 840000', 'hmt_residence_permit', withCheck('84000019900101001'), 'area'],
  ['residence permit, wrong check', 'hmt_residence_permit', withWrongCheck('81000019900101001'), 'check_character'],
  ['permanent residence not starting with 9', 'foreign_permanent_residence', withCheck('83184019800101001'), 'area'],
  ['permanent residence wrong check', 'foreign_permanent_residence', withWrongCheck('93184019800101001'), 'check_character'],
  ['permanent residence 2017 form too short', 'foreign_permanent_residence', 'USA31008010100', 'format'],
  ['HK permit without letter', 'hk_macau_permit', '12345678', 'format'],
  ['HK permit, 9 digits', 'hk_macau_permit', 'H123456789', 'format'],
  ['Taiwan permit, 7 digits', 'taiwan_permit', '1234567', 'format'],
  ['passport with letter O', 'passport', 'EO1234567', 'format'],
  ['passport, 7 characters', 'passport', 'E1234567', 'format'],
];

describe('validateIdNumber', () => {
  it.each(valid)('accepts %s', (_label, idType, input) => {
    const result = validateIdNumber(idType, input, today);
    expect(result).toEqual({ ok: true, value: input.replace(/\s+/g, '').toUpperCase() });
  });

  it.each(invalid)('refuses %s', (_label, idType, input, problem) => {
    const result = validateIdNumber(idType, input, today);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.problem).toBe(problem);
      expect(result.message).toMatch(/[\u4e00-\u9fa5]/);
      if (input.trim()) expect(result.message).not.toContain(input.trim()); // messages never echo the number
    }
  });
});

describe('needsBankCard', () => {
  it('is true for resident ID holders only', () => {
    expect(needsBankCard('resident_id')).toBe(true);
    expect(needsBankCard('hk_macau_permit')).toBe(false);
    expect(needsBankCard('passport')).toBe(false);
  });
});
