import { App, Button, Card, Form, Input, Popconfirm, Select, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { EditOutlined, EyeOutlined, LinkOutlined, PlusOutlined, StopOutlined } from '@ant-design/icons';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { staffApi } from '../../api/endpoints';
import type { Staff } from '../../api/types';
import { useSession } from '../../auth/session';
import { OrgPicker } from '../../components/OrgPicker';
import { ProblemAlert, problemText } from '../../components/ProblemAlert';
import { warningText } from '../../components/Warnings';
import { useLoad } from '../../lib/hooks';
import { LinkGridsModal } from './LinkGridsModal';
import { POSTS } from './posts';
import { StaffFormModal } from './StaffFormModal';

export function StaffPage() {
  const { t, i18n } = useTranslation();
  const { can } = useSession();
  const { message, notification } = App.useApp();
  const [filters, setFilters] = useState<{ orgId?: string; q?: string; post?: string }>({});
  const [editing, setEditing] = useState<Staff | null | undefined>(undefined); // undefined = closed, null = new
  const [linking, setLinking] = useState<Staff | null>(null);
  const [unmasked, setUnmasked] = useState<Record<string, string>>({});
  const { data, error, loading, reload } = useLoad(() => staffApi.list(filters), [JSON.stringify(filters)]);
  const write = can('staff.write');

  const unmask = async (s: Staff) => {
    try {
      const r = await staffApi.unmask(s.id);
      setUnmasked((m) => ({ ...m, [s.id]: r.mobile }));
    } catch (e) {
      message.error(problemText(e, i18n.language));
    }
  };

  return (
    <Card data-testid="staff-page" title={<Typography.Title level={4} style={{ margin: 0 }}>{t('staff.title')}</Typography.Title>}
      extra={write && <Button data-testid="staff-create" type="primary" icon={<PlusOutlined />} onClick={() => setEditing(null)}>{t('staff.create')}</Button>}>
      <Form layout="inline" style={{ marginBottom: 16, rowGap: 8 }} onFinish={(v) => setFilters({ orgId: v.orgId, q: v.q?.trim() || undefined, post: v.post })}>
        <Form.Item name="orgId" style={{ minWidth: 220 }}>
          <OrgPicker allowClear placeholder={t('staff.org')} maxDepthKinds={['district', 'street', 'community', 'department', 'grid']} />
        </Form.Item>
        <Form.Item name="post" style={{ minWidth: 160 }}>
          <Select allowClear placeholder={t('staff.post')} options={POSTS.map((p) => ({ value: p, label: t(`post.${p}`) }))} />
        </Form.Item>
        <Form.Item name="q"><Input data-testid="staff-q" allowClear placeholder={t('staff.q')} /></Form.Item>
        <Form.Item><Button htmlType="submit" type="primary" ghost>{t('common.search')}</Button></Form.Item>
      </Form>
      <ProblemAlert error={error} />
      <Table<Staff>
        data-testid="staff-table"
        rowKey="id"
        size="middle"
        loading={loading}
        dataSource={data?.items ?? []}
        scroll={{ x: 'max-content' }}
        pagination={{ pageSize: 20, showTotal: (n) => t('common.total', { count: n }) }}
        columns={[
          { title: t('staff.name'), dataIndex: 'name', fixed: 'left', render: (v, s) => <span style={{ opacity: s.active ? 1 : 0.5 }}>{v}</span> },
          { title: t('staff.post'), dataIndex: 'post', render: (p: string) => t(`post.${p}`, { defaultValue: p }) },
          { title: t('staff.org'), dataIndex: 'orgName' },
          {
            title: t('staff.mobile'), dataIndex: 'mobileMasked',
            render: (v: string | null, s) => (
              <Space size={4}>
                <span data-testid={`staff-mobile-${s.id}`}>{unmasked[s.id] ?? v ?? '—'}</span>
                {v && !unmasked[s.id] && can('personal.unmask') && (
                  <Tooltip title={t('staff.unmaskNote')}>
                    <Button data-testid="staff-unmask" size="small" type="link" icon={<EyeOutlined />} onClick={() => unmask(s)} aria-label={t('staff.unmask')} />
                  </Tooltip>
                )}
              </Space>
            ),
          },
          { title: t('staff.servicePhone'), dataIndex: 'servicePhone', render: (v: string | null) => v ?? '—' },
          {
            title: t('staff.grids'), dataIndex: 'grids', width: 260,
            // names repeat across communities (第一网格…), so the code and the role are in the tooltip
            render: (g: Staff['grids']) => g.length ? (
              <div style={{ display: 'flex', flexWrap: 'wrap', gap: 4, maxWidth: 240 }}>
                {g.map((x) => (
                  <Tooltip key={x.gridId} title={`${x.gridCode ?? ''} · ${t(`post.${x.role}`, { defaultValue: x.role })}`}>
                    <Tag style={{ marginInlineEnd: 0 }}>{x.gridName ?? x.gridCode ?? x.gridId}</Tag>
                  </Tooltip>
                ))}
              </div>
            ) : '—',
          },
          { title: t('common.status'), dataIndex: 'active', render: (a: boolean) => <Tag color={a ? 'green' : 'default'}>{a ? t('staff.active') : t('staff.inactive')}</Tag> },
          ...(write ? [{
            title: t('common.actions'), key: 'actions', fixed: 'right' as const, render: (_: unknown, s: Staff) => (
              <Space size={0}>
                <Button type="link" size="small" icon={<EditOutlined />} onClick={() => setEditing(s)}>{t('common.edit')}</Button>
                <Button data-testid="staff-link" type="link" size="small" icon={<LinkOutlined />} onClick={() => setLinking(s)}>{t('staff.linkGrids')}</Button>
                {s.active && (
                  <Popconfirm title={t('staff.deactivateConfirm', { name: s.name })} onConfirm={async () => {
                    try { await staffApi.deactivate(s.id); message.success(t('common.saved')); reload(); } catch (e) { message.error(problemText(e, i18n.language)); }
                  }}>
                    <Button type="link" size="small" danger icon={<StopOutlined />}>{t('staff.deactivate')}</Button>
                  </Popconfirm>
                )}
              </Space>
            ),
          }] : []),
        ]}
      />
      <StaffFormModal
        open={editing !== undefined}
        staff={editing}
        defaultOrgId={filters.orgId}
        onClose={() => setEditing(undefined)}
        onDone={() => { setEditing(undefined); message.success(t('common.saved')); reload(); }}
      />
      <LinkGridsModal
        open={!!linking}
        staff={linking}
        onClose={() => setLinking(null)}
        onDone={(_, w) => {
          message.success(t('staff.linked'));
          w?.forEach((x) => notification.warning({ message: t('common.warning'), description: warningText(x, i18n.language) }));
          reload();
        }}
      />
    </Card>
  );
}
