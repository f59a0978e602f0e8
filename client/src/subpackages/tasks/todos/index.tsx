import { useCallback, useRef, useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';
import type { TodoItem } from '@regverify/shared';
import { Page } from '../../../components/Page';
import { StepIndicator } from '../../../components/StepIndicator';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { useAppState } from '../../../store';
import { listTodos } from '../../../services/mp';
import { asApiError, type ApiError } from '../../../services/apiError';
import { openPage } from '../../../navigation';
import { TodoCard } from './TodoCard';
import { a11y } from '../../../components/a11y';

import './index.scss';

/** 待办: this person's to-dos of the last 7 days, refreshed on every visit and by pull-down. */
export default function Todos() {
  const { entryMatterId, setEntryMatterId } = useAppState();
  const [items, setItems] = useState<TodoItem[] | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [loading, setLoading] = useState(false);
  const [missingMatter, setMissingMatter] = useState(false);
  // Read inside the loader without making it change (it runs from platform lifecycle hooks).
  const deepLink = useRef(entryMatterId);
  deepLink.current = entryMatterId;

  const confirm = (item: TodoItem) => openPage('todo', { taskId: item.taskId });

  const load = useCallback(async () => {
    setLoading(true);
    setError(null);
    try {
      const { items: loaded } = await listTodos();
      setItems(loaded);
      const matterId = deepLink.current;
      if (matterId) {
        // The QR code named one filing: open its to-do once, then behave like a plain list.
        setEntryMatterId(null);
        const target = loaded.find((i) => i.matterId === matterId && i.status === 'pending');
        setMissingMatter(!target);
        if (target) await openPage('todo', { taskId: target.taskId });
      }
    } catch (err) {
      setError(asApiError(err));
    } finally {
      setLoading(false);
      Taro.stopPullDownRefresh();
    }
  }, [setEntryMatterId]);

  useDidShow(() => {
    load();
  });
  usePullDownRefresh(() => {
    load();
  });

  return (
    <Page className="todos">
      <StepIndicator current="业务确认" />
      <View className="todos__head">
        <Text className="todos__title">近7天待办事项</Text>
        <Button className="btn btn--plain todos__refresh" {...a11y('刷新待办事项')} loading={loading} disabled={loading} onClick={load}>
          刷新
        </Button>
      </View>
      {missingMatter ? <Text className="muted todos__note">扫码对应的业务暂无您的待办事项，请核对后刷新。</Text> : null}
      <ErrorNotice error={error} onRetry={load} />
      {items && items.length === 0 ? (
        <View className="card todos__empty">
          <Text>近7天暂无待办事项</Text>
        </View>
      ) : null}
      {(items ?? []).map((item) => (
        <TodoCard key={item.taskId} item={item} onConfirm={confirm} />
      ))}
    </Page>
  );
}
