import { Picker, Text, View } from '@tarojs/components';
import { ID_TYPES, ID_TYPE_LABELS, type IdType } from '@regverify/shared/words';
import { a11y } from '../../components/a11y';

const LABELS = ID_TYPES.map((t) => ID_TYPE_LABELS[t]);

/** 证件类型: the six document types of the manual, in its order and wording. */
export function IdTypePicker({ value, onChange }: { value: IdType | null; onChange(idType: IdType): void }) {
  const index = value ? ID_TYPES.indexOf(value) : 0;
  return (
    <Picker mode="selector" range={LABELS} value={index} onChange={(e) => onChange(ID_TYPES[Number(e.detail.value)])}>
      <View className="entry__row" {...a11y(`证件类型：${value ? ID_TYPE_LABELS[value] : '请选择证件类型'}`)}>
        <Text className="entry__label">证件类型</Text>
        <Text className={value ? 'entry__value' : 'entry__value entry__placeholder'}>
          {value ? ID_TYPE_LABELS[value] : '请选择证件类型'}
        </Text>
        <Text className="entry__chevron">&gt;</Text>
      </View>
    </Picker>
  );
}
