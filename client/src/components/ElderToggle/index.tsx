import { Text, View } from '@tarojs/components';
import { useAppState } from '../../store';
import { a11y } from '../a11y';

/** 长辈模式 switch: larger text, stronger contrast and bigger buttons, remembered on this phone. */
export function ElderToggle() {
  const { elder, setElder } = useAppState();
  return (
    <View
      className={`elder-toggle ${elder ? 'elder-toggle--on' : ''}`}
      role="switch"
      {...a11y('长辈模式')}
      onClick={() => setElder(!elder)}
    >
      <Text>{elder ? '长辈模式：开' : '长辈模式'}</Text>
    </View>
  );
}
