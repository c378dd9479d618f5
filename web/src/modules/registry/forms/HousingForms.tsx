/** Buildings (address, grid, floors, use, coordinates), units, and rooms from the building drill-down. */
import { App, Col, Form, Input, InputNumber, Row, Select } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { OrgPicker } from '../../../components/OrgPicker';
import { isZh } from '../../../i18n';
import { useIdempotencyKey } from '../../../lib/hooks';
import { registryApi, type BuildingInput, type BuildingListItem, type RoomCell, type RoomInput } from '../api';
import { ROOM_STATUSES, useCodes } from '../shared';
import { codeOptions, FormModal, useSubmit } from './kit';

const half = { xs: 24, sm: 12 };
const nul = <T,>(v: T | undefined | null | '') => (v === undefined || v === '' ? null : v);

export function BuildingFormModal({ open, building, onClose, onSaved }: {
  open: boolean; building?: (BuildingListItem & { lng?: number | null; lat?: number | null }) | null; onClose(): void; onSaved(id: string): void;
}) {
  const { t, i18n } = useTranslation();
  const zh = isZh(i18n.language);
  const { message } = App.useApp();
  const { codes } = useCodes();
  const [form] = Form.useForm();
  const submit = useSubmit(form, ['gridId', 'address', 'name', 'number', 'floors', 'use', 'lng', 'lat', 'units']);
  const idem = useIdempotencyKey();
  useEffect(() => {
    if (!open) return;
    form.resetFields();
    submit.clear();
    form.setFieldsValue(building
      ? { address: building.address, name: building.name, number: building.number, floors: building.floors, use: building.use, lng: building.lng, lat: building.lat }
      : { use: 'residential', units: [] });
  }, [open, building]); // eslint-disable-line react-hooks/exhaustive-deps

  const save = async () => {
    let v: Record<string, unknown>;
    try { v = await form.validateFields(); } catch { return; }
    const body: BuildingInput = {
      address: String(v.address).trim(), name: nul((v.name as string)?.trim()), number: nul((v.number as string)?.trim()),
      floors: nul(v.floors as number), use: v.use as string, lng: nul(v.lng as number), lat: nul(v.lat as number),
    };
    if (building) {
      const r = await submit.run(() => registryApi.updateBuilding(building.id, body));
      if (!r) return;
      message.success(t('common.saved'));
      onSaved(building.id);
    } else {
      const create = { ...body, gridId: v.gridId as string, units: ((v.units as string[]) ?? []).map((u) => u.trim()).filter(Boolean) };
      const r = await submit.run(() => registryApi.createBuilding(create, idem.keyFor(create)));
      if (!r) return;
      idem.reset();
      message.success(t('registry.form.buildingCreated'));
      onSaved(r.id);
    }
  };

  return (
    <FormModal open={open} testId="building-form" title={building ? t('registry.form.editBuilding') : t('registry.form.newBuilding')}
      onCancel={onClose} onOk={() => void save()} busy={submit.busy} error={submit.error} extra={submit.extra}>
      <Form form={form} layout="vertical" requiredMark="optional">
        <Row gutter={12}>
          {!building && (
            <Col span={24}><Form.Item name="gridId" label={t('registry.building.grid')} rules={[{ required: true, message: t('registry.form.required') }]}>
              <OrgPicker kinds={['grid']} maxDepthKinds={['district', 'street', 'community', 'grid']} placeholder={t('registry.common.orgPick')} testId="bf-grid" />
            </Form.Item></Col>
          )}
          <Col span={24}><Form.Item name="address" label={t('registry.building.address')} rules={[{ required: true, whitespace: true, message: t('registry.form.required') }, { max: 200 }]}
            extra={t('registry.form.addressHint')}>
            <Input data-testid="bf-address" /></Form.Item></Col>
          <Col {...half}><Form.Item name="name" label={t('registry.building.name')}><Input data-testid="bf-name" maxLength={100} /></Form.Item></Col>
          <Col {...half}><Form.Item name="number" label={t('registry.building.number')}><Input maxLength={40} /></Form.Item></Col>
          <Col {...half}><Form.Item name="floors" label={t('registry.building.floors')}><InputNumber min={1} max={200} precision={0} style={{ width: '100%' }} data-testid="bf-floors" /></Form.Item></Col>
          <Col {...half}><Form.Item name="use" label={t('registry.building.use')}><Select options={codeOptions(codes, 'buildingUse', zh)} data-testid="bf-use" /></Form.Item></Col>
          <Col {...half}><Form.Item name="lng" label={t('registry.form.lng')}><InputNumber min={-180} max={180} step={0.000001} style={{ width: '100%' }} /></Form.Item></Col>
          <Col {...half}><Form.Item name="lat" label={t('registry.form.lat')}><InputNumber min={-90} max={90} step={0.000001} style={{ width: '100%' }} /></Form.Item></Col>
          {!building && (
            <Col span={24}><Form.Item name="units" label={t('registry.form.units')} extra={t('registry.form.unitsHint')}>
              <Select mode="tags" open={false} suffixIcon={null} tokenSeparators={[',', '，', ' ']} data-testid="bf-units" /></Form.Item></Col>
          )}
        </Row>
      </Form>
    </FormModal>
  );
}

