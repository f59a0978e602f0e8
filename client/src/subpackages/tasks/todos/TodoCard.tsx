import { Button, Text, View } from '@tarojs/components';
import type { TodoItem } from '@regverify/shared';
import { formatTime, taskStatusWord } from '../../../content/taskWords';
import { a11y } from '../../../components/a11y';

/** One to-do of the list; only a pending one offers 【业务确认】. */
export function TodoCard({ item, onConfirm }: { item: TodoItem; onConfirm(item: TodoItem): void }) {
  return (
    <View className="card todo-card">
      <View className="todo-card__head">
        <Text className="todo-card__kind">{item.kind}</Text>
        <Text className={`todo-card__status todo-card__status--${item.status}`}>{taskStatusWord(item)}</Text>
      </View>
      <Text className="todo-card__entity">{item.entityName}</Text>
      {item.organization ? <Text className="todo-card__for">代表 {item.organization.name}</Text> : null}
      <Text className="muted">担任：{item.roles.join('、')}</Text>
      <Text className="muted">发起时间：{formatTime(item.createdAt)}</Text>
      {item.status === 'pending' ? (
        <Button
          className="btn btn--primary"
          {...a11y(`业务确认：${item.kind} ${item.entityName}${item.organization ? ` 代表${item.organization.name}` : ''}`)}
          onClick={() => onConfirm(item)}
        >
          业务确认
        </Button>
      ) : null}
    </View>
  );
}
