import { useRouter } from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';
import { errorMessage } from '@regverify/shared';
import { Page } from '../../components/Page';
import { StepIndicator } from '../../components/StepIndicator';
import { ErrorNotice } from '../../components/ErrorNotice';
import { MatterSummary } from '../../components/MatterSummary';
import { useAppState } from '../../store';
import { useFaceCheck } from '../../flow/useFaceCheck';
import { useTodoDetail } from '../../flow/useTodoDetail';
import { taskStatusWord } from '../../content/taskWords';
import { openPage, queryValue } from '../../navigation';
import { a11y } from '../../components/a11y';

/**
 * 业务确认: the matter's details; 【确认】 starts the second face check, bound to this task
 * (一人一事一认证). A task without `verify`, or whose check already passed, goes straight to 签名.
 */
export default function Todo() {
  const taskId = queryValue(useRouter().params.taskId) ?? '';
  const { detail, error, reload } = useTodoDetail(taskId);
  const { setTaskPass } = useAppState();
  const face = useFaceCheck({ purpose: 'task', taskId });

  const confirm = () => {
    if (!detail) return;
    if (detail.actions.indexOf('verify') < 0) return openPage('sign', { taskId });
    if (detail.verificationId) {
      // The server still holds an unused pass for this very task (e.g. the person went back from 签名).
      setTaskPass({ taskId, verificationId: detail.verificationId });
      return openPage('sign', { taskId });
    }
    return face.start();
  };

  const manualReview = detail?.verify === 'manual_review';
  return (
    <Page className="todo">
      <StepIndicator current="业务确认" />
      <ErrorNotice error={error} onRetry={reload} />
      {detail ? (
        <View>
          <MatterSummary matter={detail} />
          <View className="card">
            <Text className="muted">状态：{taskStatusWord(detail)}</Text>
          </View>
          {manualReview ? <Text className="field-error">{errorMessage('manual_review_required')}</Text> : null}
          <ErrorNotice error={face.error} onRetry={face.start} />
          {detail.status === 'pending' && !manualReview ? (
            <Button
              className="btn btn--primary"
              {...a11y('确认业务信息并刷脸核验')}
              loading={face.busy}
              disabled={face.busy}
              onClick={confirm}
            >
              确认
            </Button>
          ) : null}
        </View>
      ) : null}
    </Page>
  );
}
