import ConfigProvider from 'antd/es/config-provider';
import zhCN from 'antd/es/locale/zh_CN';
import { lazy, Suspense, useEffect, useMemo, useState } from 'react';
import { ApiError, createConsoleApi, type OperatorSession } from './api';
import { ChunkFailure } from './ChunkFailure';
import { Frame, Loading } from './Frame';
import { SignIn } from './SignIn';

/** What a signed-in operator sees is a chunk of its own: the sign-in screen loads none of it. */
const SignedInConsole = lazy(() => import('./SignedInConsole').then((m) => ({ default: m.SignedInConsole })));

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

/** The service-window console (登记窗口人工核验台): Chinese locale, sign-in, and the screens of a signed-in operator. */
export function App() {
  return (
    // Buttons keep their words as written (通过, not antd's spaced 通 过): what screen readers read.
    <ConfigProvider locale={zhCN} button={{ autoInsertSpace: false }} theme={THEME}>
      <Console />
    </ConfigProvider>
  );
}

/** The operator's session: restored from this browser's cookie, begun at sign-in, ended by signing out or by the server. */
function Console() {
  /** undefined while the session of this browser's cookie is being restored. */
  const [session, setSession] = useState<OperatorSession | null | undefined>(undefined);
  const [notice, setNotice] = useState<string | null>(null);
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
    setSession(next);
  };

  const signedOut = () => {
    setSession(null);
    setNotice(SIGNED_OUT);
  };

  if (session === undefined)
    return (
      <Frame>
        <Loading />
      </Frame>
    );
  if (session === null)
    return (
      <Frame>
        <SignIn api={api} notice={notice} onSignedIn={signedIn} />
      </Frame>
    );
  return (
    <ChunkFailure>
      <Suspense
        fallback={
          <Frame>
            <Loading />
          </Frame>
        }
      >
        <SignedInConsole api={api} session={session} onSignedOut={signedOut} />
      </Suspense>
    </ChunkFailure>
  );
}
