import AntApp from 'antd/es/app';
import Button from 'antd/es/button';
import Space from 'antd/es/space';
import Tabs from 'antd/es/tabs';
import { lazy, Suspense, useState, type ReactNode } from 'react';
import { ApiError, type ConsoleApi, type OperatorSession } from './api';
import type { DeclineFilter } from './Declines';
import { Frame, Loading } from './Frame';
import { formatTime } from './words';

// Each screen is a chunk of its own, fetched the first time it shows.
const ReviewList = lazy(() => import('./ReviewList').then((m) => ({ default: m.ReviewList })));
const ReviewDetail = lazy(() => import('./ReviewDetail').then((m) => ({ default: m.ReviewDetail })));
const AuditTrail = lazy(() => import('./AuditTrail').then((m) => ({ default: m.AuditTrail })));
const Alarms = lazy(() => import('./Alarms').then((m) => ({ default: m.Alarms })));
const Declines = lazy(() => import('./Declines').then((m) => ({ default: m.Declines })));

type Tab = 'list' | 'alarms' | 'declines';

type Screen =
  | { name: Tab }
  | { name: 'review'; taskId: string }
  /** A matter's audit trail, opened from a review or from the declines; 返回 goes back there. */
  | { name: 'audit'; matterId: string; portalRef: string; back: { name: 'review'; taskId: string } | { name: 'declines' } };

const TABS: readonly Tab[] = ['list', 'alarms', 'declines'];

interface SignedInConsoleProps {
  api: ConsoleApi;
  session: OperatorSession;
  /** The operator signed out here (a session already over sends the console back to sign-in by itself). */
  onSignedOut(): void;
}

/** What a signed-in operator sees: their name and 退出登录 in the header, the window's lists, a review, an audit trail. */
export function SignedInConsole(props: SignedInConsoleProps) {
  return (
    <AntApp>
      <Screens {...props} />
    </AntApp>
  );
}

/** A screen, with a spinner in its place while its chunk loads. */
const screen = (node: ReactNode) => <Suspense fallback={<Loading />}>{node}</Suspense>;

function Screens({ api, session, onSignedOut }: SignedInConsoleProps) {
  const { message } = AntApp.useApp();
  const [current, setCurrent] = useState<Screen>({ name: 'list' });
  const [query, setQuery] = useState('');
  const [declineFilter, setDeclineFilter] = useState<DeclineFilter>('all');

  const signOut = async () => {
    try {
      await api.signOut();
    } catch (err) {
      // A 401: the session was already over, and the console is back at sign-in saying so.
      if (!(err instanceof ApiError && err.status === 401))
        void message.error(err instanceof ApiError ? err.message : '退出登录失败，请重试');
      return;
    }
    onSignedOut();
  };

  let body;
  if (current.name === 'review')
    body = screen(
      <ReviewDetail
        api={api}
        taskId={current.taskId}
        onBack={() => setCurrent({ name: 'list' })}
        onAudit={(matter) =>
          setCurrent({ name: 'audit', matterId: matter.id, portalRef: matter.portalRef, back: { name: 'review', taskId: current.taskId } })
        }
      />,
    );
  else if (current.name === 'audit')
    body = screen(
      <AuditTrail api={api} matterId={current.matterId} portalRef={current.portalRef} onBack={() => setCurrent(current.back)} />,
    );
  else
    body = (
      // The lists of the window; each loads afresh when chosen.
      <Tabs
        activeKey={current.name}
        onChange={(key) => setCurrent({ name: TABS.find((tab) => tab === key) ?? 'list' })}
        destroyOnHidden
        items={[
          {
            key: 'list',
            label: '待人工核验',
            children: screen(
              <ReviewList api={api} query={query} onQueryChange={setQuery} onOpen={(taskId) => setCurrent({ name: 'review', taskId })} />,
            ),
          },
          { key: 'alarms', label: '风险提醒', children: screen(<Alarms api={api} />) },
          {
            key: 'declines',
            label: '拒绝办理',
            children: screen(
              <Declines
                api={api}
                filter={declineFilter}
                onFilterChange={setDeclineFilter}
                onAudit={(matter) =>
                  setCurrent({ name: 'audit', matterId: matter.id, portalRef: matter.portalRef, back: { name: 'declines' } })
                }
              />,
            ),
          },
        ]}
      />
    );

  return (
    <Frame
      extra={
        <Space size="large" style={{ color: '#fff' }}>
          <span data-testid="operator">
            操作员 {session.operator.name}（{session.operator.tenants === '*' ? '全部登记平台' : session.operator.tenants.join('、')}）
          </span>
          <span>登录有效至 {formatTime(session.expiresAt)}</span>
          <Button onClick={() => void signOut()}>退出登录</Button>
        </Space>
      }
    >
      {body}
    </Frame>
  );
}
