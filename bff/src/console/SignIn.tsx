import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { ApiError, type ConsoleApi, type OperatorSession } from './api';

interface SignInProps {
  api: ConsoleApi;
  /** Why the operator is here again (session expired, signed out), if they were signed in before. */
  notice: string | null;
  onSignedIn(session: OperatorSession): void;
}

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
      <Card style={{ width: 400 }} title="操作员登录">
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
        <Typography.Paragraph type="secondary" style={{ marginTop: 16, marginBottom: 0 }}>
          每位操作员使用本人账号；闲置30分钟后需重新登录。
        </Typography.Paragraph>
      </Card>
    </div>
  );
}
