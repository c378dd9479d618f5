import { Alert, Button, Card, Form, Input, Result, Select, Spin, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useSession } from '../../../auth/session';
import { ProblemAlert } from '../../../components/ProblemAlert';
import { isZh } from '../../../i18n';
import { applyFieldErrors } from '../../../lib/forms';
import { useIdempotencyKey, useLoad } from '../../../lib/hooks';
import { fileToBase64, portalApi, type PortalLocation, type PortalReport, type PublicGridRef } from '../api';
import { PhotoPicker, type PickedPhoto } from '../ui';
import { PortalShell, RequireResident } from './PortalShell';

export function PortalReportPage() {
  return <RequireResident><ReportForm mode="resident" /></RequireResident>;
}

export function PortalAnonymousPage() {
  return <ReportForm mode="anonymous" />;
}

const HOME = '__home__';

interface Values { place?: string; address?: string; category?: string; title?: string; description: string; phone?: string; name?: string }

/** One form for both ways of reporting: logged in (the home grid is the default place) or with a phone number. */
function ReportForm({ mode }: { mode: 'resident' | 'anonymous' }) {
  const { t, i18n } = useTranslation();
  const zh = isZh(i18n.language);
  const { me } = useSession();
  const [form] = Form.useForm<Values>();
  const { keyFor, reset } = useIdempotencyKey();
  const [photos, setPhotos] = useState<PickedPhoto[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [unmatched, setUnmatched] = useState<{ path: string; message: string }[]>([]);
  const [done, setDone] = useState<{ number: string; id?: string; code?: string } | null>(null);

  const grids = useLoad(() => portalApi.grids(), []);
  const home = mode === 'resident' ? me?.scopes.find((s) => s.kind === 'grid' || s.kind === 'microgrid') : undefined;
  // the home grid's public entry (the session knows its id and name, the public list its code)
  const homeRef: PublicGridRef | undefined = useMemo(() => grids.data?.items.find((g) => g.name === home?.name), [grids.data, home]);
  const place = Form.useWatch('place', form);
  const selected: PublicGridRef | undefined = place === HOME ? homeRef : grids.data?.items.find((g) => g.code === place);
  const codeForCategories = selected?.code ?? homeRef?.code ?? grids.data?.items[0]?.code;
  const categories = useLoad(
    () => (codeForCategories ? portalApi.categories({ gridCode: codeForCategories }) : Promise.resolve({ items: [] })),
    [codeForCategories],
  );

  useEffect(() => {
    if (home && form.getFieldValue('place') === undefined) form.setFieldValue('place', HOME);
  }, [home, form]);

  const placeOptions = useMemo(() => {
    const byCommunity = new Map<string, PublicGridRef[]>();
    for (const g of grids.data?.items ?? []) byCommunity.set(g.communityName, [...(byCommunity.get(g.communityName) ?? []), g]);
    const groups = [...byCommunity.entries()].map(([c, gs]) => ({ label: c, options: gs.map((g) => ({ value: g.code, label: `${c} · ${g.name}` })) }));
    return home ? [{ value: HOME, label: `${home.name}（${zh ? '我住的网格' : 'my grid'}）` }, ...groups] : groups;
  }, [grids.data, home, zh]);

  const submit = async (v: Values) => {
    setBusy(true);
    setError(null);
    setUnmatched([]);
    try {
      const location: PortalLocation = { address: v.address?.trim() || undefined };
      if (v.place === HOME && home) location.gridId = home.orgId;
      else if (v.place) location.gridCode = v.place;
      const body: PortalReport = {
        category: v.category!, title: v.title?.trim() || undefined, description: v.description.trim(), location,
        photos: await Promise.all(photos.map(async (p) => ({ dataBase64: await fileToBase64(p.blob) }))),
      };
      if (mode === 'resident') {
        const r = await portalApi.report(body, keyFor(body));
        setDone({ number: r.number, id: r.id });
      } else {
        const full = { ...body, phone: v.phone!.trim(), name: v.name?.trim() || undefined };
        const r = await portalApi.anonymous(full, keyFor(full));
        setDone({ number: r.number, code: r.lookupCode });
      }
      reset();
    } catch (e) {
      setError(e);
      setUnmatched(applyFieldErrors(form, e, zh, ['category', 'title', 'description', 'phone', 'name']));
    } finally {
      setBusy(false);
    }
  };

  if (done) {
    return (
      <PortalShell>
        <div data-testid="portal-report-done"><Result
          status="success"
          title={<span style={{ fontSize: 26 }}>{t('cases.portal.submitted')}</span>}
          subTitle={
            <div style={{ fontSize: 18, color: '#333' }}>
              <div>{t('cases.portal.number')}：<b data-testid="portal-report-number">{done.number}</b></div>
              {done.code && <div style={{ marginTop: 6 }}>{t('cases.portal.code')}：<b data-testid="portal-report-code" style={{ fontSize: 24, letterSpacing: 3 }}>{done.code}</b></div>}
              {done.code && <Alert type="warning" showIcon style={{ marginTop: 12, textAlign: 'left' }} message={t('cases.portal.codeHint')} />}
            </div>
          }
          extra={[
            done.id
              ? <Link key="see" to={`/portal/cases/${done.id}`}><Button type="primary" size="large">{t('cases.portal.progress')}</Button></Link>
              : <Link key="lookup" to={`/portal/lookup?number=${encodeURIComponent(done.number)}`}><Button type="primary" size="large">{t('cases.portal.lookup')}</Button></Link>,
            <Link key="back" to={mode === 'resident' ? '/portal' : '/portal/login'}><Button size="large">{t('cases.portal.back')}</Button></Link>,
          ]}
        /></div>
      </PortalShell>
    );
  }

  const big = { style: { fontSize: 18 } };
  return (
    <PortalShell title={t('cases.portal.report')} back={mode === 'resident' ? '/portal' : '/portal/login'}>
      <Card styles={{ body: { padding: 16 } }}>
        <ProblemAlert error={error} extra={unmatched.length ? unmatched : undefined} />
        <Form form={form} layout="vertical" onFinish={submit} requiredMark={false} data-testid="portal-report-form" scrollToFirstError>
          <Form.Item name="category" label={<b>{t('cases.portal.whatKind')}</b>} rules={[{ required: true, message: t('cases.portal.required') }]}>
            <CategoryTiles items={categories.data?.items ?? []} zh={zh} loading={categories.loading} />
          </Form.Item>
          <Form.Item name="description" label={<b>{t('cases.portal.whatHappened')}</b>} rules={[{ required: true, whitespace: true, message: t('cases.portal.required') }, { max: 5000 }]}>
            <Input.TextArea data-testid="portal-description" rows={4} placeholder={t('cases.portal.whatHappenedHint')} {...big} />
          </Form.Item>
          <Form.Item name="title" label={<b>{t('cases.portal.titleField')}</b>} rules={[{ max: 200 }]}>
            <Input data-testid="portal-title" placeholder={t('cases.portal.titleHint')} maxLength={200} />
          </Form.Item>
          <Form.Item name="place" label={<b>{t('cases.portal.where')}</b>} rules={[{ required: true, message: t('cases.portal.required') }]}>
            <Select data-testid="portal-place" options={placeOptions} showSearch optionFilterProp="label" loading={grids.loading} placeholder={t('cases.pub.pickCommunity')} />
          </Form.Item>
          <Form.Item name="address" rules={[{ max: 300 }]}>
            <Input data-testid="portal-address" placeholder={t('cases.portal.whereHint')} maxLength={300} />
          </Form.Item>
          <Form.Item label={<b>{t('cases.portal.photos')}</b>}>
            <PhotoPicker value={photos} onChange={setPhotos} max={4} big testId="portal-photo-input" />
          </Form.Item>
          {mode === 'anonymous' && (
            <>
              <Form.Item name="phone" label={<b>{t('cases.portal.phone')}</b>} extra={<span style={{ fontSize: 15 }}>{t('cases.portal.phoneHint')}</span>}
                rules={[{ required: true, message: t('cases.portal.required') }, { pattern: /^1\d{10}$/, message: t('cases.portal.phoneInvalid') }]}>
                <Input data-testid="portal-phone" inputMode="tel" maxLength={11} />
              </Form.Item>
              <Form.Item name="name" label={<b>{t('cases.portal.name')}</b>} rules={[{ max: 50 }]}>
                <Input data-testid="portal-name" maxLength={50} />
              </Form.Item>
            </>
          )}
          <Button data-testid="portal-submit" type="primary" htmlType="submit" block loading={busy} style={{ height: 60, fontSize: 22 }}>
            {t('cases.portal.submit')}
          </Button>
        </Form>
      </Card>
    </PortalShell>
  );
}

/** Categories as big tiles: easier to hit than a dropdown for an elderly hand. */
function CategoryTiles({ items, value, onChange, zh, loading }: {
  items: Array<{ id: string; code: string; nameZh: string; nameEn: string }>; value?: string; onChange?: (v: string) => void; zh: boolean; loading: boolean;
}) {
  if (loading && !items.length) return <Spin />;
  return (
    <div data-testid="portal-categories" style={{ display: 'grid', gridTemplateColumns: 'repeat(2, minmax(0, 1fr))', gap: 8 }}>
      {items.map((c) => {
        const on = value === c.code;
        return (
          <Button key={c.id} data-testid={`portal-category-${c.code}`} type={on ? 'primary' : 'default'} onClick={() => onChange?.(c.code)}
            style={{ height: 56, fontSize: 18, whiteSpace: 'normal', lineHeight: 1.2 }}>
            {zh ? c.nameZh : c.nameEn}
          </Button>
        );
      })}
      {!loading && items.length === 0 && <Typography.Text type="secondary">—</Typography.Text>}
    </div>
  );
}
