import { Button, Card, Descriptions, Drawer, Empty, Form, Input, List, Space, Tag, Typography } from 'antd';
import { EditOutlined, HomeOutlined, PlusOutlined, TeamOutlined, UserAddOutlined } from '@ant-design/icons';
import { useSession } from '../../../auth/session';
import { BuildingFormModal, RoomFormModal, UnitFormModal } from '../forms/HousingForms';
import { PersonFormModal } from '../forms/PersonForm';
import { HouseholdFormModal } from '../forms/LedgerForms';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { ProblemAlert } from '../../../components/ProblemAlert';
import { useIsPhone, useLoad } from '../../../lib/hooks';
import { registryApi, type BuildingDetail, type BuildingListItem, type RoomCell, type RoomStatus } from '../api';
import { RegistryShell } from '../RegistryShell';
import { ROOM_COLORS, ROOM_STATUSES, SensitiveMark, useCodes } from '../shared';
import { OrgFilter, PhoneItem, RegistryListPage, useRegistryList, type ListColumn } from '../useRegistryList';

/** A small bar of room counts by status, coloured like the room grid. */
function StatusBar({ counts }: { counts: Partial<Record<RoomStatus, number>> }) {
  const { t } = useTranslation();
  const total = ROOM_STATUSES.reduce((s, k) => s + (counts[k] ?? 0), 0);
  if (!total) return <Typography.Text type="secondary">0</Typography.Text>;
  return (
    <Space size={4} wrap>
      {ROOM_STATUSES.filter((k) => counts[k]).map((k) => (
        <span key={k} style={{ background: ROOM_COLORS[k].bg, color: ROOM_COLORS[k].fg, border: `1px solid ${ROOM_COLORS[k].border}`, borderRadius: 4, padding: '0 6px', fontSize: 12 }}>
          {t(`registry.building.status.${k}`)} {counts[k]}
        </span>
      ))}
    </Space>
  );
}

export function BuildingsPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { label } = useCodes();
  const { can } = useSession();
  const [creating, setCreating] = useState(false);
  const columns: ListColumn<BuildingListItem>[] = [
    { key: 'address', label: t('registry.building.address'), fixed: true, render: (b) => <Link to={`/registry/buildings/${b.id}`} data-testid="building-link">{b.address}</Link> },
    { key: 'name', label: t('registry.building.name'), render: (b) => b.name ?? '—' },
    { key: 'number', label: t('registry.building.number'), render: (b) => b.number ?? '—' },
    { key: 'floors', label: t('registry.building.floors'), render: (b) => b.floors ?? '—' },
    { key: 'use', label: t('registry.building.use'), render: (b) => label('buildingUse', b.use, b.useLabel) },
    { key: 'rooms', label: t('registry.building.rooms'), render: (b) => <StatusBar counts={b.rooms ?? {}} /> },
  ];
  const list = useRegistryList<BuildingListItem>({ list: 'buildings', columns, defaults: ['address', 'name', 'floors', 'use', 'rooms'], load: registryApi.buildings });
  return (
    <RegistryListPage list={list} kind="buildings" title={t('registry.building.title')} testId="buildings" columns={columns}
      actions={can('registry.write') && <Button type="primary" icon={<PlusOutlined />} data-testid="building-new" onClick={() => setCreating(true)}>{t('registry.form.newBuilding')}</Button>}
      filters={<>
        <OrgFilter />
        <Form.Item name="q"><Input allowClear placeholder={t('registry.building.address')} data-testid="buildings-q" /></Form.Item>
      </>}
      phoneItem={(b) => (
        <PhoneItem to={`/registry/buildings/${b.id}`} testId="building-item" icon={<HomeOutlined />} title={b.name ?? b.address} sub={b.address}>
          <div style={{ marginTop: 4 }}><StatusBar counts={b.rooms ?? {}} /></div>
        </PhoneItem>
      )}>
      <BuildingFormModal open={creating} onClose={() => setCreating(false)} onSaved={(id) => { setCreating(false); navigate(`/registry/buildings/${id}`); }} />
    </RegistryListPage>
  );
}

export function RoomLegend({ counts }: { counts?: Partial<Record<RoomStatus, number>> }) {
  const { t } = useTranslation();
  return (
    <div data-testid="room-legend" style={{ display: 'flex', flexWrap: 'wrap', gap: 10, alignItems: 'center' }}>
      <Typography.Text type="secondary">{t('registry.building.legend')}：</Typography.Text>
      {ROOM_STATUSES.map((k) => (
        <span key={k} style={{ display: 'inline-flex', alignItems: 'center', gap: 4 }}>
          <span style={{ width: 16, height: 16, borderRadius: 3, background: ROOM_COLORS[k].bg, border: `1px solid ${ROOM_COLORS[k].border}` }} />
          {t(`registry.building.status.${k}`)}{counts && ` ${counts[k] ?? 0}`}
        </span>
      ))}
    </div>
  );
}

