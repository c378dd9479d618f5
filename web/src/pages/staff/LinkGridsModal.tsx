import { Alert, Button, Form, Modal, Select, Space } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { staffApi } from '../../api/endpoints';
import type { Staff, Warning } from '../../api/types';
import { useOrgs } from '../../auth/orgs';
import { ProblemAlert } from '../../components/ProblemAlert';
import { WarningsAlert } from '../../components/Warnings';
import { GRID_LINK_ROLES } from './posts';

/**
 * Sets the grids a staff member serves (PUT replaces the whole list). The server's
 * "1+2+2+X" warning (fewer than 2 or more than 4 grids) is shown in the dialog after saving.
 */
export function LinkGridsModal({ open, staff, onClose, onDone }: { open: boolean; staff: Staff | null; onClose(): void; onDone(s: Staff, w?: Warning[]): void }) {
  const { t } = useTranslation();
  const { items } = useOrgs();
  const [form] = Form.useForm();
  const [error, setError] = useState<unknown>(null);
  const [warnings, setWarnings] = useState<Warning[] | undefined>();
  const [busy, setBusy] = useState(false);

  const gridOptions = useMemo(() => {
    const byId = new Map(items.map((u) => [u.id, u]));
    return items
      .filter((u) => (u.kind === 'grid' || u.kind === 'microgrid') && u.status === 'active')
      .map((u) => ({ value: u.id, label: `${byId.get(u.parentId ?? '')?.name ?? ''} · ${u.name}` }));
  }, [items]);

  useEffect(() => {
    if (!open || !staff) return;
    form.setFieldsValue({ links: staff.grids.map((g) => ({ gridId: g.gridId, role: g.role })) });
    setError(null);
    setWarnings(undefined);
  }, [open, staff, form]);

  const submit = async () => {
    if (!staff) return;
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    setBusy(true);
    setError(null);
    try {
      const r = await staffApi.linkGrids(staff.id, (v.links ?? []) as { gridId: string; role: string }[]);
      setWarnings(r.warnings);
      onDone(r.staff, r.warnings);
      // Close only when there is nothing to read; with a warning the dialog stays to show it.
      if (!r.warnings?.length) onClose();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal open={open} title={staff ? t('staff.linkTitle', { name: staff.name }) : ''} onOk={submit} onCancel={onClose} confirmLoading={busy} okButtonProps={{ 'data-testid': 'link-save' }} width={620} destroyOnHidden>
      <Alert type="info" showIcon message={t('staff.linkHint')} style={{ marginBottom: 12 }} />
      <WarningsAlert warnings={warnings} />
      <ProblemAlert error={error} />
      <Form form={form} data-testid="link-form">
        <Form.List name="links">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f) => (
                <Space key={f.key} align="baseline" style={{ display: 'flex', flexWrap: 'wrap' }}>
                  <Form.Item name={[f.name, 'gridId']} rules={[{ required: true, message: t('auth.required') }]} style={{ minWidth: 260 }}>
                    <Select showSearch optionFilterProp="label" options={gridOptions} placeholder={t('staff.grid')} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'role']} rules={[{ required: true, message: t('auth.required') }]} style={{ minWidth: 160 }}>
                    <Select options={GRID_LINK_ROLES.map((r) => ({ value: r, label: t(`post.${r}`) }))} placeholder={t('staff.role')} />
                  </Form.Item>
                  <Button type="text" danger icon={<DeleteOutlined />} onClick={() => remove(f.name)} />
                </Space>
              ))}
              <Button type="dashed" block icon={<PlusOutlined />} onClick={() => add({ role: staff?.post && (GRID_LINK_ROLES as readonly string[]).includes(staff.post) ? staff.post : 'grid_worker_full' })}>
                {t('staff.addLink')}
              </Button>
            </>
          )}
        </Form.List>
      </Form>
    </Modal>
  );
}
