/** Households (create, add member, set head), rentals (create, add tenant, end) and entities (create/edit). */
import { Alert, App, Col, Form, Input, InputNumber, Row, Select, Switch } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { OrgPicker } from '../../../components/OrgPicker';
import { isZh } from '../../../i18n';
import { useIdempotencyKey } from '../../../lib/hooks';
import { registryApi, type EntityInput, type EntityListItem, type RentalInput, type SaveWarning } from '../api';
import { todayCn, useCodes } from '../shared';
import { codeOptions, DateItem, DuplicateNotice, FormModal, RecordPicker, RoomsPicker, SaveWarnings, useSubmit } from './kit';

const half = { xs: 24, sm: 12 };
const txt = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : null);

export function HouseholdFormModal({ open, room, onClose, onSaved }: {
  open: boolean; room?: { id: string; address: string } | null; onClose(): void; onSaved(id: string): void;
}) {
  const { t, i18n } = useTranslation();
  const zh = isZh(i18n.language);
  const { message } = App.useApp();
  const { codes } = useCodes();
  const [form] = Form.useForm();
  const submit = useSubmit(form, ['householdNo', 'kind', 'roomId', 'gridId', 'headPersonId']);
  const idem = useIdempotencyKey();
  useEffect(() => { if (open) { form.resetFields(); form.setFieldsValue({ kind: 'family' }); submit.clear(); } }, [open]); // eslint-disable-line react-hooks/exhaustive-deps
  const save = async () => {
    let v: Record<string, string | undefined>;
    try { v = await form.validateFields(); } catch { return; }
    const body = {
      ...(txt(v.householdNo) && { householdNo: txt(v.householdNo)! }), kind: v.kind,
      ...(room ? { roomId: room.id } : { gridId: v.gridId }), ...(v.headPersonId && { headPersonId: v.headPersonId }),
    };
    const r = await submit.run(() => registryApi.createHousehold(body, idem.keyFor(body)));
    if (!r) return;
    idem.reset();
    message.success(t('registry.form.householdCreated', { no: r.householdNo }));
    onSaved(r.id);
  };
  return (
    <FormModal open={open} testId="household-form" width={520} title={t('registry.form.newHousehold')} onCancel={onClose} onOk={() => void save()}
      busy={submit.busy} error={submit.error} extra={submit.extra}>
      <Form form={form} layout="vertical" requiredMark="optional">
        {room ? <Form.Item label={t('registry.residence.room')}>{room.address}</Form.Item> : (
          <Form.Item name="gridId" label={t('registry.household.grid')} rules={[{ required: true, message: t('registry.form.required') }]}>
            <OrgPicker kinds={['grid']} maxDepthKinds={['district', 'street', 'community', 'grid']} placeholder={t('registry.common.orgPick')} testId="hf-grid" />
          </Form.Item>
        )}
        <Form.Item name="householdNo" label={t('registry.household.no')} extra={t('registry.form.householdNoHint')} rules={[{ max: 40 }]}><Input data-testid="hf-no" /></Form.Item>
        <Form.Item name="kind" label={t('registry.household.kind')}><Select options={codeOptions(codes, 'householdKind', zh)} /></Form.Item>
        <Form.Item name="headPersonId" label={t('registry.household.head')}><RecordPicker kind="person" placeholder={t('registry.form.searchPerson')} testId="hf-head" /></Form.Item>
      </Form>
    </FormModal>
  );
}

