import { Badge, Button, Card, Form, Input, Select, Space, Table, Tabs, Tag, Typography } from 'antd';
import { MobileOutlined, PhoneOutlined, ReloadOutlined } from '@ant-design/icons';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useSession } from '../../../auth/session';
import { ProblemAlert } from '../../../components/ProblemAlert';
import { fmtTime } from '../../../lib/format';
import { useLoad } from '../../../lib/hooks';
import { casesApi, configApi, type Box, type CaseListItem, type CaseState } from '../api';
import { Due, StateTag, SupervisionTag } from '../ui';
import { NewCaseModal } from './NewCaseModal';
import { NotificationBell } from './NotificationsPage';

const BOXES: Box[] = ['todo', 'done', 'overdue', 'supervised', 'all'];
const OPEN: CaseState[] = ['reported', 'accepted', 'dispatched', 'returned', 'signed', 'in_progress', 'delay_requested', 'escalated', 'handled'];
const ALL_STATES: CaseState[] = [...OPEN, 'closed', 'called_back', 'archived', 'rejected', 'merged'];

/** 待办 / 已办 / 超期 / 督办: the staff inbox, one tab per box, with the count of each. */
export function InboxPage() {
  const { t, i18n } = useTranslation();
  const { can } = useSession();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const box = (BOXES.includes(params.get('box') as Box) ? params.get('box') : 'todo') as Box;
  const [filters, setFilters] = useState<{ q?: string; state?: string; categoryId?: string }>({});
  const [page, setPage] = useState(1);
  const [creating, setCreating] = useState(false);
  const list = useLoad(() => casesApi.list({ box, ...filters, page, pageSize: 20 }), [box, JSON.stringify(filters), page]);
  const counts = useLoad(() => casesApi.counts(), [box, list.data]);
  const cats = useLoad(() => configApi.categories(), []);

  const tabLabel = (b: Box) => {
    const n = b === 'todo' ? counts.data?.todo : b === 'overdue' ? counts.data?.overdue : b === 'supervised' ? counts.data?.supervised : undefined;
    return (
      <span data-testid={`inbox-tab-${b}`}>
        {t(`cases.inbox.tabs.${b}`)}
        {n ? <Badge count={n} overflowCount={999} size="small" style={{ marginInlineStart: 6, background: b === 'todo' ? '#1677ff' : undefined }} /> : null}
      </span>
    );
  };

  return (
    <Card
      data-testid="cases-inbox"
      title={<Typography.Title level={4} style={{ margin: 0 }}>{t('cases.inbox.title')}</Typography.Title>}
      extra={
        <Space wrap>
          <NotificationBell />
          {can('case.handle') && <Link to="/m/tasks"><Button icon={<MobileOutlined />}>{t('cases.inbox.mobile')}</Button></Link>}
          {can('case.create') && <Button data-testid="case-create" type="primary" icon={<PhoneOutlined />} onClick={() => setCreating(true)}>{t('cases.inbox.newCase')}</Button>}
        </Space>
      }
    >
      <Tabs activeKey={box} onChange={(k) => { setParams({ box: k }); setPage(1); }} items={BOXES.map((b) => ({ key: b, label: tabLabel(b) }))} />
      <Form layout="inline" style={{ marginBottom: 12, rowGap: 8 }} onFinish={(v) => { setFilters({ q: v.q?.trim() || undefined, state: v.state, categoryId: v.categoryId }); setPage(1); }}>
        <Form.Item name="q"><Input data-testid="inbox-q" allowClear placeholder={t('cases.inbox.q')} style={{ width: 220 }} /></Form.Item>
        <Form.Item name="state">
          <Select allowClear placeholder={t('cases.inbox.state')} style={{ width: 150 }} options={ALL_STATES.map((s) => ({ value: s, label: t(`cases.state.${s}`) }))} />
        </Form.Item>
        <Form.Item name="categoryId">
          <Select allowClear placeholder={t('cases.inbox.category')} style={{ width: 150 }}
            options={(cats.data?.items ?? []).map((c) => ({ value: c.id, label: i18n.language.startsWith('zh') ? c.nameZh : c.nameEn }))} />
        </Form.Item>
        <Form.Item><Button htmlType="submit" type="primary" ghost>{t('common.search')}</Button></Form.Item>
        <Form.Item><Button icon={<ReloadOutlined />} onClick={() => { list.reload(); counts.reload(); }} aria-label={t('cases.common.refresh')} /></Form.Item>
      </Form>
      <ProblemAlert error={list.error} />
      <Table<CaseListItem>
        data-testid="inbox-table"
        rowKey="id"
        size="middle"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        scroll={{ x: 'max-content' }}
        onRow={(r) => ({ onClick: () => navigate(`/cases/${r.id}`), style: { cursor: 'pointer' }, 'data-testid': 'inbox-row', 'data-number': r.number } as React.HTMLAttributes<HTMLElement>)}
        pagination={{ current: page, pageSize: 20, total: list.data?.total ?? 0, onChange: setPage, showTotal: (n) => t('common.total', { count: n }) }}
        columns={[
          { title: t('cases.inbox.number'), dataIndex: 'number', render: (v: string, r) => <Link to={`/cases/${r.id}`} onClick={(e) => e.stopPropagation()}>{v}</Link> },
          {
            title: t('cases.inbox.titleCol'), dataIndex: 'title', width: 280,
            render: (v: string, r) => (
              <div style={{ maxWidth: 280 }}>
                <div style={{ overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>{v}</div>
                <Space size={4} wrap>
                  <Tag>{t(`cases.channel.${r.channel}`)}</Tag>
                  {r.urgency !== 'normal' && <Tag color="red">{t(`cases.urgency.${r.urgency}`)}</Tag>}
                  {r.overdue && <Tag color="red">{t('cases.inbox.overdue')}</Tag>}
                  <SupervisionTag level={r.supervisionLevel} />
                </Space>
              </div>
            ),
          },
          { title: t('cases.inbox.category'), dataIndex: ['category', 'nameZh'] },
          { title: t('cases.inbox.state'), dataIndex: 'state', render: (s: CaseState) => <StateTag state={s} /> },
          { title: t('cases.inbox.grid'), dataIndex: 'gridName', render: (v: string | null) => v ?? '—' },
          { title: t('cases.inbox.handler'), dataIndex: 'handlerName', render: (v: string | null) => v ?? '—' },
          {
            title: t('cases.inbox.due'), key: 'due',
            render: (_: unknown, r) => <Due at={r.state === 'reported' ? r.acceptDue : r.handleDue} open={OPEN.includes(r.state)} />,
          },
          {
            title: t('cases.inbox.reporter'), key: 'reporter',
            render: (_: unknown, r) => (r.reporterName || r.reporterPhoneMasked ? `${r.reporterName ?? t('cases.inbox.anonymous')} ${r.reporterPhoneMasked ?? ''}` : '—'),
          },
          { title: t('cases.inbox.created'), dataIndex: 'createdAt', render: (v: string) => fmtTime(v, i18n.language) },
        ]}
      />
      <NewCaseModal open={creating} onClose={() => setCreating(false)} onDone={(id) => { setCreating(false); navigate(`/cases/${id}`); }} />
    </Card>
  );
}
