import { useState } from 'react';
import { useRouter } from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';
import { Page } from '../../../components/Page';
import { StepIndicator } from '../../../components/StepIndicator';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { chooseSandboxOutcome, completeVerification } from '../../../services/mp';
import { asApiError, type ApiError } from '../../../services/apiError';
import { purposeFromQuery } from '../../../flow/faceFlow';
import { useFaceResultRouting } from '../../../flow/useFaceCheck';
import { a11y } from '../../../components/a11y';

import './index.scss';

/**
 * The sandbox's stand-in for the provider's face screen (simulators, H5 preview, tests). It takes
 * no picture: it tells the sandbox the outcome, then asks the server for the result like the real flow.
 */
export default function FaceSim() {
  const { params } = useRouter();
  const id = params.id ?? '';
  const purpose = purposeFromQuery(params);
  const routeResult = useFaceResultRouting();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [last, setLast] = useState<'pass' | 'fail'>('pass');

  const choose = async (outcome: 'pass' | 'fail') => {
    setLast(outcome);
    setBusy(true);
    setError(null);
    try {
      await chooseSandboxOutcome(id, outcome);
      await routeResult(purpose, id, await completeVerification(id));
    } catch (err) {
      setError(asApiError(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Page className="face-sim">
      <StepIndicator current={purpose.purpose === 'task' ? '业务确认' : '刷脸核验'} />
      <View className="face-sim__banner">
        <Text>模拟刷脸（仅用于测试环境，不会采集人脸）</Text>
      </View>
      <View className="face-sim__oval" {...a11y('模拟人脸取景框')} />
      <ErrorNotice error={error} onRetry={() => choose(last)} />
      <Button className="btn btn--primary" {...a11y('模拟核验通过')} disabled={busy} onClick={() => choose('pass')}>
        模拟核验通过
      </Button>
      <Button className="btn btn--plain" {...a11y('模拟核验失败')} disabled={busy} onClick={() => choose('fail')}>
        模拟核验失败
      </Button>
    </Page>
  );
}
