import { useState } from 'react';
import { Input, Text, View } from '@tarojs/components';
import { validateIdNumber, type IdType } from '@regverify/shared/idDocuments';
import { a11y } from '../../components/a11y';

/** The problem with the number as typed, in shared's words; null when it is fine or not checkable yet. */
export function idNumberProblem(idType: IdType | null, value: string): string | null {
  if (!idType) return value ? '请选择证件类型' : null;
  const check = validateIdNumber(idType, value);
  return check.ok ? null : check.message;
}

/**
 * 证件号码 with live validation: quiet until the person leaves the field (or has typed a full
 * 18 characters), then it follows every keystroke.
 */
export function IdNumberField({
  idType,
  value,
  onChange,
  showErrors,
}: {
  idType: IdType | null;
  value: string;
  onChange(value: string): void;
  /** Set after a submit attempt: show the problem even if the field was never left. */
  showErrors?: boolean;
}) {
  const [touched, setTouched] = useState(false);
  const problem = idNumberProblem(idType, value);
  const visible = problem && (touched || showErrors || value.replace(/\s+/g, '').length >= 18);
  return (
    <View>
      <View className="entry__row">
        <Text className="entry__label">证件号码</Text>
        <Input
          className="entry__input text-input"
          type={idType === 'resident_id' || idType === 'hmt_residence_permit' ? 'idcard' : 'text'}
          value={value}
          maxlength={32}
          placeholder="请填写证件号码"
          {...a11y('证件号码')}
          onInput={(e) => onChange(e.detail.value)}
          onBlur={() => setTouched(true)}
        />
      </View>
      {visible ? (
        <View role="alert">
          <Text className="field-error">{problem}</Text>
        </View>
      ) : null}
    </View>
  );
}
