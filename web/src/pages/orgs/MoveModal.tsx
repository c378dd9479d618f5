import { Form, Modal } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { orgApi } from '../../api/endpoints';
import type { OrgDetail, OrgResult } from '../../api/types';
import { OrgPicker } from '../../components/OrgPicker';
import { ProblemAlert } from '../../components/ProblemAlert';

/** Moves a grid to another community (it gets a new code there; the server keeps the history). */
export function MoveModal({ open, org, onClose, onDone }: { open: boolean; org: OrgDetail; onClose(): void; onDone(r: OrgResult): void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => { if (open) { form.resetFields(); setError(null); } }, [open, form]);
  const targetKind = org.kind === 'grid' ? 'community' : org.kind === 'microgrid' ? 'grid' : org.kind === 'community' ? 'street' : 'district';

  const submit = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    setBusy(true);
    setError(null);
    try {
      onDone(await orgApi.move(org.id, v.newParentId));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal open={open} title={t('org.moveTitle', { name: org.name })} onOk={submit} onCancel={onClose} confirmLoading={busy} okButtonProps={{ 'data-testid': 'move-save' }} destroyOnHidden>
      <ProblemAlert error={error} />
      <Form form={form} layout="vertical">
        <Form.Item name="newParentId" label={t('org.newParent')} rules={[{ required: true, message: t('auth.required') }]}>
          <OrgPicker testId="move-parent" kinds={[targetKind]} excludeId={org.parentId ?? undefined} maxDepthKinds={['district', 'street', 'community', ...(targetKind === 'grid' ? (['grid'] as const) : [])]} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
