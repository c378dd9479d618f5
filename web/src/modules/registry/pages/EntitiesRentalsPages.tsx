import { Button, Card, Descriptions, Drawer, Form, Input, List, Select, Space, Table, Tag, Tooltip } from 'antd';
import { EditOutlined, PlusOutlined, StopOutlined, UserAddOutlined, WarningOutlined } from '@ant-design/icons';
import { useEffect, useState } from 'react';
import { useSession } from '../../../auth/session';
import { AddTenantModal, EndRentalModal, EntityFormModal, RentalFormModal } from '../forms/LedgerForms';
import { SaveWarnings } from '../forms/kit';
import type { SaveWarning } from '../api';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { OrgPicker } from '../../../components/OrgPicker';
import { ProblemAlert } from '../../../components/ProblemAlert';
import { useIsPhone, useLoad } from '../../../lib/hooks';
import { registryApi, type EntityListItem, type RentalListItem } from '../api';
import { RegistryShell } from '../RegistryShell';
import { ColumnChooser, ExportButton, useColumnChoice, type ColumnDef } from '../shared';
import { useUrlFilters } from '../useUrlFilters';

const ENTITY_TYPES = ['enterprise', 'individual', 'government', 'institution', 'social_org', 'other'] as const;

export function EntitiesPage() {
  const { t } = useTranslation();
  const phone = useIsPhone();
  const { can } = useSession();
  const [editing, setEditing] = useState<EntityListItem | 'new' | null>(null);
  const [warnings, setWarnings] = useState<SaveWarning[]>([]);
  const { filters, page, pageSize, set, setPage } = useUrlFilters();
  const [form] = Form.useForm();
  useEffect(() => { form.setFieldsValue(filters); }, [filters, form]);
  const all: ColumnDef[] = [
    { key: 'name', label: t('registry.entity.name'), fixed: true },
    { key: 'uscc', label: t('registry.entity.uscc') },
    { key: 'type', label: t('registry.entity.type') },
    { key: 'legalRep', label: t('registry.entity.legalRep') },
    { key: 'phone', label: t('registry.entity.phone') },
    { key: 'employees', label: t('registry.entity.employees') },
    { key: 'keyUnit', label: t('registry.entity.keyUnit') },
    { key: 'address', label: t('registry.entity.address') },
    { key: 'grid', label: t('registry.entity.grid') },
  ];
  const cols = useColumnChoice('entities', all, phone ? ['name', 'type', 'keyUnit'] : ['name', 'uscc', 'type', 'legalRep', 'employees', 'keyUnit', 'address']);
  const query = { ...filters, page, pageSize };
  const { data, error, loading, reload } = useLoad(() => registryApi.entities(query), [JSON.stringify(query)]);
  const render: Record<string, (e: EntityListItem) => React.ReactNode> = {
    name: (e) => <span data-testid="entity-name">{e.name}{e.status === 'closed' && <Tag style={{ marginInlineStart: 4 }}>closed</Tag>}</span>,
    uscc: (e) => e.uscc ? (
      <span style={{ fontFamily: 'monospace' }}>
        {e.uscc}
        {e.usccValid === false && <Tooltip title={t('registry.entity.usccInvalid')}><WarningOutlined style={{ color: '#d97706', marginInlineStart: 4 }} /></Tooltip>}
      </span>
    ) : '—',
    type: (e) => t(`registry.entity.types.${e.type}`, { defaultValue: e.typeLabel ?? e.type }),
    legalRep: (e) => e.legalRep ?? '—',
    phone: (e) => e.phoneMasked ?? '—',
    employees: (e) => e.employees ?? '—',
    keyUnit: (e) => e.keyUnit ? <Tag color="red">{t('registry.entity.keyUnit')}</Tag> : '—',
    address: (e) => e.address ?? '—',
    grid: (e) => e.gridName ?? '—',
    edit: (e) => <Button size="small" type="link" icon={<EditOutlined />} data-testid="entity-edit" onClick={() => setEditing(e)}>{t('common.edit')}</Button>,
  };
  return (
    <RegistryShell title={t('registry.entity.title')} extra={<>
      {can('registry.write') && <Button type="primary" icon={<PlusOutlined />} data-testid="entity-new" onClick={() => setEditing('new')}>{t('registry.form.newEntity')}</Button>}
      <ColumnChooser all={all} chosen={cols.chosen} onChange={cols.set} /><ExportButton kind="entities" query={filters} />
    </>}>
      <EntityFormModal open={!!editing} entity={editing === 'new' ? null : editing} onClose={() => setEditing(null)}
        onSaved={(_, w) => { setEditing(null); setWarnings(w); reload(); }} />
      <SaveWarnings warnings={warnings} />
      <Card size="small" data-testid="entities-page">
        <Form form={form} layout="inline" style={{ rowGap: 8, marginBottom: 12 }}
          onFinish={(v) => set({ ...v, q: v.q?.trim(), keyUnit: v.keyUnit === undefined ? undefined : String(v.keyUnit) })}>
          <Form.Item name="orgId" style={{ minWidth: phone ? '100%' : 220 }}><OrgPicker allowClear placeholder={t('registry.common.org')} maxDepthKinds={['district', 'street', 'community', 'grid']} /></Form.Item>
          <Form.Item name="type" style={{ minWidth: 140 }}>
            <Select allowClear placeholder={t('registry.entity.type')} options={ENTITY_TYPES.map((k) => ({ value: k, label: t(`registry.entity.types.${k}`) }))} />
          </Form.Item>
          <Form.Item name="keyUnit" style={{ minWidth: 120 }}>
            <Select allowClear placeholder={t('registry.entity.keyUnit')} options={[{ value: 'true', label: t('common.yes') }, { value: 'false', label: t('common.no') }]} />
          </Form.Item>
          <Form.Item name="q"><Input allowClear placeholder={`${t('registry.entity.name')} / ${t('registry.entity.uscc')}`} /></Form.Item>
          <Form.Item><Button type="primary" htmlType="submit">{t('common.search')}</Button></Form.Item>
        </Form>
        <ProblemAlert error={error} />
        <Table<EntityListItem>
          data-testid="entities-table" rowKey="id" size="middle" loading={loading} dataSource={data?.items ?? []} scroll={{ x: 'max-content' }}
          pagination={{ current: page, pageSize, total: data?.total ?? 0, onChange: setPage, showTotal: (n) => t('common.total', { count: n }), size: phone ? 'small' : undefined }}
          columns={[...cols.chosen.map((k) => ({ key: k, title: all.find((c) => c.key === k)!.label, render: (_: unknown, e: EntityListItem) => render[k]?.(e) })),
            ...(can('registry.write') ? [{ key: 'edit', title: t('common.actions'), render: (_: unknown, e: EntityListItem) => render.edit!(e) }] : [])]}
        />
      </Card>
    </RegistryShell>
  );
}

