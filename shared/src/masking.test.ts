import { maskBankCard, maskIdNumber, maskName } from './masking';

describe('masking', () => {
  it.each([
    ['张三', '张*'],
    ['欧阳娜娜', '欧***'],
    ['  李四 ', '李*'],
    ['买买提·艾力', '买*****'],
    ['王', '*'],
    ['', ''],
    ['𠀋一', '𠀋*'], // characters outside the BMP count once
  ])('name %s → %s', (input, expected) => expect(maskName(input)).toBe(expected));

  it.each([
    ['11010519491231002X', '1101**********002X'],
    ['11010519491231002x', '1101**********002X'],
    ['USA310080101001', 'USA3*******1001'],
    ['H12345678', 'H******78'],
    ['12345678', '1*****78'],
    ['E12', '***'],
  ])('ID number %s → %s', (input, expected) => expect(maskIdNumber(input)).toBe(expected));

  it.each([
    ['6222021234567890123', '6222***********0123'],
    ['6222 0212 3456 7890', '6222********7890'],
    ['1234', '****'],
  ])('bank card %s → %s', (input, expected) => expect(maskBankCard(input)).toBe(expected));

  it('never leaves the middle of an ID number readable', () => {
    const masked = maskIdNumber('11010519491231002X');
    expect(masked).not.toContain('19491231');
  });
});
