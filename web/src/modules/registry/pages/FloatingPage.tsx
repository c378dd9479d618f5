/** 流动人口台账: the floating population with permit expiry, filters, columns, export; and the permit reminders. */
import { App, Button, Card, Empty, Form, List, Select, Tabs, Tag } from 'antd';
import { CheckOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { useSession } from '../../../auth/session';
import { ProblemAlert, problemText } from '../../../components/ProblemAlert';
import { useIsPhone, useLoad } from '../../../lib/hooks';
import { registryApi, type FloatingRow } from '../api';
import { RegistryShell } from '../RegistryShell';
import { ExpiryTag, ExportButton, SensitiveMark, useCodes, useInflowReasons } from '../shared';
import { ListBody, OrgFilter, PhoneItem, useRegistryList, type ListColumn } from '../useRegistryList';

function Ledger() {
  const { t } = useTranslation();
  const { label } = useCodes();
  const reasons = useInflowReasons();
  const columns: ListColumn<FloatingRow>[] = [
    { key: 'name', label: t('registry.person.name'), fixed: true, render: (r) => <span><Link to={`/registry/persons/${r.person.id}`} data-testid="floating-person">{r.person.name}</Link><SensitiveMark on={r.person.sensitive} /></span> },
    { key: 'gender', label: t('registry.person.gender'), render: (r) => label('gender', r.person.gender) },
    { key: 'age', label: t('registry.person.age'), render: (r) => r.person.age ?? '—' },
    { key: 'idNumber', label: t('registry.person.idNumber'), render: (r) => <span style={{ fontFamily: 'monospace' }}>{r.person.idNumberMasked ?? '—'}</span> },
    { key: 'inflowReason', label: t('registry.person.inflowReason'), render: (r) => reasons.label(r.inflowReason) ?? '—' },
    { key: 'inflowDate', label: t('registry.person.inflowDate'), render: (r) => r.inflowDate ?? '—' },
    { key: 'origin', label: t('registry.person.origin'), render: (r) => r.origin ?? '—' },
    { key: 'permitNo', label: t('registry.person.permitNo'), render: (r) => r.permitNo ?? '—' },
    { key: 'permitExpiry', label: t('registry.person.permitExpiry'), render: (r) => <ExpiryTag date={r.permitExpiry} /> },
  ];
  const list = useRegistryList<FloatingRow>({
    list: 'floating', columns, defaults: ['name', 'gender', 'age', 'idNumber', 'inflowReason', 'inflowDate', 'origin', 'permitExpiry'],
    load: registryApi.floating,
    toForm: (f) => ({ ...f, expiringWithinDays: f.expiringWithinDays ? Number(f.expiringWithinDays) : undefined }),
  });
  const phone = useIsPhone();
  return (
    <>
      <div style={{ display: 'flex', gap: 8, justifyContent: 'flex-end', marginBottom: 8, flexWrap: 'wrap' }}>
        {!phone && list.chooser}
        <span title={t('registry.floating.exportHint')}>
          <ExportButton kind="persons" query={{ orgId: list.filters.orgId, populationType: 'floating' }} />
        </span>
      </div>
      <ListBody list={list} columns={columns} testId="floating"
        filters={<>
          <OrgFilter />
          <Form.Item name="expiringWithinDays" style={{ minWidth: 180 }}>
            <Select allowClear placeholder={t('registry.floating.expiring')} data-testid="floating-expiring"
              options={[30, 60, 90].map((n) => ({ value: n, label: t('registry.floating.expiringIn', { n }) }))} />
          </Form.Item>
          <Form.Item name="inflowReason" style={{ minWidth: 140 }}>
            <Select allowClear showSearch placeholder={t('registry.person.inflowReason')} options={reasons.options} data-testid="floating-reason" />
          </Form.Item>
        </>}
        phoneItem={(r) => (
          <PhoneItem to={`/registry/persons/${r.person.id}`} testId="floating-item" title={<>{r.person.name}<SensitiveMark on={r.person.sensitive} /></>}
            meta={[label('gender', r.person.gender), r.person.age != null ? t('registry.common.years', { n: r.person.age }) : null, reasons.label(r.inflowReason)].filter(Boolean).join(' · ')}>
            <div style={{ fontSize: 12 }}>{t('registry.person.permitExpiry')}：<ExpiryTag date={r.permitExpiry} /></div>
          </PhoneItem>
        )} />
    </>
  );
}

function Reminders() {
  const { t, i18n } = useTranslation();
  const { can } = useSession();
  const { message } = App.useApp();
  const { data, error, loading, reload } = useLoad(() => registryApi.reminders(), []);
  const done = async (id: string) => {
    try { await registryApi.reminderDone(id); message.success(t('registry.floating.done')); reload(); } catch (e) { message.error(problemText(e, i18n.language)); }
  };
  return (
    <>
      <ProblemAlert error={error} />
      <List
        data-testid="reminders-list" loading={loading} dataSource={data?.items ?? []}
        locale={{ emptyText: <Empty description={t('registry.floating.noReminders')} /> }}
        renderItem={(r) => (
          <List.Item data-testid="reminder-item" actions={can('registry.write') ? [
            <Button key="done" size="small" icon={<CheckOutlined />} onClick={() => void done(r.id)} data-testid="reminder-done">{t('registry.floating.markDone')}</Button>,
          ] : []}>
            <div>
              <Link to={`/registry/persons/${r.person.id}`}>{r.person.name}</Link><SensitiveMark on={r.person.sensitive} />
              <Tag style={{ marginInlineStart: 8 }}>{t(`registry.floating.kinds.${r.kind}`, { defaultValue: r.kind })}</Tag>
              <div style={{ fontSize: 12, color: '#666' }}>{t('registry.floating.due')}：<ExpiryTag date={r.dueDate} /></div>
            </div>
          </List.Item>
        )}
      />
    </>
  );
}

export function FloatingPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') === 'reminders' ? 'reminders' : 'ledger';
  return (
    <RegistryShell title={t('registry.floating.title')}>
      <Card size="small" data-testid="floating-page">
        <Tabs activeKey={tab} onChange={(k) => setParams(k === 'reminders' ? { tab: k } : {}, { replace: true })}
          items={[
            { key: 'ledger', label: <span data-testid="floating-tab-ledger">{t('registry.floating.ledger')}</span>, children: tab === 'ledger' ? <Ledger /> : null },
            { key: 'reminders', label: <span data-testid="floating-tab-reminders">{t('registry.floating.reminders')}</span>, children: tab === 'reminders' ? <Reminders /> : null },
          ]} />
      </Card>
    </RegistryShell>
  );
}
