import type { PropsWithChildren } from 'react';
import { Text, View } from '@tarojs/components';
import { a11y } from '../a11y';

/**
 * A tick box drawn with a View: the platforms' Checkbox components differ in events and sizing, and
 * this one is a large, labelled target on all of them.
 */
export function Tick({
  checked,
  onChange,
  label,
  children,
}: PropsWithChildren<{ checked: boolean; onChange(next: boolean): void; label: string }>) {
  return (
    <View className="tick" role="checkbox" {...a11y(`${label}（${checked ? '已勾选' : '未勾选'}）`)} onClick={() => onChange(!checked)}>
      <Text className={`tick__box ${checked ? 'tick__box--on' : ''}`}>{checked ? '✓' : ''}</Text>
      <View className="tick__text">{children}</View>
    </View>
  );
}
