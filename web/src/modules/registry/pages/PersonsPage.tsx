import { Button, Card, Form, Input, InputNumber, List, Select, Space, Table, Tag, Typography } from 'antd';
import { FilterOutlined, UserAddOutlined } from '@ant-design/icons';
import { useSession } from '../../../auth/session';
import { PersonFormModal } from '../forms/PersonForm';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { OrgPicker } from '../../../components/OrgPicker';
import { ProblemAlert } from '../../../components/ProblemAlert';
import { isZh } from '../../../i18n';
import { useIsPhone, useLoad } from '../../../lib/hooks';
import { registryApi, type PersonListItem, type TagType } from '../api';
import { RegistryShell } from '../RegistryShell';
import { ColumnChooser, ExportButton, LevelTag, SensitiveMark, useColumnChoice, useCodes, type ColumnDef } from '../shared';
import { useUrlFilters } from '../useUrlFilters';

/** The list columns the server offers (PERSON_LIST_FIELDS); the table asks only for the chosen ones. */
const FIELDS = ['name', 'gender', 'age', 'birthDate', 'ethnicity', 'idNumber', 'phones', 'populationType', 'status', 'grid',
  'address', 'householdNo', 'politicalStatus', 'education', 'maritalStatus', 'occupation', 'employer', 'skills', 'tags'] as const;
const DEFAULTS = ['name', 'gender', 'age', 'idNumber', 'phones', 'populationType', 'grid', 'address', 'tags'];

export function useTagTypes() {
  const [types, setTypes] = useState<TagType[]>([]);
  useEffect(() => { registryApi.tagTypes().then(setTypes, () => setTypes([])); }, []);
  return types;
}

