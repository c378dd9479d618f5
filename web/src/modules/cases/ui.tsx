/** Small pieces shared by the console, portal and grid-worker pages of the cases module. */
import { Button, Image, Tag, Timeline, Typography } from 'antd';
import { CameraOutlined, CloseCircleFilled, LoadingOutlined } from '@ant-design/icons';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fmtTime } from '../../lib/format';
import type { CaseState, TimelineEntry } from './api';

export const STATE_COLOR: Record<CaseState, string> = {
  reported: 'orange', accepted: 'gold', rejected: 'default', dispatched: 'blue', returned: 'volcano', signed: 'cyan',
  in_progress: 'processing', delay_requested: 'purple', escalated: 'magenta', handled: 'geekblue', closed: 'green',
  called_back: 'lime', archived: 'default', merged: 'default',
};

export function StateTag({ state, resident, big }: { state: CaseState; resident?: boolean; big?: boolean }) {
  const { t } = useTranslation();
  return (
    <Tag data-testid="case-state" data-state={state} color={STATE_COLOR[state] ?? 'default'} style={big ? { fontSize: 16, padding: '4px 10px', lineHeight: '22px' } : undefined}>
      {t(resident ? `cases.residentState.${state}` : `cases.state.${state}`, { defaultValue: state })}
    </Tag>
  );
}

export function SupervisionTag({ level }: { level: 'none' | 'normal' | 'yellow' | 'red' }) {
  const { t } = useTranslation();
  if (level === 'none') return null;
  const color = level === 'red' ? 'red' : level === 'yellow' ? 'gold' : 'blue';
  return <Tag color={color}>{t(`cases.supervision.${level}`)}</Tag>;
}

/** A deadline, red when passed (and the case still open). */
export function Due({ at, open = true }: { at: string | null | undefined; open?: boolean }) {
  const { i18n } = useTranslation();
  if (!at) return <>—</>;
  const late = open && new Date(at).getTime() < Date.now();
  return <span style={{ color: late ? '#cf1322' : undefined, fontWeight: late ? 600 : undefined }}>{fmtTime(at, i18n.language)}</span>;
}

/** Phone photos are often 5–10 MB: scale to ≤1600 px JPEG before sending (the server caps 5 MB). */
export async function shrinkImage(file: File, max = 1600): Promise<Blob> {
  if (!file.type.startsWith('image/') || typeof createImageBitmap !== 'function') return file;
  try {
    const bmp = await createImageBitmap(file);
    const scale = Math.min(1, max / Math.max(bmp.width, bmp.height));
    if (scale === 1 && file.size < 1_500_000) return file;
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(bmp.width * scale);
    canvas.height = Math.round(bmp.height * scale);
    canvas.getContext('2d')!.drawImage(bmp, 0, 0, canvas.width, canvas.height);
    const blob = await new Promise<Blob | null>((r) => canvas.toBlob(r, 'image/jpeg', 0.85));
    return blob ?? file;
  } catch {
    return file;
  }
}

export interface PickedPhoto { key: string; blob: Blob; url: string }

