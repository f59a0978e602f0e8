import { useState } from 'react';
import { Button, Text, View } from '@tarojs/components';
import { platform } from '../../../platform';
import { API_BASE, sessionToken } from '../../../services/request';
import { todoDocumentPath } from '../../../services/mp';
import { a11y } from '../../../components/a11y';
import type { TodoDetail } from '../../../flow/useTodoDetail';

/**
 * 业务文件: each document the portal sent as a file has 查看 (the platform's document viewer; an
 * in-page one in H5) and, once this person opened it, 已查看 — the server records the opening and
 * 确认 waits for every one.
 */
export function DocumentList({ detail, onOpened }: { detail: TodoDetail; onOpened(): void }) {
  const [problem, setProblem] = useState<string | null>(null);
  const [opening, setOpening] = useState<number | null>(null);
  const open = async (index: number, name: string) => {
    setProblem(null);
    setOpening(index);
    try {
      const token = sessionToken.get();
      await platform.openDocument({
        url: API_BASE + todoDocumentPath(detail.taskId, index),
        headers: token ? { authorization: `Bearer ${token}` } : {},
        title: name,
      });
      onOpened();
    } catch (err) {
      setProblem((err as Error).message || '文件暂时无法查看，请稍后重试');
    } finally {
      setOpening(null);
    }
  };
  const withContent = detail.documents.filter((d) => d.hasContent);
  if (withContent.length === 0) return null;
  return (
    <View className="card todo-docs">
      <Text className="card__title">查看业务文件</Text>
      <Text className="muted">请逐一查看以下文件，全部查看后方可确认。</Text>
      {detail.documents.map((doc, index) =>
        doc.hasContent ? (
          <View key={`${index}-${doc.name}`} className="todo-docs__row">
            <Text className="todo-docs__name">{doc.name}</Text>
            <Text className={`todo-docs__state ${doc.viewed ? 'todo-docs__state--done' : ''}`}>{doc.viewed ? '已查看' : '未查看'}</Text>
            <Button
              className="btn btn--plain todo-docs__open"
              {...a11y(`查看《${doc.name}》`)}
              loading={opening === index}
              disabled={opening !== null}
              onClick={() => open(index, doc.name)}
            >
              查看
            </Button>
          </View>
        ) : null,
      )}
      {problem ? (
        <View role="alert">
          <Text className="field-error">{problem}</Text>
        </View>
      ) : null}
    </View>
  );
}

/** The documents with content this person has not opened yet. */
export const unviewed = (detail: TodoDetail) => detail.documents.filter((d) => d.hasContent && !d.viewed);
