/** Registering and editing a person: every field of the model, code tables from the server, floating data. */
import { App, Col, Divider, Form, Input, Row, Select, Typography } from 'antd';
import { useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { OrgPicker } from '../../../components/OrgPicker';
import { isZh } from '../../../i18n';
import { useIdempotencyKey } from '../../../lib/hooks';
import { halfWidthAlnum } from '../../../lib/forms';
import { registryApi, type FloatingInput, type PersonDetail, type PersonInput, type PopulationType } from '../api';
import { todayCn, useCodes, useInflowReasons } from '../shared';
import { codeOptions, DateItem, DuplicateNotice, FormModal, useSubmit } from './kit';

const POP: PopulationType[] = ['registered', 'resident', 'floating', 'overseas'];
const FIELDS = ['name', 'formerNames', 'gender', 'ethnicity', 'birthDate', 'idNumber', 'politicalStatus', 'education', 'maritalStatus',
  'occupation', 'employer', 'hukouAddress', 'phones', 'skills', 'populationType', 'gridId', 'roomId', 'householdId', 'relationToHead',
  'residenceType', 'fromDate', 'floating'];
const FLOATING_KEYS = ['inflowReason', 'inflowDate', 'origin', 'permitNo', 'permitExpiry'] as const;

/** GB 11643 check digit (18 digits) — the server checks again; this only answers sooner. */
export function citizenIdProblem(v: string): string | null {
  const s = v.trim().toUpperCase();
  if (!s) return null;
  if (/^\d{15}$/.test(s)) return null;
  if (!/^\d{17}[\dX]$/.test(s)) return 'format';
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...s.slice(0, 17)].reduce((a, c, i) => a + Number(c) * w[i]!, 0);
  if ('10X98765432'[sum % 11] !== s[17]) return 'check';
  const d = `${s.slice(6, 10)}-${s.slice(10, 12)}-${s.slice(12, 14)}`;
  const dt = new Date(`${d}T00:00:00Z`);
  if (Number.isNaN(dt.getTime()) || dt.toISOString().slice(0, 10) !== d) return 'date';
  return null;
}

const blank = (v: unknown) => (typeof v === 'string' ? v.trim() || null : v ?? null);
const list = (v: unknown) => (Array.isArray(v) ? v.map((x) => String(x).trim()).filter(Boolean) : []);

/**
 * Create (with a place: a room from the building drill-down, or a grid) or edit (`person` given).
 * ID number and phones arrive masked, so in an edit they are blank and changed only when typed.
 */
