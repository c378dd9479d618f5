import { App, Button, Card, Form, Input, Result, Spin, Timeline, Typography } from 'antd';
import { FrownOutlined, MehOutlined, SmileOutlined } from '@ant-design/icons';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams, useSearchParams } from 'react-router';
import { ProblemAlert } from '../../../components/ProblemAlert';
import { isZh } from '../../../i18n';
import { fmtTime } from '../../../lib/format';
import { useLoad } from '../../../lib/hooks';
import { portalApi, type PortalCase, type Satisfaction } from '../api';
import { Photos, StateTag } from '../ui';
import { PortalShell, RequireResident } from './PortalShell';

export function PortalCasePage() {
  return <RequireResident><Mine /></RequireResident>;
}

function Mine() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const { data, error, loading, setData } = useLoad(() => portalApi.get(id), [id]);
  return (
    <PortalShell title={t('cases.portal.progress')} back="/portal">
      <ProblemAlert error={error} />
      {loading && !data && <Spin size="large" />}
      {data && <CaseView c={data} onRated={(c) => setData(c)} rateable />}
    </PortalShell>
  );
}

/** Anonymous reporters follow their case with the number and the code shown once. */
export function PortalLookupPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const [found, setFound] = useState<PortalCase | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  return (
    <PortalShell title={t('cases.portal.lookup')} back="/portal/login">
      <Card style={{ marginBottom: 12 }}>
        <ProblemAlert error={error} />
        <Form layout="vertical" requiredMark={false} initialValues={{ number: params.get('number') ?? '' }}
          onFinish={async (v: { number: string; code: string }) => {
            setBusy(true); setError(null);
            try { setFound(await portalApi.lookup(v.number.trim(), v.code.trim())); } catch (e) { setError(e); setFound(null); } finally { setBusy(false); }
          }}>
          <Form.Item name="number" label={t('cases.portal.number')} rules={[{ required: true, message: t('cases.portal.required') }]}>
            <Input data-testid="lookup-number" inputMode="numeric" />
          </Form.Item>
          <Form.Item name="code" label={t('cases.portal.code')} rules={[{ required: true, message: t('cases.portal.required') }]}>
            <Input data-testid="lookup-code" style={{ textTransform: 'uppercase', letterSpacing: 2 }} />
          </Form.Item>
          <Button data-testid="lookup-submit" type="primary" htmlType="submit" block loading={busy}>{t('cases.portal.lookupSubmit')}</Button>
        </Form>
      </Card>
      {found && <CaseView c={found} />}
    </PortalShell>
  );
}

function CaseView({ c, rateable, onRated }: { c: PortalCase; rateable?: boolean; onRated?: (c: PortalCase) => void }) {
  const { t, i18n } = useTranslation();
  const zh = isZh(i18n.language);
  const colon = zh ? '：' : ': ';
  return (
    <div data-testid="portal-case-view" data-state={c.state}>
      <Card styles={{ body: { padding: 16 } }} style={{ marginBottom: 12 }}>
        <div style={{ fontSize: 22, fontWeight: 700, marginBottom: 8 }}>{c.title}</div>
        <StateTag state={c.state} resident big />
        <div style={{ marginTop: 10, fontSize: 16, color: '#555', lineHeight: 1.8 }}>
          <div>{t('cases.portal.number')}{colon}{c.number}</div>
          {c.category && <div data-testid="portal-case-category">{t('cases.inbox.category')}{colon}{zh ? c.category : c.categoryEn ?? c.category}</div>}
          <div>{t('cases.inbox.created')}{colon}{fmtTime(c.createdAt, i18n.language)}</div>
          {c.closedAt && <div>{t('cases.pub.closedAt')}{colon}{fmtTime(c.closedAt, i18n.language)}</div>}
        </div>
        {c.description && c.description !== c.title && <div style={{ marginTop: 10, fontSize: 17, whiteSpace: 'pre-wrap' }}>{c.description}</div>}
        {c.address && <div style={{ marginTop: 4, fontSize: 16, color: '#555' }}>{t('cases.portal.where')} {c.address}</div>}
        {/* the photos are served to the logged-in reporter only (a look-up by code shows none) */}
        {rateable && c.id && c.photoIds.length > 0 && (
          <div style={{ marginTop: 12 }} data-testid="portal-case-photos">
            <div style={{ fontSize: 16, color: '#555', marginBottom: 6 }}>{t('cases.portal.casePhotos', { count: c.photoIds.length })}</div>
            <Photos urls={c.photoIds.map((a) => portalApi.photoUrl(c.id, a))} size={96} />
          </div>
        )}
      </Card>
      {(c.feedback || c.rejectReason) && (
        <Card style={{ marginBottom: 12, background: '#f6ffed', borderColor: '#b7eb8f' }} data-testid="portal-feedback">
          <div style={{ fontSize: 17, fontWeight: 600, marginBottom: 4 }}>{c.rejectReason ? t('cases.detail.rejectReason') : t('cases.portal.result')}</div>
          <div style={{ fontSize: 18, whiteSpace: 'pre-wrap' }}>{c.rejectReason ?? c.feedback}</div>
        </Card>
      )}
      {rateable && c.canRate && c.id && <RatePanel id={c.id} onRated={onRated} />}
      {c.rating && (
        <Card style={{ marginBottom: 12 }} data-testid="portal-rating-done">
          <Result status="success" style={{ padding: 8 }} title={<span style={{ fontSize: 20 }}>{t('cases.portal.rateDone')}</span>}
            subTitle={<span style={{ fontSize: 17 }}>{c.rating.satisfaction ? t(`cases.satisfaction.${c.rating.satisfaction}`) : ''} · {t('cases.portal.resolvedQ')} {c.rating.resolved ? t('cases.portal.yes') : t('cases.portal.no')}</span>} />
        </Card>
      )}
      <Card title={<span style={{ fontSize: 20 }}>{t('cases.portal.progress')}</span>}>
        <Timeline
          data-testid="portal-timeline"
          items={[...c.timeline].reverse().map((s, i) => ({
            color: i === 0 ? '#b7202e' : 'gray',
            children: (
              <div style={{ fontSize: 17 }}>
                <div style={{ fontWeight: i === 0 ? 700 : 500 }}>
                  {s.state ? t(`cases.residentState.${s.state}`, { defaultValue: zh ? s.stateZh ?? s.state : s.state }) : t(`cases.action.${s.action}`, { defaultValue: s.action })}
                </div>
                <div style={{ fontSize: 14, color: '#888' }}>{fmtTime(s.at, i18n.language)} · {s.by}</div>
                {s.note && <div style={{ whiteSpace: 'pre-wrap', marginTop: 2 }}>{s.note}</div>}
              </div>
            ),
          }))}
        />
      </Card>
    </div>
  );
}

