import { Button, Card, Divider, Form, Input } from 'antd';
import { LockOutlined, MobileOutlined } from '@ant-design/icons';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router';
import { useSession } from '../../../auth/session';
import { ProblemAlert } from '../../../components/ProblemAlert';
import { PortalShell } from './PortalShell';

/** Residents log in with their mobile number (POST /api/auth/login accepts a mobile as the login). */
export function PortalLoginPage() {
  const { t } = useTranslation();
  const { me, login, loading } = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const next = params.get('next');
  const target = next && next.startsWith('/portal') ? next : '/portal';

  if (!loading && me?.kind === 'resident') return <Navigate to={target} replace />;

  const onFinish = async (v: { mobile: string; password: string }) => {
    setBusy(true);
    setError(null);
    try {
      const u = await login(v.mobile.trim(), v.password);
      navigate(u.kind === 'resident' ? target : '/', { replace: true });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <PortalShell title={t('cases.portal.loginTitle')}>
      <Card data-testid="portal-login" style={{ marginTop: 8 }}>
        <ProblemAlert error={error} />
        <Form layout="vertical" onFinish={onFinish} requiredMark={false}>
          <Form.Item name="mobile" label={t('cases.portal.mobile')} rules={[{ required: true, message: t('cases.portal.required') }]}>
            <Input data-testid="portal-mobile" prefix={<MobileOutlined />} inputMode="tel" autoComplete="username" placeholder={t('cases.portal.mobilePlaceholder')} />
          </Form.Item>
          <Form.Item name="password" label={t('cases.portal.password')} rules={[{ required: true, message: t('cases.portal.required') }]}>
            <Input.Password data-testid="portal-password" prefix={<LockOutlined />} autoComplete="current-password" />
          </Form.Item>
          <Button data-testid="portal-login-submit" type="primary" htmlType="submit" block loading={busy} style={{ height: 52, fontSize: 20 }}>
            {t('cases.portal.loginSubmit')}
          </Button>
        </Form>
        <Divider plain>{t('cases.portal.loginOr')}</Divider>
        <Link to="/portal/anonymous" data-testid="portal-anonymous-link">
          <Button block style={{ height: 52, fontSize: 18 }}>{t('cases.portal.anonymous')}</Button>
        </Link>
        <div style={{ display: 'flex', justifyContent: 'space-between', marginTop: 16, fontSize: 16 }}>
          <Link to="/portal/lookup">{t('cases.portal.lookup')}</Link>
          <Link to="/public/communities">{t('cases.portal.publicPage')}</Link>
        </div>
      </Card>
    </PortalShell>
  );
}
