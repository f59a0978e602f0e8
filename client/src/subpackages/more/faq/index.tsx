import { Text, View } from '@tarojs/components';
import { Page } from '../../../components/Page';
import { FAQ } from '../../../content/faq';
import { useServiceInfo } from '../../../flow/useServiceInfo';

/**
 * 常见问题: the seven entries of the manual, verbatim — FAQ 1 (which platforms) in the server's words
 * for what this deployment serves.
 */
export default function Faq() {
  const info = useServiceInfo();
  const entries = info ? FAQ.map((entry, i) => (i === 0 ? { ...entry, answer: [info.platformsFaqAnswer] } : entry)) : FAQ;
  return (
    <Page className="faq">
      {entries.map((entry) => (
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
