/** The six ID document types of the contract, with the labels of the manual. */
export const ID_TYPES = [
  'resident_id',
  'passport',
  'hk_macau_permit',
  'taiwan_permit',
  'hmt_residence_permit',
  'foreign_permanent_residence',
] as const;

export type IdType = (typeof ID_TYPES)[number];

export const ID_TYPE_LABELS: Record<IdType, string> = {
  resident_id: '居民身份证',
  passport: '华侨持用护照',
  hk_macau_permit: '港澳居民来往内地通行证',
  taiwan_permit: '台湾居民来往大陆通行证',
  hmt_residence_permit: '港澳台居民居住证',
  foreign_permanent_residence: '外国人永久居留身份证',
};

/** Only resident ID holders prove themselves with a bank card as well (manual, 注意事项 / FAQ 6). */
export function needsBankCard(idType: IdType): boolean {
  return idType === 'resident_id';
}
