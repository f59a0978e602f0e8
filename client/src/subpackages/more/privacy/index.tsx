import { Text, View } from '@tarojs/components';
import { Page } from '../../../components/Page';
import { PRIVACY_RULES } from './rules';

/** 个人信息处理规则: what is collected, why, how it is protected, how long it is kept, the person's rights. */
export default function Privacy() {
  return (
    <Page className="privacy">
      <Text className="privacy__title">个人信息处理规则</Text>
      {PRIVACY_RULES.map((section) => (
        <View key={section.title} className="card">
          <Text className="card__title">{section.title}</Text>
          {section.paragraphs.map((p) => (
            <Text key={p} className="privacy__paragraph">
              {p}
            </Text>
          ))}
        </View>
      ))}
    </Page>
  );
}
