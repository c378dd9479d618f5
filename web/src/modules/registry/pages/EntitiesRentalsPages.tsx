import { Button, Descriptions, Drawer, Form, Input, List, Select, Space, Tag, Tooltip } from 'antd';
import { EditOutlined, PlusOutlined, ShopOutlined, StopOutlined, UserAddOutlined, WarningOutlined } from '@ant-design/icons';
import { useEffect, useState } from 'react';
import { useSession } from '../../../auth/session';
import { AddTenantModal, EndRentalModal, EntityFormModal, RentalFormModal } from '../forms/LedgerForms';
import { SaveWarnings } from '../forms/kit';
import type { SaveWarning } from '../api';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ProblemAlert } from '../../../components/ProblemAlert';
import { useIsPhone, useLoad } from '../../../lib/hooks';
import { registryApi, type EntityListItem, type RentalListItem } from '../api';
import { OrgFilter, PhoneItem, RegistryListPage, useRegistryList, type ListColumn } from '../useRegistryList';
import { ExpiryTag } from '../shared';

const ENTITY_TYPES = ['enterprise', 'individual', 'government', 'institution', 'social_org', 'other'] as const;

function Uscc({ e }: { e: Pick<EntityListItem, 'uscc' | 'usccValid'> }) {
  const { t } = useTranslation();
  if (!e.uscc) return <>—</>;
  return (
    <span style={{ fontFamily: 'monospace' }}>
      {e.uscc}
      {e.usccValid === false && <Tooltip title={t('registry.entity.usccInvalid')}><WarningOutlined data-testid="uscc-invalid" style={{ color: '#d97706', marginInlineStart: 4 }} /></Tooltip>}
    </span>
  );
}

export function EntitiesPage() {
  const { t } = useTranslation();
  const phone = useIsPhone();
  const { can } = useSession();
  const [editing, setEditingState] = useState<EntityListItem | 'new' | null>(null);
  // the warnings of a save belong to that save: opening the next form, or closing them, clears them
  const [warnings, setWarnings] = useState<SaveWarning[]>([]);
  const setEditing = (e: EntityListItem | 'new' | null) => {
    if (e) setWarnings([]);
    setEditingState(e);
  };
  const typeLabel = (e: EntityListItem) => t(`registry.entity.types.${e.type}`, { defaultValue: e.typeLabel ?? e.type });
  const columns: ListColumn<EntityListItem>[] = [
    { key: 'name', label: t('registry.entity.name'), fixed: true, render: (e) => (
      <a data-testid="entity-name" onClick={() => list.openDetail(e.id)}>{e.name}{e.status === 'closed' && <Tag style={{ marginInlineStart: 4 }}>{t('registry.form.entityClosed')}</Tag>}</a>
    ) },
    { key: 'uscc', label: t('registry.entity.uscc'), render: (e) => <Uscc e={e} /> },
    { key: 'type', label: t('registry.entity.type'), render: typeLabel },
    { key: 'legalRep', label: t('registry.entity.legalRep'), render: (e) => e.legalRep ?? '—' },
    { key: 'phone', label: t('registry.entity.phone'), render: (e) => e.phoneMasked ?? '—' },
    { key: 'employees', label: t('registry.entity.employees'), render: (e) => e.employees ?? '—' },
    { key: 'keyUnit', label: t('registry.entity.keyUnit'), render: (e) => e.keyUnit ? <Tag color="red">{t('registry.entity.keyUnit')}</Tag> : '—' },
    { key: 'address', label: t('registry.entity.address'), render: (e) => e.address ?? '—' },
    { key: 'grid', label: t('registry.entity.grid'), render: (e) => e.gridName ?? '—' },
  ];
  const list = useRegistryList<EntityListItem>({
    list: 'entities', columns, load: registryApi.entities,
    defaults: phone ? ['name', 'type', 'keyUnit'] : ['name', 'uscc', 'type', 'legalRep', 'employees', 'keyUnit', 'address'],
  });
  // a link to ?id=… (the duplicate notice of the entity form) opens that entity: the form gives way
  useEffect(() => { if (list.detailId) setEditing(null); }, [list.detailId]);
  const edit = can('registry.write')
    ? [{ key: 'edit', label: t('common.actions'), render: (e: EntityListItem) => <Button size="small" type="link" icon={<EditOutlined />} data-testid="entity-edit" onClick={() => setEditing(e)}>{t('common.edit')}</Button> }]
    : [];
  return (
    <RegistryListPage list={list} kind="entities" title={t('registry.entity.title')} testId="entities" columns={columns} tail={edit}
      actions={can('registry.write') && <Button type="primary" icon={<PlusOutlined />} data-testid="entity-new" onClick={() => setEditing('new')}>{t('registry.form.newEntity')}</Button>}
      filters={<>
        <OrgFilter />
        <Form.Item name="type" style={{ minWidth: 140 }}>
          <Select allowClear placeholder={t('registry.entity.type')} options={ENTITY_TYPES.map((k) => ({ value: k, label: t(`registry.entity.types.${k}`) }))} />
        </Form.Item>
        <Form.Item name="keyUnit" style={{ minWidth: 120 }}>
          <Select allowClear placeholder={t('registry.entity.keyUnit')} options={[{ value: 'true', label: t('common.yes') }, { value: 'false', label: t('common.no') }]} />
        </Form.Item>
        <Form.Item name="q"><Input allowClear placeholder={`${t('registry.entity.name')} / ${t('registry.entity.uscc')}`} data-testid="entities-q" /></Form.Item>
      </>}
      phoneItem={(e) => (
        <PhoneItem onClick={() => list.openDetail(e.id)} testId="entity-item" icon={<ShopOutlined style={{ color: '#b7202e' }} />} title={e.name} meta={typeLabel(e)}
          tag={e.keyUnit && <Tag color="red" style={{ marginInlineEnd: 0 }}>{t('registry.entity.keyUnit')}</Tag>} sub={e.address ?? e.gridName} />
      )}>
      <EntityFormModal open={!!editing} entity={editing === 'new' ? null : editing} onClose={() => setEditing(null)}
        onSaved={(_, w) => { setEditing(null); setWarnings(w); list.reload(); }} />
      <SaveWarnings warnings={warnings} onClose={() => setWarnings([])} />
      <Drawer open={!!list.detailId} onClose={() => list.openDetail(null)} title={t('registry.entity.detail')} width={phone ? '100%' : 520} destroyOnHidden>
        {list.detailId && <EntityInfo id={list.detailId} onEdit={can('registry.write') ? setEditing : undefined} version={list.data} />}
      </Drawer>
    </RegistryListPage>
  );
}

