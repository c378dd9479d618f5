import { Badge, Button, Drawer, Dropdown, Layout, Menu, Result, Switch, Typography } from 'antd';
import {
  ApartmentOutlined, AuditOutlined, DashboardOutlined, GlobalOutlined, KeyOutlined, LogoutOutlined, MenuOutlined,
  SafetyOutlined, TeamOutlined, UserOutlined, BorderOutlined,
} from '@ant-design/icons';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useLocation, useMatch, useNavigate } from 'react-router';
import { useOrgs } from '../auth/orgs';
import { useSession } from '../auth/session';
import { ChangePasswordModal } from '../components/ChangePasswordModal';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { OrgTree } from '../components/OrgTree';
import { useIsPhone } from '../lib/hooks';
import { MODULES } from '../modules';
import type { NavBadge } from '../modules/types';

const { Header, Sider, Content } = Layout;

/** The menu entry to highlight: the longest menu key that is a prefix of the path ('/' only for itself). */
function selectedNavKey(keys: string[], pathname: string): string {
  const hits = keys.filter((k) => pathname === k || (k !== '/' && pathname.startsWith(k.endsWith('/') ? k : `${k}/`)));
  // '/registry/persons' should light up on '/registry/persons/…', and sibling pages of a module on their own
  return hits.sort((a, b) => b.length - a.length)[0] ?? keys.find((k) => k !== '/' && pathname.startsWith(k.split('/').slice(0, 2).join('/') + '/')) ?? pathname;
}

const DEFAULT_BADGE_POLL_MS = 60_000;

/**
 * The numbers beside menu entries (modules/types.ts NavBadge), by menu key. Loaded while `active`
 * (someone is logged in): at once, every pollMs while the tab is visible, when the tab comes back,
 * on navigation and on each entry's refresh events. Everything stops when `active` goes false.
 */