const countOf = (v: RentalListItem['rooms'] | RentalListItem['tenants']) => (Array.isArray(v) ? v.length : v ?? '—');

export function RentalsPage() {
  const { t } = useTranslation();
  const phone = useIsPhone();
  const { can } = useSession();
  const [creating, setCreating] = useState(false);
  const [open, setOpen] = useState<string | null>(null);
  const { filters, page, pageSize, set, setPage } = useUrlFilters();
  const [form] = Form.useForm();
  useEffect(() => { form.setFieldsValue(filters); }, [filters, form]);
  const all: ColumnDef[] = [
    { key: 'landlord', label: t('registry.rental.landlord'), fixed: true },
    { key: 'landlordPhone', label: t('registry.rental.landlordPhone') },
    { key: 'address', label: t('registry.household.address') },
    { key: 'rooms', label: t('registry.rental.rooms') },
    { key: 'tenants', label: t('registry.rental.tenants') },
    { key: 'contract', label: t('registry.rental.contract') },
    { key: 'status', label: t('registry.rental.status') },
  ];
  const cols = useColumnChoice('rentals', all, phone ? ['landlord', 'rooms', 'tenants'] : ['landlord', 'landlordPhone', 'address', 'rooms', 'tenants', 'contract', 'status']);
  const query = { ...filters, page, pageSize };
  const { data, error, loading, reload } = useLoad(() => registryApi.rentals(query), [JSON.stringify(query)]);
  const render: Record<string, (r: RentalListItem) => React.ReactNode> = {
    landlord: (r) => <a data-testid="rental-open" onClick={() => setOpen(r.id)}>{r.landlordName}</a>,
    landlordPhone: (r) => r.landlordPhoneMasked ?? '—',
    address: (r) => r.address ?? (Array.isArray(r.rooms) ? r.rooms[0]?.address : null) ?? '—',
    rooms: (r) => countOf(r.rooms),
    tenants: (r) => countOf(r.tenants),
    contract: (r) => (r.contractFrom || r.contractTo ? `${r.contractFrom ?? ''} ~ ${r.contractTo ?? ''}` : '—'),
    status: (r) => <Tag color={r.status === 'active' ? 'green' : 'default'}>{t(`registry.rental.statuses.${r.status}`, { defaultValue: r.status })}</Tag>,
  };
  return (
    <RegistryShell title={t('registry.rental.title')} extra={<>
      {can('registry.write') && <Button type="primary" icon={<PlusOutlined />} data-testid="rental-new" onClick={() => setCreating(true)}>{t('registry.form.newRental')}</Button>}
      <ColumnChooser all={all} chosen={cols.chosen} onChange={cols.set} /><ExportButton kind="rentals" query={filters} />
    </>}>
      <RentalFormModal open={creating} onClose={() => setCreating(false)} onSaved={(id) => { setCreating(false); reload(); setOpen(id); }} />
      <Drawer open={!!open} onClose={() => setOpen(null)} title={t('registry.form.rentalDetail')} width={phone ? '100%' : 520} destroyOnHidden>
        {open && <RentalInfo id={open} onChanged={reload} />}
      </Drawer>
      <Card size="small" data-testid="rentals-page">
        <Form form={form} layout="inline" style={{ rowGap: 8, marginBottom: 12 }} onFinish={(v) => set(v)}>
          <Form.Item name="orgId" style={{ minWidth: phone ? '100%' : 220 }}><OrgPicker allowClear placeholder={t('registry.common.org')} maxDepthKinds={['district', 'street', 'community', 'grid']} /></Form.Item>
          <Form.Item name="status" style={{ minWidth: 120 }}>
            <Select allowClear placeholder={t('registry.rental.status')} options={(['active', 'ended', 'all'] as const).map((k) => ({ value: k, label: t(`registry.rental.statuses.${k}`) }))} />
          </Form.Item>
          <Form.Item><Button type="primary" htmlType="submit">{t('common.search')}</Button></Form.Item>
        </Form>
        <ProblemAlert error={error} />
        <Table<RentalListItem>
          data-testid="rentals-table" rowKey="id" size="middle" loading={loading} dataSource={data?.items ?? []} scroll={{ x: 'max-content' }}
          pagination={{ current: page, pageSize, total: data?.total ?? 0, onChange: setPage, showTotal: (n) => t('common.total', { count: n }), size: phone ? 'small' : undefined }}
          columns={cols.chosen.map((k) => ({ key: k, title: all.find((c) => c.key === k)!.label, render: (_: unknown, r: RentalListItem) => render[k]?.(r) }))}
        />
      </Card>
    </RegistryShell>
  );
}

