import { App, Badge, Button, Card, Empty, List, Segmented, Space, Switch, Tag, Tooltip, Typography } from 'antd';
import { BellOutlined, CheckOutlined, ReloadOutlined } from '@ant-design/icons';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { ProblemAlert, problemText } from '../../../components/ProblemAlert';
import { fmtTime } from '../../../lib/format';
import { useLoad } from '../../../lib/hooks';
import { casesApi, NOTIFICATION_KINDS, type Notification, type NotificationKind } from '../api';

const KIND_COLOR: Record<NotificationKind, string> = { todo: 'blue', overdue: 'red', supervision: 'gold', info: 'default' };

/** Fired after messages are marked read: the shell reloads the menu badge (index.tsx, badge.refreshOn). */
export const NOTIFICATIONS_CHANGED = 'rz-notifications-changed';
const UNREAD_LOADED = 'rz-unread-notifications';
let lastUnread: number | null = null;

/**
 * The caller's unread message count: the menu badge's loader (polled by the console shell).
 * Each result is passed on to the bells on screen, so they need no polling of their own.
 */
export async function loadUnreadNotifications(): Promise<number> {
  const { unread } = await casesApi.unreadCount();
  lastUnread = unread;
  window.dispatchEvent(new CustomEvent<number>(UNREAD_LOADED, { detail: unread }));
  return unread;
}

/** Unread messages (the count the shell polls for the menu): the bell beside a page title, linking to 消息通知. */
export function NotificationBell() {
  const { t } = useTranslation();
  const [n, setN] = useState<number | null>(lastUnread);
  useEffect(() => {
    const onLoaded = (e: Event) => setN((e as CustomEvent<number>).detail);
    window.addEventListener(UNREAD_LOADED, onLoaded);
    if (lastUnread === null) void loadUnreadNotifications().catch(() => {});
    return () => window.removeEventListener(UNREAD_LOADED, onLoaded);
  }, []);
  return (
    <Tooltip title={t('cases.notify.title')}>
      <Link to="/cases/notifications" data-testid="notification-bell" data-unread={n ?? ''} aria-label={t('cases.notify.title')}>
        <Badge count={n ?? 0} size="small" overflowCount={99}>
          <Button icon={<BellOutlined />}>{t('cases.notify.short')}</Button>
        </Badge>
      </Link>
    </Tooltip>
  );
}

const changed = () => window.dispatchEvent(new Event(NOTIFICATIONS_CHANGED));
const PAGE_SIZE = 20;

