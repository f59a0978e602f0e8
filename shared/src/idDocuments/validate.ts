import { isRealBirthDate } from './birthDate';
import { hasValidCheckCharacter } from './checkCharacter';
import type { IdType } from './types';

export type IdNumberProblem = 'empty' | 'format' | 'area' | 'birth_date' | 'check_character';

export type IdNumberCheck = { ok: true; value: string } | { ok: false; problem: IdNumberProblem; message: string };

/**
 * Province-level codes that start a mainland resident ID (71 Taiwan is assigned but never issued).
 * The 统一社会信用代码 validator reads the same table for its 行政区划码.
 */
export const MAINLAND_PROVINCES = [
  '11',
  '12',
  '13',
  '14',
  '15',
  '21',
  '22',
  '23',
  '31',
  '32',
  '33',
  '34',
  '35',
  '36',
  '37',
  '41',
  '42',
  '43',
  '44',
  '45',
  '46',
  '50',
  '51',
  '52',
  '53',
  '54',
  '61',
  '62',
  '63',
  '64',
  '65',
];
const HMT_AREAS = ['810000', '820000', '830000'];

/** Upper-case and drop spaces, the way people type numbers on a phone keyboard. */
export function normalizeIdNumber(raw: string): string {
  return raw.replace(/\s+/g, '').toUpperCase();
}

const FORMAT_HINTS: Record<IdType, string> = {
  resident_id: '居民身份证号码应为18位，最后一位可以是数字或X',
  passport: '护照号码格式不正确，应为E或G开头加8位字符',
  hk_macau_permit: '港澳居民来往内地通行证号码应为H或M开头加8位或10位数字',
  taiwan_permit: '台湾居民来往大陆通行证号码应为8位数字（旧版为10位）',
  hmt_residence_permit: '港澳台居民居住证号码应为18位，最后一位可以是数字或X',
  foreign_permanent_residence: '外国人永久居留身份证号码应为18位（以9开头）或3位字母加12位数字',
};

const fail = (problem: IdNumberProblem, message: string): IdNumberCheck => ({ ok: false, problem, message });

/**
 * Validate an ID number for its document type. Numbers of the 18-character family are checked strictly
 * (area, calendar birth date, check character); permits and passports loosely, by their printed format.
 */
export function validateIdNumber(idType: IdType, raw: string, today: Date = new Date()): IdNumberCheck {
  const value = normalizeIdNumber(raw);
  if (value === '') return fail('empty', '请填写证件号码');
  switch (idType) {
    case 'resident_id':
      return checkEighteen(value, today, FORMAT_HINTS.resident_id, (v) =>
        MAINLAND_PROVINCES.indexOf(v.slice(0, 2)) >= 0 ? null : '证件号码的地区代码无效',
      );
    case 'hmt_residence_permit':
      return checkEighteen(value, today, FORMAT_HINTS.hmt_residence_permit, (v) =>
        HMT_AREAS.indexOf(v.slice(0, 6)) >= 0 ? null : '港澳台居民居住证号码应以810000、820000或830000开头',
      );
    case 'foreign_permanent_residence':
      if (/^[A-Z]{3}\d{12}$/.test(value)) return { ok: true, value }; // 2017 form, still valid
      return checkEighteen(value, today, FORMAT_HINTS.foreign_permanent_residence, (v) =>
        v[0] === '9' ? null : '外国人永久居留身份证号码（2023版）应以9开头',
      );
    case 'hk_macau_permit':
      return /^[HM]\d{8}(\d{2})?$/.test(value) ? { ok: true, value } : fail('format', FORMAT_HINTS.hk_macau_permit);
    case 'taiwan_permit':
      return /^(\d{8}|\d{10}|\d{8}[A-Z]\d)$/.test(value) ? { ok: true, value } : fail('format', FORMAT_HINTS.taiwan_permit);
    case 'passport':
      return /^(E[0-9A-HJ-NP-Z]\d{7}|G\d{8})$/.test(value) ? { ok: true, value } : fail('format', FORMAT_HINTS.passport);
  }
}

/** 18-character family: area rule, birth date at characters 7–14, MOD 11-2 check character. */
function checkEighteen(value: string, today: Date, formatHint: string, areaProblem: (v: string) => string | null): IdNumberCheck {
  if (!/^\d{17}[\dX]$/.test(value)) return fail('format', formatHint);
  const area = areaProblem(value);
  if (area) return fail('area', area);
  if (!isRealBirthDate(value.slice(6, 14), today)) return fail('birth_date', '证件号码中的出生日期无效');
  if (!hasValidCheckCharacter(value)) return fail('check_character', '证件号码校验位不正确，请核对后重新输入');
  return { ok: true, value };
}