/** One entity (the list's drawer; `version` changes after a save, so it reloads). */
function EntityInfo({ id, onEdit, version }: { id: string; onEdit?(e: EntityListItem): void; version: unknown }) {
  const { t } = useTranslation();
  const { data, error } = useLoad(() => registryApi.entity(id), [id, version]);
  if (!data) return <ProblemAlert error={error} />;
  return (
    <div data-testid="entity-detail">
      {onEdit && <Button icon={<EditOutlined />} style={{ marginBottom: 12 }} data-testid="entity-detail-edit" onClick={() => onEdit(data)}>{t('common.edit')}</Button>}
      <SaveWarnings warnings={data.warnings} />
      <Descriptions size="small" column={1} bordered>
        <Descriptions.Item label={t('registry.entity.name')}><span data-testid="entity-detail-name">{data.name}</span></Descriptions.Item>
        <Descriptions.Item label={t('registry.entity.uscc')}><Uscc e={data} /></Descriptions.Item>
        <Descriptions.Item label={t('registry.entity.type')}>{t(`registry.entity.types.${data.type}`, { defaultValue: data.typeLabel ?? data.type })}</Descriptions.Item>
        <Descriptions.Item label={t('registry.entity.legalRep')}>{data.legalRep ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('registry.entity.phone')}>{data.phoneMasked ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('registry.entity.employees')}>{data.employees ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('registry.entity.keyUnit')}>{data.keyUnit ? <Tag color="red">{t('common.yes')}</Tag> : t('common.no')}</Descriptions.Item>
        <Descriptions.Item label={t('registry.entity.address')}>{data.roomId ? <Link to={`/registry/rooms/${data.roomId}`}>{data.address ?? '—'}</Link> : data.address ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('registry.entity.grid')}>{data.gridName ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('registry.entity.status')}>{data.status === 'closed' ? t('registry.form.entityClosed') : t('registry.form.entityActive')}</Descriptions.Item>
      </Descriptions>
    </div>
  );
}

