/** @jest-environment jsdom */
import { useState } from 'react';
import { fireEvent, render, screen } from '@testing-library/react';
import { ID_TYPE_LABELS, type IdType } from '@regverify/shared';
import { IdTypePicker } from './IdTypePicker';

function Harness({ onChange }: { onChange(t: IdType): void }) {
  const [value, setValue] = useState<IdType | null>(null);
  return (
    <IdTypePicker
      value={value}
      onChange={(t) => {
        setValue(t);
        onChange(t);
      }}
    />
  );
}

describe('证件类型 picker', () => {
  test('offers the six labels of the manual, in order, with the placeholder until one is chosen', () => {
    render(<Harness onChange={jest.fn()} />);
    const options = Array.from(screen.getByTestId('picker').querySelectorAll('option')).map((o) => o.textContent);
    expect(options).toEqual([
      '居民身份证',
      '华侨持用护照',
      '港澳居民来往内地通行证',
      '台湾居民来往大陆通行证',
      '港澳台居民居住证',
      '外国人永久居留身份证',
    ]);
    expect(screen.getByLabelText('证件类型：请选择证件类型')).toBeTruthy();
  });

  test('choosing an entry reports its code and shows its label', () => {
    const onChange = jest.fn();
    render(<Harness onChange={onChange} />);
    fireEvent.change(screen.getByTestId('picker'), { target: { value: '3' } });
    expect(onChange).toHaveBeenCalledWith('taiwan_permit');
    expect(screen.getByLabelText(`证件类型：${ID_TYPE_LABELS.taiwan_permit}`).textContent).toContain('台湾居民来往大陆通行证');
  });
});
