import { Form, Input, Modal, Select, Switch } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { staffApi } from '../../api/endpoints';
import type { Staff, StaffInput } from '../../api/types';
import { OrgPicker } from '../../components/OrgPicker';
import { ProblemAlert } from '../../components/ProblemAlert';
import { isZh } from '../../i18n';
import { applyFieldErrors } from '../../lib/forms';
import { useIdempotencyKey } from '../../lib/hooks';
import { POSTS } from './posts';

const FIELDS = ['orgId', 'name', 'gender', 'post', 'mobile', 'servicePhone', 'publicCard'];

export function StaffFormModal({ open, staff, defaultOrgId, onClose, onDone }: {
  open: boolean;
  staff?: Staff | null;
  defaultOrgId?: string;
  onClose(): void;
  onDone(s: Staff): void;
}) {
  const { t, i18n } = useTranslation();
  const [form] = Form.useForm();
  const [error, setError] = useState<unknown>(null);
  const [extra, setExtra] = useState<{ path: string; message: string }[] | undefined>();
  const [busy, setBusy] = useState(false);
  const idem = useIdempotencyKey();

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    setError(null);
    setExtra(undefined);
    idem.reset();
    form.setFieldsValue(staff
      ? { orgId: staff.orgId, name: staff.name, gender: staff.gender ?? undefined, post: staff.post, servicePhone: staff.servicePhone ?? '', publicCard: staff.publicCard }
      : { orgId: defaultOrgId, publicCard: true, post: 'grid_worker_full' });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open, staff?.id]);

  const submit = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    const body: StaffInput = { orgId: v.orgId, name: v.name.trim(), post: v.post, publicCard: !!v.publicCard };
    if (v.gender) body.gender = v.gender;
    if (v.mobile?.trim()) body.mobile = v.mobile.trim();
    body.servicePhone = v.servicePhone?.trim() || (staff ? null : undefined);
    if (body.servicePhone === undefined) delete body.servicePhone;
    setBusy(true);
    setError(null);
    setExtra(undefined);
    try {
      const s = staff ? await staffApi.update(staff.id, body) : await staffApi.create(body, idem.keyFor(body));
      idem.reset();
      onDone(s);
    } catch (e) {
      setExtra(applyFieldErrors(form, e, isZh(i18n.language), FIELDS));
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal open={open} title={staff ? t('staff.editTitle', { name: staff.name }) : t('staff.create')} onOk={submit} onCancel={onClose} confirmLoading={busy} okButtonProps={{ 'data-testid': 'staff-form-save' }} destroyOnHidden>
      <ProblemAlert error={error} extra={extra} />
      <Form form={form} layout="vertical" data-testid="staff-form">
        <Form.Item name="orgId" label={t('staff.org')} rules={[{ required: true, message: t('auth.required') }]}>
          <OrgPicker testId="staff-form-org" maxDepthKinds={['district', 'street', 'community', 'department', 'grid']} />
        </Form.Item>
        <div style={{ display: 'flex', gap: 12, flexWrap: 'wrap' }}>
          <Form.Item name="name" label={t('staff.name')} rules={[{ required: true, whitespace: true, message: t('auth.required') }]} style={{ flex: '2 1 200px' }}>
            <Input data-testid="staff-form-name" maxLength={50} />
          </Form.Item>
          <Form.Item name="gender" label={t('staff.gender')} style={{ flex: '1 1 100px' }}>
            <Select allowClear options={(['male', 'female'] as const).map((g) => ({ value: g, label: t(`gender.${g}`) }))} />
          </Form.Item>
        </div>
        <Form.Item name="post" label={t('staff.post')} rules={[{ required: true, message: t('auth.required') }]}>
          <Select data-testid="staff-form-post" options={POSTS.map((p) => ({ value: p, label: t(`post.${p}`) }))} />
        </Form.Item>
        <div style={{ display: 'flex', gap: 12, flexWrap: 'wrap' }}>
          <Form.Item name="mobile" label={t('staff.mobile')} style={{ flex: '1 1 160px' }}
            rules={[{ pattern: /^1\d{10}$/, message: '1xxxxxxxxxx' }]}
            extra={staff?.mobileMasked ? `${staff.mobileMasked}` : undefined}>
            <Input maxLength={11} inputMode="numeric" placeholder={staff?.mobileMasked ?? undefined} />
          </Form.Item>
          <Form.Item name="servicePhone" label={t('staff.servicePhone')} style={{ flex: '1 1 160px' }}>
            <Input maxLength={30} inputMode="tel" />
          </Form.Item>
        </div>
        <Form.Item name="publicCard" label={t('staff.publicCard')} valuePropName="checked">
          <Switch />
        </Form.Item>
      </Form>
    </Modal>
  );
}
