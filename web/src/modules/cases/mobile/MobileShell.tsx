import { ConfigProvider, Spin } from 'antd';
import { DesktopOutlined, EditOutlined, UnorderedListOutlined } from '@ant-design/icons';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useLocation } from 'react-router';
import { OrgProvider } from '../../../auth/orgs';
import { useSession } from '../../../auth/session';
import { LanguageSwitch } from '../../../components/LanguageSwitch';

/**
 * The grid worker's phone pages: outside the console layout, large touch targets, a bottom
 * bar with 我的任务 / 上报事件. Staff only (the console login brings them back here via ?next=).
 */
export function MobileShell({ children, title }: { children: ReactNode; title: string }) {
  const { t } = useTranslation();
  const { me, loading, can } = useSession();
  const loc = useLocation();
  if (loading) return <Spin size="large" style={{ display: 'block', margin: '30vh auto' }} />;
  if (!me || me.kind !== 'staff') return <Navigate to={`/login?next=${encodeURIComponent(loc.pathname + loc.search)}`} replace />;
  const tab = (to: string, icon: ReactNode, label: string, testId: string) => {
    const on = loc.pathname === to || (to === '/m/tasks' && loc.pathname.startsWith('/m/tasks'));
    return (
      <Link to={to} data-testid={testId} style={{ flex: 1, textAlign: 'center', padding: '8px 0', color: on ? '#b7202e' : '#666', fontSize: 14 }}>
        <div style={{ fontSize: 22 }}>{icon}</div>{label}
      </Link>
    );
  };
  return (
    <ConfigProvider componentSize="large" theme={{ token: { fontSize: 16, controlHeight: 44, colorPrimary: '#b7202e' } }}>
      <OrgProvider>
        <div data-testid="mobile" style={{ minHeight: '100vh', background: '#f5f5f5', paddingBottom: 72 }}>
          <header style={{ background: '#b7202e', color: '#fff', padding: '10px 14px', display: 'flex', alignItems: 'center', gap: 8, position: 'sticky', top: 0, zIndex: 5 }}>
            <div style={{ flex: 1, minWidth: 0 }}>
              <div style={{ fontSize: 19, fontWeight: 700 }}>{title}</div>
              <div style={{ fontSize: 13, opacity: 0.9 }}>{me.name} · {me.scopes.map((s) => s.name).join('、')}</div>
            </div>
            <LanguageSwitch ghost size="small" />
          </header>
          <main style={{ maxWidth: 640, margin: '0 auto', padding: 10 }}>{children}</main>
          <nav style={{ position: 'fixed', bottom: 0, left: 0, right: 0, background: '#fff', borderTop: '1px solid #eee', display: 'flex', zIndex: 5 }}>
            {tab('/m/tasks', <UnorderedListOutlined />, t('cases.m.tasks'), 'm-nav-tasks')}
            {can('case.create') && tab('/m/report', <EditOutlined />, t('cases.m.report'), 'm-nav-report')}
            {tab('/cases/inbox', <DesktopOutlined />, t('cases.m.console'), 'm-nav-console')}
          </nav>
        </div>
      </OrgProvider>
    </ConfigProvider>
  );
}