/** Unit blocks; in each, floors top-down and the rooms of a floor side by side, coloured by status. */
function RoomGrid({ building, onPick }: { building: BuildingDetail; onPick(r: RoomCell): void }) {
  const { t } = useTranslation();
  const phone = useIsPhone();
  const cell = phone ? 58 : 72;
  if (!building.units.some((u) => u.floors.length)) return <Empty description={t('registry.building.empty')} />;
  return (
    <div data-testid="room-grid" style={{ display: 'flex', flexWrap: 'wrap', gap: 16, alignItems: 'flex-start' }}>
      {building.units.map((u) => (
        <div key={u.id ?? 'none'} data-testid="unit-block" style={{ border: '1px solid #f0f0f0', borderRadius: 8, padding: 8, maxWidth: '100%', overflowX: 'auto' }}>
          <Typography.Text strong style={{ display: 'block', marginBottom: 6 }}>{u.unitNo ? t('registry.building.unit', { no: u.unitNo }) : t('registry.building.noUnit')}</Typography.Text>
          {u.floors.map((f) => (
            <div key={String(f.floor)} style={{ display: 'flex', gap: 4, marginBottom: 4, alignItems: 'stretch' }}>
              <div style={{ width: 34, flex: 'none', fontSize: 12, color: '#888', display: 'flex', alignItems: 'center', justifyContent: 'flex-end', paddingInlineEnd: 4 }}>
                {f.floor === null ? '?' : `${f.floor}F`}
              </div>
              {f.rooms.map((r) => {
                const c = ROOM_COLORS[r.status] ?? ROOM_COLORS.vacant;
                return (
                  <button
                    key={r.id}
                    type="button"
                    data-testid="room-cell"
                    data-status={r.status}
                    title={`${r.address} · ${t(`registry.building.status.${r.status}`)}`}
                    onClick={() => onPick(r)}
                    style={{
                      width: cell, minHeight: 44, flex: 'none', cursor: 'pointer', borderRadius: 6, padding: '4px 2px',
                      background: c.bg, color: c.fg, border: `1px solid ${c.border}`, lineHeight: 1.2, fontSize: 13,
                    }}
                  >
                    <div style={{ fontWeight: 600 }}>{r.roomNo}</div>
                    <div style={{ fontSize: 11, opacity: 0.85 }}>{r.occupants ? t('registry.building.occupants', { n: r.occupants }) : t(`registry.building.status.${r.status}`)}</div>
                  </button>
                );
              })}
            </div>
          ))}
        </div>
      ))}
    </div>
  );
}

export function BuildingDetailPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const phone = useIsPhone();
  const { label } = useCodes();
  const { can } = useSession();
  const { data, error, loading, reload } = useLoad(() => registryApi.building(id), [id]);
  const [room, setRoom] = useState<RoomCell | null>(null);
  const [dialog, setDialog] = useState<'building' | 'unit' | 'room' | null>(null);
  const units = (data?.units ?? []).filter((u): u is typeof u & { id: string; unitNo: string } => !!u.id && !!u.unitNo);
  const write = can('registry.write');
  return (
    <RegistryShell
      title={data ? <span data-testid="building-title"><HomeOutlined /> {data.name ?? data.address}</span> : undefined}
      extra={data && write ? <>
        <Button icon={<EditOutlined />} data-testid="building-edit" onClick={() => setDialog('building')}>{t('common.edit')}</Button>
        <Button icon={<PlusOutlined />} data-testid="unit-new" onClick={() => setDialog('unit')}>{t('registry.form.newUnit')}</Button>
        <Button type="primary" icon={<PlusOutlined />} data-testid="room-new" onClick={() => setDialog('room')}>{t('registry.form.newRoom')}</Button>
      </> : undefined}
    >
      {data && <>
        <BuildingFormModal open={dialog === 'building'} building={data} onClose={() => setDialog(null)} onSaved={() => { setDialog(null); reload(); }} />
        <UnitFormModal open={dialog === 'unit'} buildingId={data.id} onClose={() => setDialog(null)} onSaved={() => { setDialog(null); reload(); }} />
        <RoomFormModal open={dialog === 'room'} buildingId={data.id} units={units} onClose={() => setDialog(null)} onSaved={() => { setDialog(null); reload(); }} />
      </>}
      <Card size="small" loading={loading && !data} data-testid="building-detail">
        <ProblemAlert error={error} />
        {data && (
          <>
            <Descriptions size="small" column={phone ? 1 : 4} style={{ marginBottom: 8 }}>
              <Descriptions.Item label={t('registry.building.address')}>{data.address}</Descriptions.Item>
              <Descriptions.Item label={t('registry.building.grid')}>{data.gridName ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('registry.building.floors')}>{data.floors ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('registry.building.use')}>{label('buildingUse', data.use, data.useLabel)}</Descriptions.Item>
            </Descriptions>
            <div style={{ marginBottom: 12 }}><RoomLegend counts={data.statusCounts} /></div>
            <RoomGrid building={data} onPick={setRoom} />
          </>
        )}
      </Card>
      <Drawer open={!!room} onClose={() => setRoom(null)} title={room?.address} width={phone ? '100%' : 480} destroyOnHidden>
        {room && <RoomInfo id={room.id} onChanged={reload} />}
      </Drawer>
    </RegistryShell>
  );
}

