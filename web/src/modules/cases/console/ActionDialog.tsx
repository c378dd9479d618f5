import { Alert, Button, Form, Input, InputNumber, Modal, Radio, Select, Space, Tag } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useOrgs } from '../../../auth/orgs';
import { OrgPicker } from '../../../components/OrgPicker';
import { ProblemAlert } from '../../../components/ProblemAlert';
import { isZh } from '../../../i18n';
import { applyFieldErrors } from '../../../lib/forms';
import { casesApi, uploadAttachment, type ActionBody, type CaseAction, type CaseDetail } from '../api';
import { PhotoPicker, type PickedPhoto } from '../ui';

type Field = 'note' | 'targetOrgId' | 'days' | 'satisfaction' | 'resolved' | 'masterId' | 'level' | 'photos';

/** The fields each action asks for; `required` mirrors the server's state-machine RULES[action].needs. */
export const ACTION_FIELDS: Record<CaseAction, { fields: Field[]; required: Field[]; danger?: boolean }> = {
  accept: { fields: ['targetOrgId', 'note'], required: [] },
  reject: { fields: ['note'], required: ['note'], danger: true },
  dispatch: { fields: ['targetOrgId', 'note'], required: ['targetOrgId'] },
  sign: { fields: ['note'], required: [] },
  return: { fields: ['note'], required: ['note'], danger: true },
  transfer: { fields: ['targetOrgId', 'note'], required: ['targetOrgId', 'note'] },
  start: { fields: ['note'], required: [] },
  request_delay: { fields: ['days', 'note'], required: ['days', 'note'] },
  approve_delay: { fields: ['note'], required: [] },
  refuse_delay: { fields: ['note'], required: ['note'], danger: true },
  escalate: { fields: ['note'], required: ['note'] },
  handle: { fields: ['note', 'photos'], required: ['note'] },
  verify_pass: { fields: ['note', 'photos'], required: [] },
  verify_fail: { fields: ['note', 'photos'], required: ['note'], danger: true },
  callback: { fields: ['resolved', 'satisfaction', 'note'], required: ['satisfaction', 'resolved'] },
  reopen: { fields: ['note'], required: ['note'], danger: true },
  archive: { fields: ['note'], required: [] },
  respond: { fields: ['note'], required: [] },
  supervise: { fields: ['level', 'note'], required: [] },
  merge: { fields: ['masterId', 'note'], required: ['masterId'] },
};