/** Pick or take photos (the phone offers its camera); shows thumbnails with a remove button. */
export function PhotoPicker({ value, onChange, max = 9, big, testId = 'photo-input' }: {
  value: PickedPhoto[]; onChange(v: PickedPhoto[]): void; max?: number; big?: boolean; testId?: string;
}) {
  const { t } = useTranslation();
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const size = big ? 96 : 72;
  const add = async (files: FileList | null) => {
    if (!files?.length) return;
    setBusy(true);
    try {
      const out = [...value];
      for (const f of Array.from(files).slice(0, max - value.length)) {
        const blob = await shrinkImage(f);
        out.push({ key: `${Date.now()}-${Math.random()}`, blob, url: URL.createObjectURL(blob) });
      }
      onChange(out);
    } finally {
      setBusy(false);
      if (input.current) input.current.value = '';
    }
  };
  return (
    <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8 }}>
      {value.map((p) => (
        <div key={p.key} style={{ position: 'relative', width: size, height: size }}>
          <img src={p.url} alt="" style={{ width: size, height: size, objectFit: 'cover', borderRadius: 6, border: '1px solid #eee' }} />
          <CloseCircleFilled
            aria-label={t('cases.photo.remove')}
            onClick={() => { URL.revokeObjectURL(p.url); onChange(value.filter((x) => x.key !== p.key)); }}
            style={{ position: 'absolute', top: -6, right: -6, fontSize: big ? 24 : 18, color: '#cf1322', background: '#fff', borderRadius: '50%', cursor: 'pointer' }}
          />
        </div>
      ))}
      {value.length < max && (
        <Button
          style={{ width: size, height: size, display: 'flex', flexDirection: 'column', alignItems: 'center', justifyContent: 'center', fontSize: big ? 16 : 13 }}
          onClick={() => input.current?.click()}
          disabled={busy}
        >
          {busy ? <LoadingOutlined /> : <CameraOutlined style={{ fontSize: big ? 28 : 20 }} />}
          <span>{t('cases.photo.add')}</span>
        </Button>
      )}
      <input ref={input} data-testid={testId} type="file" accept="image/*" multiple style={{ display: 'none' }} onChange={(e) => void add(e.target.files)} />
    </div>
  );
}

/** Thumbnails that open large (antd Image preview). */
export function Photos({ urls, size = 88 }: { urls: string[]; size?: number }) {
  const { t } = useTranslation();
  if (!urls.length) return <Typography.Text type="secondary">{t('cases.detail.noPhotos')}</Typography.Text>;
  return (
    <Image.PreviewGroup>
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8 }} data-testid="case-photos">
        {urls.map((u) => <Image key={u} src={u} width={size} height={size} style={{ objectFit: 'cover', borderRadius: 6 }} />)}
      </div>
    </Image.PreviewGroup>
  );
}

/** What an event's extra data says, in words (target org, days, rating). */
function eventExtra(e: TimelineEntry, t: (k: string, o?: Record<string, unknown>) => string): string[] {
  const d = e.data ?? {};
  const out: string[] = [];
  if (typeof d.targetOrgName === 'string') out.push(`→ ${d.targetOrgName}`);
  if (d.days !== undefined) out.push(t('cases.detail.delayDays', { days: d.days }));
  if (typeof d.satisfaction === 'string') out.push(t(`cases.satisfaction.${d.satisfaction}`));
  if (typeof d.resolved === 'boolean') out.push(d.resolved ? t('cases.dialog.resolvedYes') : t('cases.dialog.resolvedNo'));
  if (typeof d.level === 'string') out.push(t(`cases.supervision.${d.level}`));
  return out;
}

/** The case's timeline for staff: every action with actor, org, time, note and photos. */
export function CaseTimeline({ entries, photoUrl }: { entries: TimelineEntry[]; photoUrl(id: string): string }) {
  const { t, i18n } = useTranslation();
  return (
    <Timeline
      data-testid="case-timeline"
      items={entries.map((e) => ({
        color: e.actorKind === 'system' ? 'gray' : e.action.startsWith('verify_fail') || e.action === 'reject' || e.action === 'return' ? 'red' : 'blue',
        children: (
          <div data-testid="timeline-entry" data-action={e.action} data-to-state={e.toState ?? ''}>
            <div>
              <Typography.Text strong>{t(`cases.action.${e.action}`, { defaultValue: e.action })}</Typography.Text>
              {e.toState && e.toState !== e.fromState && <> · {t(`cases.state.${e.toState}`, { defaultValue: e.toState })}</>}
              {eventExtra(e, t).map((x) => <Tag key={x} style={{ marginInlineStart: 6 }}>{x}</Tag>)}
            </div>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {fmtTime(e.at, i18n.language)} · {e.actorName ?? '—'}{e.orgName ? `（${e.orgName}）` : ''}
            </Typography.Text>
            {e.note && <div style={{ whiteSpace: 'pre-wrap', marginTop: 2 }}>{e.note}</div>}
            {(e.attachmentIds ?? []).length > 0 && <div style={{ marginTop: 6 }}><Photos urls={(e.attachmentIds ?? []).map(photoUrl)} size={56} /></div>}
          </div>
        ),
      }))}
    />
  );
}
