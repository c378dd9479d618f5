import { Spin } from 'antd';
import { BarChartOutlined, BellOutlined, InboxOutlined, KeyOutlined, SettingOutlined } from '@ant-design/icons';
import { lazy, Suspense } from 'react';
import type { ConsoleModule } from '../types';
import './i18n';
import { InboxPage } from './console/InboxPage';
import { CaseDetailPage } from './console/CaseDetailPage';
import { ConfigPage } from './console/ConfigPage';
import { loadUnreadNotifications, NOTIFICATIONS_CHANGED, NotificationsPage } from './console/NotificationsPage';
import { Open311KeysPage } from './console/Open311KeysPage';
import { PortalLoginPage } from './portal/PortalLoginPage';
import { PortalHomePage } from './portal/PortalHomePage';
import { PortalAnonymousPage, PortalReportPage } from './portal/PortalReportPage';
import { PortalCasePage, PortalLookupPage } from './portal/PortalCasePage';
import { MTasksPage } from './mobile/MTasksPage';
import { MTaskPage } from './mobile/MTaskPage';
import { MReportPage } from './mobile/MReportPage';
import { CommunityCasesPage, PublicCommunitiesPage } from './public/CommunityCasesPage';

// The dashboard pulls in ECharts: load it only when shown.
const DashboardPage = lazy(() => import('./console/DashboardPage'));
const loading = <Spin size="large" style={{ display: 'block', margin: '20vh auto' }} />;

/**
 * The cases module (诉求/事件/工单): the staff console pages (inbox, case detail, configuration,
 * indicators), the residents' portal (/portal…), the grid worker's phone pages (/m/…) and the
 * public case page of a community (/public/communities/:code/cases).
 */
export const casesModule: ConsoleModule = {
  name: 'cases',
  routes: [
    { path: 'cases/inbox', element: <InboxPage /> },
    { path: 'cases/dashboard', element: <Suspense fallback={loading}><DashboardPage /></Suspense> },
    { path: 'cases/config', element: <ConfigPage /> },
    { path: 'cases/notifications', element: <NotificationsPage /> },
    { path: 'cases/open311-keys', element: <Open311KeysPage /> },
    { path: 'cases/:id', element: <CaseDetailPage /> },
  ],
  nav: [
    { key: '/cases/inbox', icon: <InboxOutlined />, labelKey: 'cases.nav.inbox', perm: 'case.read' },
    {
      key: '/cases/notifications', icon: <BellOutlined />, labelKey: 'cases.nav.notifications', perm: 'case.read',
      // unread messages on the menu entry: the shell polls, and reloads when messages are marked read
      badge: { load: loadUnreadNotifications, refreshOn: [NOTIFICATIONS_CHANGED] },
    },
    { key: '/cases/dashboard', icon: <BarChartOutlined />, labelKey: 'cases.nav.dashboard', perm: 'indicator.read' },
    { key: '/cases/config', icon: <SettingOutlined />, labelKey: 'cases.nav.config', perm: 'case.config' },
    { key: '/cases/open311-keys', icon: <KeyOutlined />, labelKey: 'cases.nav.keys', perm: 'open311.manage' },
  ],
  standaloneRoutes: [
    { path: '/portal', element: <PortalHomePage /> },
    { path: '/portal/login', element: <PortalLoginPage /> },
    { path: '/portal/report', element: <PortalReportPage /> },
    { path: '/portal/anonymous', element: <PortalAnonymousPage /> },
    { path: '/portal/lookup', element: <PortalLookupPage /> },
    { path: '/portal/cases/:id', element: <PortalCasePage /> },
    { path: '/m/tasks', element: <MTasksPage /> },
    { path: '/m/tasks/:id', element: <MTaskPage /> },
    { path: '/m/report', element: <MReportPage /> },
    { path: '/public/communities', element: <PublicCommunitiesPage /> },
    { path: '/public/communities/:code/cases', element: <CommunityCasesPage /> },
  ],
};
