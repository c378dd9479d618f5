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

/** Unread messages, polled: the bell beside a page title, linking to 消息通知. */
export function NotificationBell() {
  const { t } = useTranslation();
  const [n, setN] = useState<number | null>(null);
  useEffect(() => {
    let alive = true;
    const load = () => casesApi.counts().then((c) => { if (alive) setN(c.unreadNotifications); }, () => {});
    void load();
    const timer = window.setInterval(load, 60_000);
    const onChange = () => void load();
    window.addEventListener('rz-notifications-changed', onChange);
    return () => { alive = false; window.clearInterval(timer); window.removeEventListener('rz-notifications-changed', onChange); };
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

const changed = () => window.dispatchEvent(new Event('rz-notifications-changed'));

/** 消息通知: the staff member's messages (待办/超期/督办/提醒), filtered by kind, each opening its case. */
export function NotificationsPage() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const kind = (NOTIFICATION_KINDS.includes(params.get('kind') as NotificationKind) ? params.get('kind') : 'all') as NotificationKind | 'all';
  const unreadOnly = params.get('unread') === '1';
  const { data, error, loading, reload, setData } = useLoad(
    () => casesApi.notifications({ kind: kind === 'all' ? undefined : kind, unread: unreadOnly || undefined }), [kind, unreadOnly]);
  const items = data?.items ?? [];
  const unreadIds = items.filter((n) => !n.read).map((n) => n.id);
  const setParam = (k: string, v: string | null) => {
    const next = new URLSearchParams(params);
    if (v === null) next.delete(k); else next.set(k, v);
    setParams(next, { replace: true });
  };

  const markRead = async (ids: string[]) => {
    if (!ids.length) return;
    try {
      for (let i = 0; i < ids.length; i += 500) await casesApi.markRead(ids.slice(i, i + 500));
      setData((d) => d && { ...d, items: d.items.map((n) => (ids.includes(n.id) ? { ...n, read: true } : n)) });
      changed();
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
          <Button data-testid="notify-read-all" icon={<CheckOutlined />} disabled={!unreadIds.length} onClick={() => void markRead(unreadIds)}>
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
        pagination={items.length > 20 ? { pageSize: 20, size: 'small' } : false}
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
