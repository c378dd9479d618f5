import { Form, Input, Modal, Select } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { userApi } from '../../api/endpoints';
import type { User, UserCreate, UserPatch } from '../../api/types';
import { OrgPicker } from '../../components/OrgPicker';
import { ProblemAlert } from '../../components/ProblemAlert';
import { isZh } from '../../i18n';
import { applyFieldErrors } from '../../lib/forms';
import { useIdempotencyKey } from '../../lib/hooks';
import { useRoles } from './useRoles';

const FIELDS = ['kind', 'account', 'mobile', 'name', 'password', 'roles', 'scopeOrgIds', 'homeOrgId', 'staffId'];

export function UserFormModal({ open, user, onClose, onDone }: { open: boolean; user?: User | null; onClose(): void; onDone(u: User): void }) {
  const { t, i18n } = useTranslation();
  const { roles, roleName } = useRoles();
  const [form] = Form.useForm();
  const [error, setError] = useState<unknown>(null);
  const [extra, setExtra] = useState<{ path: string; message: string }[] | undefined>();
  const [busy, setBusy] = useState(false);
  const idem = useIdempotencyKey();
  const kind = Form.useWatch('kind', form);

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    setError(null);
    setExtra(undefined);
    idem.reset();
    form.setFieldsValue(user
      ? { name: user.name, roles: user.roles, scopeOrgIds: user.scopes.map((s) => s.orgId) }
      : { kind: 'staff', roles: [], scopeOrgIds: [] });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open, user?.id]);

  const submit = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    setBusy(true);
    setError(null);
    setExtra(undefined);
    try {
      let u: User;
      if (user) {
        const body: UserPatch = { name: v.name.trim(), roles: v.roles, scopeOrgIds: v.scopeOrgIds };
        u = await userApi.update(user.id, body);
      } else {
        const body: UserCreate = { kind: v.kind, name: v.name.trim(), password: v.password, roles: v.roles ?? [], scopeOrgIds: v.scopeOrgIds ?? [] };
        if (v.account?.trim()) body.account = v.account.trim();
        if (v.mobile?.trim()) body.mobile = v.mobile.trim();
        if (v.homeOrgId) body.homeOrgId = v.homeOrgId;
        u = await userApi.create(body, idem.keyFor(body));
        idem.reset();
      }
      onDone(u);
    } catch (e) {
      setExtra(applyFieldErrors(form, e, isZh(i18n.language), FIELDS));
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal open={open} title={user ? t('users.editTitle', { name: user.name }) : t('users.create')} onOk={submit} onCancel={onClose} confirmLoading={busy} okButtonProps={{ 'data-testid': 'user-form-save' }} destroyOnHidden>
      <ProblemAlert error={error} extra={extra} />
      <Form form={form} layout="vertical" data-testid="user-form">
        {!user && (
          <Form.Item name="kind" label={t('users.kind')} rules={[{ required: true }]}>
            <Select options={[{ value: 'staff', label: t('users.kindStaff') }, { value: 'resident', label: t('users.kindResident') }]} />
          </Form.Item>
        )}
        <Form.Item name="name" label={t('users.name')} rules={[{ required: true, whitespace: true, message: t('auth.required') }]}>
          <Input data-testid="user-form-name" maxLength={50} />
        </Form.Item>
        {!user && (
          <div style={{ display: 'flex', gap: 12, flexWrap: 'wrap' }}>
            <Form.Item name="account" label={t('users.account')} style={{ flex: '1 1 160px' }} rules={[{ required: kind === 'staff', message: t('auth.required') }]}>
              <Input data-testid="user-form-account" maxLength={50} autoComplete="off" />
            </Form.Item>
            <Form.Item name="mobile" label={t('users.mobile')} style={{ flex: '1 1 160px' }}
              rules={[{ pattern: /^1\d{10}$/, message: '1xxxxxxxxxx' }, { required: kind === 'resident', message: t('auth.required') }]}>
              <Input maxLength={11} inputMode="numeric" />
            </Form.Item>
          </div>
        )}
        {!user && (
          <Form.Item name="password" label={t('users.password')} rules={[{ required: true, message: t('auth.required') }]}>
            <Input.Password data-testid="user-form-password" autoComplete="new-password" />
          </Form.Item>
        )}
        <Form.Item name="roles" label={t('users.roles')} rules={[{ required: true, type: 'array', min: 1, message: t('auth.required') }]}>
          <Select data-testid="user-form-roles" mode="multiple" options={roles.map((r) => ({ value: r.code, label: roleName(r.code) }))} />
        </Form.Item>
        <Form.Item name="scopeOrgIds" label={t('users.scopes')} rules={[{ required: true, type: 'array', min: 1, message: t('auth.required') }]}>
          <OrgPicker testId="user-form-scopes" multiple maxDepthKinds={['district', 'street', 'community', 'department', 'grid']} />
        </Form.Item>
        {!user && (
          <Form.Item name="homeOrgId" label={t('users.homeOrg')}>
            <OrgPicker allowClear maxDepthKinds={['district', 'street', 'community', 'department', 'grid']} />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
