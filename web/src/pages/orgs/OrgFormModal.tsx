import { Form, Input, InputNumber, Modal, Select } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { orgApi } from '../../api/endpoints';
import type { OrgDetail, OrgInput, OrgKind, OrgResult, OrgUnit } from '../../api/types';
import { useOrgs } from '../../auth/orgs';
import { PolygonInput } from '../../components/PolygonInput';
import { ProblemAlert } from '../../components/ProblemAlert';
import { isZh } from '../../i18n';
import { applyFieldErrors } from '../../lib/forms';
import { boundsOf, ringOf } from '../../lib/geo';
import { useIdempotencyKey } from '../../lib/hooks';
import { childKinds, isGridKind } from '../../lib/tree';

const FIELDS = ['kind', 'name', 'code', 'gridKind', 'targetHouseholds', 'boundary', 'address', 'phone', 'leaderStaffId'];

/** Create a child unit under `parent`, or edit `org`. */
export function OrgFormModal({ open, parent, org, onClose, onDone }: {
  open: boolean;
  parent?: OrgUnit | null;
  org?: OrgDetail | null;
  onClose(): void;
  onDone(r: OrgResult): void;
}) {
  const { t, i18n } = useTranslation();
  const { items } = useOrgs();
  const [form] = Form.useForm();
  const [error, setError] = useState<unknown>(null);
  const [extra, setExtra] = useState<{ path: string; message: string }[] | undefined>();
  const [busy, setBusy] = useState(false);
  const idem = useIdempotencyKey();
  const editing = !!org;
  const kinds = parent ? childKinds(parent.kind) : [];
  const kind: OrgKind | undefined = Form.useWatch('kind', form) ?? org?.kind;

  useEffect(() => {
    if (!open) return;
    setError(null);
    setExtra(undefined);
    idem.reset();
    form.resetFields();
    if (org) {
      form.setFieldsValue({
        name: org.name, gridKind: org.gridKind ?? undefined, targetHouseholds: org.targetHouseholds ?? undefined,
        boundary: org.boundary, address: org.address ?? '', phone: org.phone ?? '', leaderStaffId: org.leaderStaffId ?? undefined,
      });
    } else {
      form.setFieldsValue({ kind: kinds[0], gridKind: kinds[0] === 'grid' ? 'comprehensive' : undefined });
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open, org?.id, parent?.id]);

  // Draw among the other grids of the same community, fitted to the community's extent if known.
  const parentId = org ? org.parentId : parent?.id;
  const context = useMemo(
    () => items
      .filter((u) => u.parentId === parentId && u.id !== org?.id && u.status === 'active' && u.boundary)
      .map((u) => ({ id: u.id, name: u.name, polygon: u.boundary })),
    [items, parentId, org?.id],
  );
  const parentUnit = parentId ? items.find((u) => u.id === parentId) : undefined;
  const fitTo = parentUnit?.boundary ? boundsOf([ringOf(parentUnit.boundary)]) : null;

  const submit = async () => {
    let v: Record<string, unknown>;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    const clean = (x: unknown) => (typeof x === 'string' ? x.trim() : x);
    setBusy(true);
    setError(null);
    setExtra(undefined);
    try {
      let r: OrgResult;
      if (editing && org) {
        // PATCH only what changed; a cleared field is sent as null.
        const body: OrgInput = {};
        const orig: Record<string, unknown> = { ...org };
        for (const f of ['name', 'gridKind', 'targetHouseholds', 'boundary', 'address', 'phone', 'leaderStaffId'] as const) {
          if (!(f in v)) continue;
          let nv = clean(v[f]);
          if (nv === '' || nv === undefined) nv = null;
          if (JSON.stringify(nv) !== JSON.stringify(orig[f] ?? null)) (body as Record<string, unknown>)[f] = nv;
        }
        r = await orgApi.update(org.id, body);
      } else {
        const body: OrgInput = { parentId: parent!.id, kind: v.kind as OrgKind, name: clean(v.name) as string };
        if (isGridKind(body.kind!)) {
          if (v.gridKind) body.gridKind = v.gridKind as OrgInput['gridKind'];
          if (v.targetHouseholds != null) body.targetHouseholds = v.targetHouseholds as number;
        }
        if (v.boundary) body.boundary = v.boundary as OrgInput['boundary'];
        if (clean(v.address)) body.address = clean(v.address) as string;
        if (clean(v.phone)) body.phone = clean(v.phone) as string;
        if (clean(v.code)) body.code = clean(v.code) as string;
        r = await orgApi.create(body, idem.keyFor(body));
        idem.reset();
      }
      onDone(r);
    } catch (e) {
      const rest = applyFieldErrors(form, e, isZh(i18n.language), FIELDS);
      setExtra(rest.length ? rest : []);
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const grid = kind ? isGridKind(kind) : false;

  return (
    <Modal
      open={open}
      title={editing ? t('org.editTitle', { name: org!.name }) : t('org.createTitle', { name: parent?.name ?? '' })}
      onOk={submit}
      onCancel={onClose}
      okText={t('common.save')}
      confirmLoading={busy}
      okButtonProps={{ 'data-testid': 'org-form-save' }}
      width={680}
      destroyOnHidden
      data-testid="org-form-modal"
    >
      <ProblemAlert error={error} extra={extra} />
      <Form form={form} layout="vertical" data-testid="org-form">
        {!editing && (
          <Form.Item name="kind" label={t('org.kind')} rules={[{ required: true, message: t('auth.required') }]}>
            <Select data-testid="org-form-kind" options={kinds.map((k) => ({ value: k, label: t(`kind.${k}`) }))} />
          </Form.Item>
        )}
        <Form.Item name="name" label={t('common.name')} rules={[{ required: true, whitespace: true, message: t('auth.required') }]}>
          <Input data-testid="org-form-name" maxLength={100} />
        </Form.Item>
        {!editing && !grid && (
          <Form.Item name="code" label={t('common.code')}>
            <Input data-testid="org-form-code" maxLength={20} />
          </Form.Item>
        )}
        {grid && (
          <div style={{ display: 'flex', gap: 12, flexWrap: 'wrap' }}>
            <Form.Item name="gridKind" label={t('org.gridKind')} style={{ flex: '1 1 200px' }}>
              <Select data-testid="org-form-gridkind" allowClear options={(['comprehensive', 'dedicated'] as const).map((k) => ({ value: k, label: t(`gridKind.${k}`) }))} />
            </Form.Item>
            <Form.Item name="targetHouseholds" label={t('org.targetHouseholds')} style={{ flex: '1 1 200px' }}>
              <InputNumber data-testid="org-form-households" min={0} max={100000} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </div>
        )}
        {editing && org!.staff.length > 0 && (
          <Form.Item name="leaderStaffId" label={t('org.leader')}>
            <Select allowClear options={org!.staff.map((s) => ({ value: s.id, label: s.name }))} />
          </Form.Item>
        )}
        <div style={{ display: 'flex', gap: 12, flexWrap: 'wrap' }}>
          <Form.Item name="address" label={t('org.address')} style={{ flex: '2 1 260px' }}>
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item name="phone" label={t('org.phone')} style={{ flex: '1 1 160px' }}>
            <Input maxLength={30} />
          </Form.Item>
        </div>
        {(grid || kind === 'community') && (
          <Form.Item name="boundary" label={t('org.boundary')}>
            <PolygonInput context={context} fitTo={fitTo} />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