export function PersonFormModal({ open, person, place, onClose, onSaved }: {
  open: boolean;
  person?: PersonDetail | null;
  /** where a new person lives: a room (and its households), or nothing (pick a grid) */
  place?: { roomId: string; address: string; households: Array<{ id: string; householdNo: string }> } | null;
  onClose(): void;
  onSaved(id: string): void;
}) {
  const { t, i18n } = useTranslation();
  const inflowReasons = useInflowReasons();
  const zh = isZh(i18n.language);
  const { message } = App.useApp();
  const navigate = useNavigate();
  const { codes } = useCodes();
  const [form] = Form.useForm();
  const submit = useSubmit(form, FIELDS);
  const idem = useIdempotencyKey();
  const editing = !!person;
  const popType = Form.useWatch('populationType', form) as PopulationType | undefined;

  const initial = useMemo(() => {
    if (!person) return { populationType: 'registered', residenceType: 'hukou', fromDate: todayCn(), householdId: place?.households[0]?.id };
    const b = person.basic;
    return {
      name: b.name, formerNames: b.formerNames, gender: b.gender, ethnicity: b.ethnicity, birthDate: b.birthDate, politicalStatus: b.politicalStatus,
      education: b.education, maritalStatus: b.maritalStatus, occupation: b.occupation, employer: b.employer, hukouAddress: b.hukouAddress,
      skills: b.skills, populationType: b.populationType, floating: person.floating ?? {},
    };
  }, [person, place]);
  useEffect(() => { if (open) { form.resetFields(); form.setFieldsValue(initial); submit.clear(); } }, [open, initial]); // eslint-disable-line react-hooks/exhaustive-deps

  const save = async () => {
    let v: Record<string, unknown>;
    try { v = await form.validateFields(); } catch { return; }
    const body: PersonInput = {
      name: String(v.name ?? '').trim(), formerNames: list(v.formerNames), gender: (v.gender as string) ?? null, ethnicity: (v.ethnicity as string) ?? null,
      birthDate: (v.birthDate as string) ?? null, politicalStatus: (v.politicalStatus as string) ?? null, education: (v.education as string) ?? null,
      maritalStatus: (v.maritalStatus as string) ?? null, occupation: blank(v.occupation) as string | null, employer: blank(v.employer) as string | null,
      hukouAddress: blank(v.hukouAddress) as string | null, skills: list(v.skills), populationType: v.populationType as PopulationType,
    };
    const idNumber = String(v.idNumber ?? '').trim().toUpperCase();
    const phones = list(v.phones);
    const fl = (v.floating ?? {}) as FloatingInput;
    const floating = Object.fromEntries(FLOATING_KEYS.map((k) => [k, blank(fl[k])])) as FloatingInput;

    if (!editing) {
      const create: PersonInput = {
        ...body, idNumber: idNumber || null, phones,
        ...(place ? { roomId: place.roomId, householdId: (v.householdId as string) || undefined } : { gridId: v.gridId as string }),
        relationToHead: (v.relationToHead as string) ?? null,
        residenceType: v.residenceType as PersonInput['residenceType'],
        fromDate: (v.fromDate as string) || undefined,
        ...(body.populationType === 'floating' && { floating }),
      };
      const r = await submit.run(() => registryApi.createPerson(create, idem.keyFor(create)));
      if (!r) return;
      idem.reset();
      message.success(t('registry.form.personCreated'));
      onSaved(r.id);
      return;
    }
    // an edit sends what changed only
    const b = person!.basic;
    const before: Record<string, unknown> = { ...initial };
    const patch: Record<string, unknown> = {};
    for (const [k, val] of Object.entries(body)) {
      if (JSON.stringify(val ?? null) !== JSON.stringify(before[k] ?? (Array.isArray(val) ? [] : null))) patch[k] = val;
    }
    if (idNumber) patch.idNumber = idNumber;
    if (phones.length && JSON.stringify(phones) !== JSON.stringify(b.phonesMasked)) patch.phones = phones;
    const floatingChanged = body.populationType === 'floating'
      && FLOATING_KEYS.some((k) => (floating[k] ?? null) !== ((person!.floating as FloatingInput | null)?.[k] ?? null));
    const ok = await submit.run(async () => {
      if (Object.keys(patch).length) await registryApi.updatePerson(b.id, patch);
      if (floatingChanged) await registryApi.setFloating(b.id, floating);
      return true;
    });
    if (!ok) return;
    message.success(t('common.saved'));
    onSaved(b.id);
  };

  const half = { xs: 24, sm: 12 };
  const sel = (table: string, testId?: string) => (
    <Select allowClear showSearch optionFilterProp="label" options={codeOptions(codes, table, zh)} data-testid={testId} />
  );
  return (
    <FormModal
      open={open}
      testId="person-form"
      title={editing ? t('registry.form.editPerson', { name: person!.basic.name }) : t('registry.form.newPerson')}
      onCancel={onClose}
      onOk={() => void save()}
      busy={submit.busy}
      error={submit.error}
      extra={submit.extra}
      notice={<DuplicateNotice error={submit.error} kind="person" />}
    >
      <Form form={form} layout="vertical" requiredMark="optional" scrollToFirstError onValuesChange={(ch) => {
        // a valid ID number fills in birth date and sex
        if (typeof ch.idNumber === 'string' && !citizenIdProblem(ch.idNumber) && /^\d{17}[\dXx]$/.test(ch.idNumber.trim())) {
          const s = ch.idNumber.trim();
          form.setFieldsValue({ birthDate: `${s.slice(6, 10)}-${s.slice(10, 12)}-${s.slice(12, 14)}`, gender: Number(s[16]) % 2 ? '1' : '2' });
        }
      }}>
        <Row gutter={12}>
          <Col {...half}><Form.Item name="name" label={t('registry.person.name')} rules={[{ required: true, whitespace: true, message: t('registry.form.required') }, { max: 50 }]}>
            <Input data-testid="pf-name" autoComplete="off" /></Form.Item></Col>
          <Col {...half}><Form.Item name="idNumber" label={t('registry.person.idNumber')}
            // typed full-width (Chinese input mode) or in groups, it is kept as the 18 characters it means
            normalize={(v?: string) => (typeof v === 'string' ? halfWidthAlnum(v).replace(/\s/g, '').toUpperCase() : v)}
            extra={editing ? t('registry.form.maskedKeep', { v: person!.basic.idNumberMasked ?? '—' }) : undefined}
            rules={[{ validator: (_, v: string | undefined) => { const p = citizenIdProblem(v ?? ''); return p ? Promise.reject(new Error(t(`registry.form.idProblem.${p}`))) : Promise.resolve(); } }]}>
            <Input data-testid="pf-id" autoComplete="off" maxLength={18} style={{ fontFamily: 'monospace' }} placeholder={editing ? person!.basic.idNumberMasked ?? '' : ''} /></Form.Item></Col>
          <Col {...half}><Form.Item name="gender" label={t('registry.person.gender')}>{sel('gender', 'pf-gender')}</Form.Item></Col>
          <Col {...half}><DateItem name="birthDate" label={t('registry.person.birthDate')} testId="pf-birth" /></Col>
          <Col {...half}><Form.Item name="ethnicity" label={t('registry.person.ethnicity')}>{sel('ethnicity', 'pf-ethnicity')}</Form.Item></Col>
          <Col {...half}><Form.Item name="populationType" label={t('registry.person.populationType')} rules={[{ required: true }]}>
            <Select data-testid="pf-pop" options={POP.map((k) => ({ value: k, label: t(`registry.pop.${k}`) }))} /></Form.Item></Col>
          <Col {...half}><Form.Item name="phones" label={t('registry.person.phones')} extra={editing && person!.basic.phonesMasked.length ? t('registry.form.maskedKeep', { v: person!.basic.phonesMasked.join('，') }) : t('registry.form.tagsHint')}>
            <Select mode="tags" open={false} suffixIcon={null} tokenSeparators={[',', '，', ' ']} data-testid="pf-phones" /></Form.Item></Col>
          <Col {...half}><Form.Item name="formerNames" label={t('registry.person.formerNames')} extra={t('registry.form.tagsHint')}>
            <Select mode="tags" open={false} suffixIcon={null} tokenSeparators={[',', '，', '、']} data-testid="pf-former" /></Form.Item></Col>
          <Col {...half}><Form.Item name="politicalStatus" label={t('registry.person.politicalStatus')}>{sel('politicalStatus')}</Form.Item></Col>
          <Col {...half}><Form.Item name="education" label={t('registry.person.education')}>{sel('education')}</Form.Item></Col>
          <Col {...half}><Form.Item name="maritalStatus" label={t('registry.person.maritalStatus')}>{sel('maritalStatus')}</Form.Item></Col>
          <Col {...half}><Form.Item name="occupation" label={t('registry.person.occupation')} rules={[{ max: 100 }]}><Input data-testid="pf-occupation" /></Form.Item></Col>
          <Col {...half}><Form.Item name="employer" label={t('registry.person.employer')} rules={[{ max: 200 }]}><Input data-testid="pf-employer" /></Form.Item></Col>
          <Col {...half}><Form.Item name="hukouAddress" label={t('registry.person.hukouAddress')} rules={[{ max: 200 }]}><Input /></Form.Item></Col>
          <Col span={24}><Form.Item name="skills" label={t('registry.person.skills')} extra={t('registry.form.tagsHint')}>
            <Select mode="tags" tokenSeparators={[',', '，', '、']} data-testid="pf-skills"
              options={['电工', '水暖', '医护', '法律', '心理咨询', '书法', '厨艺', '驾驶', '计算机'].map((x) => ({ value: x, label: x }))} /></Form.Item></Col>
        </Row>
        {!editing && (
          <>
            <Divider orientation="left" plain style={{ margin: '4px 0 12px' }}>{t('registry.form.residence')}</Divider>
            <Row gutter={12}>
              {place ? (
                <Col span={24}><Form.Item label={t('registry.residence.room')}><Typography.Text data-testid="pf-room">{place.address}</Typography.Text></Form.Item></Col>
              ) : (
                <Col span={24}><Form.Item name="gridId" label={t('registry.person.grid')} rules={[{ required: true, message: t('registry.form.required') }]}>
                  <OrgPicker kinds={['grid']} maxDepthKinds={['district', 'street', 'community', 'grid']} placeholder={t('registry.common.orgPick')} testId="pf-grid" /></Form.Item></Col>
              )}
              {place && place.households.length > 0 && (
                <Col {...half}><Form.Item name="householdId" label={t('registry.residence.household')}>
                  <Select allowClear options={place.households.map((h) => ({ value: h.id, label: h.householdNo }))} data-testid="pf-household" /></Form.Item></Col>
              )}
              <Col {...half}><Form.Item name="residenceType" label={t('registry.residence.type')}>{sel('residenceType', 'pf-restype')}</Form.Item></Col>
              <Col {...half}><Form.Item name="relationToHead" label={t('registry.residence.relation')}>{sel('relationToHead', 'pf-relation')}</Form.Item></Col>
              <Col {...half}><DateItem name="fromDate" label={t('registry.residence.from')} /></Col>
            </Row>
          </>
        )}
        {popType === 'floating' && (
          <>
            <Divider orientation="left" plain style={{ margin: '4px 0 12px' }}>{t('registry.person.floating')}</Divider>
            <Row gutter={12} data-testid="pf-floating">
              <Col {...half}><Form.Item name={['floating', 'inflowReason']} label={t('registry.person.inflowReason')}>
                <Select allowClear showSearch options={inflowReasons.options} data-testid="pf-inflow-reason" /></Form.Item></Col>
              <Col {...half}><DateItem name={['floating', 'inflowDate']} label={t('registry.person.inflowDate')} /></Col>
              <Col {...half}><Form.Item name={['floating', 'origin']} label={t('registry.person.origin')}><Input /></Form.Item></Col>
              <Col {...half}><Form.Item name={['floating', 'permitNo']} label={t('registry.person.permitNo')}><Input /></Form.Item></Col>
              <Col {...half}><DateItem name={['floating', 'permitExpiry']} label={t('registry.person.permitExpiry')} testId="pf-permit-expiry" /></Col>
            </Row>
          </>
        )}
      </Form>
      {editing && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('registry.form.historyHint')}</Typography.Text>}
      {!editing && !place && <Typography.Link onClick={() => navigate('/registry/buildings')} style={{ fontSize: 12 }}>{t('registry.form.registerInRoom')}</Typography.Link>}
    </FormModal>
  );
}
