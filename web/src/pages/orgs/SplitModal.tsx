import { Button, Card, Form, Input, InputNumber, Modal, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { orgApi } from '../../api/endpoints';
import type { OrgDetail, OrgInput, OrgUnit, Warning } from '../../api/types';
import { useOrgs } from '../../auth/orgs';
import { PolygonInput } from '../../components/PolygonInput';
import { ProblemAlert } from '../../components/ProblemAlert';
import { isZh } from '../../i18n';
import { applyFieldErrors } from '../../lib/forms';
import { useIdempotencyKey } from '../../lib/hooks';

/** Splits a grid into 2+ parts; each part may get its own boundary drawn over the original. */
export function SplitModal({ open, org, onClose, onDone }: {
  open: boolean;
  org: OrgDetail;
  onClose(): void;
  onDone(r: { retired: OrgUnit; created: OrgUnit[]; warnings?: Warning[] }): void;
}) {
  const { t, i18n } = useTranslation();
  const { items } = useOrgs();
  const [form] = Form.useForm();
  const [error, setError] = useState<unknown>(null);
  const [extra, setExtra] = useState<{ path: string; message: string }[] | undefined>();
  const [busy, setBusy] = useState(false);
  const idem = useIdempotencyKey();

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    const half = org.targetHouseholds ? Math.round(org.targetHouseholds / 2) : undefined;
    form.setFieldsValue({ parts: [{ name: `${org.name}（一）`, targetHouseholds: half }, { name: `${org.name}（二）`, targetHouseholds: half }] });
    setError(null);
    setExtra(undefined);
    idem.reset();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open, org.id]);

  // The original grid and its neighbours, faint, to draw the parts over.
  const context = useMemo(() => [
    ...(org.boundary ? [{ id: org.id, name: org.name, polygon: org.boundary }] : []),
    ...items.filter((u) => u.parentId === org.parentId && u.id !== org.id && u.status === 'active' && u.boundary).map((u) => ({ id: u.id, name: u.name, polygon: u.boundary })),
  ], [items, org]);

  const submit = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    const parts: OrgInput[] = (v.parts as OrgInput[]).map((p) => ({
      name: (p.name ?? '').trim(),
      ...(p.targetHouseholds != null ? { targetHouseholds: p.targetHouseholds } : {}),
      ...(p.boundary ? { boundary: p.boundary } : {}),
    }));
    setBusy(true);
    setError(null);
    setExtra(undefined);
    try {
      const r = await orgApi.split(org.id, parts, idem.keyFor({ parts }));
      idem.reset();
      onDone(r);
    } catch (e) {
      const rest = applyFieldErrors(form, e, isZh(i18n.language), ['parts']);
      setExtra(rest);
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal open={open} title={t('org.splitTitle', { name: org.name })} onOk={submit} onCancel={onClose} confirmLoading={busy} width={720} okButtonProps={{ 'data-testid': 'split-save' }} destroyOnHidden>
      <Typography.Paragraph type="secondary">{t('org.splitHint')}</Typography.Paragraph>
      <ProblemAlert error={error} extra={extra} />
      <Form form={form} layout="vertical">
        <Form.List name="parts" rules={[{ validator: async (_, v) => { if (!v || v.length < 2) throw new Error(t('org.splitHint')); } }]}>
          {(fields, { add, remove }, { errors }) => (
            <>
              {fields.map((f, i) => (
                <Card key={f.key} size="small" style={{ marginBottom: 12 }} title={t('org.part', { n: i + 1 })}
                  extra={fields.length > 2 && <Button size="small" type="text" danger icon={<DeleteOutlined />} onClick={() => remove(f.name)} />}>
                  <div style={{ display: 'flex', gap: 12, flexWrap: 'wrap' }}>
                    <Form.Item name={[f.name, 'name']} label={t('common.name')} rules={[{ required: true, whitespace: true, message: t('auth.required') }]} style={{ flex: '2 1 240px' }}>
                      <Input data-testid={`split-name-${i}`} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'targetHouseholds']} label={t('org.targetHouseholds')} style={{ flex: '1 1 140px' }}>
                      <InputNumber min={0} precision={0} style={{ width: '100%' }} />
                    </Form.Item>
                  </div>
                  <Form.Item name={[f.name, 'boundary']} label={t('org.boundary')} style={{ marginBottom: 0 }}>
                    <PolygonInput context={context} testId={`split-boundary-${i}`} />
                  </Form.Item>
                </Card>
              ))}
              <Button type="dashed" block icon={<PlusOutlined />} onClick={() => add({ name: '' })}>{t('org.addPart')}</Button>
              <Form.ErrorList errors={errors} />
            </>
          )}
        </Form.List>
      </Form>
    </Modal>
  );
}
