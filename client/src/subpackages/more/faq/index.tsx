import { Text, View } from '@tarojs/components';
import { Page } from '../../../components/Page';
import { FAQ } from '../../../content/faq';

/** 常见问题: the seven entries of the manual, verbatim. */
export default function Faq() {
  return (
    <Page className="faq">
      {FAQ.map((entry) => (
        <View key={entry.question} className="card">
          <Text className="card__title">{entry.question}</Text>
          {entry.answer.map((line) => (
            <Text key={line} className="faq__answer">
              {line}
            </Text>
          ))}
        </View>
      ))}
    </Page>
  );
}
