import { Button, Text, View } from '@tarojs/components';
import type { ApiError } from '../../services/apiError';
import { a11y } from '../a11y';

import './index.scss';

/**
 * Shows a failed call in the words the server (or `errorMessage(code)`) gave. Only a network failure
 * offers 重试: repeating a refused request would just be refused again.
 */
export function ErrorNotice({ error, onRetry }: { error: ApiError | null; onRetry?: () => void }) {
  if (!error) return null;
  return (
    <View className="error-notice" role="alert">
      <Text className="error-notice__text">{error.message}</Text>
      {error.isNetwork && onRetry ? (
        <Button className="btn btn--plain error-notice__retry" {...a11y('重试')} onClick={onRetry}>
          重试
        </Button>
      ) : null}
    </View>
  );
}
