/** 标签类型配置: list, create and edit tag types (names, sensitive flag, visible roles, order, active). Needs tag.manage, as on the server. */
import { App, Button, Card, Col, Form, Input, InputNumber, Result, Row, Select, Switch, Table, Tag, Typography } from 'antd';
import { EditOutlined, LockOutlined, PlusOutlined } from '@ant-design/icons';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { roleApi } from '../../../api/endpoints';
import { useSession } from '../../../auth/session';
import { ProblemAlert } from '../../../components/ProblemAlert';
import { isZh } from '../../../i18n';
import { useLoad } from '../../../lib/hooks';
import { registryApi, type TagType, type TagTypeInput } from '../api';
import { FormModal, useSubmit } from '../forms/kit';
import { RegistryShell } from '../RegistryShell';
import { LevelTag } from '../shared';

function TagTypeModal({ open, type, roles, onClose, onSaved }: {
  open: boolean; type: TagType | null; roles: Array<{ value: string; label: string }>; onClose(): void; onSaved(): void;
}) {
  const { t, i18n } = useTranslation();
  const zh = isZh(i18n.language);
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const submit = useSubmit(form, ['code', 'nameZh', 'nameEn', 'sensitive', 'visibleRoles', 'active', 'sort']);
  const sensitive = Form.useWatch('sensitive', form) as boolean | undefined;
  useEffect(() => {
    if (!open) return;
    form.resetFields();
    submit.clear();
    form.setFieldsValue(type
      ? { nameZh: type.nameZh, nameEn: type.nameEn, sensitive: type.sensitive, visibleRoles: type.visibleRoles ?? [], active: type.active !== false, sort: type.sort ?? 0 }
      : { sensitive: false, visibleRoles: [], active: true, sort: 100 });
  }, [open, type]); // eslint-disable-line react-hooks/exhaustive-deps
  const save = async () => {
    let v: Record<string, unknown>;
    try { v = await form.validateFields(); } catch { return; }
    const body: TagTypeInput = {
      nameZh: String(v.nameZh).trim(), nameEn: String(v.nameEn).trim(), sensitive: !!v.sensitive,
      visibleRoles: (v.visibleRoles as string[]) ?? [], active: !!v.active, sort: (v.sort as number) ?? 0,
    };
    const r = await submit.run(() => (type ? registryApi.updateTagType(type.code, body) : registryApi.createTagType({ ...body, code: String(v.code).trim() })));
    if (!r) return;
    message.success(type ? t('common.saved') : t('registry.tagTypes.created'));
    onSaved();
  };
  return (
    <FormModal open={open} testId="tag-type-form" width={560} onCancel={onClose} onOk={() => void save()} busy={submit.busy} error={submit.error} extra={submit.extra}
      title={type ? t('registry.tagTypes.edit', { name: zh ? type.nameZh : type.nameEn }) : t('registry.tagTypes.create')}>
      <Form form={form} layout="vertical" requiredMark="optional">
        <Row gutter={12}>
          {!type && <Col span={24}><Form.Item name="code" label={t('registry.tagTypes.code')} extra={t('registry.tagTypes.codeHint')}
            rules={[{ required: true, message: t('registry.form.required') }, { pattern: /^[a-z][a-z0-9_]{1,39}$/, message: t('registry.tagTypes.codeHint') }]}>
            <Input data-testid="ttf-code" style={{ fontFamily: 'monospace' }} /></Form.Item></Col>}
          <Col xs={24} sm={12}><Form.Item name="nameZh" label={t('registry.tagTypes.nameZh')} rules={[{ required: true, whitespace: true, message: t('registry.form.required') }, { max: 40 }]}>
            <Input data-testid="ttf-name-zh" /></Form.Item></Col>
          <Col xs={24} sm={12}><Form.Item name="nameEn" label={t('registry.tagTypes.nameEn')} rules={[{ required: true, whitespace: true, message: t('registry.form.required') }, { max: 80 }]}>
            <Input data-testid="ttf-name-en" /></Form.Item></Col>
          <Col xs={12} sm={8}><Form.Item name="sensitive" label={t('registry.tagTypes.sensitive')} valuePropName="checked"><Switch data-testid="ttf-sensitive" /></Form.Item></Col>
          <Col xs={12} sm={8}><Form.Item name="active" label={t('registry.tagTypes.active')} valuePropName="checked"><Switch /></Form.Item></Col>
          <Col xs={24} sm={8}><Form.Item name="sort" label={t('registry.tagTypes.sort')}><InputNumber min={0} max={10000} precision={0} style={{ width: '100%' }} /></Form.Item></Col>
          <Col span={24}><Form.Item name="visibleRoles" label={t('registry.tagTypes.visibleRoles')} extra={sensitive ? t('registry.tagTypes.sensitiveHint') : t('registry.tagTypes.visibleAll')}
            rules={[{ required: !!sensitive, type: 'array', min: sensitive ? 1 : 0, message: t('registry.form.required') }]}>
            <Select mode="multiple" disabled={!sensitive} options={roles} optionFilterProp="label" data-testid="ttf-roles" /></Form.Item></Col>
        </Row>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('registry.tagTypes.levelsHint')} {(['normal', 'attention', 'key'] as const).map((k) => <LevelTag key={k} level={k} />)}
        </Typography.Text>
      </Form>
    </FormModal>
  );
}

