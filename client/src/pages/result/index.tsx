import { useState } from 'react';
import { useRouter } from '@tarojs/taro';
import { Button, Image, Text, View } from '@tarojs/components';
import { Page } from '../../components/Page';
import { StepIndicator } from '../../components/StepIndicator';
import { ErrorNotice } from '../../components/ErrorNotice';
import { NoticeConsent } from '../../components/NoticeConsent';
import { useWindowChoice } from '../../flow/useWindowChoice';
import { useAppState } from '../../store';
import { FACE_FAILURE_CAUSES } from '../../content/faceFailureCauses';
import { completeVerification } from '../../services/mp';
import { asApiError, type ApiError } from '../../services/apiError';
import { purposeFromQuery } from '../../flow/faceFlow';
import { useFaceCheck, useFaceResultRouting } from '../../flow/useFaceCheck';
import { queryValue, restartAt } from '../../navigation';
import { a11y } from '../../components/a11y';

import './index.scss';

/** 核验成功: the captured picture for the person to confirm (memory only, dropped on leaving). */
function Passed() {
  const app = useAppState();
  const leaveTo = (next: () => void) => {
    app.setFacePicture(null);
    next();
  };
  return (
    <View>
      <View className="card result__head">
        <Text className="result__icon result__icon--ok">✓</Text>
        <Text className="result__title">核验成功</Text>
      </View>
      {app.facePicture ? (
        <View className="card result__picture-card">
          <Image className="result__picture" src={app.facePicture} mode="aspectFit" {...a11y('本次核验采集的人像')} />
          <Text className="muted">请确认以上为本人人像</Text>
        </View>
      ) : null}
      <Button className="btn btn--primary" {...a11y('查看待办事项')} onClick={() => leaveTo(() => restartAt('todos'))}>
        查看待办事项
      </Button>
      <Button
        className="btn btn--plain"
        {...a11y('重新录入')}
        onClick={() =>
          leaveTo(() => {
            app.forgetIdentity();
            restartAt('entry');
          })
        }
      >
        重新录入
      </Button>
    </View>
  );
}

/** 核验失败: the reason the server gave and the three causes of FAQ 7, then 重新核验 or 到登记窗口核验. */
function Failed({ reason, retry, entry }: { reason?: string; retry: ReturnType<typeof useFaceCheck>; entry: boolean }) {
  const atWindow = useWindowChoice();
  return (
    <View>
      <View className="card result__head">
        <Text className="result__icon result__icon--fail">!</Text>
        <Text className="result__title">核验失败</Text>
        {reason ? <Text className="muted">{reason}</Text> : null}
      </View>
      <View className="card">
        <Text className="card__title">可能的原因</Text>
        {FACE_FAILURE_CAUSES.map((cause) => (
          <Text key={cause} className="result__cause">
            {cause}
          </Text>
        ))}
      </View>
      {retry.consented ? null : <NoticeConsent kind="face" />}
      <ErrorNotice error={retry.error ?? atWindow.error} onRetry={retry.start} />
      <Button
        className={`btn btn--primary ${retry.consented ? '' : 'btn--disabled'}`}
        {...a11y('重新核验')}
        loading={retry.busy}
        disabled={retry.busy || !retry.consented}
        onClick={retry.start}
      >
        重新核验
      </Button>
      {entry ? (
        <Button
          className="btn btn--plain"
          {...a11y('到登记窗口核验')}
          loading={atWindow.busy}
          disabled={atWindow.busy}
          onClick={atWindow.choose}
        >
          到登记窗口核验
        </Button>
      ) : null}
    </View>
  );
}

/** 到登记窗口核验 chosen: the to-dos wait for a window operator; what to bring. */
function AtTheWindow({ tasks }: { tasks: number }) {
  return (
    <View>
      <View className="card result__head">
        <Text className="result__title">已选择到登记窗口核验</Text>
        <Text className="muted">
          {tasks > 0 ? `您的 ${tasks} 项待办事项已转为待人工核验。` : '您的待办事项将由登记窗口人工核验。'}
          请携带本人有效身份证件原件，到登记机关窗口办理身份核验和业务确认。
        </Text>
      </View>
      <Button className="btn btn--primary" {...a11y('返回首页')} onClick={() => restartAt('entry')}>
        返回首页
      </Button>
    </View>
  );
}

/** The provider has not decided yet: ask the server again rather than guess. */
function Pending({ id, purpose }: { id: string; purpose: ReturnType<typeof purposeFromQuery> }) {
  const routeResult = useFaceResultRouting();
  const [error, setError] = useState<ApiError | null>(null);
  const refresh = async () => {
    setError(null);
    try {
      await routeResult(purpose, id, await completeVerification(id));
    } catch (err) {
      setError(asApiError(err));
    }
  };
  return (
    <View>
      <View className="card result__head">
        <Text className="result__title">核验结果确认中</Text>
        <Text className="muted">请稍候，点击下方按钮查看最新结果。</Text>
      </View>
      <ErrorNotice error={error} onRetry={refresh} />
      <Button className="btn btn--primary" {...a11y('刷新核验结果')} onClick={refresh}>
        刷新结果
      </Button>
    </View>
  );
}

export default function Result() {
  const { params } = useRouter();
  const purpose = purposeFromQuery(params);
  const retry = useFaceCheck(purpose);
  const reason = queryValue(params.reason);
  return (
    <Page className="result">
      <StepIndicator current={purpose.purpose === 'task' ? '业务确认' : '刷脸核验'} />
      {params.status === 'window' ? (
        <AtTheWindow tasks={Number(params.tasks ?? 0) || 0} />
      ) : params.status === 'passed' ? (
        <Passed />
      ) : params.status === 'pending' ? (
        <Pending id={params.id ?? ''} purpose={purpose} />
      ) : (
        <Failed reason={reason} retry={retry} entry={purpose.purpose === 'entry'} />
      )}
    </Page>
  );
}
