/** Residence events on the person page: 迁入 / 迁出 / 死亡 / 外住 / 返回, each with its date. */
import { App, Form, Input, Radio, Select } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { isZh } from '../../../i18n';
import { registryApi, type PersonEvent, type PersonStatus } from '../api';
import { todayCn, useCodes } from '../shared';
import { codeOptions, DateItem, FormModal, RecordPicker, useSubmit } from './kit';

export type EventKind = PersonEvent['kind'];
const KINDS: EventKind[] = ['move_in', 'move_out', 'death', 'elsewhere', 'return'];

/** Which events make sense for a person in this status (the server checks again). */
export function eventsFor(status: PersonStatus): EventKind[] {
  switch (status) {
    case 'active': return ['move_in', 'move_out', 'elsewhere', 'death'];
    case 'elsewhere': return ['return', 'move_out', 'death'];
    case 'moved_out': return ['move_in', 'return', 'death'];
    case 'deceased': return [];
  }
}

export function EventModal({ person, kind, onClose, onSaved }: {
  person: { id: string; name: string; status: PersonStatus } | null;
  kind: EventKind | null;
  onClose(): void;
  onSaved(): void;
}) {
  const { t, i18n } = useTranslation();
  const zh = isZh(i18n.language);
  const { message } = App.useApp();
  const { codes } = useCodes();
  const [form] = Form.useForm();
  const submit = useSubmit(form, ['kind', 'date', 'roomId', 'householdId', 'type', 'relationToHead', 'destination', 'place']);
  const chosen = (Form.useWatch('kind', form) as EventKind | undefined) ?? kind ?? undefined;
  const open = !!person && !!kind;
  useEffect(() => { if (open) { form.resetFields(); form.setFieldsValue({ kind, date: todayCn(), type: 'living' }); submit.clear(); } }, [open, kind]); // eslint-disable-line react-hooks/exhaustive-deps

  const save = async () => {
    let v: Record<string, string | undefined>;
    try { v = await form.validateFields(); } catch { return; }
    const date = v.date!;
    const body: PersonEvent = v.kind === 'move_in'
      ? { kind: 'move_in', date, roomId: v.roomId, type: v.type as 'living', relationToHead: v.relationToHead ?? null }
      : v.kind === 'move_out' ? { kind: 'move_out', date, destination: v.destination?.trim() || null }
        : v.kind === 'elsewhere' ? { kind: 'elsewhere', date, place: v.place?.trim() || null }
          : { kind: v.kind as 'death' | 'return', date };
    const r = await submit.run(() => registryApi.personEvent(person!.id, body));
    if (r === undefined) return;
    message.success(t('registry.event.saved', { kind: t(`registry.event.kinds.${body.kind}`) }));
    onSaved();
  };

  const allowed = person ? eventsFor(person.status) : KINDS;
  return (
    <FormModal open={open} testId="event-form" width={520} title={`${t('registry.event.title')} · ${person?.name ?? ''}`}
      onCancel={onClose} onOk={() => void save()} busy={submit.busy} error={submit.error} extra={submit.extra}>
      <Form form={form} layout="vertical">
        <Form.Item name="kind" label={t('registry.event.kind')} rules={[{ required: true }]}>
          <Radio.Group optionType="button" buttonStyle="solid" data-testid="event-kind"
            options={KINDS.map((k) => ({ value: k, label: <span data-testid={`event-kind-${k}`}>{t(`registry.event.kinds.${k}`)}</span>, disabled: !allowed.includes(k) }))} />
        </Form.Item>
        <DateItem name="date" label={t(`registry.event.dateOf.${chosen ?? 'move_out'}`)} required testId="event-date" />
        {chosen === 'move_in' && (
          <>
            <Form.Item name="roomId" label={t('registry.residence.room')} rules={[{ required: true, message: t('registry.form.required') }]}>
              <RecordPicker kind="room" placeholder={t('registry.form.searchRoom')} testId="event-room" />
            </Form.Item>
            <Form.Item name="type" label={t('registry.residence.type')}><Select options={codeOptions(codes, 'residenceType', zh)} /></Form.Item>
            <Form.Item name="relationToHead" label={t('registry.residence.relation')}><Select allowClear showSearch optionFilterProp="label" options={codeOptions(codes, 'relationToHead', zh)} /></Form.Item>
          </>
        )}
        {chosen === 'move_out' && <Form.Item name="destination" label={t('registry.event.destination')}><Input maxLength={200} data-testid="event-destination" /></Form.Item>}
        {chosen === 'elsewhere' && <Form.Item name="place" label={t('registry.event.place')}><Input maxLength={200} /></Form.Item>}
      </Form>
    </FormModal>
  );
}
