import { App, Form, Input, Modal, Radio, Select, type ButtonProps } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ProblemAlert } from '../../components/ProblemAlert';
import { isZh } from '../../i18n';
import { applyFieldErrors } from '../../lib/forms';
import { useIdempotencyKey } from '../../lib/hooks';
import { registryApi, type TagLevel, type TagType } from './api';
import { todayCn } from './shared';

/** Adds a care/attention tag to a person; big touch targets, so it works one-handed on a phone. */
export function AddTagModal({ person, tagTypes, onClose, onDone }: {
  person: { id: string; name: string } | null;
  tagTypes: TagType[];
  onClose(): void;
  onDone(): void;
}) {
  const { t, i18n } = useTranslation();
  const zh = isZh(i18n.language);
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const [error, setError] = useState<unknown>(null);
  const [extra, setExtra] = useState<{ path: string; message: string }[] | undefined>();
  const [busy, setBusy] = useState(false);
  const idem = useIdempotencyKey();

  const submit = async () => {
    const v = await form.validateFields();
    if (!person) return;
    const body = { tagCode: v.tagCode as string, level: v.level as TagLevel, reason: (v.reason as string | undefined)?.trim() || null, startDate: todayCn() };
    setBusy(true);
    try {
      const r = await registryApi.addTag(person.id, body, idem.keyFor({ person: person.id, ...body }));
      if (r.existing) message.info(t('registry.tag.exists')); else message.success(t('registry.tag.added'));
      form.resetFields();
      idem.reset();
      setError(null);
      onDone();
    } catch (e) {
      setError(e);
      setExtra(applyFieldErrors(form, e, zh, ['tagCode', 'level', 'reason']));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={!!person}
      title={`${t('registry.tag.add')}${person ? ` · ${person.name}` : ''}`}
      onCancel={() => { setError(null); onClose(); }}
      onOk={() => void submit()}
      okButtonProps={{ loading: busy, 'data-testid': 'tag-save' } as ButtonProps}
      okText={t('common.save')}
      destroyOnHidden
      width={440}
      style={{ maxWidth: 'calc(100vw - 16px)' }}
    >
      <ProblemAlert error={error} extra={extra} />
      <Form form={form} layout="vertical" initialValues={{ level: 'normal' }}>
        <Form.Item name="tagCode" label={t('registry.tag.type')} rules={[{ required: true }]}>
          <Select data-testid="tag-type-select" showSearch optionFilterProp="label" size="large"
            options={tagTypes.filter((x) => x.active !== false).map((x) => ({ value: x.code, label: zh ? x.nameZh : x.nameEn }))} />
        </Form.Item>
        <Form.Item name="level" label={t('registry.tag.level')} rules={[{ required: true }]}>
          <Radio.Group optionType="button" buttonStyle="solid" size="large" data-testid="tag-level"
            options={(['normal', 'attention', 'key'] as const).map((k) => ({ value: k, label: t(`registry.tag.levels.${k}`) }))} />
        </Form.Item>
        <Form.Item name="reason" label={t('registry.tag.reason')}>
          <Input.TextArea rows={2} maxLength={500} data-testid="tag-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
