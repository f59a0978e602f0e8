import { Button, Text, View } from '@tarojs/components';
import { Page } from '../../../components/Page';
import { restartAt } from '../../../navigation';
import { a11y } from '../../../components/a11y';

import './index.scss';

/** 完成核验: this to-do is done; the applicant presses 提交 on the portal once everyone is. */
export default function Done() {
  return (
    <Page className="done">
      <View className="card done__card">
        <Text className="done__icon">✓</Text>
        <Text className="done__title">完成核验</Text>
        <Text className="muted">
          您已完成本业务的实名认证和签名确认。所有人员完成后，申请人即可在全程电子化系统点击“提交”按钮办理业务。
        </Text>
      </View>
      <Button className="btn btn--primary" {...a11y('返回待办事项')} onClick={() => restartAt('todos')}>
        返回待办事项
      </Button>
    </Page>
  );
}
