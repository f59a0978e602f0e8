/**
 * Masked copies of personal data for display. Every response, event, callback and log line
 * uses these; the clear values never leave the encrypted store except to their owner.
 */

/** `张三` → `张*`, `欧阳娜娜` → `欧***`: the first character stays so people recognise themselves. */
export function maskName(name: string): string {
  const chars = Array.from(name.trim());
  if (chars.length === 0) return '';
  if (chars.length === 1) return '*';
  return chars[0] + '*'.repeat(chars.length - 1);
}

/** `11010519491231002X` → `1101**********002X`; short permit numbers keep one leading and two trailing characters. */
export function maskIdNumber(idNumber: string): string {
  const v = idNumber.replace(/\s+/g, '').toUpperCase();
  if (v.length >= 15) return v.slice(0, 4) + '*'.repeat(v.length - 8) + v.slice(-4);
  if (v.length <= 3) return '*'.repeat(v.length);
  return v[0] + '*'.repeat(v.length - 3) + v.slice(-2);
}

/** `6222021234567890123` → `6222***********0123`. */
export function maskBankCard(cardNumber: string): string {
  const v = cardNumber.replace(/\s+/g, '');
  if (v.length <= 8) return '*'.repeat(v.length);
  return v.slice(0, 4) + '*'.repeat(v.length - 8) + v.slice(-4);
}

/**
 * `91110000600037341L` → `91************341L`. The first two characters say what kind of body it is
 * (91 企业, 92 个体工商户, 12 事业单位, 51 社会团体), so a clerk sees at once whether the licence on the
 * desk is the right kind; the last four are enough to match it. The 行政区划码 (characters 3–8) stays
 * hidden: it is shared by every body of the same district, so it helps little to match a licence and
 * only says where the body is. A 个体工商户's code stands for one person, hence masked like an ID number.
 * Anything that is not 18 characters keeps at most a third of itself visible.
 */
export function maskUscc(code: string): string {
  const v = code.replace(/\s+/g, '').toUpperCase();
  if (v.length >= 18) return v.slice(0, 2) + '*'.repeat(v.length - 6) + v.slice(-4);
  if (v.length < 9) return '*'.repeat(v.length);
  return v.slice(0, 1) + '*'.repeat(v.length - 3) + v.slice(-2);
}
