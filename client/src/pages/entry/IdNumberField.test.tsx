/** @jest-environment jsdom */
import { useState } from 'react';
import { fireEvent, render, screen } from '@testing-library/react';
import type { IdType } from '@regverify/shared';
import { IdNumberField } from './IdNumberField';

function Harness({ idType }: { idType: IdType | null }) {
  const [value, setValue] = useState('');
  return <IdNumberField idType={idType} value={value} onChange={setValue} />;
}

const field = () => screen.getByLabelText('证件号码') as HTMLInputElement;
const shownProblem = () => screen.queryByRole('alert')?.textContent ?? null;

describe('证件号码 live validation', () => {
  test('stays quiet while typing a short number, then explains the format after the field is left', () => {
    render(<Harness idType="resident_id" />);
    fireEvent.change(field(), { target: { value: '110105' } });
    expect(shownProblem()).toBeNull();
    fireEvent.blur(field());
    expect(shownProblem()).toBe('居民身份证号码应为18位，最后一位可以是数字或X');
  });

  test('a full 18-character number is checked at once: wrong check character, then fixed', () => {
    render(<Harness idType="resident_id" />);
    fireEvent.change(field(), { target: { value: '110105194912310021' } });
    expect(shownProblem()).toBe('证件号码校验位不正确，请核对后重新输入');
    fireEvent.change(field(), { target: { value: '11010519491231002x' } });
    expect(shownProblem()).toBeNull();
  });

  test('an impossible birth date and an unknown area get their own messages', () => {
    render(<Harness idType="resident_id" />);
    fireEvent.change(field(), { target: { value: '110105194902301234' } });
    expect(shownProblem()).toBe('证件号码中的出生日期无效');
    fireEvent.change(field(), { target: { value: '991105194912310021' } });
    expect(shownProblem()).toBe('证件号码的地区代码无效');
  });

  test('permits are checked by their own format', () => {
    render(<Harness idType="hk_macau_permit" />);
    fireEvent.change(field(), { target: { value: 'X1234567' } });
    fireEvent.blur(field());
    expect(shownProblem()).toBe('港澳居民来往内地通行证号码应为H或M开头加8位或10位数字');
    fireEvent.change(field(), { target: { value: 'H12345678' } });
    expect(shownProblem()).toBeNull();
  });

  test('an emptied field asks for the number; without a type it asks for the type first', () => {
    const { unmount } = render(<Harness idType="resident_id" />);
    fireEvent.blur(field());
    expect(shownProblem()).toBe('请填写证件号码');
    unmount();
    render(<Harness idType={null} />);
    fireEvent.change(field(), { target: { value: '123' } });
    fireEvent.blur(field());
    expect(shownProblem()).toBe('请选择证件类型');
  });
});
