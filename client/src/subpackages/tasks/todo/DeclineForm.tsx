import { useState } from 'react';
import { Button, Text, Textarea, View } from '@tarojs/components';
import type { DeclineReason } from '@regverify/shared';
import { DeclineRequestSchema } from '@regverify/shared/mini';
import { DECLINE_REASON_WORDS } from '@regverify/shared/words';
import { Tick } from '../../../components/Tick';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { a11y } from '../../../components/a11y';
import { declineTodo } from '../../../services/mp';
import { asApiError, type ApiError } from '../../../services/apiError';

const REASONS: DeclineReason[] = ['not_mine', 'content_wrong'];

/**
 * 拒绝: the person says the filing is not theirs (不是本人办理 — someone used their identity) or
 * that it is wrong (内容有误), with an optional note. The portal sees 已拒绝 at once and cannot
 * submit; the registration window follows up 不是本人办理.
 */
export function DeclineForm({ taskId, onDone, onCancel }: { taskId: string; onDone(): void; onCancel(): void }) {
  const [reason, setReason] = useState<DeclineReason | null>(null);
  const [note, setNote] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    setError(null);
    const parsed = DeclineRequestSchema.safeParse({ reason, ...(note.trim() ? { note } : {}) });
    if (!parsed.success) {
      setProblem(parsed.error.issues[0].message);
      return;
    }
    setProblem(null);
    setBusy(true);
    try {
      await declineTodo(taskId, parsed.data.reason, parsed.data.note);
      onDone();
    } catch (err) {
      setError(asApiError(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <View className="card todo-decline" role="group" {...a11y('拒绝原因')}>
      <Text className="card__title">拒绝原因</Text>
      {REASONS.map((r) => (
        <Tick key={r} checked={reason === r} onChange={(on) => setReason(on ? r : null)} label={DECLINE_REASON_WORDS[r]}>
          <Text>{DECLINE_REASON_WORDS[r]}</Text>
        </Tick>
      ))}
      {reason === 'not_mine' ? <Text className="muted">如有他人冒用您的身份办理登记，请尽快联系登记机关；登记窗口会跟进处理。</Text> : null}
      <Textarea
        className="todo-decline__note text-input"
        value={note}
        maxlength={200}
        placeholder="选填，说明情况（不超过200字）"
        {...a11y('说明（选填）')}
        onInput={(e) => setNote(e.detail.value)}
      />
      {problem ? (
        <View role="alert">
          <Text className="field-error">{problem}</Text>
        </View>
      ) : null}
      <ErrorNotice error={error} onRetry={submit} />
      <Button
        className={`btn btn--danger ${reason ? '' : 'btn--disabled'}`}
        {...a11y('确认拒绝')}
        loading={busy}
        disabled={busy || !reason}
        onClick={submit}
      >
        确认拒绝
      </Button>
      <Button className="btn btn--plain" {...a11y('取消')} onClick={onCancel}>
        取消
      </Button>
    </View>
  );
}
