import { App, Button, Col, Form, Input, InputNumber, Modal, Row, Select } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { OrgPicker } from '../../../components/OrgPicker';
import { ProblemAlert } from '../../../components/ProblemAlert';
import { isZh } from '../../../i18n';
import { applyFieldErrors } from '../../../lib/forms';
import { useIdempotencyKey, useLoad } from '../../../lib/hooks';
import { casesApi, configApi, uploadAttachment, type CaseChannel, type CreateCaseBody } from '../api';
import { PhotoPicker, type PickedPhoto } from '../ui';

const CHANNELS: CaseChannel[] = ['hotline', 'upper_assignment', 'staff', 'grid_report'];
const FIELDS = ['channel', 'category', 'title', 'description', 'location', 'reporter', 'urgency', 'importance', 'peopleInvolved'];

/** Staff register a phone call (热线), an assignment from above (上级交办) or their own finding. */
export function NewCaseModal({ open, onClose, onDone }: { open: boolean; onClose(): void; onDone(id: string): void }) {
  const { t, i18n } = useTranslation();
  const zh = isZh(i18n.language);
  const { notification } = App.useApp();
  const [form] = Form.useForm();
  const { keyFor, reset } = useIdempotencyKey();
  const [photos, setPhotos] = useState<PickedPhoto[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [unmatched, setUnmatched] = useState<{ path: string; message: string }[]>([]);
  const cats = useLoad(() => (open ? configApi.categories() : Promise.resolve({ items: [] })), [open]);

  const submit = async () => {
    const v = await form.validateFields().catch(() => null); // invalid: antd shows why beside the fields
    if (!v) return;
    setBusy(true);
    setError(null);
    setUnmatched([]);
    try {
      // photos first: their ids go into the create body (the server links them to the case)
      const attachmentIds: string[] = [];
      for (const p of photos) attachmentIds.push((await uploadAttachment(p.blob)).id);
      const body: CreateCaseBody = {
        channel: v.channel, category: v.category, title: v.title.trim(), description: v.description.trim(),
        location: { gridId: v.gridId || undefined, address: v.address?.trim() || undefined },
        reporter: { name: v.reporterName?.trim() || undefined, phone: v.reporterPhone?.trim() || undefined },
        urgency: v.urgency, importance: v.importance, peopleInvolved: v.peopleInvolved, attachmentIds,
      };
      const r = await casesApi.create(body, keyFor({ ...body, attachmentIds: photos.map((p) => p.key) }));
      if (r.duplicates.length) notification.warning({ message: t('cases.create.duplicates'), description: r.duplicates.map((d) => `${d.number} ${d.title}`).join('；') });
      reset();
      form.resetFields();
      setPhotos([]);
      onDone(r.case.id);
    } catch (e) {
      setError(e);
      setUnmatched(applyFieldErrors(form, e, zh, FIELDS));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal open={open} title={t('cases.create.title')} onCancel={onClose} onOk={submit} confirmLoading={busy} width={720} destroyOnHidden okButtonProps={{ 'data-testid': 'case-create-submit' } as React.ComponentProps<typeof Button>}>
      <ProblemAlert error={error} extra={unmatched.length ? unmatched : undefined} />
      <Form form={form} layout="vertical" initialValues={{ channel: 'hotline', urgency: 'normal', importance: 'normal', peopleInvolved: 1 }} data-testid="case-create-form">
        <Row gutter={12}>
          <Col xs={24} sm={8}>
            <Form.Item name="channel" label={t('cases.create.channel')}>
              <Select options={CHANNELS.map((c) => ({ value: c, label: t(`cases.channel.${c}`) }))} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={8}>
            <Form.Item name="category" label={t('cases.create.category')} rules={[{ required: true }]}>
              <Select data-testid="case-create-category" loading={cats.loading} showSearch optionFilterProp="label"
                options={(cats.data?.items ?? []).filter((c) => c.active).map((c) => ({ value: c.code, label: zh ? c.nameZh : c.nameEn }))} />
            </Form.Item>
          </Col>
          <Col xs={12} sm={4}>
            <Form.Item name="urgency" label={t('cases.create.urgency')}>
              <Select options={(['normal', 'urgent', 'emergency'] as const).map((u) => ({ value: u, label: t(`cases.urgency.${u}`) }))} />
            </Form.Item>
          </Col>
          <Col xs={12} sm={4}>
            <Form.Item name="importance" label={t('cases.create.importance')}>
              <Select options={(['normal', 'important', 'major'] as const).map((u) => ({ value: u, label: t(`cases.importance.${u}`) }))} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="title" label={t('cases.create.titleField')} rules={[{ required: true, whitespace: true }, { max: 200 }]}>
          <Input data-testid="case-create-title" maxLength={200} />
        </Form.Item>
        <Form.Item name="description" label={t('cases.create.description')} rules={[{ required: true, whitespace: true }, { max: 5000 }]}>
          <Input.TextArea data-testid="case-create-description" rows={3} />
        </Form.Item>
        <Row gutter={12}>
          <Col xs={24} sm={10}>
            <Form.Item name="gridId" label={t('cases.create.grid')}>
              <OrgPicker allowClear kinds={['grid', 'microgrid']} maxDepthKinds={['district', 'street', 'community', 'grid', 'microgrid']} testId="case-create-grid" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={14}>
            <Form.Item name="address" label={t('cases.create.address')} rules={[{ max: 300 }]}><Input maxLength={300} /></Form.Item>
          </Col>
          <Col xs={12} sm={8}>
            <Form.Item name="reporterName" label={t('cases.create.reporterName')} rules={[{ max: 50 }]}><Input maxLength={50} /></Form.Item>
          </Col>
          <Col xs={12} sm={8}>
            <Form.Item name="reporterPhone" label={t('cases.create.reporterPhone')} rules={[{ pattern: /^[0-9+\-() ]{3,30}$/ }]}><Input inputMode="tel" /></Form.Item>
          </Col>
          <Col xs={12} sm={8}>
            <Form.Item name="peopleInvolved" label={t('cases.create.peopleInvolved')}><InputNumber min={0} max={100000} style={{ width: '100%' }} /></Form.Item>
          </Col>
        </Row>
        <Form.Item label={t('cases.dialog.photos')}><PhotoPicker value={photos} onChange={setPhotos} /></Form.Item>
      </Form>
    </Modal>
  );
}
