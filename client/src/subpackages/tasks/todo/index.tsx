import { useState } from 'react';
import { useRouter } from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';
import { miniErrorMessage as errorMessage } from '@regverify/shared/errorWords';
import { Page } from '../../../components/Page';
import { StepIndicator } from '../../../components/StepIndicator';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { MatterSummary } from '../../../components/MatterSummary';
import { NoticeConsent } from '../../../components/NoticeConsent';
import { useAppState } from '../../../store';
import { useFaceCheck } from '../../../flow/useFaceCheck';
import { useTodoDetail } from '../../../flow/useTodoDetail';
import { taskStatusWord } from '../../../content/taskWords';
import { openPage, queryValue } from '../../../navigation';
import { a11y } from '../../../components/a11y';
import { DeclineForm } from './DeclineForm';
import { DocumentList, unviewed } from './DocumentList';

import './index.scss';

/**
 * 业务确认: the matter's details and its documents to open; 【确认】 starts the second face check,
 * bound to this task (一人一事一认证) — once every document with a file has been opened — and
 * 【拒绝】 beside it refuses the filing (不是本人办理 / 内容有误). A task without `verify`, or whose
 * check already passed, goes straight to 签名.
 */
export default function Todo() {
  const taskId = queryValue(useRouter().params.taskId) ?? '';
  const { detail, error, reload } = useTodoDetail(taskId);
  const { setTaskPass } = useAppState();
  const face = useFaceCheck({ purpose: 'task', taskId });
  const [declining, setDeclining] = useState(false);

  const needsFace = !!detail && detail.actions.indexOf('verify') >= 0 && !detail.verificationId;
  const left = detail ? unviewed(detail) : [];
  const confirm = () => {
    if (!detail || left.length > 0) return;
    if (detail.actions.indexOf('verify') < 0) return openPage('sign', { taskId });
    if (detail.verificationId) {
      // The server still holds an unused pass for this very task (e.g. the person went back from 签名).
      setTaskPass({ taskId, verificationId: detail.verificationId });
      return openPage('sign', { taskId });
    }
    return face.start();
  };

  const manualReview = detail?.verify === 'manual_review';
  const canConfirm = left.length === 0 && (!needsFace || face.consented) && !face.busy;
  return (
    <Page className="todo">
      <StepIndicator current="业务确认" />
      <ErrorNotice error={error} onRetry={reload} />
      {detail ? (
        <View>
          <MatterSummary matter={detail} />
          <DocumentList detail={detail} onOpened={reload} />
          <View className="card">
            <Text className="muted">状态：{taskStatusWord(detail)}</Text>
          </View>
          {manualReview ? <Text className="field-error">{errorMessage('manual_review_required')}</Text> : null}
          {detail.status === 'pending' && !manualReview && needsFace && !face.consented ? <NoticeConsent kind="face" /> : null}
          <ErrorNotice error={face.error} onRetry={face.start} />
          {detail.status === 'pending' && !manualReview && left.length > 0 ? (
            <Text className="field-error">请先查看全部业务文件（还有 {left.length} 份未查看）</Text>
          ) : null}
          {detail.status === 'pending' && !manualReview ? (
            <Button
              className={`btn btn--primary ${canConfirm ? '' : 'btn--disabled'}`}
              {...a11y('确认业务信息并刷脸核验')}
              loading={face.busy}
              disabled={!canConfirm}
              onClick={confirm}
            >
              确认
            </Button>
          ) : null}
          {detail.status === 'pending' && !declining && detail.decision !== 'declined' ? (
            <Button className="btn btn--plain" {...a11y('拒绝本业务')} onClick={() => setDeclining(true)}>
              拒绝
            </Button>
          ) : null}
          {detail.status === 'pending' && declining ? (
            <DeclineForm
              taskId={taskId}
              onCancel={() => setDeclining(false)}
              onDone={() => {
                setDeclining(false);
                reload();
              }}
            />
          ) : null}
          {detail.decision === 'declined' ? (
            <View className="card" role="status">
              <Text className="muted">您已拒绝本业务。如确认无误，仍可在查看文件后点击“确认”办理；登记机关更新业务文件后需重新确认。</Text>
            </View>
          ) : null}
        </View>
      ) : null}
    </Page>
  );
}
