import { Button, Card, DatePicker, Form, Input, Select, Table, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { auditApi } from '../api/endpoints';
import type { AuditQuery, AuditRow } from '../api/types';
import { ProblemAlert } from '../components/ProblemAlert';
import { fmtTime } from '../lib/format';
import { useLoad } from '../lib/hooks';

const OUTCOME_COLORS: Record<string, string> = { success: 'green', failure: 'red', denied: 'orange' };

export function AuditPage() {
  const { t, i18n } = useTranslation();
  const [q, setQ] = useState<AuditQuery>({ page: 1, pageSize: 50 });
  const { data, error, loading } = useLoad(() => auditApi.list(q), [JSON.stringify(q)]);
  const actions = useLoad(() => auditApi.actions(), []);

  const onFinish = (v: { action?: string; outcome?: string; actor?: string; objectType?: string; range?: [Dayjs, Dayjs] | null }) => {
    setQ({
      page: 1,
      pageSize: q.pageSize,
      action: v.action || undefined,
      outcome: v.outcome || undefined,
      actor: v.actor?.trim() || undefined,
      objectType: v.objectType?.trim() || undefined,
      // whole days, in the browser's calendar; sent as UTC instants
      from: v.range?.[0]?.startOf('day').toISOString(),
      to: v.range?.[1]?.endOf('day').toISOString(),
    });
  };

  return (
    <Card data-testid="audit-page" title={<Typography.Title level={4} style={{ margin: 0 }}>{t('audit.title')}</Typography.Title>}>
      <Form layout="inline" onFinish={onFinish} style={{ marginBottom: 16, rowGap: 8 }}>
        <Form.Item name="action" style={{ minWidth: 200 }}>
          <Select data-testid="audit-action" allowClear showSearch placeholder={t('audit.action')} options={(actions.data?.items ?? []).map((a) => ({ value: a, label: a }))} />
        </Form.Item>
        <Form.Item name="outcome" style={{ minWidth: 120 }}>
          <Select allowClear placeholder={t('audit.outcome')} options={(['success', 'failure', 'denied'] as const).map((o) => ({ value: o, label: t(`audit.outcomes.${o}`) }))} />
        </Form.Item>
        <Form.Item name="actor"><Input allowClear placeholder={t('audit.actor')} style={{ width: 140 }} /></Form.Item>
        <Form.Item name="objectType"><Input allowClear placeholder={t('audit.objectType')} style={{ width: 140 }} /></Form.Item>
        <Form.Item name="range"><DatePicker.RangePicker /></Form.Item>
        <Form.Item><Button data-testid="audit-search" type="primary" ghost htmlType="submit">{t('common.search')}</Button></Form.Item>
      </Form>
      <ProblemAlert error={error} />
      <Table<AuditRow>
        data-testid="audit-table"
        rowKey={(r) => String(r.seq)}
        size="small"
        loading={loading}
        dataSource={data?.items ?? []}
        scroll={{ x: 'max-content' }}
        expandable={{
          rowExpandable: (r) => r.detail != null,
          expandedRowRender: (r) => <pre style={{ margin: 0, fontSize: 12, whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>{JSON.stringify(r.detail, null, 2)}</pre>,
        }}
        pagination={{
          current: q.page,
          pageSize: q.pageSize,
          total: data?.total ?? 0,
          showSizeChanger: true,
          pageSizeOptions: [20, 50, 100],
          showTotal: (n) => t('common.total', { count: n }),
          onChange: (page, pageSize) => setQ((old) => ({ ...old, page: pageSize !== old.pageSize ? 1 : page, pageSize })),
        }}
        columns={[
          { title: t('audit.seq'), dataIndex: 'seq', width: 70 },
          { title: t('audit.at'), dataIndex: 'at', render: (v: string) => fmtTime(v, i18n.language) },
          { title: t('audit.actor'), dataIndex: 'actorName', render: (v: string | null) => v ?? '—' },
          { title: t('audit.action'), dataIndex: 'action', render: (v: string) => <code>{v}</code> },
          { title: t('audit.outcome'), dataIndex: 'outcome', render: (v: string) => <Tag color={OUTCOME_COLORS[v] ?? 'default'}>{t(`audit.outcomes.${v}`, { defaultValue: v })}</Tag> },
          { title: t('audit.objectType'), dataIndex: 'objectType', render: (v: string | null) => v ?? '—' },
          { title: t('audit.object'), dataIndex: 'objectLabel', render: (v: string | null, r) => v ?? r.objectId ?? '—' },
          { title: t('audit.ip'), dataIndex: 'ip', render: (v: string | null) => v ?? '—' },
        ]}
      />
    </Card>
  );
}