export function TagTypesPage() {
  const { t, i18n } = useTranslation();
  const zh = isZh(i18n.language);
  const { can } = useSession();
  const allowed = can('tag.manage');
  const { data, error, loading, reload } = useLoad(() => (allowed ? registryApi.tagTypesAll() : Promise.resolve([] as TagType[])), [allowed]);
  const { data: roleList } = useLoad(() => (allowed && can('role.read') ? roleApi.roles().then((r) => r.items) : Promise.resolve([])), [allowed]);
  const roles = (roleList ?? []).map((r) => ({ value: r.code, label: zh ? r.nameZh : r.nameEn }));
  const roleName = (code: string) => roles.find((r) => r.value === code)?.label ?? code;
  const [editing, setEditing] = useState<TagType | 'new' | null>(null);
  if (!allowed) {
    return <RegistryShell title={t('registry.tagTypes.title')}><div data-testid="tag-types-forbidden"><Result status="403" title="403" subTitle={t('registry.tagTypes.forbidden')} /></div></RegistryShell>;
  }
  return (
    <RegistryShell title={t('registry.tagTypes.title')}
      extra={<Button type="primary" icon={<PlusOutlined />} data-testid="tag-type-new" onClick={() => setEditing('new')}>{t('registry.tagTypes.create')}</Button>}>
      <Card size="small" data-testid="tag-types-page">
        <ProblemAlert error={error} />
        <Table<TagType>
          data-testid="tag-types-table" rowKey="code" size="middle" loading={loading} dataSource={data ?? []} pagination={false} scroll={{ x: 'max-content' }}
          onRow={(r) => ({ 'data-code': r.code } as React.HTMLAttributes<HTMLElement>)}
          columns={[
            { key: 'name', title: t('registry.tagTypes.nameZh'), fixed: 'left', render: (_, r) => <span>{zh ? r.nameZh : r.nameEn}{r.sensitive && <LockOutlined style={{ color: '#b7202e', marginInlineStart: 6 }} />}</span> },
            { key: 'nameEn', title: t('registry.tagTypes.nameEn'), render: (_, r) => (zh ? r.nameEn : r.nameZh) },
            { key: 'code', title: t('registry.tagTypes.code'), render: (_, r) => <code>{r.code}</code> },
            { key: 'sensitive', title: t('registry.tagTypes.sensitive'), render: (_, r) => (r.sensitive ? <Tag color="red">{t('common.yes')}</Tag> : t('common.no')) },
            { key: 'roles', title: t('registry.tagTypes.visibleRoles'), render: (_, r) => (r.sensitive ? (r.visibleRoles ?? []).map((c) => <Tag key={c}>{roleName(c)}</Tag>) : <Typography.Text type="secondary">{t('registry.tagTypes.visibleAll')}</Typography.Text>) },
            { key: 'active', title: t('registry.tagTypes.active'), render: (_, r) => (r.active !== false ? <Tag color="green">{t('common.enabled')}</Tag> : <Tag>{t('common.disabled')}</Tag>) },
            { key: 'sort', title: t('registry.tagTypes.sort'), dataIndex: 'sort' },
            { key: 'act', title: t('common.actions'), render: (_, r) => <Button size="small" type="link" icon={<EditOutlined />} data-testid="tag-type-edit" onClick={() => setEditing(r)}>{t('common.edit')}</Button> },
          ]}
        />
      </Card>
      <TagTypeModal open={!!editing} type={editing === 'new' ? null : editing} roles={roles} onClose={() => setEditing(null)} onSaved={() => { setEditing(null); reload(); }} />
    </RegistryShell>
  );
}