const countOf = (v: RentalListItem['rooms'] | RentalListItem['tenants']) => (Array.isArray(v) ? v.length : v ?? '—');
const rentalAddress = (r: RentalListItem) => r.address ?? (Array.isArray(r.rooms) ? r.rooms[0]?.address : null) ?? '—';

/** The contract period; an active rental's end date says when it has passed or is near. */
function Contract({ rental: r }: { rental: { status: string; contractFrom: string | null; contractTo: string | null } }) {
  if (!r.contractFrom && !r.contractTo) return <>—</>;
  return (
    <span data-testid="rental-contract">
      {r.contractFrom ?? ''} ~ {r.status === 'active' && r.contractTo ? <ExpiryTag date={r.contractTo} testId="contract-end" /> : r.contractTo ?? ''}
    </span>
  );
}

export function RentalsPage() {
  const { t } = useTranslation();
  const phone = useIsPhone();
  const { can } = useSession();
  const [creating, setCreating] = useState(false);
  const status = (r: RentalListItem) => <Tag color={r.status === 'active' ? 'green' : 'default'} style={{ marginInlineEnd: 0 }}>{t(`registry.rental.statuses.${r.status}`, { defaultValue: r.status })}</Tag>;
  const columns: ListColumn<RentalListItem>[] = [
    { key: 'landlord', label: t('registry.rental.landlord'), fixed: true, render: (r) => <a data-testid="rental-open" onClick={() => list.openDetail(r.id)}>{r.landlordName}</a> },
    { key: 'landlordPhone', label: t('registry.rental.landlordPhone'), render: (r) => r.landlordPhoneMasked ?? '—' },
    { key: 'address', label: t('registry.household.address'), render: rentalAddress },
    { key: 'rooms', label: t('registry.rental.rooms'), render: (r) => countOf(r.rooms) },
    { key: 'tenants', label: t('registry.rental.tenants'), render: (r) => countOf(r.tenants) },
    { key: 'contract', label: t('registry.rental.contract'), render: (r) => <Contract rental={r} /> },
    { key: 'status', label: t('registry.rental.status'), render: status },
  ];
  const list = useRegistryList<RentalListItem>({
    list: 'rentals', columns, load: registryApi.rentals,
    defaults: phone ? ['landlord', 'rooms', 'tenants'] : ['landlord', 'landlordPhone', 'address', 'rooms', 'tenants', 'contract', 'status'],
  });
  return (
    <RegistryListPage list={list} kind="rentals" title={t('registry.rental.title')} testId="rentals" columns={columns}
      actions={can('registry.write') && <Button type="primary" icon={<PlusOutlined />} data-testid="rental-new" onClick={() => setCreating(true)}>{t('registry.form.newRental')}</Button>}
      filters={<>
        <OrgFilter />
        <Form.Item name="status" style={{ minWidth: 120 }}>
          <Select allowClear placeholder={t('registry.rental.status')} options={(['active', 'ended', 'all'] as const).map((k) => ({ value: k, label: t(`registry.rental.statuses.${k}`) }))} />
        </Form.Item>
      </>}
      phoneItem={(r) => (
        <PhoneItem onClick={() => list.openDetail(r.id)} testId="rental-item" title={r.landlordName} tag={status(r)} sub={rentalAddress(r)}
          meta={`${t('registry.rental.rooms')} ${countOf(r.rooms)} · ${t('registry.rental.tenants')} ${countOf(r.tenants)}`} />
      )}>
      <RentalFormModal open={creating} onClose={() => setCreating(false)} onSaved={(id) => { setCreating(false); list.reload(); list.openDetail(id); }} />
      <Drawer open={!!list.detailId} onClose={() => list.openDetail(null)} title={t('registry.form.rentalDetail')} width={phone ? '100%' : 520} destroyOnHidden>
        {list.detailId && <RentalInfo id={list.detailId} onChanged={list.reload} />}
      </Drawer>
    </RegistryListPage>
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
        <Descriptions.Item label={t('registry.rental.contract')}><Contract rental={data} /></Descriptions.Item>
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
