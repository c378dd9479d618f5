import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router';
import { ApiError } from '../api/client';
import { useSession } from '../auth/session';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { ProblemAlert } from '../components/ProblemAlert';

export function LoginPage() {
  const { t } = useTranslation();
  const { me, login, loading, expired } = useSession();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const next = params.get('next');
  const target = next && next.startsWith('/') && !next.startsWith('//') ? next : '/';

  // residents have no console: their pages are the portal
  if (!loading && me) return <Navigate to={me.kind === 'resident' ? '/portal' : target} replace />;

  const onFinish = async (v: { login: string; password: string }) => {
    setBusy(true);
    setError(null);
    try {
      const user = await login(v.login.trim(), v.password);
      navigate(user.kind === 'resident' ? '/portal' : target, { replace: true });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  // The server's title already says what happened; add what to do when it gives no detail.
  const status = error instanceof ApiError ? error.status : undefined;
  const hint = error instanceof ApiError && !error.problem.detail
    ? status === 423 ? t('auth.locked') : status === 429 ? t('auth.tooMany') : undefined
    : undefined;

  return (
    <div style={{ minHeight: '100%', display: 'flex', flexDirection: 'column', alignItems: 'center', justifyContent: 'center', padding: 16, background: 'linear-gradient(160deg,#fdf2f2 0%,#f5f5f5 60%)' }}>
      <div style={{ position: 'absolute', top: 12, right: 12 }}><LanguageSwitch /></div>
      <Card style={{ width: '100%', maxWidth: 400 }} data-testid="login-card">
        <div style={{ textAlign: 'center', marginBottom: 24 }}>
          <div style={{ fontSize: 32, fontWeight: 700, color: '#b7202e', letterSpacing: 4 }}>{t('app.name')}</div>
          <Typography.Text type="secondary">{t('app.subtitle')}</Typography.Text>
          <Typography.Title level={4} style={{ marginTop: 16, marginBottom: 0 }}>{t('auth.title')}</Typography.Title>
        </div>
        {expired && !error && <Alert type="info" showIcon message={t('auth.expired')} style={{ marginBottom: 16 }} />}
        {error != null && <ProblemAlert error={error} hint={hint} />}
        <Form layout="vertical" size="large" onFinish={onFinish} requiredMark={false} data-testid="login-form">
          <Form.Item name="login" label={t('auth.login')} rules={[{ required: true, message: t('auth.required') }]}>
            <Input data-testid="login-input" prefix={<UserOutlined />} placeholder={t('auth.loginPlaceholder')} autoComplete="username" autoFocus />
          </Form.Item>
          <Form.Item name="password" label={t('auth.password')} rules={[{ required: true, message: t('auth.required') }]}>
            <Input.Password data-testid="password-input" prefix={<LockOutlined />} placeholder={t('auth.passwordPlaceholder')} autoComplete="current-password" />
          </Form.Item>
          <Button data-testid="login-submit" type="primary" htmlType="submit" block loading={busy}>{t('auth.submit')}</Button>
        </Form>
        <div style={{ textAlign: 'center', marginTop: 16 }}>
          <Link to="/public/grids" data-testid="public-link">{t('auth.publicLink')}</Link>
        </div>
      </Card>
    </div>
  );
}
