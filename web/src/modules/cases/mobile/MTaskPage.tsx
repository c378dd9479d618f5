import { App, Button, Card, Collapse, Input, Spin, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ProblemAlert } from '../../../components/ProblemAlert';
import { fmtTime } from '../../../lib/format';
import { useLoad } from '../../../lib/hooks';
import { casesApi, uploadAttachment, type CaseAction, type CaseDetail } from '../api';
import { ActionDialog } from '../console/ActionDialog';
import { CaseTimeline, Due, PhotoPicker, Photos, StateTag, type PickedPhoto } from '../ui';
import { MobileShell } from './MobileShell';

/** The other actions a grid worker may have now; 办结反馈 has its own form on the page. */
const SECONDARY: CaseAction[] = ['respond', 'request_delay', 'escalate', 'return', 'transfer', 'dispatch', 'accept', 'verify_pass', 'verify_fail'];

export function MTaskPage() {
  const { t } = useTranslation();
  return <MobileShell title={t('cases.m.task')}><Task /></MobileShell>;
}

function Task() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const { data, error, loading, reload } = useLoad(() => casesApi.get(id), [id]);
  const [acting, setActing] = useState<CaseAction | null>(null);
  const [busy, setBusy] = useState<CaseAction | null>(null);
  const [actError, setActError] = useState<unknown>(null);

  if (!data) return loading ? <Spin size="large" /> : <ProblemAlert error={error} />;
  const c = data.case;
  const can = (a: CaseAction) => data.allowedActions.includes(a);

  // sign / start need no input: one tap
  const quick = async (action: CaseAction) => {
    setBusy(action);
    setActError(null);
    try {
      await casesApi.act(c.id, { action, version: c.version });
      message.success(t('cases.dialog.done', { action: t(`cases.action.${action}`) }));
      reload();
    } catch (e) { setActError(e); } finally { setBusy(null); }
  };

  const bigBtn = { block: true, style: { height: 52, fontSize: 18, marginBottom: 8 } };
  return (
    <div data-testid="m-task-detail" data-state={c.state}>
      <Link to="/m/tasks" style={{ display: 'inline-block', marginBottom: 8 }}>‹ {t('cases.m.back')}</Link>
      <Card styles={{ body: { padding: 14 } }} style={{ marginBottom: 10 }}>
        <div style={{ fontSize: 19, fontWeight: 700 }}>{c.title}</div>
        <div style={{ margin: '6px 0' }}>
          <StateTag state={c.state} />
          {c.urgency !== 'normal' && <Tag color="red">{t(`cases.urgency.${c.urgency}`)}</Tag>}
        </div>
        <div style={{ whiteSpace: 'pre-wrap', fontSize: 16, margin: '8px 0' }}>{c.description}</div>
        <div style={{ fontSize: 14, color: '#666', lineHeight: 1.8 }}>
          <div>{t('cases.m.location')}：{[c.location.communityName, c.location.gridName, c.location.address].filter(Boolean).join(' · ') || '—'}</div>
          <div>{t('cases.detail.reporter')}：{c.reporter.anonymous ? t('cases.inbox.anonymous') : c.reporter.name ?? '—'} {c.reporter.phoneMasked ?? ''}</div>
          <div>{t('cases.m.due')}：<Due at={c.deadlines.handleDue} /></div>
          <div>{c.number} · {fmtTime(c.times.createdAt, i18n.language)}</div>
        </div>
        {data.attachments.length > 0 && <div style={{ marginTop: 8 }}><Photos urls={data.attachments.map((a) => a.url)} size={72} /></div>}
      </Card>

      <ProblemAlert error={actError} />
      {can('sign') && <Button data-testid="m-act-sign" type="primary" loading={busy === 'sign'} onClick={() => quick('sign')} {...bigBtn}>{t('cases.m.sign')}</Button>}
      {can('start') && <Button data-testid="m-act-start" type="primary" loading={busy === 'start'} onClick={() => quick('start')} {...bigBtn}>{t('cases.m.start')}</Button>}
      {can('handle') && <HandleForm detail={data} onDone={() => { message.success(t('cases.m.done')); reload(); }} />}
      {SECONDARY.filter(can).map((a) => (
        <Button key={a} data-testid={`m-act-${a}`} onClick={() => setActing(a)} danger={a === 'return' || a === 'verify_fail'} {...bigBtn}>{t(`cases.action.${a}`)}</Button>
      ))}

      <Collapse style={{ marginTop: 10, background: '#fff' }} items={[{ key: 'tl', label: t('cases.detail.timeline'), children: <CaseTimeline entries={data.timeline} photoUrl={(aid) => casesApi.attachmentUrl(c.id, aid)} /> }]} />
      <ActionDialog action={acting} detail={data} onClose={() => setActing(null)}
        onDone={({ action }) => { setActing(null); message.success(t('cases.dialog.done', { action: t(`cases.action.${action}`) })); reload(); }} />
    </div>
  );
}

/** 办结反馈 with photos: what was done, and the pictures of the result. */
function HandleForm({ detail, onDone }: { detail: CaseDetail; onDone(): void }) {
  const { t } = useTranslation();
  const [note, setNote] = useState('');
  const [photos, setPhotos] = useState<PickedPhoto[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  return (
    <Card data-testid="m-handle" title={t('cases.m.handle')} size="small" style={{ marginBottom: 10, borderColor: '#b7202e' }}>
      <ProblemAlert error={error} />
      <div style={{ marginBottom: 6 }}>{t('cases.m.feedback')}</div>
      <Input.TextArea data-testid="m-handle-note" value={note} onChange={(e) => setNote(e.target.value)} rows={4} maxLength={2000} placeholder={t('cases.m.feedbackHint')} style={{ fontSize: 16, marginBottom: 10 }} />
      <div style={{ marginBottom: 6 }}>{t('cases.m.photos')}</div>
      <div style={{ marginBottom: 12 }}><PhotoPicker value={photos} onChange={setPhotos} big testId="m-handle-photo-input" /></div>
      <Button data-testid="m-handle-submit" type="primary" block disabled={!note.trim()} loading={busy} style={{ height: 52, fontSize: 18 }}
        onClick={async () => {
          setBusy(true); setError(null);
          try {
            const attachmentIds: string[] = [];
            for (const p of photos) attachmentIds.push((await uploadAttachment(p.blob)).id);
            await casesApi.act(detail.case.id, { action: 'handle', note: note.trim(), attachmentIds, version: detail.case.version });
            onDone();
          } catch (e) { setError(e); } finally { setBusy(false); }
        }}>
        {t('cases.m.submit')}
      </Button>
    </Card>
  );
}