/** One dialog for every action of the closed loop: asks for what the action needs, then posts it. */
export function ActionDialog({ action, detail, onClose, onDone }: {
  action: CaseAction | null; detail: CaseDetail; onClose(): void; onDone(r: { action: CaseAction }): void;
}) {
  const { t, i18n } = useTranslation();
  const zh = isZh(i18n.language);
  const [form] = Form.useForm();
  const [photos, setPhotos] = useState<PickedPhoto[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [unmatched, setUnmatched] = useState<{ path: string; message: string }[]>([]);
  const spec = action ? ACTION_FIELDS[action] : null;
  const c = detail.case;
  const { byId } = useOrgs();
  // quick targets: the routing rules' suggestion, and the grid and community where the case is
  const quick = [
    c.route ? { id: c.route.orgId, name: c.route.name } : null,
    c.location.gridId ? { id: c.location.gridId, name: c.location.gridName } : null,
    c.location.communityId ? { id: c.location.communityId, name: c.location.communityName } : null,
  ].filter((x, i, a): x is { id: string; name: string | null } => !!x && a.findIndex((y) => y?.id === x.id) === i)
    // a transfer goes elsewhere: not back to the org handling it now
    .filter((x) => action !== 'transfer' || x.id !== c.handler?.orgId);
  const target = Form.useWatch('targetOrgId', form);

  useEffect(() => {
    if (!action) return;
    form.resetFields();
    setPhotos([]);
    setError(null);
    setUnmatched([]);
    // dispatch: the routing rules' suggestion is the default target
    // (only an org the picker knows, else it would show a bare id; the quick buttons cover the rest)
    if (action === 'dispatch' && c.route?.orgId && byId.has(c.route.orgId)) form.setFieldValue('targetOrgId', c.route.orgId);
    if (action === 'supervise') form.setFieldValue('level', 'normal');
    if (action === 'merge' && detail.duplicates?.[0]) form.setFieldValue('masterId', detail.duplicates[0].id);
  }, [action, c.route?.orgId, detail.duplicates, form, byId]);

  if (!action || !spec) return null;
  const has = (f: Field) => spec.fields.includes(f);
  const req = (f: Field) => spec.required.includes(f);

  const submit = async () => {
    const v = await form.validateFields().catch(() => null); // invalid: antd shows why beside the fields
    if (!v) return;
    setBusy(true);
    setError(null);
    setUnmatched([]);
    try {
      const attachmentIds: string[] = [];
      for (const p of photos) attachmentIds.push((await uploadAttachment(p.blob)).id);
      const body: ActionBody = { action, version: c.version };
      if (v.note?.trim()) body.note = v.note.trim();
      if (v.targetOrgId) body.targetOrgId = v.targetOrgId;
      if (v.days !== undefined && v.days !== null) body.days = v.days;
      if (v.satisfaction) body.satisfaction = v.satisfaction;
      if (v.resolved !== undefined) body.resolved = v.resolved;
      if (v.masterId) body.masterId = v.masterId;
      if (v.level) body.level = v.level;
      if (attachmentIds.length) body.attachmentIds = attachmentIds;
      await casesApi.act(c.id, body);
      onDone({ action });
    } catch (e) {
      setError(e);
      setUnmatched(applyFieldErrors(form, e, zh, ['note', 'targetOrgId', 'days', 'satisfaction', 'resolved', 'masterId', 'level']));
    } finally {
      setBusy(false);
    }
  };

  // what the action will do, said before it is done
  const lastNote = (a: string) => [...detail.timeline].reverse().find((e) => e.action === a)?.note ?? null;
  const handlerOrg = c.handler?.orgId ? byId.get(c.handler.orgId) : undefined;
  // the parent of the handling org: from the org tree when the actor sees it, else the case's community when a grid handles it
  const parentName = (handlerOrg?.parentId ? byId.get(handlerOrg.parentId)?.name : undefined)
    ?? (c.handler?.orgId && c.handler.orgId === c.location.gridId ? c.location.communityName : null);
  const context: { message: string; description?: string } | null =
    action === 'transfer' && c.handler ? { message: t('cases.dialog.transferTo', { name: c.handler.name ?? '—' }) }
      : action === 'escalate' ? { message: parentName ? t('cases.dialog.escalateTo', { name: parentName }) : t('cases.dialog.escalateToParent') }
        : (action === 'approve_delay' || action === 'refuse_delay') && c.delayRequestedDays !== null
          ? { message: t('cases.dialog.delayAsked', { days: c.delayRequestedDays }), description: lastNote('request_delay') ? t('cases.dialog.delayReason', { note: lastNote('request_delay') }) : undefined }
          : action === 'return' && c.owner ? { message: t('cases.dialog.returnTo', { name: c.owner.name ?? '—' }) }
            : action === 'merge' ? { message: t('cases.dialog.mergeHint') }
              : null;

  const noteLabel = ['reject', 'return', 'refuse_delay', 'verify_fail', 'reopen', 'transfer', 'escalate', 'request_delay'].includes(action)
    ? t('cases.dialog.reason') : action === 'handle' ? t('cases.detail.feedback') : t('cases.dialog.note');

  return (
    <Modal
      open
      data-testid="action-dialog"
      title={`${t(`cases.action.${action}`)} · ${c.number}`}
      onCancel={onClose}
      onOk={submit}
      confirmLoading={busy}
      okText={t(`cases.action.${action}`)}
      okButtonProps={{ danger: spec.danger, 'data-testid': 'action-submit' } as React.ComponentProps<typeof Button>}
      destroyOnHidden
    >
      <ProblemAlert error={error} extra={unmatched.length ? unmatched : undefined} />
      <Form form={form} layout="vertical" data-testid={`action-form-${action}`}>
        {context && <Alert type={spec.danger ? 'warning' : 'info'} showIcon style={{ marginBottom: 12 }} data-testid={`action-${action}-target`} message={context.message} description={context.description} />}
        {has('targetOrgId') && (
          <>
            {c.route?.name && action !== 'transfer' && <Alert type="info" showIcon style={{ marginBottom: 12 }} message={t('cases.dialog.suggested', { name: c.route.name })} />}
            {quick.length > 0 && (
              <Space wrap style={{ marginBottom: 8 }} data-testid="action-quick-targets">
                {quick.map((q) => (
                  <Button key={q.id} size="small" data-testid="action-quick-target" data-org-id={q.id} type={target === q.id ? 'primary' : 'default'}
                    onClick={() => form.setFieldValue('targetOrgId', q.id)}>
                    {q.name ?? q.id}
                  </Button>
                ))}
              </Space>
            )}
            <Form.Item name="targetOrgId" label={t('cases.dialog.target')} rules={req('targetOrgId') ? [{ required: true, message: t('cases.dialog.targetRequired') }] : []}
              extra={target && !byId.has(target) ? <Tag color="blue">{quick.find((q) => q.id === target)?.name ?? target}</Tag> : undefined}>
              <OrgPicker allowClear testId="action-target" maxDepthKinds={['district', 'street', 'community', 'department', 'grid']}
                excludeId={action === 'transfer' ? c.handler?.orgId : undefined} />
            </Form.Item>
          </>
        )}
        {has('days') && (
          <Form.Item name="days" label={t('cases.dialog.days')} rules={[{ required: true, message: t('cases.dialog.required') }]}>
            <InputNumber data-testid="action-days" min={0.5} max={90} step={1} style={{ width: 160 }} />
          </Form.Item>
        )}
        {has('resolved') && (
          <Form.Item name="resolved" label={t('cases.dialog.resolved')} rules={[{ required: true, message: t('cases.dialog.required') }]}>
            <Radio.Group optionType="button" buttonStyle="solid" options={[{ value: true, label: t('cases.dialog.resolvedYes') }, { value: false, label: t('cases.dialog.resolvedNo') }]} />
          </Form.Item>
        )}
        {has('satisfaction') && (
          <Form.Item name="satisfaction" label={t('cases.dialog.satisfaction')} rules={[{ required: true, message: t('cases.dialog.required') }]}>
            <Radio.Group optionType="button" buttonStyle="solid"
              options={(['satisfied', 'basically_satisfied', 'unsatisfied'] as const).map((s) => ({ value: s, label: t(`cases.satisfaction.${s}`) }))} />
          </Form.Item>
        )}
        {has('level') && (
          <Form.Item name="level" label={t('cases.dialog.level')}>
            <Radio.Group optionType="button" buttonStyle="solid" options={(['normal', 'yellow', 'red'] as const).map((s) => ({ value: s, label: t(`cases.supervision.${s}`) }))} />
          </Form.Item>
        )}
        {has('masterId') && (
          <Form.Item name="masterId" label={t('cases.dialog.masterPick')} rules={[{ required: true, message: t('cases.dialog.required') }]}>
            <Select data-testid="action-master" notFoundContent={t('cases.dialog.noDuplicates')}
              options={(detail.duplicates ?? []).map((d) => ({ value: d.id, label: `${d.number} ${d.title} · ${t(`cases.state.${d.state}`, { defaultValue: d.state })}` }))} />
          </Form.Item>
        )}
        {has('note') && (
          <Form.Item name="note" label={noteLabel} rules={req('note') ? [{ required: true, whitespace: true, message: t('cases.dialog.noteRequired') }, { max: 2000 }] : [{ max: 2000 }]}>
            <Input.TextArea data-testid="action-note" rows={3} maxLength={2000} showCount />
          </Form.Item>
        )}
        {has('photos') && (
          <Form.Item label={t('cases.dialog.photos')}><PhotoPicker value={photos} onChange={setPhotos} testId="action-photo-input" /></Form.Item>
        )}
      </Form>
    </Modal>
  );
}
