import { App, Button, Card, Descriptions, Form, Input, Select, Tag, Typography } from 'antd';
import { CrownOutlined, PlusOutlined, PrinterOutlined, TeamOutlined, UserAddOutlined } from '@ant-design/icons';
import { problemText } from '../../../components/ProblemAlert';
import { AddMemberModal, HouseholdFormModal } from '../forms/LedgerForms';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { useSession } from '../../../auth/session';
import { ProblemAlert } from '../../../components/ProblemAlert';
import { useIsPhone, useLoad } from '../../../lib/hooks';
import { registryApi, type HouseholdListItem } from '../api';
import { AddTagModal } from '../AddTagModal';
import { RegistryShell } from '../RegistryShell';
import { useCodes } from '../shared';
import { OrgFilter, PhoneItem, RegistryListPage, useRegistryList, type ListColumn } from '../useRegistryList';
import { MembersList } from './PersonDetailPage';
import { useTagTypes } from './PersonsPage';

export function HouseholdsPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { label } = useCodes();
  const { can } = useSession();
  const [creating, setCreating] = useState(false);
  const columns: ListColumn<HouseholdListItem>[] = [
    { key: 'householdNo', label: t('registry.household.no'), fixed: true, render: (h) => <Link to={`/registry/households/${h.id}`} data-testid="household-link">{h.householdNo}</Link> },
    { key: 'headName', label: t('registry.household.head'), render: (h) => h.headName ?? '—' },
    { key: 'kind', label: t('registry.household.kind'), render: (h) => label('householdKind', h.kind, h.kindLabel) },
    { key: 'members', label: t('registry.household.memberCount'), render: (h) => h.members },
    { key: 'address', label: t('registry.household.address'), render: (h) => h.address ?? '—' },
    { key: 'status', label: t('registry.household.status'), render: (h) => <Tag color={h.status === 'active' ? 'green' : 'default'}>{h.status === 'active' ? t('common.active') : h.status}</Tag> },
  ];
  const list = useRegistryList<HouseholdListItem>({ list: 'households', columns, defaults: ['householdNo', 'headName', 'kind', 'members', 'address'], load: registryApi.households });
  return (
    <RegistryListPage list={list} kind="households" title={t('registry.household.title')} testId="households" columns={columns}
      actions={can('registry.write') && <Button type="primary" icon={<PlusOutlined />} data-testid="household-new" onClick={() => setCreating(true)}>{t('registry.form.newHousehold')}</Button>}
      filters={<>
        <OrgFilter />
        <Form.Item name="q"><Input allowClear placeholder={t('registry.household.qHint')} data-testid="households-q" /></Form.Item>
      </>}
      phoneItem={(h) => (
        <PhoneItem to={`/registry/households/${h.id}`} testId="household-item" icon={<TeamOutlined style={{ color: '#b7202e' }} />}
          title={h.headName ?? h.householdNo} meta={t('registry.household.people', { n: h.members })}
          tag={<Tag style={{ marginInlineEnd: 0 }}>{label('householdKind', h.kind, h.kindLabel)}</Tag>} sub={`${h.householdNo} · ${h.address ?? '—'}`} />
      )}>
      <HouseholdFormModal open={creating} onClose={() => setCreating(false)} onSaved={(id) => { setCreating(false); navigate(`/registry/households/${id}`); }} />
    </RegistryListPage>
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
