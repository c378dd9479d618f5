import { App, Button, Card, Descriptions, Dropdown, Empty, List, Popconfirm, Space, Table, Tabs, Tag, Typography } from 'antd';
import { DownOutlined, EditOutlined, EyeOutlined, PlusOutlined, PrinterOutlined, SwapOutlined, TeamOutlined } from '@ant-design/icons';
import { PersonFormModal } from '../forms/PersonForm';
import { EventModal, eventsFor, type EventKind } from '../forms/EventModal';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useSession } from '../../../auth/session';
import { ProblemAlert, problemText } from '../../../components/ProblemAlert';
import { isZh } from '../../../i18n';
import { fmtTime } from '../../../lib/format';
import { useIsPhone, useLoad } from '../../../lib/hooks';
import { registryApi, type Member, type PersonTag } from '../api';
import { AddTagModal } from '../AddTagModal';
import { RegistryShell } from '../RegistryShell';
import { LevelTag, SensitiveMark, todayCn, useCodes, useInflowReasons } from '../shared';
import { useTagTypes } from './PersonsPage';

export function PersonDetailPage() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation();
  const inflowReasons = useInflowReasons();
  const zh = isZh(i18n.language);
  const phone = useIsPhone();
  const { can } = useSession();
  const { message } = App.useApp();
  const { label } = useCodes();
  const tagTypes = useTagTypes();
  const { data, error, loading, reload } = useLoad(() => registryApi.person(id), [id]);
  const [full, setFull] = useState<{ idNumber?: string | null; phones?: string[] } | null>(null);
  const [tagging, setTagging] = useState(false);
  const [tab, setTab] = useState('basic');
  const [editing, setEditing] = useState(false);
  const [event, setEvent] = useState<EventKind | null>(null);

  const unmask = async () => {
    try {
      // two audited reads: the server records one audit row per field looked at
      const [a, b] = await Promise.all([registryApi.unmask(id, 'idNumber'), registryApi.unmask(id, 'phones')]);
      setFull({ idNumber: a.idNumber ?? null, phones: b.phones ?? [] });
      message.info(t('registry.person.unmasked'));
    } catch (e) {
      message.error(problemText(e, i18n.language));
    }
  };

  const endTag = async (tag: PersonTag) => {
    try {
      await registryApi.endTag(id, tag.id, { endDate: todayCn() });
      message.success(t('registry.tag.ended'));
      reload();
    } catch (e) {
      message.error(problemText(e, i18n.language));
    }
  };

  if (!data) {
    return <RegistryShell><Card loading={loading}><ProblemAlert error={error} /></Card></RegistryShell>;
  }
  const p = data.basic;
  const fieldLabel = (f: string) => {
    if (f.startsWith('floating.')) return `${t('registry.person.floating')} · ${t(`registry.person.${f.slice(9)}`, { defaultValue: f.slice(9) })}`;
    if (f === 'record') return t('registry.history.record');
    return t(`registry.person.${f}`, { defaultValue: f });
  };
  const d = (v: React.ReactNode) => (v === null || v === undefined || v === '' ? '—' : v);
  /** A record's registration: 'created' by a form, 'import:<job id>' by an import (the job id on hover). */
  const registration = (v: string | null) => (v?.startsWith('import:')
    ? <span title={v.slice('import:'.length)}>{t('registry.history.imported')}</span>
    : t('registry.history.created'));

  const basic = (
    <>
      <Descriptions size="small" bordered column={phone ? 1 : 2} data-testid="person-basic">
        <Descriptions.Item label={t('registry.person.name')}>{p.name}<SensitiveMark on={p.sensitive} /></Descriptions.Item>
        <Descriptions.Item label={t('registry.person.formerNames')}>{d(p.formerNames.join('、'))}</Descriptions.Item>
        <Descriptions.Item label={t('registry.person.gender')}>{label('gender', p.gender, p.genderLabel)}</Descriptions.Item>
        <Descriptions.Item label={t('registry.person.birthDate')}>{d(p.birthDate)}{p.age != null && `（${t('registry.common.years', { n: p.age })}）`}</Descriptions.Item>
        <Descriptions.Item label={t('registry.person.idNumber')}>
          <span data-testid="person-id-number" style={{ fontFamily: 'monospace' }}>{full?.idNumber ?? d(p.idNumberMasked)}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('registry.person.phones')}>
          <span data-testid="person-phones">{(full?.phones ?? p.phonesMasked).join('，') || '—'}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('registry.person.ethnicity')}>{label('ethnicity', p.ethnicity, p.ethnicityLabel)}</Descriptions.Item>
        <Descriptions.Item label={t('registry.person.populationType')}><Tag>{t(`registry.pop.${p.populationType}`)}</Tag></Descriptions.Item>
        <Descriptions.Item label={t('registry.person.status')}>{t(`registry.personStatus.${p.status}`)}{p.statusDate && ` · ${p.statusDate}`}</Descriptions.Item>
        <Descriptions.Item label={t('registry.person.grid')}>{d(p.gridName)}</Descriptions.Item>
        <Descriptions.Item label={t('registry.person.politicalStatus')}>{label('politicalStatus', p.politicalStatus, p.politicalStatusLabel)}</Descriptions.Item>
        <Descriptions.Item label={t('registry.person.education')}>{label('education', p.education, p.educationLabel)}</Descriptions.Item>
        <Descriptions.Item label={t('registry.person.maritalStatus')}>{label('maritalStatus', p.maritalStatus, p.maritalStatusLabel)}</Descriptions.Item>
        <Descriptions.Item label={t('registry.person.occupation')}>{d(p.occupation)}</Descriptions.Item>
        <Descriptions.Item label={t('registry.person.employer')}>{d(p.employer)}</Descriptions.Item>
        <Descriptions.Item label={t('registry.person.hukouAddress')}>{d(p.hukouAddress)}</Descriptions.Item>
        <Descriptions.Item label={t('registry.person.skills')} span={phone ? 1 : 2}>{d(p.skills.join('、'))}</Descriptions.Item>
      </Descriptions>
      {data.floating && (
        <Descriptions size="small" bordered column={phone ? 1 : 2} style={{ marginTop: 12 }} title={t('registry.person.floating')}>
          <Descriptions.Item label={t('registry.person.inflowReason')}>{d(inflowReasons.label(data.floating.inflowReason))}</Descriptions.Item>
          <Descriptions.Item label={t('registry.person.inflowDate')}>{d(data.floating.inflowDate)}</Descriptions.Item>
          <Descriptions.Item label={t('registry.person.origin')}>{d(data.floating.origin)}</Descriptions.Item>
          <Descriptions.Item label={t('registry.person.permitNo')}>{d(data.floating.permitNo)}</Descriptions.Item>
          <Descriptions.Item label={t('registry.person.permitExpiry')}>{d(data.floating.permitExpiry)}</Descriptions.Item>
        </Descriptions>
      )}
    </>
  );

  const residences = (
    <Table
      data-testid="person-residences"
      size="small" rowKey="id" pagination={false} scroll={{ x: 'max-content' }}
      dataSource={data.residences}
      columns={[
        { title: t('registry.residence.room'), dataIndex: 'address', render: (v: string | null, r) => r.roomId ? <Link to={`/registry/rooms/${r.roomId}`}>{v ?? r.roomId}</Link> : d(v) },
        { title: t('registry.residence.household'), dataIndex: 'householdNo', render: (v: string | null, r) => r.householdId ? <Link to={`/registry/households/${r.householdId}`}>{v ?? '—'}</Link> : '—' },
        { title: t('registry.residence.type'), dataIndex: 'type', render: (v: string, r) => label('residenceType', v, r.typeLabel) },
        { title: t('registry.residence.relation'), dataIndex: 'relationToHead', render: (v: string | null, r) => label('relationToHead', v, r.relationLabel) },
        { title: t('registry.residence.from'), dataIndex: 'fromDate', render: d },
        { title: t('registry.residence.to'), dataIndex: 'toDate', render: (v: string | null, r) => r.current ? <Tag color="green">{t('registry.residence.current')}</Tag> : `${d(v)}${r.endReason ? ` · ${t(`registry.personStatus.${r.endReason}`, { defaultValue: r.endReason })}` : ''}` },
        { title: t('registry.residence.source'), dataIndex: 'source', render: (v: string, r) => label('dataSource', v, r.sourceLabel) },
      ]}
    />
  );

  const household = data.household ? (
    <div data-testid="person-household">
      <Space wrap style={{ marginBottom: 8 }}>
        <Link to={`/registry/households/${data.household.id}`}><TeamOutlined /> {t('registry.household.no')} {data.household.householdNo}</Link>
        <Typography.Text type="secondary">{data.household.address}</Typography.Text>
        <a href={registryApi.householdCardUrl(data.household.id)} target="_blank" rel="noreferrer"><PrinterOutlined /> {t('registry.household.card')}</a>
      </Space>
      <MembersList members={data.household.members} headId={data.household.headPersonId} currentId={p.id} />
    </div>
  ) : <Empty description={t('registry.person.noHousehold')} />;

  const tags = (
    <div data-testid="person-tags">
      {can('registry.write') && (
        <Button data-testid="person-add-tag" type="primary" icon={<PlusOutlined />} onClick={() => setTagging(true)} style={{ marginBottom: 8 }} block={phone}>
          {t('registry.tag.add')}
        </Button>
      )}
      <TagList tags={data.tags} zh={zh} onEnd={can('registry.write') ? endTag : undefined} />
    </div>
  );

  const history = (
    <Table
      data-testid="person-history"
      size="small" rowKey="id" scroll={{ x: 'max-content' }} pagination={{ pageSize: 20, hideOnSinglePage: true }}
      locale={{ emptyText: t('registry.history.empty') }}
      dataSource={data.history}
      columns={[
        { title: t('registry.history.at'), dataIndex: 'at', render: (v: string) => fmtTime(v, i18n.language) },
        { title: t('registry.history.actor'), dataIndex: 'actorName', render: d },
        { title: t('registry.history.field'), dataIndex: 'field', render: (f: string) => fieldLabel(f) },
        { title: t('registry.history.old'), dataIndex: 'oldValue', render: d },
        { title: t('registry.history.new'), dataIndex: 'newValue', render: (v: string | null, r) => (r.field === 'record' ? registration(v) : d(v)) },
      ]}
    />
  );

  return (
    <RegistryShell
      title={<span data-testid="person-title">{p.name}<SensitiveMark on={p.sensitive} /></span>}
      extra={<>
        {can('registry.write') && <Button data-testid="person-edit" icon={<EditOutlined />} onClick={() => setEditing(true)}>{t('common.edit')}</Button>}
        {can('registry.write') && eventsFor(p.status).length > 0 && (
          <Dropdown trigger={['click']} menu={{
            items: eventsFor(p.status).map((k) => ({ key: k, label: <span data-testid={`person-event-${k}`}>{t(`registry.event.kinds.${k}`)}</span>, danger: k === 'death' })),
            onClick: ({ key }) => setEvent(key as EventKind),
          }}>
            <Button data-testid="person-event" icon={<SwapOutlined />}>{t('registry.event.button')} <DownOutlined /></Button>
          </Dropdown>
        )}
        {can('personal.unmask') && !full && (
          <Popconfirm title={t('registry.person.unmaskConfirm')} onConfirm={() => void unmask()}>
            <Button data-testid="person-unmask" icon={<EyeOutlined />}>{t('registry.person.unmask')}</Button>
          </Popconfirm>
        )}
      </>}
    >
      <PersonFormModal open={editing} person={data} onClose={() => setEditing(false)} onSaved={() => { setEditing(false); setFull(null); reload(); }} />
      <EventModal person={event ? p : null} kind={event} onClose={() => setEvent(null)} onSaved={() => { setEvent(null); reload(); setTab('residence'); }} />
      <Card size="small" data-testid="person-detail" data-person-id={p.id}>
        <Tabs
          activeKey={tab}
          tabBarGutter={phone ? 14 : undefined}
          onChange={setTab}
          items={[
            { key: 'basic', label: <span data-testid="tab-basic">{t('registry.person.tabBasic')}</span>, children: basic },
            { key: 'residence', label: <span data-testid="tab-residence">{t('registry.person.tabResidence')}</span>, children: residences },
            { key: 'household', label: <span data-testid="tab-household">{t('registry.person.tabHousehold')}</span>, children: household },
            { key: 'tags', label: <span data-testid="tab-tags">{t('registry.person.tabTags')} {data.tags.filter((x) => x.active).length || ''}</span>, children: tags },
            { key: 'history', label: <span data-testid="tab-history">{t('registry.person.tabHistory')}</span>, children: history },
          ]}
        />
      </Card>
      <AddTagModal person={tagging ? p : null} tagTypes={tagTypes} onClose={() => setTagging(false)} onDone={() => { setTagging(false); reload(); }} />
    </RegistryShell>
  );
}

