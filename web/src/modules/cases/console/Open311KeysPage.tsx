import { Alert, App, Button, Card, Form, Input, Modal, Popconfirm, Space, Table, Tag, Typography, type ButtonProps } from 'antd';
import { KeyOutlined, PlusOutlined, StopOutlined } from '@ant-design/icons';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useOrgs } from '../../../auth/orgs';
import { OrgPicker } from '../../../components/OrgPicker';
import { ProblemAlert, problemText } from '../../../components/ProblemAlert';
import { isZh } from '../../../i18n';
import { applyFieldErrors } from '../../../lib/forms';
import { fmtTime } from '../../../lib/format';
import { useLoad } from '../../../lib/hooks';
import { open311Api, type ApiKey } from '../api';

/**
 * 开放接口密钥: the Open311 clients' API keys of the caller's streets (open311.manage).
 * A key is shown once, in the answer to its creation; the server keeps only its SHA-256.
 */
export function Open311KeysPage() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const { byId } = useOrgs();
  const { data, error, loading, reload } = useLoad(() => open311Api.keys(), []);
  const [creating, setCreating] = useState(false);
  const [issued, setIssued] = useState<(ApiKey & { key: string }) | null>(null);

  const revoke = async (k: ApiKey) => {
    try {
      await open311Api.revoke(k.id);
      message.success(t('cases.keys.revoked'));
      reload();
    } catch (e) {
      message.error(problemText(e, i18n.language));
    }
  };

  return (
    <Card
      data-testid="open311-keys"
      title={<Typography.Title level={4} style={{ margin: 0 }}>{t('cases.keys.title')}</Typography.Title>}
      extra={<Button data-testid="key-create" type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>{t('cases.keys.create')}</Button>}
    >
      <Typography.Paragraph type="secondary">
        {t('cases.keys.help')} <Typography.Text code>POST /open311/v2/requests.json</Typography.Text> · <a href="/api/docs" target="_blank" rel="noreferrer">API</a>
      </Typography.Paragraph>
      <ProblemAlert error={error} />
      <Table<ApiKey>
        data-testid="keys-table"
        rowKey="id" size="middle" loading={loading} dataSource={data?.items ?? []} pagination={false} scroll={{ x: 'max-content' }}
        onRow={(k) => ({ 'data-testid': 'key-row', 'data-client': k.clientName, 'data-active': k.active ? '1' : '0' } as React.HTMLAttributes<HTMLElement>)}
        columns={[
          { title: t('cases.keys.client'), dataIndex: 'clientName', render: (v: string, k) => <><Typography.Text strong>{v}</Typography.Text>{k.contact && <div style={{ fontSize: 12, color: '#888' }}>{k.contact}</div>}</> },
          { title: t('cases.keys.street'), dataIndex: 'orgId', render: (id: string) => byId.get(id)?.name ?? '—' },
          { title: t('cases.keys.prefix'), dataIndex: 'keyPrefix', render: (v: string) => <Typography.Text code>{v}…</Typography.Text> },
          { title: t('cases.keys.issued'), key: 'c', render: (_: unknown, k) => <>{fmtTime(k.createdAt, i18n.language)}<div style={{ fontSize: 12, color: '#888' }}>{k.createdByName ?? ''}</div></> },
          { title: t('cases.keys.lastUsed'), dataIndex: 'lastUsedAt', render: (v: string | null) => (v ? fmtTime(v, i18n.language) : t('cases.keys.never')) },
          { title: t('cases.keys.requests'), dataIndex: 'requestCount', align: 'right' },
          {
            title: t('common.status'), key: 's',
            render: (_: unknown, k) => (k.active ? <Tag color="green">{t('cases.keys.active')}</Tag>
              : <Tag>{t('cases.keys.revokedAt', { at: fmtTime(k.revokedAt, i18n.language) })}</Tag>),
          },
          {
            title: t('common.actions'), key: 'x',
            render: (_: unknown, k) => k.active && (
              <Popconfirm title={t('cases.keys.revokeConfirm', { name: k.clientName })} okText={t('cases.keys.revoke')} okButtonProps={{ danger: true, 'data-testid': 'key-revoke-confirm' } as ButtonProps}
                cancelText={t('common.cancel')} onConfirm={() => revoke(k)}>
                <Button size="small" danger type="link" icon={<StopOutlined />} data-testid="key-revoke">{t('cases.keys.revoke')}</Button>
              </Popconfirm>
            ),
          },
        ]}
      />
      <IssueKeyModal open={creating} onClose={() => setCreating(false)} onIssued={(k) => { setCreating(false); setIssued(k); reload(); }} />
      <Modal
        open={!!issued} title={<Space><KeyOutlined />{t('cases.keys.issuedTitle', { name: issued?.clientName ?? '' })}</Space>}
        closable={false} maskClosable={false} keyboard={false} destroyOnHidden
        footer={<Button type="primary" data-testid="key-secret-done" onClick={() => setIssued(null)}>{t('cases.keys.saved')}</Button>}
      >
        <Alert type="warning" showIcon style={{ marginBottom: 12 }} message={t('cases.keys.onceOnly')} />
        <Typography.Paragraph copyable={{ text: issued?.key ?? '' }} data-testid="key-secret"
          style={{ fontFamily: 'monospace', fontSize: 14, wordBreak: 'break-all', background: '#fafafa', border: '1px solid #eee', padding: 10, borderRadius: 6 }}>
          {issued?.key}
        </Typography.Paragraph>
      </Modal>
    </Card>
  );
}

