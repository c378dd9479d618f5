import { Alert, App, Form, Input, Modal } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { authApi } from '../api/endpoints';
import { useSession } from '../auth/session';
import { applyFieldErrors } from '../lib/forms';
import { isZh } from '../i18n';
import { ProblemAlert } from './ProblemAlert';

/** Own password change; `forced` when the server says the password must be changed first. */
export function ChangePasswordModal({ open, forced, onClose }: { open: boolean; forced: boolean; onClose(): void }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const { refresh } = useSession();
  const [form] = Form.useForm();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    const v = await form.validateFields();
    setBusy(true);
    setError(null);
    try {
      await authApi.changePassword(v.oldPassword, v.newPassword);
      message.success(t('auth.passwordChanged'));
      form.resetFields();
      await refresh();
      onClose();
    } catch (e) {
      applyFieldErrors(form, e, isZh(i18n.language), ['oldPassword', 'newPassword']);
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t('auth.changePassword')}
      onOk={submit}
      okButtonProps={{ loading: busy, 'data-testid': 'password-save' }}
      onCancel={forced ? undefined : onClose}
      closable={!forced}
      maskClosable={!forced}
      cancelButtonProps={{ style: forced ? { display: 'none' } : undefined }}
      destroyOnHidden
    >
      {forced && <Alert type="warning" showIcon message={t('auth.mustChange')} style={{ marginBottom: 16 }} />}
      <ProblemAlert error={error} />
      <Form form={form} layout="vertical">
        <Form.Item name="oldPassword" label={t('auth.oldPassword')} rules={[{ required: true, message: t('auth.required') }]}>
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        <Form.Item name="newPassword" label={t('auth.newPassword')} rules={[{ required: true, message: t('auth.required') }]}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          name="confirm"
          label={t('auth.confirmPassword')}
          dependencies={['newPassword']}
          rules={[
            { required: true, message: t('auth.required') },
            ({ getFieldValue }) => ({
              validator: (_, v) => (!v || v === getFieldValue('newPassword') ? Promise.resolve() : Promise.reject(new Error(t('auth.passwordMismatch')))),
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