const FACES: Array<{ v: Satisfaction; icon: React.ReactNode; color: string }> = [
  { v: 'satisfied', icon: <SmileOutlined />, color: '#389e0d' },
  { v: 'basically_satisfied', icon: <MehOutlined />, color: '#d48806' },
  { v: 'unsatisfied', icon: <FrownOutlined />, color: '#cf1322' },
];

/** 回访 by the resident: two questions, big buttons, one submit. */
function RatePanel({ id, onRated }: { id: string; onRated?: (c: PortalCase) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [resolved, setResolved] = useState<boolean | null>(null);
  const [sat, setSat] = useState<Satisfaction | null>(null);
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const pick = (on: boolean) => ({ type: on ? 'primary' as const : 'default' as const, style: { height: 64, fontSize: 20, flex: 1 } });
  return (
    <Card data-testid="portal-rate" title={<span style={{ fontSize: 20, color: '#b7202e' }}>{t('cases.portal.rate')}</span>} style={{ marginBottom: 12, borderColor: '#b7202e' }}>
      <ProblemAlert error={error} />
      <Typography.Paragraph style={{ fontSize: 19, fontWeight: 600, marginBottom: 8 }}>{t('cases.portal.resolvedQ')}</Typography.Paragraph>
      <div style={{ display: 'flex', gap: 10, marginBottom: 18 }}>
        <Button data-testid="rate-resolved-yes" {...pick(resolved === true)} onClick={() => setResolved(true)}>{t('cases.portal.yes')}</Button>
        <Button data-testid="rate-resolved-no" {...pick(resolved === false)} onClick={() => setResolved(false)}>{t('cases.portal.no')}</Button>
      </div>
      <Typography.Paragraph style={{ fontSize: 19, fontWeight: 600, marginBottom: 8 }}>{t('cases.portal.satisfiedQ')}</Typography.Paragraph>
      <div style={{ display: 'flex', flexDirection: 'column', gap: 10, marginBottom: 14 }}>
        {FACES.map((f) => (
          <Button key={f.v} data-testid={`rate-${f.v}`} type={sat === f.v ? 'primary' : 'default'} onClick={() => setSat(f.v)}
            icon={<span style={{ fontSize: 26, color: sat === f.v ? '#fff' : f.color }}>{f.icon}</span>}
            style={{ height: 60, fontSize: 21, justifyContent: 'flex-start' }}>
            {t(`cases.satisfaction.${f.v}`)}
          </Button>
        ))}
      </div>
      <Input.TextArea value={comment} onChange={(e) => setComment(e.target.value)} rows={2} maxLength={500} placeholder={t('cases.portal.comment')} style={{ fontSize: 17, marginBottom: 12 }} />
      <Button data-testid="rate-submit" type="primary" block disabled={resolved === null || sat === null} loading={busy} style={{ height: 60, fontSize: 22 }}
        onClick={async () => {
          setBusy(true); setError(null);
          try {
            const c = await portalApi.rate(id, { satisfaction: sat!, resolved: resolved!, comment: comment.trim() || undefined });
            message.success(t('cases.portal.rateDone'));
            onRated?.(c);
          } catch (e) { setError(e); } finally { setBusy(false); }
        }}>
        {t('cases.portal.rateSubmit')}
      </Button>
    </Card>
  );
}