function IssueKeyModal({ open, onClose, onIssued }: { open: boolean; onClose(): void; onIssued(k: ApiKey & { key: string }): void }) {
  const { t, i18n } = useTranslation();
  const zh = isZh(i18n.language);
  const [form] = Form.useForm<{ orgId: string; clientName: string; contact?: string }>();
  const { items } = useOrgs();
  const streets = useMemo(() => items.filter((o) => o.kind === 'street' && o.status !== 'retired'), [items]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    if (!open) return;
    form.resetFields();
    setError(null);
    if (streets.length === 1) form.setFieldValue('orgId', streets[0].id);
  }, [open, form, streets]);
  return (
    <Modal open={open} title={t('cases.keys.create')} onCancel={onClose} confirmLoading={busy} destroyOnHidden okText={t('cases.keys.issue')}
      okButtonProps={{ 'data-testid': 'key-issue-submit' } as ButtonProps}
      onOk={async () => {
        const v = await form.validateFields().catch(() => null); // invalid: antd shows why beside the fields
        if (!v) return;
        setBusy(true); setError(null);
        try {
          onIssued(await open311Api.issue({ orgId: v.orgId, clientName: v.clientName.trim(), contact: v.contact?.trim() || undefined }));
        } catch (e) { setError(e); applyFieldErrors(form, e, zh, ['orgId', 'clientName', 'contact']); } finally { setBusy(false); }
      }}>
      <ProblemAlert error={error} />
      <Form form={form} layout="vertical" data-testid="key-form">
        <Form.Item name="orgId" label={t('cases.keys.street')} rules={[{ required: true, message: t('cases.dialog.required') }]} extra={t('cases.keys.streetHelp')}>
          <OrgPicker kinds={['street']} maxDepthKinds={['district', 'street']} testId="key-street" />
        </Form.Item>
        <Form.Item name="clientName" label={t('cases.keys.client')} rules={[{ required: true, whitespace: true, message: t('cases.dialog.required') }, { max: 100 }]}>
          <Input data-testid="key-client" placeholder={t('cases.keys.clientHint')} maxLength={100} />
        </Form.Item>
        <Form.Item name="contact" label={t('cases.keys.contact')} rules={[{ max: 200 }]}>
          <Input data-testid="key-contact" placeholder={t('cases.keys.contactHint')} maxLength={200} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
