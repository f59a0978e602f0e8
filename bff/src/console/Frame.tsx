import Layout from 'antd/es/layout';
import Spin from 'antd/es/spin';
import type { ReactNode } from 'react';

interface FrameProps {
  /** The right of the header: the signed-in operator and 退出登录. */
  extra?: ReactNode;
  children: ReactNode;
}

/** The size and weight of antd's Title at level 4, without Typography in the sign-in screen's script. */
const TITLE = { color: '#fff', margin: 0, fontSize: 20, lineHeight: 1.4, fontWeight: 600 };

/** The console's page: the blue header with its name, and the screen below. */
export function Frame({ extra, children }: FrameProps) {
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header style={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between' }}>
        <h1 style={TITLE}>登记窗口 · 人工核验</h1>
        {extra}
      </Layout.Header>
      <Layout.Content style={{ padding: 24, maxWidth: 1280, width: '100%', margin: '0 auto' }}>{children}</Layout.Content>
    </Layout>
  );
}

/** What stands in a screen's place while it (or the session) loads. */
export function Loading() {
  return <Spin style={{ display: 'block', marginTop: 96 }} />;
}
