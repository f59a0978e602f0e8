import { Image, Text, View } from '@tarojs/components';
import { Page } from '../../../components/Page';
import { openPage } from '../../../navigation';
import { a11y } from '../../../components/a11y';
import { useServiceInfo } from '../../../flow/useServiceInfo';

import './index.scss';

/** Chapter 5 of the manual, verbatim. */
const STEPS = [
  '(1) 需要获得帮助时，可点击下记页面的【技术支持】按钮获取帮助。',
  '(2) 点击【技术支持】按钮后，小程序展示微信【你呼我应】公众号二维码。',
  '(3) 使用微信扫一扫功能，扫描上图二维码进入微信【你呼我应】公众号。进入公众号后，选择【登记注册自然人身份验证系统】。',
  '(4) 获取技术支持在线帮助。',
];

/**
 * 技术支持: the 你呼我应 official account's QR code (the server's: the operator configures the real
 * image; development shows a placeholder) and how to reach online help.
 */
export default function Support() {
  const info = useServiceInfo();
  return (
    <Page className="support">
      <View className="card support__qr-card">
        {info ? (
          <Image className="support__qr" src={info.supportQrUrl} mode="aspectFit" showMenuByLongpress {...a11y('你呼我应公众号二维码')} />
        ) : (
          <View className="support__qr" />
        )}
        <Text className="support__qr-label">你呼我应公众号</Text>
      </View>
      <View className="card">
        <Text className="card__title">技术支持</Text>
        {STEPS.map((step) => (
          <Text key={step} className="support__step">
            {step}
          </Text>
        ))}
      </View>
      <View className="link" role="link" {...a11y('常见问题')} onClick={() => openPage('faq')}>
        <Text>常见问题</Text>
      </View>
    </Page>
  );
}