export function UnitFormModal({ buildingId, open, onClose, onSaved }: { buildingId: string; open: boolean; onClose(): void; onSaved(): void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const submit = useSubmit(form, ['unitNo']);
  const idem = useIdempotencyKey();
  useEffect(() => { if (open) { form.resetFields(); submit.clear(); } }, [open]); // eslint-disable-line react-hooks/exhaustive-deps
  const save = async () => {
    let v: { unitNo: string };
    try { v = await form.validateFields(); } catch { return; }
    const unitNo = v.unitNo.trim();
    const r = await submit.run(() => registryApi.createUnit(buildingId, unitNo, idem.keyFor({ buildingId, unitNo })));
    if (!r) return;
    idem.reset();
    message.success(t('common.created'));
    onSaved();
  };
  return (
    <FormModal open={open} testId="unit-form" width={400} title={t('registry.form.newUnit')} onCancel={onClose} onOk={() => void save()}
      busy={submit.busy} error={submit.error} extra={submit.extra}>
      <Form form={form} layout="vertical">
        <Form.Item name="unitNo" label={t('registry.form.unitNo')} rules={[{ required: true, whitespace: true, message: t('registry.form.required') }, { max: 20 }]}>
          <Input data-testid="uf-no" addonAfter={t('registry.form.unitSuffix')} />
        </Form.Item>
      </Form>
    </FormModal>
  );
}

/** A new room in a building (unit, floor, number, area, use, ownership, status) or an existing room's editable fields. */
export function RoomFormModal({ open, buildingId, units, room, onClose, onSaved }: {
  open: boolean; buildingId: string; units: Array<{ id: string; unitNo: string }>; room?: RoomCell | null; onClose(): void; onSaved(id: string): void;
}) {
  const { t, i18n } = useTranslation();
  const zh = isZh(i18n.language);
  const { message } = App.useApp();
  const { codes } = useCodes();
  const [form] = Form.useForm();
  const submit = useSubmit(form, ['unitId', 'floor', 'roomNo', 'area', 'use', 'ownership', 'status']);
  const idem = useIdempotencyKey();
  useEffect(() => {
    if (!open) return;
    form.resetFields();
    submit.clear();
    form.setFieldsValue(room
      ? { floor: room.floor, area: room.area, use: room.use, ownership: room.ownership, status: room.status }
      : { unitId: units[0]?.id, use: 'residential', ownership: 'private', status: 'self_occupied' });
  }, [open, room]); // eslint-disable-line react-hooks/exhaustive-deps

  const save = async () => {
    let v: Record<string, unknown>;
    try { v = await form.validateFields(); } catch { return; }
    const body: RoomInput = {
      floor: nul(v.floor as number), area: nul(v.area as number), use: v.use as string, ownership: nul(v.ownership as string), status: v.status as RoomInput['status'],
    };
    if (room) {
      const r = await submit.run(() => registryApi.updateRoom(room.id, body));
      if (!r) return;
      message.success(t('common.saved'));
      onSaved(room.id);
    } else {
      const create: RoomInput = { ...body, buildingId, unitId: nul(v.unitId as string), roomNo: String(v.roomNo).trim() };
      const r = await submit.run(() => registryApi.createRoom(create, idem.keyFor(create)));
      if (!r) return;
      idem.reset();
      message.success(t('registry.form.roomCreated'));
      onSaved(r.id);
    }
  };

  return (
    <FormModal open={open} testId="room-form" width={560} title={room ? `${t('registry.form.editRoom')} · ${room.address}` : t('registry.form.newRoom')}
      onCancel={onClose} onOk={() => void save()} busy={submit.busy} error={submit.error} extra={submit.extra}>
      <Form form={form} layout="vertical" requiredMark="optional">
        <Row gutter={12}>
          {!room && (
            <>
              <Col {...half}><Form.Item name="unitId" label={t('registry.form.unit')}>
                <Select allowClear data-testid="rf-unit" placeholder={t('registry.building.noUnit')}
                  options={units.map((u) => ({ value: u.id, label: t('registry.building.unit', { no: u.unitNo }) }))} /></Form.Item></Col>
              <Col {...half}><Form.Item name="roomNo" label={t('registry.building.roomNo')} rules={[{ required: true, whitespace: true, message: t('registry.form.required') }, { max: 20 }]}>
                <Input data-testid="rf-no" /></Form.Item></Col>
            </>
          )}
          <Col {...half}><Form.Item name="floor" label={t('registry.form.floor')}><InputNumber min={-10} max={200} precision={0} style={{ width: '100%' }} data-testid="rf-floor" /></Form.Item></Col>
          <Col {...half}><Form.Item name="area" label={t('registry.building.area')}><InputNumber min={0} max={1_000_000} step={0.1} style={{ width: '100%' }} data-testid="rf-area" /></Form.Item></Col>
          <Col {...half}><Form.Item name="use" label={t('registry.building.use')}><Select options={codeOptions(codes, 'roomUse', zh)} data-testid="rf-use" /></Form.Item></Col>
          <Col {...half}><Form.Item name="ownership" label={t('registry.building.ownership')}><Select allowClear options={codeOptions(codes, 'roomOwnership', zh)} /></Form.Item></Col>
          <Col span={24}><Form.Item name="status" label={t('common.status')}>
            <Select data-testid="rf-status" options={ROOM_STATUSES.map((k) => ({ value: k, label: t(`registry.building.status.${k}`) }))} /></Form.Item></Col>
        </Row>
      </Form>
    </FormModal>
  );
}
