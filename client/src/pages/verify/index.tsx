import { Button, Text, View } from '@tarojs/components';
import { Page } from '../../components/Page';
import { StepIndicator } from '../../components/StepIndicator';
import { ErrorNotice } from '../../components/ErrorNotice';
import { NoticeConsent } from '../../components/NoticeConsent';
import { useFaceCheck } from '../../flow/useFaceCheck';
import { useWindowChoice } from '../../flow/useWindowChoice';
import { restartAt } from '../../navigation';
import { a11y } from '../../components/a11y';

/**
 * 用户身份核验: what the face check is for, its own notice and tick (《人脸信息处理告知》), then
 * 【同意协议并认证】; 【到登记窗口核验】 for anyone who would rather not use the face; 【暂不认证】.
 */
export default function Verify() {
  const face = useFaceCheck({ purpose: 'entry' });
  const atWindow = useWindowChoice();
  return (
    <Page className="verify">
      <StepIndicator current="刷脸核验" />
      <View className="card">
        <Text className="card__title">用户身份核验</Text>
        <Text className="muted">
          接下来将通过人脸识别核验您的身份，确认是本人办理登记注册业务。请在光线充足的地方，正对手机，按提示完成动作。人脸图像仅用于本次核验，不会保存。
        </Text>
      </View>
      <NoticeConsent kind="face" />
      <ErrorNotice error={face.error ?? atWindow.error} onRetry={face.start} />
      <Button
        className={`btn btn--primary ${face.consented ? '' : 'btn--disabled'}`}
        {...a11y('同意协议并认证')}
        loading={face.busy}
        disabled={face.busy || !face.consented}
        onClick={face.start}
      >
        同意协议并认证
      </Button>
      <Button
        className="btn btn--plain"
        {...a11y('到登记窗口核验')}
        loading={atWindow.busy}
        disabled={atWindow.busy}
        onClick={atWindow.choose}
      >
        到登记窗口核验
      </Button>
      <Button className="btn btn--plain" {...a11y('暂不认证')} onClick={() => restartAt('entry')}>
        暂不认证
      </Button>
    </Page>
  );
}