export function TagList({ tags, zh, onEnd }: { tags: PersonTag[]; zh: boolean; onEnd?: (t: PersonTag) => void }) {
  const { t } = useTranslation();
  if (!tags.length) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />;
  return (
    <List
      size="small"
      dataSource={tags}
      renderItem={(x) => (
        <List.Item
          data-testid="tag-item" data-tag={x.tagCode}
          style={{ opacity: x.active ? 1 : 0.55 }}
          actions={x.active && onEnd ? [
            <Popconfirm key="end" title={t('registry.tag.endConfirm')} onConfirm={() => onEnd(x)}>
              <Button size="small" type="link" danger>{t('registry.tag.endTag')}</Button>
            </Popconfirm>,
          ] : []}
        >
          <div>
            <Space size={4} wrap>
              <Typography.Text strong>{zh ? x.nameZh : x.nameEn}</Typography.Text>
              <LevelTag level={x.level} />
              {x.sensitive && <Tag>🔒</Tag>}
            </Space>
            <div style={{ fontSize: 12, color: '#666' }}>
              {[x.reason, `${x.startDate ?? ''} ~ ${x.endDate ?? ''}`, x.responsibleStaffName].filter(Boolean).join(' · ')}
            </div>
          </div>
        </List.Item>
      )}
    />
  );
}

