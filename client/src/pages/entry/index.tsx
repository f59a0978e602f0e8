import { Button, Text, View } from '@tarojs/components';
import { ID_TYPES, ID_TYPE_LABELS } from '@regverify/shared';

import './index.scss';

/** 用户信息录入 — placeholder: static rows only; input, validation and consent come later. */
const FIELDS = [
  { label: '姓名', placeholder: '请填写姓名' },
  { label: '证件类型', placeholder: '请选择证件类型' },
  { label: '证件号码', placeholder: '请填写证件号码' },
];

export default function Entry() {
  return (
    <View className="entry">
      <View className="entry__header">
        <Text className="entry__authority">国家市场监督管理总局</Text>
        <Text className="entry__authority-en">State Administration for Market Regulation</Text>
        <Text className="entry__title">登记注册身份验证</Text>
      </View>

      <View className="entry__form">
        {FIELDS.map((field) => (
          <View className="entry__row" key={field.label}>
            <Text className="entry__label">{field.label}</Text>
            <Text className="entry__placeholder">{field.placeholder}</Text>
          </View>
        ))}
      </View>

      <View className="entry__types">
        <Text className="entry__types-title">证件类型</Text>
        {ID_TYPES.map((idType) => (
          <Text className="entry__type" key={idType}>
            {ID_TYPE_LABELS[idType]}
          </Text>
        ))}
      </View>

      <Button className="entry__submit" disabled>
        查看待办事项
      </Button>
    </View>
  );
}
