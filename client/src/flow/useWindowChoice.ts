import { useState } from 'react';
import { chooseWindow } from '../services/mp';
import { asApiError, type ApiError } from '../services/apiError';
import { replacePage } from '../navigation';

/**
 * 到登记窗口核验: another way than the face check. The server sends the person's to-dos to manual
 * review at a registration window; the result page says what to bring.
 */
export function useWindowChoice() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const choose = async () => {
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      const chosen = await chooseWindow();
      await replacePage('result', { status: 'window', tasks: String(chosen.tasks) });
    } catch (err) {
      setError(asApiError(err));
    } finally {
      setBusy(false);
    }
  };
  return { choose, busy, error };
}
