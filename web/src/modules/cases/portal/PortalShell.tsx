import { Button, ConfigProvider, Result, Spin } from 'antd';
import { LogoutOutlined } from '@ant-design/icons';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useLocation, useNavigate } from 'react-router';
import { useSession } from '../../../auth/session';
import { LanguageSwitch } from '../../../components/LanguageSwitch';
import { isZh } from '../../../i18n';

/**
 * Frame of the residents' pages: phone width, large type (18 px, 48 px controls), plain words,
 * no console chrome. Elderly residents read these on small phones.
 */
export function PortalShell({ children, title, back }: { children: ReactNode; title?: string; back?: string }) {
  const { t, i18n } = useTranslation();
  const zh = isZh(i18n.language);
  const { me, logout } = useSession();
  const navigate = useNavigate();
  return (
    <ConfigProvider componentSize="large" theme={{ token: { fontSize: 18, controlHeight: 48, colorPrimary: '#b7202e', borderRadius: 8 } }}>
      <div data-testid="portal" style={{ minHeight: '100vh', background: '#fbf7f4', fontSize: 18 }}>
        <header style={{ background: '#b7202e', color: '#fff', padding: '12px 14px', display: 'flex', alignItems: 'center', gap: 8 }}>
          <div style={{ flex: 1, minWidth: 0 }}>
            <Link to={me?.kind === 'resident' ? '/portal' : '/portal/login'} style={{ color: '#fff' }}>
              <div style={{ fontSize: 22, fontWeight: 700, letterSpacing: zh ? 2 : 0, whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis' }}>{t('cases.portal.title')}</div>
            </Link>
            <div style={{ fontSize: 15, opacity: 0.9 }}>{title ?? t('cases.portal.subtitle')}</div>
          </div>
          <LanguageSwitch ghost size="small" />
          {me?.kind === 'resident' && (
            <Button data-testid="portal-logout" ghost size="small" icon={<LogoutOutlined />} onClick={async () => { await logout(); navigate('/portal/login', { replace: true }); }}>
              {t('cases.portal.logout')}
            </Button>
          )}
        </header>
        <main style={{ maxWidth: 560, margin: '0 auto', padding: 14 }}>
          {back && <div style={{ marginBottom: 8 }}><Link to={back} data-testid="portal-back" style={{ fontSize: 18 }}>‹ {t('cases.portal.back')}</Link></div>}
          {children}
        </main>
      </div>
    </ConfigProvider>
  );
}

/** Residents only: anyone else goes to the portal login (staff get a pointer to the console). */
export function RequireResident({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const { me, loading } = useSession();
  const loc = useLocation();
  if (loading) return <Spin size="large" style={{ display: 'block', margin: '30vh auto' }} />;
  if (!me) return <Navigate to={`/portal/login?next=${encodeURIComponent(loc.pathname)}`} replace />;
  if (me.kind !== 'resident' || !me.permissions.includes('case.report')) {
    return (
      <PortalShell>
        <Result status="info" title={t('cases.portal.notResident')} subTitle={t('cases.portal.staffHint')}
          extra={<Link to="/"><Button type="primary">{t('cases.portal.toConsole')}</Button></Link>} />
      </PortalShell>
    );
  }
  return <>{children}</>;
}
