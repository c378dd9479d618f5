import { Alert, App, Button, Card, Form, Input, Result, Select } from 'antd';
import { AimOutlined } from '@ant-design/icons';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { http } from '../../../api/client';
import { useSession } from '../../../auth/session';
import { ProblemAlert } from '../../../components/ProblemAlert';
import { isZh } from '../../../i18n';
import { applyFieldErrors } from '../../../lib/forms';
import { useIdempotencyKey, useLoad } from '../../../lib/hooks';
import { casesApi, configApi, uploadAttachment, type CreateCaseBody, type Urgency } from '../api';
import { PhotoPicker, type PickedPhoto } from '../ui';
import { MobileShell } from './MobileShell';

export function MReportPage() {
  const { t } = useTranslation();
  return <MobileShell title={t('cases.m.report')}><Report /></MobileShell>;
}

interface Building { id: string; address: string; name: string | null }
interface BuildingDetail { units: Array<{ id: string | null; unitNo: string | null; floors: Array<{ floor: number | null; rooms: Array<{ id: string; roomNo: string }> }> }> }

/** The registry's buildings of a grid, when the registry API is there and the worker may read it. */
function useBuildings(gridId: string | undefined, enabled: boolean) {
  return useLoad(
    () => (gridId && enabled ? http.get<{ items: Building[] }>('/api/registry/buildings', { query: { orgId: gridId, pageSize: 200 } }) : Promise.resolve({ items: [] as Building[] })),
    [gridId, enabled],
  );
}

