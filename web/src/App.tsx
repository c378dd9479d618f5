import { App as AntApp, ConfigProvider, Spin } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { lazy, Suspense, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { BrowserRouter, Navigate, Route, Routes, useLocation } from 'react-router';
import { OrgProvider } from './auth/orgs';
import { SessionProvider, useSession } from './auth/session';
import { isZh } from './i18n';
import { ConsoleLayout } from './pages/ConsoleLayout';
import { LoginPage } from './pages/LoginPage';
import { OrgDetailPage } from './pages/orgs/OrgDetailPage';
import { GridsPage } from './pages/orgs/GridsPage';
import { StaffPage } from './pages/staff/StaffPage';
import { UsersPage } from './pages/users/UsersPage';
import { RolesPage } from './pages/users/RolesPage';
import { AuditPage } from './pages/AuditPage';
import { PublicGridCardPage } from './pages/public/PublicGridCardPage';
import { PublicGridListPage } from './pages/public/PublicGridListPage';
import { MODULES } from './modules';

// The overview pulls in ECharts (~1 MB): load it only when it is shown.
const OverviewPage = lazy(() => import('./pages/OverviewPage'));

function Loading() {
  return <Spin size="large" style={{ display: 'block', margin: '20vh auto' }} />;
}

function RequireAuth({ children }: { children: ReactNode }) {
  const { me, loading } = useSession();
  const loc = useLocation();
  if (loading) return <Loading />;
  if (!me) return <Navigate to={`/login?next=${encodeURIComponent(loc.pathname + loc.search)}`} replace />;
  return <>{children}</>;
}

export function App() {
  const { i18n } = useTranslation();
  const zh = isZh(i18n.language);
  return (
    <ConfigProvider
      locale={zh ? zhCN : enUS}
      theme={{ token: { colorPrimary: '#b7202e', borderRadius: 6 } }}
    >
      <AntApp>
        <BrowserRouter>
          <SessionProvider>
            <Routes>
              <Route path="/login" element={<LoginPage />} />
              <Route path="/public/grids" element={<PublicGridListPage />} />
              <Route path="/public/grids/:code" element={<PublicGridCardPage />} />
              {MODULES.flatMap((m) => m.standaloneRoutes ?? []).map((r) => <Route key={r.path} path={r.path} element={r.element} />)}
              <Route
                element={
                  <RequireAuth>
                    <OrgProvider>
                      <ConsoleLayout />
                    </OrgProvider>
                  </RequireAuth>
                }
              >
                <Route index element={<Suspense fallback={<Loading />}><OverviewPage /></Suspense>} />
                <Route path="orgs/:id" element={<OrgDetailPage />} />
                <Route path="grids" element={<GridsPage />} />
                <Route path="staff" element={<StaffPage />} />
                <Route path="users" element={<UsersPage />} />
                <Route path="roles" element={<RolesPage />} />
                <Route path="audit" element={<AuditPage />} />
                {MODULES.flatMap((m) => m.routes).map((r) => <Route key={r.path} path={r.path} element={r.element} />)}
              </Route>
              <Route path="*" element={<Navigate to="/" replace />} />
            </Routes>
          </SessionProvider>
        </BrowserRouter>
      </AntApp>
    </ConfigProvider>
  );
}
