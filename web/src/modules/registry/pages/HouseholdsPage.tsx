import { App, Button, Card, Descriptions, Form, Input, List, Select, Table, Tag, Typography } from 'antd';
import { CrownOutlined, PlusOutlined, PrinterOutlined, TeamOutlined, UserAddOutlined } from '@ant-design/icons';
import { problemText } from '../../../components/ProblemAlert';
import { AddMemberModal, HouseholdFormModal } from '../forms/LedgerForms';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { useSession } from '../../../auth/session';
import { OrgPicker } from '../../../components/OrgPicker';
import { ProblemAlert } from '../../../components/ProblemAlert';
import { useIsPhone, useLoad } from '../../../lib/hooks';
import { registryApi, type HouseholdListItem } from '../api';
import { AddTagModal } from '../AddTagModal';
import { RegistryShell } from '../RegistryShell';
import { ColumnChooser, ExportButton, useColumnChoice, useCodes, type ColumnDef } from '../shared';
import { useUrlFilters } from '../useUrlFilters';
import { MembersList } from './PersonDetailPage';
import { useTagTypes } from './PersonsPage';

export function HouseholdsPage() {
  const { t } = useTranslation();
  const phone = useIsPhone();
  const navigate = useNavigate();
  const { label } = useCodes();
  const { filters, page, pageSize, set, setPage } = useUrlFilters();
  const { can } = useSession();
  const [creating, setCreating] = useState(false);
  const [form] = Form.useForm();
  useEffect(() => { form.setFieldsValue(filters); }, [filters, form]);
  const all: ColumnDef[] = [
    { key: 'householdNo', label: t('registry.household.no'), fixed: true },
    { key: 'headName', label: t('registry.household.head') },
    { key: 'kind', label: t('registry.household.kind') },
    { key: 'members', label: t('registry.household.memberCount') },
    { key: 'address', label: t('registry.household.address') },
    { key: 'status', label: t('registry.household.status') },
  ];
  const cols = useColumnChoice('households', all, ['householdNo', 'headName', 'kind', 'members', 'address']);
  const query = { ...filters, page, pageSize };
  const { data, error, loading } = useLoad(() => registryApi.households(query), [JSON.stringify(query)]);

  const render: Record<string, (h: HouseholdListItem) => React.ReactNode> = {
    householdNo: (h) => <Link to={`/registry/households/${h.id}`} data-testid="household-link">{h.householdNo}</Link>,
    headName: (h) => h.headName ?? '—',
    kind: (h) => label('householdKind', h.kind, h.kindLabel),
    members: (h) => h.members,
    address: (h) => h.address ?? '—',
    status: (h) => <Tag color={h.status === 'active' ? 'green' : 'default'}>{h.status === 'active' ? t('common.active') : h.status}</Tag>,
  };

  return (
    <RegistryShell
      title={t('registry.household.title')}
      extra={<>
        {can('registry.write') && <Button type="primary" icon={<PlusOutlined />} data-testid="household-new" onClick={() => setCreating(true)}>{t('registry.form.newHousehold')}</Button>}
        {!phone && <ColumnChooser all={all} chosen={cols.chosen} onChange={cols.set} />}<ExportButton kind="households" query={filters} />
      </>}
    >
      <HouseholdFormModal open={creating} onClose={() => setCreating(false)} onSaved={(id) => { setCreating(false); navigate(`/registry/households/${id}`); }} />
      <Card size="small" data-testid="households-page">
        <Form form={form} layout="inline" style={{ rowGap: 8, marginBottom: 12 }} onFinish={(v) => set({ ...v, q: v.q?.trim() })}>
          <Form.Item name="orgId" style={{ minWidth: phone ? '100%' : 220 }}><OrgPicker allowClear placeholder={t('registry.common.org')} maxDepthKinds={['district', 'street', 'community', 'grid']} /></Form.Item>
          <Form.Item name="q" style={{ flex: phone ? 1 : undefined }}><Input allowClear placeholder={`${t('registry.household.no')} / ${t('registry.household.address')}`} data-testid="households-q" /></Form.Item>
          <Form.Item style={{ marginInlineEnd: 0 }}><Button type="primary" htmlType="submit">{t('common.search')}</Button></Form.Item>
        </Form>
        <ProblemAlert error={error} />
        {phone ? (
          <List<HouseholdListItem>
            data-testid="households-list"
            loading={loading}
            dataSource={data?.items ?? []}
            pagination={{ current: page, pageSize, total: data?.total ?? 0, onChange: setPage, size: 'small', showSizeChanger: false }}
            renderItem={(h) => (
              <List.Item data-testid="household-item" onClick={() => navigate(`/registry/households/${h.id}`)} style={{ cursor: 'pointer', padding: '12px 4px' }}>
                <div style={{ width: '100%' }}>
                  <div style={{ display: 'flex', gap: 8, alignItems: 'center' }}>
                    <TeamOutlined style={{ color: '#b7202e' }} />
                    <Typography.Text strong style={{ fontSize: 16 }}>{h.headName ?? h.householdNo}</Typography.Text>
                    <Typography.Text type="secondary">{h.members}人</Typography.Text>
                    <Tag style={{ marginInlineStart: 'auto', marginInlineEnd: 0 }}>{label('householdKind', h.kind, h.kindLabel)}</Tag>
                  </div>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>{h.householdNo} · {h.address ?? '—'}</Typography.Text>
                </div>
              </List.Item>
            )}
          />
        ) : (
          <Table<HouseholdListItem>
            data-testid="households-table"
            rowKey="id" size="middle" loading={loading} dataSource={data?.items ?? []} scroll={{ x: 'max-content' }}
            pagination={{ current: page, pageSize, total: data?.total ?? 0, onChange: setPage, showTotal: (n) => t('common.total', { count: n }) }}
            columns={cols.chosen.map((k) => ({ key: k, title: all.find((c) => c.key === k)!.label, render: (_: unknown, h: HouseholdListItem) => render[k]?.(h) }))}
          />
        )}
      </Card>
    </RegistryShell>
  );
}