function useNavBadges(entries: Array<{ key: string; badge?: NavBadge }>, active: boolean, pathname: string): Record<string, number> {
  const [counts, setCounts] = useState<Record<string, number>>({});
  const withBadge = entries.filter((e): e is { key: string; badge: NavBadge } => !!e.badge);
  const current = useRef(withBadge);
  current.current = withBadge;
  const refresh = useRef<() => void>(() => {});
  const signature = withBadge.map((e) => e.key).join('|');

  useEffect(() => {
    if (!active || !signature) {
      setCounts({});
      return;
    }
    let alive = true;
    const busy = new Set<string>();
    const loadOne = (e: { key: string; badge: NavBadge }) => {
      if (busy.has(e.key)) return;
      busy.add(e.key);
      e.badge.load().then(
        (n) => { if (alive) setCounts((c) => (c[e.key] === n ? c : { ...c, [e.key]: n })); },
        () => { /* keep the last number; a 401 ends the session elsewhere */ },
      ).finally(() => busy.delete(e.key));
    };
    const loadAll = () => current.current.forEach(loadOne);
    refresh.current = loadAll;
    loadAll();
    const timers = current.current.map((e) => window.setInterval(() => { if (!document.hidden) loadOne(e); }, e.badge.pollMs ?? DEFAULT_BADGE_POLL_MS));
    const events = [...new Set(current.current.flatMap((e) => e.badge.refreshOn ?? []))];
    const onEvent = (ev: Event) => current.current.filter((e) => e.badge.refreshOn?.includes(ev.type)).forEach(loadOne);
    const onVisible = () => { if (!document.hidden) loadAll(); };
    events.forEach((name) => window.addEventListener(name, onEvent));
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      alive = false;
      refresh.current = () => {};
      timers.forEach((id) => window.clearInterval(id));
      events.forEach((name) => window.removeEventListener(name, onEvent));
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [active, signature]);

  // every navigation reloads (the first render has just loaded above)
  const seen = useRef(pathname);
  useEffect(() => {
    if (seen.current === pathname) return;
    seen.current = pathname;
    refresh.current();
  }, [pathname]);

  return counts;
}

export function ConsoleLayout() {
  const { t } = useTranslation();
  const { me, can, logout } = useSession();
  const { includeRetired, setIncludeRetired } = useOrgs();
  const phone = useIsPhone();
  const [drawer, setDrawer] = useState(false);
  const [pwOpen, setPwOpen] = useState(false);
  const loc = useLocation();
  const navigate = useNavigate();
  const orgMatch = useMatch('/orgs/:id');
  // the module entries the user may see; their badges load only while logged in
  const moduleNav = me ? MODULES.flatMap((m) => m.nav).filter((n) => can(n.perm)) : [];
  const badges = useNavBadges(moduleNav, !!me, loc.pathname);

  if (!me) return null;

  const nav: Array<{ key: string; icon: ReactNode; label: string; perm: string; badge?: number }> = [
    { key: '/', icon: <DashboardOutlined />, label: t('nav.overview'), perm: 'org.read' },
    { key: '/grids', icon: <BorderOutlined />, label: t('nav.grids'), perm: 'org.read' },
    // the daily work (registry, cases) comes right after the org pages
    ...moduleNav.map((n) => ({ key: n.key, icon: n.icon, label: t(n.labelKey), perm: n.perm, badge: badges[n.key] })),
    { key: '/staff', icon: <TeamOutlined />, label: t('nav.staff'), perm: 'staff.read' },
    { key: '/users', icon: <UserOutlined />, label: t('nav.users'), perm: 'user.read' },
    { key: '/roles', icon: <SafetyOutlined />, label: t('nav.roles'), perm: 'role.read' },
    { key: '/audit', icon: <AuditOutlined />, label: t('nav.audit'), perm: 'audit.read' },
  ].filter((i) => can(i.perm));

  const close = () => setDrawer(false);
  const side = (
    <div data-testid="console-sider" style={{ display: 'flex', flexDirection: 'column', minHeight: '100%' }}>
      <Menu
        data-testid="nav-menu"
        mode="inline"
        selectedKeys={[selectedNavKey(nav.map((n) => n.key), loc.pathname)]}
        items={nav.map(({ key, icon, label, badge }) => {
          const id = key === '/' ? 'overview' : key.slice(1);
          return {
            key, icon,
            label: (
              <span style={{ display: 'inline-flex', alignItems: 'center', justifyContent: 'space-between', gap: 8, width: '100%' }}>
                <span data-testid={`nav-${id}`}>{label}</span>
                {!!badge && (
                  <span data-testid={`nav-badge-${id}`} data-count={badge}>
                    <Badge count={badge} overflowCount={99} size="small" />
                  </span>
                )}
              </span>
            ),
          };
        })}
        onClick={({ key }) => { navigate(key); close(); }}
        style={{ borderInlineEnd: 0 }}
      />
      {can('org.read') && (
        <div style={{ padding: '8px 8px 24px', borderTop: '1px solid #f0f0f0' }}>
          <div style={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between', padding: '4px 8px 8px' }}>
            <Typography.Text strong><ApartmentOutlined /> {t('nav.orgTree')}</Typography.Text>
            <span style={{ fontSize: 12 }}>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('org.includeRetired')} </Typography.Text>
              <Switch size="small" checked={includeRetired} onChange={setIncludeRetired} data-testid="include-retired" />
            </span>
          </div>
          <OrgTree selectedId={orgMatch?.params.id} onNavigate={close} />
        </div>
      )}
      <div style={{ marginTop: 'auto', padding: 16 }}>
        <Link to="/public/grids" target="_blank"><GlobalOutlined /> {t('nav.publicGrids')}</Link>
      </div>
    </div>
  );

  const noConsole = nav.length === 0;

  return (
    <Layout style={{ minHeight: '100%' }} data-testid="console">
      <Header style={{ display: 'flex', alignItems: 'center', gap: 12, padding: phone ? '0 12px' : '0 20px', background: '#b7202e', position: 'sticky', top: 0, zIndex: 10 }}>
        {phone && (
          <Badge dot={Object.values(badges).some((n) => n > 0)} offset={[-6, 6]} data-testid="drawer-toggle-badge">
            <Button data-testid="drawer-toggle" type="text" icon={<MenuOutlined style={{ color: '#fff', fontSize: 18 }} />} onClick={() => setDrawer(true)} aria-label={t('app.menu')} />
          </Badge>
        )}
        <Link to="/" style={{ color: '#fff', display: 'flex', alignItems: 'baseline', gap: 8, whiteSpace: 'nowrap' }}>
          <span style={{ fontSize: 22, fontWeight: 700, letterSpacing: 2 }}>{t('app.name')}</span>
          {!phone && <span style={{ opacity: 0.85 }}>{t('app.subtitle')}</span>}
        </Link>
        <div style={{ marginLeft: 'auto', display: 'flex', alignItems: 'center', gap: 8 }}>
          <LanguageSwitch ghost size={phone ? 'small' : 'middle'} />
          <Dropdown
            trigger={['click']}
            menu={{
              items: [
                { key: 'pw', icon: <KeyOutlined />, label: <span data-testid="change-password">{t('auth.changePassword')}</span> },
                { type: 'divider' },
                { key: 'logout', icon: <LogoutOutlined />, label: <span data-testid="logout">{t('auth.logout')}</span> },
              ],
              onClick: async ({ key }) => {
                if (key === 'pw') setPwOpen(true);
                if (key === 'logout') { await logout(); navigate('/login', { replace: true }); }
              },
            }}
          >
            <Button data-testid="user-menu" type="text" style={{ color: '#fff' }} icon={<UserOutlined />}>
              {!phone && me.name}
            </Button>
          </Dropdown>
        </div>
      </Header>
      <Layout>
        {!phone && !noConsole && (
          <Sider width={300} theme="light" style={{ borderInlineEnd: '1px solid #f0f0f0', overflow: 'auto', height: 'calc(100vh - 64px)', position: 'sticky', top: 64 }}>
            {side}
          </Sider>
        )}
        {phone && (
          <Drawer data-testid="nav-drawer" placement="left" open={drawer} onClose={close} width="85%" styles={{ body: { padding: 0 } }} title={t('app.name')}>
            {side}
          </Drawer>
        )}
        <Content style={{ padding: phone ? 8 : 20, minWidth: 0 }}>
          {noConsole ? (
            <Result status="info" title={t('auth.noConsole')} extra={<Link to="/public/grids">{t('nav.publicGrids')}</Link>} />
          ) : (
            <Outlet />
          )}
        </Content>
      </Layout>
      <ChangePasswordModal open={pwOpen || me.mustChangePassword} forced={me.mustChangePassword} onClose={() => setPwOpen(false)} />
    </Layout>
  );
}
