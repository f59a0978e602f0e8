import type { PropsWithChildren } from 'react';
import { View } from '@tarojs/components';
import { useAppState } from '../../store';

import './index.scss';

/** The root of every page: carries the elder-mode class so one stylesheet enlarges everything. */
export function Page({ children, className = '' }: PropsWithChildren<{ className?: string }>) {
  const { elder } = useAppState();
  return <View className={`page ${elder ? 'page--elder' : ''} ${className}`.trim()}>{children}</View>;
}
