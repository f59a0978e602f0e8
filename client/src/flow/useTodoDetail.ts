import { useCallback, useEffect, useState } from 'react';
import { readTodo } from '../services/mp';
import { asApiError, type ApiError } from '../services/apiError';

export type TodoDetail = Awaited<ReturnType<typeof readTodo>>;

/** Loads one to-do with its documents and current digest; `reload` for ErrorNotice's 重试. */
export function useTodoDetail(taskId: string) {
  const [detail, setDetail] = useState<TodoDetail | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  const reload = useCallback(async () => {
    setError(null);
    try {
      setDetail(await readTodo(taskId));
    } catch (err) {
      setError(asApiError(err));
    }
  }, [taskId]);

  useEffect(() => {
    reload();
  }, [reload]);

  return { detail, error, reload };
}