export function AddMemberModal({ householdId, open, onClose, onSaved }: { householdId: string; open: boolean; onClose(): void; onSaved(): void }) {
  const { t, i18n } = useTranslation();
  const zh = isZh(i18n.language);
  const { message } = App.useApp();
  const { codes } = useCodes();
  const [form] = Form.useForm();
  const submit = useSubmit(form, ['personId', 'relationToHead', 'type', 'fromDate']);
  useEffect(() => { if (open) { form.resetFields(); form.setFieldsValue({ type: 'hukou', fromDate: todayCn() }); submit.clear(); } }, [open]); // eslint-disable-line react-hooks/exhaustive-deps
  const save = async () => {
    let v: Record<string, string | undefined>;
    try { v = await form.validateFields(); } catch { return; }
    const r = await submit.run(() => registryApi.addMember(householdId, { personId: v.personId!, relationToHead: v.relationToHead ?? null, type: v.type, fromDate: v.fromDate }));
    if (r === undefined) return;
    message.success(t('registry.form.memberAdded'));
    onSaved();
  };
  return (
    <FormModal open={open} testId="member-form" width={520} title={t('registry.form.addMember')} onCancel={onClose} onOk={() => void save()}
      busy={submit.busy} error={submit.error} extra={submit.extra}>
      <Form form={form} layout="vertical">
        <Form.Item name="personId" label={t('registry.form.person')} rules={[{ required: true, message: t('registry.form.required') }]}>
          <RecordPicker kind="person" placeholder={t('registry.form.searchPerson')} testId="mf-person" />
        </Form.Item>
        <Form.Item name="relationToHead" label={t('registry.residence.relation')}>
          <Select allowClear showSearch optionFilterProp="label" options={codeOptions(codes, 'relationToHead', zh)} data-testid="mf-relation" />
        </Form.Item>
        <Form.Item name="type" label={t('registry.residence.type')}><Select options={codeOptions(codes, 'residenceType', zh)} /></Form.Item>
        <DateItem name="fromDate" label={t('registry.residence.from')} />
      </Form>
    </FormModal>
  );
}