export function MembersList({ members, headId, currentId, onTag }: {
  members: Member[];
  headId: string | null;
  currentId?: string;
  onTag?: (m: { id: string; name: string }) => void;
}) {
  const { t } = useTranslation();
  const { label } = useCodes();
  return (
    <List
      data-testid="members-list"
      size="small"
      bordered
      dataSource={members}
      renderItem={(m) => (
        <List.Item
          data-testid="member-item"
          style={{ background: m.id === currentId ? '#fff7e6' : undefined, padding: '10px 12px', display: 'flex', gap: 8, alignItems: 'center' }}
        >
          <div style={{ minWidth: 0, flex: 1 }}>
            <Space size={6} wrap>
              <Link to={`/registry/persons/${m.id}`} style={{ fontSize: 15, fontWeight: 600 }}>{m.name}</Link>
              <SensitiveMark on={m.sensitive} />
              {m.id === headId ? <Tag color="red">{t('registry.household.head')}</Tag> : m.relationToHead && <Tag>{label('relationToHead', m.relationToHead, m.relationLabel)}</Tag>}
            </Space>
            <div style={{ fontSize: 12, color: '#666' }}>
              {[label('gender', m.gender, m.genderLabel), m.age != null ? t('registry.common.years', { n: m.age }) : null, m.idNumberMasked,
                m.populationType ? t(`registry.pop.${m.populationType}`) : null].filter(Boolean).join(' · ')}
            </div>
          </div>
          {onTag && (
            <Button data-testid="member-add-tag" icon={<PlusOutlined />} onClick={() => onTag(m)} style={{ flex: 'none', minHeight: 40 }}>
              {t('registry.tag.short')}
            </Button>
          )}
        </List.Item>
      )}
    />
  );
}
