import { App as AntApp, Button, ConfigProvider, Layout, Space, Spin, Tabs, Typography } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import { useEffect, useMemo, useState } from 'react';
import { Alarms } from './Alarms';
import { ApiError, createConsoleApi, type OperatorSession } from './api';
import { AuditTrail } from './AuditTrail';
import { Declines, type DeclineFilter } from './Declines';
import { ReviewDetail } from './ReviewDetail';
import { ReviewList } from './ReviewList';
import { SignIn } from './SignIn';
import { formatTime } from './words';

type Tab = 'list' | 'alarms' | 'declines';

type Screen =
  | { name: Tab }
  | { name: 'review'; taskId: string }
  /** A matter's audit trail, opened from a review or from the declines; 返回 goes back there. */
  | { name: 'audit'; matterId: string; portalRef: string; back: { name: 'review'; taskId: string } | { name: 'declines' } };

const TABS: readonly Tab[] = ['list', 'alarms', 'declines'];

/** The reference portal page's visual language: its blue, its type. */
const THEME = {
  token: {
    colorPrimary: '#0b4ea2',
    colorLink: '#0b4ea2',
    fontFamily:
      '-apple-system,BlinkMacSystemFont,"PingFang SC","Hiragino Sans GB","Microsoft YaHei","Noto Sans CJK SC","WenQuanYi Zen Hei",sans-serif',
  },
  components: { Layout: { headerBg: '#0b4ea2', bodyBg: '#f3f5f8' } },
};

const SESSION_EXPIRED = '登录已过期或已在别处退出，请重新登录。';
const SIGNED_OUT = '已退出登录。';

/** The service-window console (登记窗口人工核验台): Chinese locale, and the screens of a signed-in operator. */
export function App() {
  return (
    // Buttons keep their words as written (通过, not antd's spaced 通 过): what screen readers read.
    <ConfigProvider locale={zhCN} button={{ autoInsertSpace: false }} theme={THEME}>
      <AntApp>
        <Console />
      </AntApp>
    </ConfigProvider>
  );
}

function Console() {
  const { message } = AntApp.useApp();
  /** undefined while the session of this browser's cookie is being restored. */
  const [session, setSession] = useState<OperatorSession | null | undefined>(undefined);
  const [notice, setNotice] = useState<string | null>(null);
  const [screen, setScreen] = useState<Screen>({ name: 'list' });
  const [query, setQuery] = useState('');
  const [declineFilter, setDeclineFilter] = useState<DeclineFilter>('all');
  const api = useMemo(
    () =>
      createConsoleApi({
        onSessionExpired: () => {
          setSession(null);
          setNotice(SESSION_EXPIRED);
        },
      }),
    [],
  );

  useEffect(() => {
    api.restoreSession().then(setSession, (err: unknown) => {
      setSession(null);
      setNotice(err instanceof ApiError ? err.message : null);
    });
  }, [api]);

  const signedIn = (next: OperatorSession) => {
    setNotice(null);
    setScreen({ name: 'list' });
    setQuery('');
    setDeclineFilter('all');
    setSession(next);
  };

  const signOut = async () => {
    try {
      await api.signOut();
    } catch (err) {
      // A 401: the session was already over, and the console is back at sign-in saying so.
      if (!(err instanceof ApiError && err.status === 401))
        void message.error(err instanceof ApiError ? err.message : '退出登录失败，请重试');
      return;
    }
    setSession(null);
    setNotice(SIGNED_OUT);
  };

  let body;
  if (session === undefined) body = <Spin style={{ display: 'block', marginTop: 96 }} />;
  else if (session === null) body = <SignIn api={api} notice={notice} onSignedIn={signedIn} />;
  else if (screen.name === 'review')
    body = (
      <ReviewDetail
        api={api}
        taskId={screen.taskId}
        onBack={() => setScreen({ name: 'list' })}
        onAudit={(matter) =>
          setScreen({ name: 'audit', matterId: matter.id, portalRef: matter.portalRef, back: { name: 'review', taskId: screen.taskId } })
        }
      />
    );
  else if (screen.name === 'audit')
    body = <AuditTrail api={api} matterId={screen.matterId} portalRef={screen.portalRef} onBack={() => setScreen(screen.back)} />;
  else
    body = (
      // The lists of the window; each loads afresh when chosen.
      <Tabs
        activeKey={screen.name}
        onChange={(key) => setScreen({ name: TABS.find((tab) => tab === key) ?? 'list' })}
        destroyOnHidden
        items={[
          {
            key: 'list',
            label: '待人工核验',
            children: (
              <ReviewList api={api} query={query} onQueryChange={setQuery} onOpen={(taskId) => setScreen({ name: 'review', taskId })} />
            ),
          },
          { key: 'alarms', label: '风险提醒', children: <Alarms api={api} /> },
          {
            key: 'declines',
            label: '拒绝办理',
            children: (
              <Declines
                api={api}
                filter={declineFilter}
                onFilterChange={setDeclineFilter}
                onAudit={(matter) =>
                  setScreen({ name: 'audit', matterId: matter.id, portalRef: matter.portalRef, back: { name: 'declines' } })
                }
              />
            ),
          },
        ]}
      />
    );

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header style={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between' }}>
        <Typography.Title level={4} style={{ color: '#fff', margin: 0 }}>
          登记窗口 · 人工核验
        </Typography.Title>
        {session && (
          <Space size="large" style={{ color: '#fff' }}>
            <span data-testid="operator">
              操作员 {session.operator.name}（{session.operator.tenants === '*' ? '全部登记平台' : session.operator.tenants.join('、')}）
            </span>
            <span>登录有效至 {formatTime(session.expiresAt)}</span>
            <Button onClick={() => void signOut()}>退出登录</Button>
          </Space>
        )}
      </Layout.Header>
      <Layout.Content style={{ padding: 24, maxWidth: 1280, width: '100%', margin: '0 auto' }}>{body}</Layout.Content>
    </Layout>
  );
}