export function RentalFormModal({ open, onClose, onSaved }: { open: boolean; onClose(): void; onSaved(id: string): void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const submit = useSubmit(form, ['landlordPersonId', 'landlordName', 'landlordPhone', 'contractFrom', 'contractTo', 'roomIds', 'note']);
  const idem = useIdempotencyKey();
  useEffect(() => { if (open) { form.resetFields(); form.setFieldsValue({ contractFrom: todayCn(), roomIds: [] }); submit.clear(); } }, [open]); // eslint-disable-line react-hooks/exhaustive-deps
  const save = async () => {
    let v: Record<string, unknown>;
    try { v = await form.validateFields(); } catch { return; }
    const body: RentalInput = {
      ...(v.landlordPersonId ? { landlordPersonId: v.landlordPersonId as string } : {}),
      ...(txt(v.landlordName) && { landlordName: txt(v.landlordName)! }), ...(txt(v.landlordPhone) && { landlordPhone: txt(v.landlordPhone)! }),
      contractFrom: (v.contractFrom as string) ?? null, contractTo: (v.contractTo as string) ?? null, roomIds: (v.roomIds as string[]) ?? [], note: txt(v.note),
    };
    const r = await submit.run(() => registryApi.createRental(body, idem.keyFor(body)));
    if (!r) return;
    idem.reset();
    message.success(t('registry.form.rentalCreated'));
    onSaved(r.id);
  };
  return (
    <FormModal open={open} testId="rental-form" title={t('registry.form.newRental')} onCancel={onClose} onOk={() => void save()}
      busy={submit.busy} error={submit.error} extra={submit.extra}>
      <Form form={form} layout="vertical" requiredMark="optional">
        <Form.Item name="roomIds" label={t('registry.rental.rooms')} rules={[{ required: true, type: 'array', min: 1, message: t('registry.form.required') }]}>
          <RoomsPicker testId="rtf-rooms" />
        </Form.Item>
        <Row gutter={12}>
          <Col span={24}><Form.Item name="landlordPersonId" label={t('registry.form.landlordPerson')} extra={t('registry.form.landlordHint')}>
            <RecordPicker kind="person" placeholder={t('registry.form.searchPerson')} testId="rtf-landlord-person" /></Form.Item></Col>
          <Col {...half}><Form.Item name="landlordName" label={t('registry.rental.landlord')} rules={[{ max: 50 }]}><Input data-testid="rtf-landlord" /></Form.Item></Col>
          <Col {...half}><Form.Item name="landlordPhone" label={t('registry.rental.landlordPhone')}><Input inputMode="tel" data-testid="rtf-phone" /></Form.Item></Col>
          <Col {...half}><DateItem name="contractFrom" label={t('registry.form.contractFrom')} /></Col>
          <Col {...half}><DateItem name="contractTo" label={t('registry.form.contractTo')} /></Col>
          <Col span={24}><Form.Item name="note" label={t('registry.form.note')}><Input.TextArea rows={2} maxLength={500} /></Form.Item></Col>
        </Row>
      </Form>
    </FormModal>
  );
}

export function AddTenantModal({ rental, open, onClose, onSaved }: {
  rental: { id: string; rooms: Array<{ id: string; address: string }> }; open: boolean; onClose(): void; onSaved(): void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const submit = useSubmit(form, ['personId', 'roomId', 'fromDate']);
  useEffect(() => { if (open) { form.resetFields(); form.setFieldsValue({ fromDate: todayCn(), roomId: rental.rooms[0]?.id }); submit.clear(); } }, [open]); // eslint-disable-line react-hooks/exhaustive-deps
  const save = async () => {
    let v: Record<string, string | undefined>;
    try { v = await form.validateFields(); } catch { return; }
    const r = await submit.run(() => registryApi.addTenant(rental.id, { personId: v.personId!, ...(v.roomId && { roomId: v.roomId }), ...(v.fromDate && { fromDate: v.fromDate }) }));
    if (r === undefined) return;
    message.success(t('registry.form.tenantAdded'));
    onSaved();
  };
  return (
    <FormModal open={open} testId="tenant-form" width={520} title={t('registry.form.addTenant')} onCancel={onClose} onOk={() => void save()}
      busy={submit.busy} error={submit.error} extra={submit.extra}>
      <Form form={form} layout="vertical">
        <Form.Item name="personId" label={t('registry.form.person')} rules={[{ required: true, message: t('registry.form.required') }]}>
          <RecordPicker kind="person" placeholder={t('registry.form.searchPerson')} testId="tf-person" />
        </Form.Item>
        <Form.Item name="roomId" label={t('registry.residence.room')}>
          <Select allowClear options={rental.rooms.map((r) => ({ value: r.id, label: r.address }))} />
        </Form.Item>
        <DateItem name="fromDate" label={t('registry.residence.from')} />
      </Form>
    </FormModal>
  );
}

export function EndRentalModal({ rentalId, open, onClose, onSaved }: { rentalId: string; open: boolean; onClose(): void; onSaved(): void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const submit = useSubmit(form, ['date']);
  useEffect(() => { if (open) { form.resetFields(); form.setFieldsValue({ date: todayCn() }); submit.clear(); } }, [open]); // eslint-disable-line react-hooks/exhaustive-deps
  const save = async () => {
    let v: { date: string };
    try { v = await form.validateFields(); } catch { return; }
    const r = await submit.run(() => registryApi.endRental(rentalId, v.date));
    if (r === undefined) return;
    message.success(t('registry.form.rentalEnded'));
    onSaved();
  };
  return (
    <FormModal open={open} testId="end-rental-form" width={400} title={t('registry.form.endRental')} okText={t('registry.form.endRental')}
      onCancel={onClose} onOk={() => void save()} busy={submit.busy} error={submit.error} extra={submit.extra}>
      <Form form={form} layout="vertical"><DateItem name="date" label={t('registry.form.endDate')} required /></Form>
    </FormModal>
  );
}

/** GB 32100 check (the server decides; a failing code is saved with a warning, not refused). */
export function usccProblem(v: string): string | null {
  const s = v.trim().toUpperCase();
  if (!s) return null;
  const chars = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  if (!/^[0-9A-HJ-NPQRTUWXY]{18}$/.test(s)) return 'format';
  const w = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
  const sum = [...s.slice(0, 17)].reduce((a, c, i) => a + chars.indexOf(c) * w[i]!, 0);
  return chars[(31 - (sum % 31)) % 31] === s[17] ? null : 'check';
}

const ENTITY_TYPES = ['enterprise', 'individual', 'government', 'institution', 'social_org', 'other'] as const;

export function EntityFormModal({ open, entity, onClose, onSaved }: {
  open: boolean; entity?: EntityListItem | null; onClose(): void; onSaved(id: string, warnings: SaveWarning[]): void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const submit = useSubmit(form, ['gridId', 'roomId', 'uscc', 'name', 'type', 'legalRep', 'phone', 'employees', 'keyUnit', 'address', 'status']);
  const idem = useIdempotencyKey();
  const [warnings, setWarnings] = useState<SaveWarning[]>([]);
  useEffect(() => {
    if (!open) return;
    form.resetFields();
    submit.clear();
    setWarnings([]);
    form.setFieldsValue(entity
      ? { name: entity.name, uscc: entity.uscc, type: entity.type, legalRep: entity.legalRep, employees: entity.employees, keyUnit: entity.keyUnit, address: entity.address, status: entity.status }
      : { type: 'enterprise', keyUnit: false });
  }, [open, entity]); // eslint-disable-line react-hooks/exhaustive-deps
  const save = async () => {
    let v: Record<string, unknown>;
    try { v = await form.validateFields(); } catch { return; }
    const body: EntityInput = {
      name: String(v.name).trim(), uscc: txt(v.uscc)?.toUpperCase() ?? null, type: v.type as string, legalRep: txt(v.legalRep),
      employees: (v.employees as number | null) ?? null, keyUnit: !!v.keyUnit, address: txt(v.address),
      ...(txt(v.phone) && { phone: txt(v.phone) }),
    };
    const r = entity
      ? await submit.run(() => registryApi.updateEntity(entity.id, { ...body, status: v.status as 'active' | 'closed' }))
      : await submit.run(() => {
        const create = { ...body, ...(v.roomId ? { roomId: v.roomId as string } : { gridId: v.gridId as string }) };
        return registryApi.createEntity(create, idem.keyFor(create));
      });
    if (!r) return;
    idem.reset();
    message.success(entity ? t('common.saved') : t('registry.form.entityCreated'));
    if (r.warnings?.length) setWarnings(r.warnings);
    onSaved(r.id, r.warnings ?? []);
  };
  return (
    <FormModal open={open} testId="entity-form" title={entity ? t('registry.form.editEntity', { name: entity.name }) : t('registry.form.newEntity')}
      onCancel={onClose} onOk={() => void save()} busy={submit.busy} error={submit.error} extra={submit.extra}
      notice={<><DuplicateNotice error={submit.error} kind="entity" /><SaveWarnings warnings={warnings} /></>}>
      <Form form={form} layout="vertical" requiredMark="optional">
        <Row gutter={12}>
          <Col span={24}><Form.Item name="name" label={t('registry.entity.name')} rules={[{ required: true, whitespace: true, message: t('registry.form.required') }, { max: 200 }]}>
            <Input data-testid="ef-name" /></Form.Item></Col>
          <Col span={24}><Form.Item name="uscc" label={t('registry.entity.uscc')}
            rules={[{ warningOnly: true, validator: (_, v: string | undefined) => { const p = usccProblem(v ?? ''); return p ? Promise.reject(new Error(t(`registry.form.usccProblem.${p}`))) : Promise.resolve(); } }]}>
            <Input data-testid="ef-uscc" maxLength={18} style={{ fontFamily: 'monospace' }} /></Form.Item></Col>
          <Col {...half}><Form.Item name="type" label={t('registry.entity.type')}>
            <Select options={ENTITY_TYPES.map((k) => ({ value: k, label: t(`registry.entity.types.${k}`) }))} /></Form.Item></Col>
          <Col {...half}><Form.Item name="legalRep" label={t('registry.entity.legalRep')}><Input maxLength={50} /></Form.Item></Col>
          <Col {...half}><Form.Item name="phone" label={t('registry.entity.phone')} extra={entity?.phoneMasked ? t('registry.form.maskedKeep', { v: entity.phoneMasked }) : undefined}>
            <Input inputMode="tel" /></Form.Item></Col>
          <Col {...half}><Form.Item name="employees" label={t('registry.entity.employees')}><InputNumber min={0} precision={0} style={{ width: '100%' }} /></Form.Item></Col>
          <Col span={24}><Form.Item name="address" label={t('registry.entity.address')}><Input maxLength={200} /></Form.Item></Col>
          {!entity && <>
            <Col {...half}><Form.Item name="gridId" label={t('registry.entity.grid')} rules={[({ getFieldValue }) => ({ required: !getFieldValue('roomId'), message: t('registry.form.gridOrRoom') })]}>
              <OrgPicker kinds={['grid']} maxDepthKinds={['district', 'street', 'community', 'grid']} placeholder={t('registry.common.orgPick')} testId="ef-grid" /></Form.Item></Col>
            <Col {...half}><Form.Item name="roomId" label={t('registry.residence.room')}><RecordPicker kind="room" placeholder={t('registry.form.searchRoom')} /></Form.Item></Col>
          </>}
          <Col {...half}><Form.Item name="keyUnit" label={t('registry.entity.keyUnit')} valuePropName="checked"><Switch /></Form.Item></Col>
          {entity && <Col {...half}><Form.Item name="status" label={t('registry.entity.status')}>
            <Select options={[{ value: 'active', label: t('registry.form.entityActive') }, { value: 'closed', label: t('registry.form.entityClosed') }]} /></Form.Item></Col>}
        </Row>
      </Form>
      {warnings.length > 0 && <Alert type="success" showIcon message={t('registry.form.savedWithWarnings')} />}
    </FormModal>
  );
}