/** One rental: rooms, tenants; add a tenant, end the rental. */
function RentalInfo({ id, onChanged }: { id: string; onChanged(): void }) {
  const { t } = useTranslation();
  const { can } = useSession();
  const { data, error, reload } = useLoad(() => registryApi.rental(id), [id]);
  const [dialog, setDialog] = useState<'tenant' | 'end' | null>(null);

  if (!data) return <ProblemAlert error={error} />;
  const changed = () => { setDialog(null); reload(); onChanged(); };
  const active = data.status === 'active';
  return (
    <div data-testid="rental-info">
      {can('registry.write') && active && (
        <Space wrap style={{ marginBottom: 12 }}>
          <Button type="primary" icon={<UserAddOutlined />} data-testid="rental-add-tenant" onClick={() => setDialog('tenant')}>{t('registry.form.addTenant')}</Button>
          <Button danger icon={<StopOutlined />} data-testid="rental-end" onClick={() => setDialog('end')}>{t('registry.form.endRental')}</Button>
        </Space>
      )}
      <Descriptions size="small" column={1} bordered>
        <Descriptions.Item label={t('registry.rental.landlord')}>{data.landlordPersonId ? <Link to={`/registry/persons/${data.landlordPersonId}`}>{data.landlordName}</Link> : data.landlordName}</Descriptions.Item>
        <Descriptions.Item label={t('registry.rental.contract')}>{data.contractFrom ?? ''} ~ {data.contractTo ?? ''}</Descriptions.Item>
        <Descriptions.Item label={t('registry.rental.status')}><Tag color={active ? 'green' : 'default'}>{t(`registry.rental.statuses.${data.status}`, { defaultValue: data.status })}</Tag></Descriptions.Item>
      </Descriptions>
      <List size="small" header={t('registry.rental.rooms')} dataSource={data.rooms} renderItem={(r) => <List.Item><Link to={`/registry/rooms/${r.id}`}>{r.address}</Link></List.Item>} />
      <List size="small" header={t('registry.rental.tenants')} dataSource={data.tenants} data-testid="rental-tenants"
        renderItem={(x) => <List.Item><Link to={`/registry/persons/${x.id}`}>{x.name}</Link> <span style={{ color: '#888', fontSize: 12 }}>{x.fromDate ?? ''} ~ {x.toDate ?? ''}</span></List.Item>} />
      <AddTenantModal rental={data} open={dialog === 'tenant'} onClose={() => setDialog(null)} onSaved={changed} />
      <EndRentalModal rentalId={data.id} open={dialog === 'end'} onClose={() => setDialog(null)} onSaved={changed} />


    </div>
  );
}