/** 上报事件 from a phone: category, what, where (grid → building → room, or GPS / address), photos. */
function Report() {
  const { t, i18n } = useTranslation();
  const zh = isZh(i18n.language);
  const { me, can } = useSession();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const { keyFor, reset } = useIdempotencyKey();
  const [photos, setPhotos] = useState<PickedPhoto[]>([]);
  const [coords, setCoords] = useState<{ lng: number; lat: number } | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<{ id: string; number: string } | null>(null);
  const cats = useLoad(() => configApi.categories(), []);
  const grids = (me?.scopes ?? []).filter((s) => s.kind === 'grid' || s.kind === 'microgrid');
  const gridId = Form.useWatch('gridId', form) ?? (grids.length === 1 ? grids[0]!.orgId : undefined);
  const buildingId = Form.useWatch('buildingId', form);
  const buildings = useBuildings(gridId, can('registry.read'));
  const building = useLoad(() => (buildingId ? http.get<BuildingDetail>(`/api/registry/buildings/${buildingId}`) : Promise.resolve(null)), [buildingId]);
  const rooms = (building.data?.units ?? []).flatMap((u) => u.floors.flatMap((f) => f.rooms.map((r) => ({ value: r.id, label: `${u.unitNo ? `${u.unitNo}${zh ? '单元' : '-'}` : ''}${r.roomNo}` }))));
  const registryDown = can('registry.read') && !!buildings.error;

  const locate = () => {
    if (!navigator.geolocation) { message.warning(t('cases.create.locateFailed')); return; }
    navigator.geolocation.getCurrentPosition(
      (p) => setCoords({ lng: Number(p.coords.longitude.toFixed(6)), lat: Number(p.coords.latitude.toFixed(6)) }),
      () => message.warning(t('cases.create.locateFailed')),
      { enableHighAccuracy: true, timeout: 10_000 },
    );
  };

  const submit = async (v: { category: string; title: string; description: string; gridId?: string; buildingId?: string; roomId?: string; address?: string; urgency: Urgency }) => {
    setBusy(true);
    setError(null);
    try {
      const attachmentIds: string[] = [];
      for (const p of photos) attachmentIds.push((await uploadAttachment(p.blob)).id);
      const body: CreateCaseBody = {
        channel: 'grid_report', category: v.category, title: v.title.trim(), description: v.description.trim(), urgency: v.urgency,
        location: {
          gridId: v.gridId ?? gridId, buildingId: v.buildingId || undefined, roomId: v.roomId || undefined,
          address: v.address?.trim() || undefined, ...(coords ?? {}),
        },
        attachmentIds,
      };
      const r = await casesApi.create(body, keyFor({ ...body, attachmentIds: photos.map((p) => p.key) }));
      reset();
      setDone({ id: r.case.id, number: r.case.number });
    } catch (e) {
      setError(e);
      applyFieldErrors(form, e, zh, ['category', 'title', 'description']);
    } finally {
      setBusy(false);
    }
  };

  if (done) {
    return (
      <div data-testid="m-report-done"><Result status="success" title={t('cases.m.reported', { number: done.number })}
        extra={[
          <Button key="see" type="primary" onClick={() => navigate(`/m/tasks/${done.id}`)}>{t('cases.m.task')}</Button>,
          <Button key="again" onClick={() => { setDone(null); setPhotos([]); setCoords(null); form.resetFields(); }}>{t('cases.m.report')}</Button>,
        ]} /></div>
    );
  }

  return (
    <Card styles={{ body: { padding: 14 } }}>
      <ProblemAlert error={error} />
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ urgency: 'normal', gridId: grids.length === 1 ? grids[0]!.orgId : undefined }} data-testid="m-report-form">
        <Form.Item name="category" label={t('cases.create.category')} rules={[{ required: true }]}>
          <Select data-testid="m-report-category" loading={cats.loading}
            options={(cats.data?.items ?? []).filter((c) => c.active).map((c) => ({ value: c.code, label: zh ? c.nameZh : c.nameEn }))} />
        </Form.Item>
        <Form.Item name="title" label={t('cases.create.titleField')} rules={[{ required: true, whitespace: true }, { max: 200 }]}>
          <Input data-testid="m-report-title" maxLength={200} />
        </Form.Item>
        <Form.Item name="description" label={t('cases.create.description')} rules={[{ required: true, whitespace: true }, { max: 5000 }]}>
          <Input.TextArea data-testid="m-report-description" rows={3} />
        </Form.Item>
        <Form.Item name="urgency" label={t('cases.create.urgency')}>
          <Select options={(['normal', 'urgent', 'emergency'] as const).map((u) => ({ value: u, label: t(`cases.urgency.${u}`) }))} />
        </Form.Item>
        <Form.Item name="gridId" label={t('cases.m.grid')} rules={[{ required: grids.length > 0 }]}>
          <Select data-testid="m-report-grid" options={grids.map((g) => ({ value: g.orgId, label: g.name }))} onChange={() => form.setFieldsValue({ buildingId: undefined, roomId: undefined })} />
        </Form.Item>
        {can('registry.read') && !registryDown && (
          <>
            <Form.Item name="buildingId" label={t('cases.m.building')}>
              <Select data-testid="m-report-building" allowClear showSearch optionFilterProp="label" loading={buildings.loading}
                options={(buildings.data?.items ?? []).map((b) => ({ value: b.id, label: b.name ? `${b.name} ${b.address}` : b.address }))}
                onChange={() => form.setFieldValue('roomId', undefined)} />
            </Form.Item>
            {buildingId && (
              <Form.Item name="roomId" label={t('cases.m.room')}>
                <Select allowClear showSearch optionFilterProp="label" loading={building.loading} options={rooms} />
              </Form.Item>
            )}
          </>
        )}
        {registryDown && <Alert type="info" showIcon style={{ marginBottom: 12 }} message={t('cases.m.noRegistry')} />}
        <Form.Item name="address" label={t('cases.create.address')} rules={[{ max: 300 }]}><Input maxLength={300} /></Form.Item>
        <div style={{ marginBottom: 16 }}>
          <Button icon={<AimOutlined />} onClick={locate}>{t('cases.create.locate')}</Button>
          {coords && <span style={{ marginInlineStart: 8, color: '#389e0d' }}>{t('cases.create.located', coords)}</span>}
        </div>
        <Form.Item label={t('cases.m.photos')}><PhotoPicker value={photos} onChange={setPhotos} big testId="m-report-photo-input" /></Form.Item>
        <Button data-testid="m-report-submit" type="primary" htmlType="submit" block loading={busy} style={{ height: 52, fontSize: 18 }}>{t('cases.m.submit')}</Button>
      </Form>
      <div style={{ marginTop: 12 }}><Link to="/m/tasks">‹ {t('cases.m.back')}</Link></div>
    </Card>
  );
}
