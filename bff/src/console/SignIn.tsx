import Alert from 'antd/es/alert';
import Button from 'antd/es/button';
import Form from 'antd/es/form';
import Input from 'antd/es/input';
import { useState } from 'react';
import { ApiError, type ConsoleApi, type OperatorSession } from './api';

interface SignInProps {
  api: ConsoleApi;
  /** Why the operator is here again (session expired, signed out), if they were signed in before. */
  notice: string | null;
  onSignedIn(session: OperatorSession): void;
}

/**
 * A white panel drawn like antd's Card, and text like its Typography: neither is used here, to keep
 * the script of the sign-in screen small (Card brings Tabs and their menus along).
 */
const PANEL = { width: 400, background: '#fff', border: '1px solid #f0f0f0', borderRadius: 8 };
const PANEL_TITLE = {
  margin: 0,
  padding: '16px 24px',
  borderBottom: '1px solid #f0f0f0',
  color: 'rgba(0, 0, 0, 0.88)',
  fontSize: 16,
  lineHeight: 1.5,
  fontWeight: 600,
};
/** Secondary text, dark enough to read (at least 4.5:1 on white). */
const HINT = { margin: '16px 0 0', color: 'rgba(0, 0, 0, 0.65)' };

/** An operator signs in with their own account and secret; the server's message shows when it refuses. */
export function SignIn({ api, notice, onSignedIn }: SignInProps) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (values: { name: string; secret: string }) => {
    setBusy(true);
    setError(null);
    try {
      onSignedIn(await api.signIn(values.name.trim(), values.secret));
    } catch (err) {
      setError(err instanceof ApiError ? err.message : '登录失败，请重试');
      setBusy(false);
    }
  };

  return (
    <div data-testid="sign-in" style={{ display: 'flex', justifyContent: 'center', paddingTop: 96 }}>
      <section style={PANEL} aria-labelledby="sign-in-title">
        <h2 id="sign-in-title" style={PANEL_TITLE}>
          操作员登录
        </h2>
        <div style={{ padding: 24 }}>
          {notice && !error && <Alert data-testid="sign-in-notice" type="info" showIcon title={notice} style={{ marginBottom: 16 }} />}
          {error && (
            <Alert data-testid="sign-in-error" type="error" showIcon title="登录失败" description={error} style={{ marginBottom: 16 }} />
          )}
          <Form layout="vertical" requiredMark={false} onFinish={submit} disabled={busy}>
            <Form.Item label="操作员账号" name="name" rules={[{ required: true, whitespace: true, message: '请填写操作员账号' }]}>
              <Input autoComplete="username" maxLength={32} autoFocus />
            </Form.Item>
            <Form.Item label="密码" name="secret" rules={[{ required: true, message: '请填写密码' }]}>
              <Input.Password autoComplete="current-password" maxLength={256} />
            </Form.Item>
            <Button type="primary" htmlType="submit" block loading={busy}>
              登录
            </Button>
          </Form>
          <p style={HINT}>每位操作员使用本人账号；闲置30分钟后需重新登录。</p>
        </div>
      </section>
    </div>
  );
}
