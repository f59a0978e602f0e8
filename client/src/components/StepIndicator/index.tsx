import { Text, View } from '@tarojs/components';
import { a11y } from '../a11y';

import './index.scss';

export const STEPS = ['填写信息', '刷脸核验', '业务确认', '签名'] as const;
export type Step = (typeof STEPS)[number];

/** 填写信息 → 刷脸核验 → 业务确认 → 签名, with the current step marked for eyes and screen readers. */
export function StepIndicator({ current }: { current: Step }) {
  const currentIndex = STEPS.indexOf(current);
  return (
    <View className="steps" {...a11y(`第${currentIndex + 1}步，共${STEPS.length}步：${current}`)}>
      {STEPS.map((step, i) => (
        <View
          key={step}
          className={`steps__item ${i < currentIndex ? 'steps__item--done' : ''} ${i === currentIndex ? 'steps__item--current' : ''}`}
        >
          <Text className="steps__dot">{i + 1}</Text>
          <Text className="steps__label">{step}</Text>
        </View>
      ))}
    </View>
  );
}
