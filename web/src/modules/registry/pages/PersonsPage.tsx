import { Button, Form, Input, InputNumber, Select, Space, Tag } from 'antd';
import { UserAddOutlined } from '@ant-design/icons';
import { useSession } from '../../../auth/session';
import { PersonFormModal } from '../forms/PersonForm';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { isZh } from '../../../i18n';
import { registryApi, type PersonListItem, type TagType } from '../api';
import { LevelTag, SensitiveMark, useCodes } from '../shared';
import { OrgFilter, PhoneItem, RegistryListPage, useRegistryList, type ListColumn } from '../useRegistryList';

/** The list columns the server offers (PERSON_LIST_FIELDS); the table asks only for the chosen ones. */
const FIELDS = ['name', 'gender', 'age', 'birthDate', 'ethnicity', 'idNumber', 'phones', 'populationType', 'status', 'grid',
  'address', 'householdNo', 'politicalStatus', 'education', 'maritalStatus', 'occupation', 'employer', 'skills', 'tags'] as const;
const DEFAULTS = ['name', 'gender', 'age', 'idNumber', 'phones', 'populationType', 'grid', 'address', 'tags'];

export function useTagTypes() {
  const [types, setTypes] = useState<TagType[]>([]);
  useEffect(() => { registryApi.tagTypes().then(setTypes, () => setTypes([])); }, []);
  return types;
}

const tagsOf = (p: PersonListItem) => p.tags?.map((x) => <LevelTag key={x.tagCode} level={x.level}>{x.nameZh}</LevelTag>);

export function PersonsPage() {
  const { t, i18n } = useTranslation();
  const zh = isZh(i18n.language);
  const navigate = useNavigate();
  const { label } = useCodes();
  const tagTypes = useTagTypes();
  const { can } = useSession();
  const [creating, setCreating] = useState(false);
  const render: Record<(typeof FIELDS)[number], (p: PersonListItem) => React.ReactNode> = {
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
    tags: (p) => p.tags?.length ? tagsOf(p) : '—',
  };
  const columns: ListColumn<PersonListItem>[] = FIELDS.map((f) => ({ key: f, label: t(`registry.person.${f}`), fixed: f === 'name', render: render[f] }));
  const list = useRegistryList<PersonListItem>({
    list: 'persons', columns, defaults: DEFAULTS, load: registryApi.persons, fields: true,
    toForm: (f) => ({ ...f, ageMin: f.ageMin ? Number(f.ageMin) : undefined, ageMax: f.ageMax ? Number(f.ageMax) : undefined }),
  });
  const options = <K extends string>(keys: readonly K[], prefix: string) => keys.map((k) => ({ value: k, label: t(`${prefix}.${k}`) }));

  return (
    <RegistryListPage list={list} kind="persons" title={t('registry.person.title')} testId="persons" columns={columns} collapseFiltersOnPhone
      actions={can('registry.write') && <Button type="primary" icon={<UserAddOutlined />} data-testid="person-new" onClick={() => setCreating(true)}>{t('registry.form.newPerson')}</Button>}
      filters={<>
        <OrgFilter />
        <Form.Item name="populationType" style={{ minWidth: 130 }}>
          <Select allowClear placeholder={t('registry.person.populationType')} options={options(['registered', 'resident', 'floating', 'overseas'], 'registry.pop')} />
        </Form.Item>
        <Form.Item name="status" style={{ minWidth: 120 }}>
          <Select allowClear placeholder={t('registry.person.status')} options={options(['active', 'moved_out', 'deceased', 'elsewhere', 'all'], 'registry.personStatus')} />
        </Form.Item>
        <Form.Item name="tag" style={{ minWidth: 130 }}>
          <Select allowClear showSearch optionFilterProp="label" placeholder={t('registry.person.tags')} options={tagTypes.map((x) => ({ value: x.code, label: zh ? x.nameZh : x.nameEn }))} />
        </Form.Item>
        <Form.Item name="level" style={{ minWidth: 110 }}>
          <Select allowClear placeholder={t('registry.person.level')} options={options(['normal', 'attention', 'key'], 'registry.tag.levels')} />
        </Form.Item>
        <Form.Item>
          <Space.Compact>
            <Form.Item name="ageMin" noStyle><InputNumber min={0} max={150} placeholder={t('registry.person.ageMin')} style={{ width: 100 }} /></Form.Item>
            <Form.Item name="ageMax" noStyle><InputNumber min={0} max={150} placeholder={t('registry.person.ageMax')} style={{ width: 100 }} /></Form.Item>
          </Space.Compact>
        </Form.Item>
        <Form.Item name="q"><Input allowClear placeholder={t('registry.common.q')} data-testid="persons-q" /></Form.Item>
      </>}
      phoneItem={(p) => (
        <PhoneItem to={`/registry/persons/${p.id}`} testId="person-item" title={<>{p.name}<SensitiveMark on={p.sensitive} /></>}
          meta={[label('gender', p.gender, p.genderLabel), p.age != null ? t('registry.common.years', { n: p.age }) : null].filter(Boolean).join(' · ')}
          tag={p.populationType && <Tag style={{ marginInlineEnd: 0 }}>{t(`registry.pop.${p.populationType}`)}</Tag>}
          sub={[p.idNumberMasked, p.address ?? p.gridName].filter(Boolean).join(' · ')}>
          {!!p.tags?.length && <div style={{ marginTop: 4 }}>{tagsOf(p)}</div>}
        </PhoneItem>
      )}>
      <PersonFormModal open={creating} onClose={() => setCreating(false)} onSaved={(id) => { setCreating(false); navigate(`/registry/persons/${id}`); }} />
    </RegistryListPage>
  );
}