export function PersonsPage() {
  const { t, i18n } = useTranslation();
  const zh = isZh(i18n.language);
  const phone = useIsPhone();
  const navigate = useNavigate();
  const { label } = useCodes();
  const tagTypes = useTagTypes();
  const { filters, page, pageSize, set, setPage } = useUrlFilters();
  const [form] = Form.useForm();
  const [showFilters, setShowFilters] = useState(!phone);
  const { can } = useSession();
  const [creating, setCreating] = useState(false);
  const all: ColumnDef[] = FIELDS.map((f) => ({ key: f, label: t(`registry.person.${f}`), fixed: f === 'name' }));
  const cols = useColumnChoice('persons', all, DEFAULTS);
  const query = { ...filters, fields: cols.chosen.join(','), page, pageSize };
  const { data, error, loading } = useLoad(() => registryApi.persons(query), [JSON.stringify(query)]);

  useEffect(() => { form.setFieldsValue({ ...filters, ageMin: filters.ageMin ? Number(filters.ageMin) : undefined, ageMax: filters.ageMax ? Number(filters.ageMax) : undefined }); }, [filters, form]);

  const render: Record<string, (p: PersonListItem) => React.ReactNode> = {
    name: (p) => <span><Link to={`/registry/persons/${p.id}`} data-testid="person-link">{p.name}</Link><SensitiveMark on={p.sensitive} /></span>,
    gender: (p) => label('gender', p.gender, p.genderLabel),
    age: (p) => p.age ?? '—',
    birthDate: (p) => p.birthDate ?? '—',
    ethnicity: (p) => label('ethnicity', p.ethnicity, p.ethnicityLabel),
    idNumber: (p) => <span style={{ fontFamily: 'monospace' }}>{p.idNumberMasked ?? '—'}</span>,
    phones: (p) => p.phonesMasked?.join('，') || '—',
    populationType: (p) => p.populationType ? <Tag>{t(`registry.pop.${p.populationType}`)}</Tag> : '—',
    status: (p) => p.status ? t(`registry.personStatus.${p.status}`) : '—',
    grid: (p) => p.gridName ?? '—',
    address: (p) => p.address ?? '—',
    householdNo: (p) => p.householdNo ?? '—',
    politicalStatus: (p) => p.politicalStatusLabel ?? '—',
    education: (p) => p.educationLabel ?? '—',
    maritalStatus: (p) => p.maritalStatusLabel ?? '—',
    occupation: (p) => p.occupation ?? '—',
    employer: (p) => p.employer ?? '—',
    skills: (p) => p.skills?.join('、') || '—',
    tags: (p) => p.tags?.length ? p.tags.map((x) => <LevelTag key={x.tagCode} level={x.level}>{x.nameZh}</LevelTag>) : '—',
  };

  const filterForm = (
    <Form form={form} layout={phone ? 'vertical' : 'inline'} style={{ rowGap: 8, marginBottom: 12 }}
      onFinish={(v) => set({ ...v, q: v.q?.trim() })}>
      <Form.Item name="orgId" style={{ minWidth: 200 }}><OrgPicker allowClear placeholder={t('registry.common.org')} maxDepthKinds={['district', 'street', 'community', 'grid']} /></Form.Item>
      <Form.Item name="populationType" style={{ minWidth: 130 }}>
        <Select allowClear placeholder={t('registry.person.populationType')} options={(['registered', 'resident', 'floating', 'overseas'] as const).map((k) => ({ value: k, label: t(`registry.pop.${k}`) }))} />
      </Form.Item>
      <Form.Item name="status" style={{ minWidth: 120 }}>
        <Select allowClear placeholder={t('registry.person.status')} options={(['active', 'moved_out', 'deceased', 'elsewhere', 'all'] as const).map((k) => ({ value: k, label: t(`registry.personStatus.${k}`) }))} />
      </Form.Item>
      <Form.Item name="tag" style={{ minWidth: 130 }}>
        <Select allowClear showSearch optionFilterProp="label" placeholder={t('registry.person.tags')} options={tagTypes.map((x) => ({ value: x.code, label: zh ? x.nameZh : x.nameEn }))} />
      </Form.Item>
      <Form.Item name="level" style={{ minWidth: 110 }}>
        <Select allowClear placeholder={t('registry.person.level')} options={(['normal', 'attention', 'key'] as const).map((k) => ({ value: k, label: t(`registry.tag.levels.${k}`) }))} />
      </Form.Item>
      <Form.Item style={{ marginBottom: phone ? 8 : undefined }}>
        <Space.Compact>
          <Form.Item name="ageMin" noStyle><InputNumber min={0} max={150} placeholder={t('registry.person.ageMin')} style={{ width: 100 }} /></Form.Item>
          <Form.Item name="ageMax" noStyle><InputNumber min={0} max={150} placeholder={t('registry.person.ageMax')} style={{ width: 100 }} /></Form.Item>
        </Space.Compact>
      </Form.Item>
      <Form.Item name="q"><Input allowClear placeholder={t('registry.common.q')} data-testid="persons-q" /></Form.Item>
      <Form.Item>
        <Space>
          <Button type="primary" htmlType="submit" data-testid="persons-filter-submit">{t('common.search')}</Button>
          <Button onClick={() => { form.resetFields(); set({}); }}>{t('common.reset')}</Button>
        </Space>
      </Form.Item>
    </Form>
  );

  return (
    <RegistryShell
      title={t('registry.person.title')}
      extra={<>
        {can('registry.write') && <Button type="primary" icon={<UserAddOutlined />} data-testid="person-new" onClick={() => setCreating(true)}>{t('registry.form.newPerson')}</Button>}
        {phone && <Button icon={<FilterOutlined />} onClick={() => setShowFilters((s) => !s)}>{t('registry.common.filter')}</Button>}
        {!phone && <ColumnChooser all={all} chosen={cols.chosen} onChange={cols.set} />}
        <ExportButton kind="persons" query={{ ...filters, fields: cols.chosen.join(',') }} />
      </>}
    >
      <PersonFormModal open={creating} onClose={() => setCreating(false)} onSaved={(id) => { setCreating(false); navigate(`/registry/persons/${id}`); }} />
      <Card size="small" data-testid="persons-page">
        {showFilters && filterForm}
        <ProblemAlert error={error} />
        {phone ? (
          <List<PersonListItem>
            data-testid="persons-list"
            loading={loading}
            dataSource={data?.items ?? []}
            pagination={{ current: page, pageSize, total: data?.total ?? 0, onChange: setPage, size: 'small', showSizeChanger: false }}
            renderItem={(p) => (
              <List.Item onClick={() => navigate(`/registry/persons/${p.id}`)} style={{ cursor: 'pointer', padding: '10px 4px' }} data-testid="person-item">
                <div style={{ width: '100%' }}>
                  <div style={{ display: 'flex', alignItems: 'center', gap: 6 }}>
                    <Typography.Text strong style={{ fontSize: 16 }}>{p.name}</Typography.Text>
                    <SensitiveMark on={p.sensitive} />
                    <Typography.Text type="secondary">{[label('gender', p.gender, p.genderLabel), p.age != null ? t('registry.common.years', { n: p.age }) : null].filter(Boolean).join(' · ')}</Typography.Text>
                    {p.populationType && <Tag style={{ marginInlineStart: 'auto', marginInlineEnd: 0 }}>{t(`registry.pop.${p.populationType}`)}</Tag>}
                  </div>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>{[p.idNumberMasked, p.address ?? p.gridName].filter(Boolean).join(' · ')}</Typography.Text>
                  {!!p.tags?.length && <div style={{ marginTop: 4 }}>{p.tags.map((x) => <LevelTag key={x.tagCode} level={x.level}>{x.nameZh}</LevelTag>)}</div>}
                </div>
              </List.Item>
            )}
          />
        ) : (
          <Table<PersonListItem>
            data-testid="persons-table"
            rowKey="id"
            size="middle"
            loading={loading}
            dataSource={data?.items ?? []}
            scroll={{ x: 'max-content' }}
            pagination={{ current: page, pageSize, total: data?.total ?? 0, onChange: setPage, showTotal: (n) => t('common.total', { count: n }) }}
            columns={cols.chosen.map((k) => ({ key: k, title: t(`registry.person.${k}`), fixed: k === 'name' ? 'left' as const : undefined, render: (_: unknown, p: PersonListItem) => render[k]?.(p) }))}
          />
        )}
      </Card>
    </RegistryShell>
  );
}