/** 消息通知: the staff member's messages (待办/超期/督办/提醒), filtered by kind, each opening its case. */
export function NotificationsPage() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const kind = (NOTIFICATION_KINDS.includes(params.get('kind') as NotificationKind) ? params.get('kind') : 'all') as NotificationKind | 'all';
  const unreadOnly = params.get('unread') === '1';
  const page = Math.max(1, Number(params.get('page')) || 1);
  const { data, error, loading, reload, setData } = useLoad(
    () => casesApi.notifications({ kind: kind === 'all' ? undefined : kind, unread: unreadOnly || undefined, page, pageSize: PAGE_SIZE }),
    [kind, unreadOnly, page]);
  const items = data?.items ?? [];
  // every unread message under the current filter (not just this page), by the per-kind counts
  const unreadHere = kind === 'all'
    ? NOTIFICATION_KINDS.reduce((sum, k) => sum + (data?.unreadByKind?.[k] ?? 0), 0)
    : data?.unreadByKind?.[kind] ?? 0;
  /** Changes one filter; a new filter starts again at page 1. */
  const setParam = (k: string, v: string | null) => {
    const next = new URLSearchParams(params);
    if (v === null) next.delete(k); else next.set(k, v);
    if (k !== 'page') next.delete('page');
    setParams(next, { replace: k !== 'page' });
  };

  const markRead = async (ids: string[]) => {
    if (!ids.length) return;
    try {
      await casesApi.markRead(ids);
      setData((d) => d && {
        ...d,
        items: d.items.map((n) => (ids.includes(n.id) ? { ...n, read: true } : n)),
        unreadByKind: Object.fromEntries(NOTIFICATION_KINDS.map((k) => [k, Math.max(0,
          (d.unreadByKind?.[k] ?? 0) - d.items.filter((n) => !n.read && n.kind === k && ids.includes(n.id)).length)])),
      });
      changed();
    } catch (e) {
      message.error(problemText(e, i18n.language));
    }
  };
  const markAllRead = async () => {
    try {
      await casesApi.markAllRead(kind === 'all' ? undefined : kind);
      changed();
      reload();
    } catch (e) {
      message.error(problemText(e, i18n.language));
    }
  };
  const openCase = async (n: Notification) => {
    if (!n.read) await markRead([n.id]);
    navigate(`/cases/${n.caseId}`);
  };
  const unreadOf = (k: NotificationKind) => data?.unreadByKind?.[k] ?? 0;
  const kindLabel = (k: NotificationKind | 'all') => (
    <span data-testid={`notify-kind-${k}`}>
      {k === 'all' ? t('cases.notify.all') : t(`cases.notify.kinds.${k}`)}
      {k !== 'all' && unreadOf(k) > 0 && <Badge count={unreadOf(k)} size="small" style={{ marginInlineStart: 4 }} />}
    </span>
  );

  return (
    <Card
      data-testid="cases-notifications"
      title={<Typography.Title level={4} style={{ margin: 0 }}>{t('cases.notify.title')}</Typography.Title>}
      extra={
        <Space wrap>
          <Button data-testid="notify-read-all" icon={<CheckOutlined />} disabled={!unreadHere} onClick={() => void markAllRead()}>
            {t('cases.notify.readAll')}
          </Button>
          <Button icon={<ReloadOutlined />} onClick={() => { reload(); changed(); }} aria-label={t('cases.common.refresh')} />
        </Space>
      }
    >
      <Space wrap style={{ marginBottom: 12 }}>
        <Segmented<NotificationKind | 'all'> value={kind} onChange={(v) => setParam('kind', v === 'all' ? null : v)}
          options={(['all', ...NOTIFICATION_KINDS] as const).map((k) => ({ value: k, label: kindLabel(k) }))} />
        <Space size={6}>
          <Switch data-testid="notify-unread-only" size="small" checked={unreadOnly} onChange={(v) => setParam('unread', v ? '1' : null)} />
          <Typography.Text>{t('cases.notify.unreadOnly')}</Typography.Text>
        </Space>
      </Space>
      <ProblemAlert error={error} />
      <List<Notification>
        data-testid="notify-list"
        loading={loading}
        dataSource={items}
        locale={{ emptyText: <Empty description={t('cases.notify.empty')} /> }}
        pagination={(data?.total ?? 0) > PAGE_SIZE ? {
          current: page, pageSize: PAGE_SIZE, total: data?.total ?? 0, size: 'small', showSizeChanger: false,
          showTotal: (n) => t('cases.notify.total', { n }), onChange: (p) => setParam('page', p === 1 ? null : String(p)),
        } : false}
        renderItem={(n) => (
          <List.Item
            data-testid="notify-item" data-kind={n.kind} data-read={n.read ? '1' : '0'} data-case-id={n.caseId}
            style={{ background: n.read ? undefined : '#f0f7ff', paddingInline: 12, cursor: 'pointer' }}
            onClick={() => void openCase(n)}
            actions={n.read ? [] : [
              <Button key="r" size="small" type="link" data-testid="notify-mark-read" onClick={(e) => { e.stopPropagation(); void markRead([n.id]); }}>
                {t('cases.notify.markRead')}
              </Button>,
            ]}
          >
            <List.Item.Meta
              avatar={<Badge dot={!n.read}><Tag color={KIND_COLOR[n.kind] ?? 'default'} style={{ marginInlineEnd: 0 }}>{t(`cases.notify.kinds.${n.kind}`, { defaultValue: n.kind })}</Tag></Badge>}
              title={
                <Space wrap size={8}>
                  <Link to={`/cases/${n.caseId}`} data-testid="notify-link" onClick={(e) => { e.preventDefault(); e.stopPropagation(); void openCase(n); }}
                    style={{ fontWeight: n.read ? 400 : 600 }}>
                    {n.title}
                  </Link>
                  {n.caseNumber && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{n.caseNumber}</Typography.Text>}
                </Space>
              }
              description={<>{n.body && <div>{n.body}</div>}<span style={{ fontSize: 12 }}>{fmtTime(n.at, i18n.language)}</span></>}
            />
          </List.Item>
        )}
      />
    </Card>
  );
}
