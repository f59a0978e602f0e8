import { useState } from 'react';
import { useRouter } from '@tarojs/taro';
import { Button, Image, Text, View } from '@tarojs/components';
import { maskIdNumber, maskName } from '@regverify/shared/masking';
import { ID_TYPE_LABELS } from '@regverify/shared/words';
import { Page } from '../../../components/Page';
import { StepIndicator } from '../../../components/StepIndicator';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { MatterSummary } from '../../../components/MatterSummary';
import { SignaturePad } from '../../../components/SignaturePad';
import { useAppState } from '../../../store';
import { confirmTodo } from '../../../services/mp';
import { asApiError, type ApiError } from '../../../services/apiError';
import { useFaceCheck } from '../../../flow/useFaceCheck';
import { useTodoDetail } from '../../../flow/useTodoDetail';
import { queryValue, replacePage } from '../../../navigation';
import { a11y } from '../../../components/a11y';

import './index.scss';

/** Refusals that a fresh task face check resolves: offer it instead of a dead end. */
const NEEDS_NEW_FACE_CHECK = ['verification_used', 'verification_expired', 'task_verification_required', 'verification_not_passed'];

/** 签名: user info (masked) and matter info, a hand signature, then 确认 completes the to-do. */
export default function Sign() {
  const taskId = queryValue(useRouter().params.taskId) ?? '';
  const app = useAppState();
  // The digest sent is the one of the documents shown on this page: people confirm what they saw.
  const { detail, error: loadError, reload } = useTodoDetail(taskId);
  const [signature, setSignature] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const face = useFaceCheck({ purpose: 'task', taskId });

  const needsSignature = !!detail && detail.actions.indexOf('sign') >= 0;
  const verificationId = app.taskPass?.taskId === taskId ? app.taskPass.verificationId : (detail?.verificationId ?? undefined);

  const submit = async () => {
    if (!detail || busy) return;
    setBusy(true);
    setError(null);
    try {
      await confirmTodo(taskId, {
        verificationId: detail.actions.indexOf('verify') >= 0 ? verificationId : undefined,
        documentsDigest: detail.documentsDigest,
        signature: needsSignature ? (signature ?? undefined) : undefined,
      });
      app.setTaskPass(null);
      await replacePage('done');
    } catch (err) {
      const e = asApiError(err);
      setError(e);
      // New documents: show them again before anything can be confirmed.
      if (e.code === 'digest_mismatch') reload();
    } finally {
      setBusy(false);
    }
  };

  const identity = app.identity;
  const canConfirm = !busy && (!needsSignature || !!signature);
  return (
    <Page className="sign">
      <StepIndicator current="签名" />
      <View className="card">
        <Text className="card__title">用户信息</Text>
        {identity ? (
          <View>
            <Text className="sign__line">姓名：{maskName(identity.name)}</Text>
            <Text className="sign__line">证件类型：{ID_TYPE_LABELS[identity.idType]}</Text>
            <Text className="sign__line">证件号码：{maskIdNumber(identity.idNumber)}</Text>
          </View>
        ) : (
          <Text className="muted">已通过刷脸核验</Text>
        )}
      </View>
      <ErrorNotice error={loadError} onRetry={reload} />
      {detail ? <MatterSummary matter={detail} /> : null}

      {detail && needsSignature ? (
        <View className="card">
          <Text className="card__title">手写签名</Text>
          {signature ? (
            <View className="sign__preview">
              <Image className="sign__image" src={signature} mode="aspectFit" {...a11y('您的签名')} />
              <Button className="btn btn--plain" {...a11y('重签')} onClick={() => setSignature(null)}>
                重签
              </Button>
            </View>
          ) : (
            <SignaturePad onSigned={setSignature} />
          )}
        </View>
      ) : null}

      <ErrorNotice error={error} onRetry={submit} />
      {error && NEEDS_NEW_FACE_CHECK.indexOf(error.code) >= 0 ? (
        <Button className="btn btn--plain" {...a11y('重新刷脸核验')} loading={face.busy} disabled={face.busy} onClick={face.start}>
          重新刷脸核验
        </Button>
      ) : null}
      {detail ? (
        <Button
          className={`btn btn--primary ${canConfirm ? '' : 'btn--disabled'}`}
          {...a11y('确认并完成待办事项')}
          loading={busy}
          disabled={!canConfirm}
          onClick={submit}
        >
          确认
        </Button>
      ) : null}
    </Page>
  );
}
