import Alert from 'antd/es/alert';
import Button from 'antd/es/button';
import { Component, type ReactNode } from 'react';
import { Frame } from './Frame';

/**
 * Where a screen's chunk failed to load (the network, or a BFF updated since this page loaded, whose
 * new build no longer has the old chunks): the page with a message and a reload, instead of an empty
 * page. Around everything a signed-in operator sees, which renders its own frame.
 */
export class ChunkFailure extends Component<{ children: ReactNode }, { failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError() {
    return { failed: true };
  }

  override render() {
    if (!this.state.failed) return this.props.children;
    return (
      <Frame>
        <Alert
          data-testid="chunk-failure"
          type="error"
          showIcon
          title="页面加载失败"
          description="网络中断，或控制台已更新。请刷新页面后继续。"
          action={<Button onClick={() => window.location.reload()}>刷新页面</Button>}
        />
      </Frame>
    );
  }
}