/** One household: its members (each can be tagged right here — the grid worker's phone flow) and the printable card. */
export function HouseholdDetailPage() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation();
  const phone = useIsPhone();
  const { can } = useSession();
  const { message } = App.useApp();
  const { label } = useCodes();
  const tagTypes = useTagTypes();
  const [adding, setAdding] = useState(false);
  const setHead = async (personId: string) => {
    try { await registryApi.setHead(id, personId); message.success(t('registry.form.headSet')); reload(); } catch (e) { message.error(problemText(e, i18n.language)); }
  };
  const { data, error, loading, reload } = useLoad(() => registryApi.household(id), [id]);
  const [tagging, setTagging] = useState<{ id: string; name: string } | null>(null);
  const head = data?.members.find((m) => m.id === data.headPersonId);

  return (
    <RegistryShell
      title={data ? <span data-testid="household-title"><TeamOutlined /> {head?.name ?? data.householdNo}{head ? ` ${t('registry.household.head')}` : ''}</span> : undefined}
      extra={data && (<>
        {can('registry.write') && <Button type="primary" data-testid="household-add-member" icon={<UserAddOutlined />} onClick={() => setAdding(true)}>{t('registry.form.addMember')}</Button>}
        {can('registry.write') && data.members.length > 0 && (
          <Select<string> data-testid="household-set-head" style={{ minWidth: 150 }} placeholder={<><CrownOutlined /> {t('registry.form.setHead')}</>} value={null as unknown as string}
            options={data.members.filter((m) => m.id !== data.headPersonId).map((m) => ({ value: m.id, label: m.name }))} onChange={(v) => void setHead(v)} />
        )}
        <Button data-testid="household-card-link" icon={<PrinterOutlined />} href={registryApi.householdCardUrl(data.id)} target="_blank">
          {t('registry.household.card')}
        </Button>
      </>)}
    >
      <AddMemberModal householdId={id} open={adding} onClose={() => setAdding(false)} onSaved={() => { setAdding(false); reload(); }} />
      <Card size="small" loading={loading && !data} data-testid="household-detail">
        <ProblemAlert error={error} />
        {data && (
          <>
            <Descriptions size="small" column={phone ? 1 : 3} style={{ marginBottom: 12 }}>
              <Descriptions.Item label={t('registry.household.no')}>{data.householdNo}</Descriptions.Item>
              <Descriptions.Item label={t('registry.household.kind')}>{label('householdKind', data.kind, data.kindLabel)}</Descriptions.Item>
              <Descriptions.Item label={t('registry.household.grid')}>{data.gridName ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('registry.household.address')} span={phone ? 1 : 3}>
                {data.roomId ? <Link to={`/registry/rooms/${data.roomId}`}>{data.address ?? '—'}</Link> : data.address ?? '—'}
              </Descriptions.Item>
            </Descriptions>
            <Typography.Title level={5} style={{ marginTop: 0 }}>{t('registry.household.members')}（{data.members.length}）</Typography.Title>
            <MembersList members={data.members} headId={data.headPersonId} onTag={can('registry.write') ? setTagging : undefined} />
          </>
        )}
      </Card>
      <AddTagModal person={tagging} tagTypes={tagTypes} onClose={() => setTagging(null)} onDone={() => { setTagging(null); reload(); }} />
    </RegistryShell>
  );
}
