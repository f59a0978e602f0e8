import { Button, Text, View } from '@tarojs/components';
import { useAppState, type NoticeKind } from '../../store';
import { useNotice } from '../../flow/useNotices';
import { Tick } from '../Tick';
import { a11y } from '../a11y';

import './index.scss';

/**
 * A separate notice and its own tick, right before the step it covers: 《人脸信息处理告知》 before a
 * face check, 《银行卡信息处理告知》 before the bank-card check (PIPL art. 29; 人脸识别技术应用安全管理办法).
 * The tick records the version the server showed; the step's button waits for it.
 */
export function NoticeConsent({ kind }: { kind: NoticeKind }) {
  const { consents, setNoticeConsent } = useAppState();
  const { notice, failed, retry } = useNotice(kind);
  if (failed)
    return (
      <View className="card notice-consent" role="alert">
        <Text className="field-error">告知书加载失败，请检查网络后重试</Text>
        <Button className="btn btn--plain" {...a11y('重新加载告知书')} onClick={retry}>
          重试
        </Button>
      </View>
    );
  if (!notice) return null;
  const agreed = consents[kind] === notice.version;
  return (
    <View className="card notice-consent">
      <Text className="card__title">{notice.title}</Text>
      {notice.text.split('\n\n').map((paragraph) => (
        <Text key={paragraph} className="notice-consent__paragraph muted">
          {paragraph}
        </Text>
      ))}
      <Tick
        checked={agreed}
        onChange={(on) => setNoticeConsent(kind, on ? notice.version : null)}
        label={`我已阅读并同意《${notice.title}》`}
      >
        <Text>我已阅读并同意《{notice.title}》</Text>
      </Tick>
    </View>
  );
}

/** The version of this notice the person agreed to in this run, or null. */
export function useNoticeConsent(kind: NoticeKind): string | null {
  return useAppState().consents[kind] ?? null;
}