/** A room: status, households and residents (masked), rentals. */
export function RoomInfo({ id, showBuilding, onChanged }: { id: string; showBuilding?: boolean; onChanged?: () => void }) {
  const { t } = useTranslation();
  const { label } = useCodes();
  const { can } = useSession();
  const navigate = useNavigate();
  const { data, error, loading, reload } = useLoad(() => registryApi.room(id), [id]);
  const [dialog, setDialog] = useState<'edit' | 'person' | 'household' | null>(null);
  if (!data) return <Card loading={loading} bordered={false}><ProblemAlert error={error} /></Card>;
  const c = ROOM_COLORS[data.status];
  const changed = () => { setDialog(null); reload(); onChanged?.(); };
  return (
    <div data-testid="room-info">
      {can('registry.write') && (
        <Space wrap style={{ marginBottom: 12 }}>
          <Button type="primary" icon={<UserAddOutlined />} data-testid="room-add-person" onClick={() => setDialog('person')}>{t('registry.form.addResident')}</Button>
          <Button icon={<TeamOutlined />} data-testid="room-add-household" onClick={() => setDialog('household')}>{t('registry.form.newHousehold')}</Button>
          <Button icon={<EditOutlined />} data-testid="room-edit" onClick={() => setDialog('edit')}>{t('registry.form.editRoom')}</Button>
        </Space>
      )}
      <RoomFormModal open={dialog === 'edit'} buildingId={data.buildingId} units={[]} room={{ ...data, occupants: 0 }} onClose={() => setDialog(null)} onSaved={changed} />
      <PersonFormModal open={dialog === 'person'} place={{ roomId: data.id, address: data.address, households: data.households }}
        onClose={() => setDialog(null)} onSaved={(pid) => { changed(); navigate(`/registry/persons/${pid}`); }} />
      <HouseholdFormModal open={dialog === 'household'} room={{ id: data.id, address: data.address }} onClose={() => setDialog(null)}
        onSaved={(hid) => { changed(); navigate(`/registry/households/${hid}`); }} />
      <Descriptions size="small" column={1} bordered>
        <Descriptions.Item label={t('common.status')}>
          <Tag style={{ background: c?.bg, color: c?.fg, borderColor: c?.border }}>{t(`registry.building.status.${data.status}`)}</Tag>
        </Descriptions.Item>
        <Descriptions.Item label={t('registry.building.roomNo')}>{data.roomNo}{data.floor != null && ` · ${t('registry.building.floor', { n: data.floor })}`}</Descriptions.Item>
        <Descriptions.Item label={t('registry.building.area')}>{data.area ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('registry.building.use')}>{label('roomUse', data.use, data.useLabel)}</Descriptions.Item>
        <Descriptions.Item label={t('registry.building.ownership')}>{label('roomOwnership', data.ownership, data.ownershipLabel)}</Descriptions.Item>
        {showBuilding && <Descriptions.Item label={t('registry.tabs.buildings')}><Link to={`/registry/buildings/${data.buildingId}`}>{t('common.detail')}</Link></Descriptions.Item>}
      </Descriptions>
      <Typography.Title level={5}>{t('registry.building.households')}</Typography.Title>
      {data.households.length ? data.households.map((h) => (
        <div key={h.id}><Link to={`/registry/households/${h.id}`} data-testid="room-household-link"><TeamOutlined /> {h.householdNo}</Link> <Tag>{label('householdKind', h.kind)}</Tag></div>
      )) : <Typography.Text type="secondary">—</Typography.Text>}
      <Typography.Title level={5}>{t('registry.building.residents')}</Typography.Title>
      <List size="small" dataSource={data.residents} locale={{ emptyText: '—' }}
        renderItem={(r) => (
          <List.Item>
            <div>
              <Link to={`/registry/persons/${r.id}`}>{r.name}</Link><SensitiveMark on={r.sensitive} />
              <Typography.Text type="secondary" style={{ marginInlineStart: 8, fontSize: 12 }}>
                {[label('gender', r.gender), r.age != null ? t('registry.common.years', { n: r.age }) : null, label('residenceType', r.residenceType), r.relationLabel].filter(Boolean).join(' · ')}
              </Typography.Text>
            </div>
          </List.Item>
        )}
      />
      {data.rentals.length > 0 && (
        <>
          <Typography.Title level={5}>{t('registry.building.rentals')}</Typography.Title>
          {data.rentals.map((r) => <div key={r.id}>{r.landlordName} <Tag>{t(`registry.rental.statuses.${r.status}`, { defaultValue: r.status })}</Tag></div>)}
        </>
      )}
    </div>
  );
}

export function RoomPage() {
  const { id = '' } = useParams();
  return (
    <RegistryShell>
      <Card size="small" data-testid="room-page"><RoomInfo id={id} showBuilding /></Card>
    </RegistryShell>
  );
}
