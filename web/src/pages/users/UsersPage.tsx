import { App, Button, Card, Form, Input, Modal, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import { EditOutlined, KeyOutlined, LogoutOutlined, PlusOutlined, StopOutlined, CheckOutlined } from '@ant-design/icons';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { userApi } from '../../api/endpoints';
import type { User } from '../../api/types';
import { useSession } from '../../auth/session';
import { ProblemAlert, problemText } from '../../components/ProblemAlert';
import { fmtTime } from '../../lib/format';
import { useLoad } from '../../lib/hooks';
import { UserFormModal } from './UserFormModal';
import { useRoles } from './useRoles';

export function UsersPage() {
  const { t, i18n } = useTranslation();
  const { can, me } = useSession();
  const { message } = App.useApp();
  const { roles, roleName } = useRoles();
  const [filters, setFilters] = useState<{ q?: string; role?: string }>({});
  const [editing, setEditing] = useState<User | null | undefined>(undefined);
  const [resetting, setResetting] = useState<User | null>(null);
  const { data, error, loading, reload } = useLoad(() => userApi.list(filters), [JSON.stringify(filters)]);
  const write = can('user.write');

  const act = async (fn: () => Promise<unknown>, ok: string) => {
    try { await fn(); message.success(ok); reload(); } catch (e) { message.error(problemText(e, i18n.language)); }
  };

  return (
    <Card data-testid="users-page" title={<Typography.Title level={4} style={{ margin: 0 }}>{t('users.title')}</Typography.Title>}
      extra={write && <Button data-testid="user-create" type="primary" icon={<PlusOutlined />} onClick={() => setEditing(null)}>{t('users.create')}</Button>}>
      <Form layout="inline" style={{ marginBottom: 16, rowGap: 8 }} onFinish={(v) => setFilters({ q: v.q?.trim() || undefined, role: v.role })}>
        <Form.Item name="q"><Input allowClear placeholder={t('users.q')} /></Form.Item>
        <Form.Item name="role" style={{ minWidth: 180 }}>
          <Select allowClear placeholder={t('users.role')} options={roles.map((r) => ({ value: r.code, label: roleName(r.code) }))} />
        </Form.Item>
        <Form.Item><Button htmlType="submit" type="primary" ghost>{t('common.search')}</Button></Form.Item>
      </Form>
      <ProblemAlert error={error} />
      <Table<User>
        data-testid="users-table"
        rowKey="id"
        size="middle"
        loading={loading}
        dataSource={data?.items ?? []}
        scroll={{ x: 'max-content' }}
        pagination={{ pageSize: 20, showTotal: (n) => t('common.total', { count: n }) }}
        columns={[
          { title: t('users.account'), dataIndex: 'account', fixed: 'left', render: (v: string | null) => v ?? '—' },
          { title: t('users.name'), dataIndex: 'name' },
          { title: t('users.kind'), dataIndex: 'kind', render: (k: User['kind']) => (k === 'staff' ? t('users.kindStaff') : t('users.kindResident')) },
          { title: t('users.mobile'), dataIndex: 'mobileMasked', render: (v: string | null) => v ?? '—' },
          { title: t('users.roles'), dataIndex: 'roles', render: (r: string[]) => r.map((c) => <Tag key={c}>{roleName(c)}</Tag>) },
          { title: t('users.scopes'), dataIndex: 'scopes', render: (s: User['scopes']) => s.map((x) => x.name).join('、') || '—' },
          {
            title: t('common.status'), dataIndex: 'status',
            render: (s: User['status'], u) => (
              <Space size={4}>
                <Tag color={s === 'active' ? 'green' : 'default'}>{s === 'active' ? t('common.enabled') : t('common.disabled')}</Tag>
                {u.lockedUntil && new Date(u.lockedUntil) > new Date() && <Tag color="orange">{t('users.lockedUntil')} {fmtTime(u.lockedUntil, i18n.language)}</Tag>}
              </Space>
            ),
          },
          { title: t('users.createdAt'), dataIndex: 'createdAt', render: (v: string) => fmtTime(v, i18n.language) },
          ...(write ? [{
            title: t('common.actions'), key: 'a', fixed: 'right' as const, render: (_: unknown, u: User) => (
              <Space size={0}>
                <Button type="link" size="small" icon={<EditOutlined />} onClick={() => setEditing(u)}>{t('common.edit')}</Button>
                {u.id !== me?.id && (u.status === 'active' ? (
                  <Popconfirm title={t('users.disableConfirm', { name: u.name })} onConfirm={() => act(() => userApi.update(u.id, { status: 'disabled' }), t('common.saved'))}>
                    <Button type="link" size="small" danger icon={<StopOutlined />}>{t('users.disable')}</Button>
                  </Popconfirm>
                ) : (
                  <Button type="link" size="small" icon={<CheckOutlined />} onClick={() => act(() => userApi.update(u.id, { status: 'active' }), t('common.saved'))}>{t('users.enable')}</Button>
                ))}
                <Button type="link" size="small" icon={<KeyOutlined />} onClick={() => setResetting(u)}>{t('users.resetPassword')}</Button>
                <Popconfirm title={t('users.revokeConfirm', { name: u.name })} onConfirm={async () => {
                  try { const r = await userApi.revokeSessions(u.id); message.success(t('users.revoked', { count: r.revoked })); } catch (e) { message.error(problemText(e, i18n.language)); }
                }}>
                  <Button type="link" size="small" icon={<LogoutOutlined />}>{t('users.revoke')}</Button>
                </Popconfirm>
              </Space>
            ),
          }] : []),
        ]}
      />
      <UserFormModal open={editing !== undefined} user={editing} onClose={() => setEditing(undefined)} onDone={() => { setEditing(undefined); message.success(t('common.saved')); reload(); }} />
      <ResetPasswordModal user={resetting} onClose={() => setResetting(null)} />
    </Card>
  );
}

function ResetPasswordModal({ user, onClose }: { user: User | null; onClose(): void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  return (
    <Modal open={!!user} title={user ? t('users.resetTitle', { name: user.name }) : ''} destroyOnHidden onCancel={() => { setError(null); onClose(); }} confirmLoading={busy}
      onOk={async () => {
        const v = await form.validateFields().catch(() => null);
        if (!v || !user) return;
        setBusy(true);
        try { await userApi.resetPassword(user.id, v.password); message.success(t('users.resetDone')); setError(null); onClose(); } catch (e) { setError(e); } finally { setBusy(false); }
      }}>
      <ProblemAlert error={error} />
      <Form form={form} layout="vertical" preserve={false}>
        <Form.Item name="password" label={t('auth.newPassword')} rules={[{ required: true, message: t('auth.required') }]}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
