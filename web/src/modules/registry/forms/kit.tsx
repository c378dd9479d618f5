/**
 * What every registry form shares: a modal that fits a 390px phone, a submit runner that puts the
 * server's problem+json field errors on the fields (and the rest in the alert), date fields that
 * keep 'YYYY-MM-DD' strings in the form values, code-table options, and record pickers.
 */
import { Alert, AutoComplete, DatePicker, Form, Input, Modal, Select, Spin, type ButtonProps, type FormInstance } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiError } from '../../../api/client';
import { ProblemAlert } from '../../../components/ProblemAlert';
import { isZh } from '../../../i18n';
import { useIsPhone } from '../../../lib/hooks';
import { registryApi, type CodeTables, type SaveWarning, type SearchHit } from '../api';

/** Fields whose server paths carry an array index (phones.1): the error belongs to the whole field. */
const LIST_FIELDS = new Set(['phones', 'skills', 'formerNames', 'units', 'roomIds', 'visibleRoles']);

/**
 * Puts the server's field errors on the form; returns those that matched no field (for the
 * alert). `fields` lists the top-level names the form has (nested names like floating.permitNo work).
 */
export function applyProblem(form: FormInstance, err: unknown, zh: boolean, fields: string[]): { path: string; message: string }[] {
  if (!(err instanceof ApiError) || !err.problem.errors?.length) return [];
  const unmatched: { path: string; message: string }[] = [];
  const set: { name: (string | number)[]; errors: string[] }[] = [];
  for (const e of err.problem.errors) {
    const msg = (zh ? e.message_zh : e.message) || e.message;
    const parts = e.path.split('.').filter(Boolean);
    if (['body', 'querystring', 'params'].includes(parts[0] ?? '')) parts.shift();
    let name: (string | number)[] = parts.map((p) => (/^\d+$/.test(p) ? Number(p) : p));
    if (LIST_FIELDS.has(String(name[0]))) name = [name[0]!];
    if (name.length && fields.includes(String(name[0]))) {
      const prev = set.find((s) => s.name.join('.') === name.join('.'));
      if (prev) prev.errors.push(msg); else set.push({ name, errors: [msg] });
    } else unmatched.push({ path: e.path, message: msg });
  }
  if (set.length) form.setFields(set);
  return unmatched;
}

/** Runs a save: busy flag, error kept for the alert, field errors on the fields. */
export function useSubmit(form: FormInstance, fields: string[]) {
  const { i18n } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [extra, setExtra] = useState<{ path: string; message: string }[] | undefined>();
  const run = async <T,>(work: () => Promise<T>): Promise<T | undefined> => {
    setBusy(true);
    setError(null);
    try {
      return await work();
    } catch (e) {
      setError(e);
      setExtra(applyProblem(form, e, isZh(i18n.language), fields));
      return undefined;
    } finally {
      setBusy(false);
    }
  };
  const clear = () => { setError(null); setExtra(undefined); };
  return { busy, error, extra, run, clear };
}

/** The existing record's id in a 409 duplicate answer (the server names it only when the caller may see it). */
export function duplicateId(err: unknown): string | null {
  if (!(err instanceof ApiError) || err.problem.status !== 409 || !/duplicate_/.test(err.problem.type)) return null;
  return /([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})/i.exec(err.problem.detail ?? '')?.[1] ?? null;
}

/** A form in a modal: full width on a phone, the alert on top, save/cancel at the bottom. */
export function FormModal({ open, title, onCancel, onOk, busy, error, extra, children, width = 720, testId, okText, notice }: {
  open: boolean; title: ReactNode; onCancel(): void; onOk(): void; busy: boolean; error: unknown;
  extra?: { path: string; message: string }[]; children: ReactNode; width?: number; testId: string; okText?: string; notice?: ReactNode;
}) {
  const { t } = useTranslation();
  const phone = useIsPhone();
  const body = useRef<HTMLDivElement>(null);
  // a problem is shown above the form: bring it into view
  useEffect(() => {
    if (!error) return;
    const el = body.current?.closest('.ant-modal-body');
    if (el) el.scrollTop = 0;
  }, [error]);
  return (
    <Modal
      open={open}
      title={title}
      onCancel={onCancel}
      onOk={onOk}
      okText={okText ?? t('common.save')}
      cancelText={t('common.cancel')}
      okButtonProps={{ loading: busy, 'data-testid': `${testId}-save` } as ButtonProps}
      destroyOnHidden
      maskClosable={false}
      width={phone ? '100%' : width}
      style={phone ? { top: 8, maxWidth: 'calc(100vw - 16px)', paddingBottom: 8 } : { top: 40 }}
      styles={{ body: { maxHeight: phone ? 'calc(100vh - 150px)' : 'calc(100vh - 220px)', overflowY: 'auto', overflowX: 'hidden', paddingInlineEnd: 4 } }}
      data-testid={testId}
    >
      <div data-testid={`${testId}-body`} ref={body}>
        {notice}
        <ProblemAlert error={error} extra={extra} />
        {children}
      </div>
    </Modal>
  );
}

/** Warnings of the last save (kept, not errors); with onClose the reader can dismiss them (on a list page they would otherwise stay). */
export function SaveWarnings({ warnings, onClose }: { warnings?: SaveWarning[] | null; onClose?: () => void }) {
  const { i18n } = useTranslation();
  if (!warnings?.length) return null;
  const zh = isZh(i18n.language);
  return (
    <Alert type="warning" showIcon data-testid="save-warnings" style={{ marginBottom: 12 }} closable={!!onClose} onClose={onClose}
      message={warnings.map((w) => (zh ? w.message_zh : w.message) || w.message).join('；')} />
  );
}

/** Date picker whose form value is 'YYYY-MM-DD' (or null). */
export function DateItem({ name, label, required, testId }: { name: string | (string | number)[]; label: ReactNode; required?: boolean; testId?: string }) {
  const { t } = useTranslation();
  return (
    <Form.Item name={name} label={label} rules={required ? [{ required: true, message: t('registry.form.required') }] : undefined}
      getValueProps={(v: string | null | undefined) => ({ value: v ? dayjs(v) : undefined })}
      normalize={(d: dayjs.Dayjs | null) => (d ? d.format('YYYY-MM-DD') : null)}>
      <DatePicker style={{ width: '100%' }} data-testid={testId} inputReadOnly={false} />
    </Form.Item>
  );
}

export function codeOptions(codes: CodeTables | null, table: string, zh: boolean) {
  return (codes?.[table]?.items ?? []).map((i) => ({ value: i.code, label: zh ? i.zh : i.en ?? i.zh }));
}

/** A searchable pick of one registry record (person or room) through the one search box. */
export function RecordPicker({ kind, value, onChange, placeholder, testId, initialLabel }: {
  kind: 'person' | 'room'; value?: string; onChange?: (id: string | undefined) => void; placeholder?: string; testId?: string; initialLabel?: string;
}) {
  const [q, setQ] = useState(initialLabel ?? '');
  const [hits, setHits] = useState<SearchHit[]>([]);
  const [loading, setLoading] = useState(false);
  const seq = useRef(0);
  useEffect(() => {
    const term = q.trim();
    if (!term || (value && term === initialLabel)) { setHits([]); return; }
    const my = ++seq.current;
    const timer = setTimeout(() => {
      setLoading(true);
      registryApi.searchKinds(term, kind).then(
        (r) => { if (my === seq.current) { setHits(r.items); setLoading(false); } },
        () => { if (my === seq.current) { setHits([]); setLoading(false); } },
      );
    }, 250);
    return () => clearTimeout(timer);
  }, [q, kind, value, initialLabel]);
  return (
    <AutoComplete
      value={q}
      data-testid={testId}
      style={{ width: '100%' }}
      onChange={(v: string) => { setQ(v); if (value) onChange?.(undefined); }}
      onSelect={(id: string) => { const h = hits.find((x) => x.id === id); setQ(h?.title ?? ''); onChange?.(id); }}
      options={hits.map((h) => ({ value: h.id, label: <div data-testid="picker-hit"><b>{h.title}</b> <span style={{ color: '#888', fontSize: 12 }}>{[h.subtitle, h.gridName].filter(Boolean).join(' · ')}</span></div> }))}
      notFoundContent={loading ? <Spin size="small" /> : null}
    >
      <Input.Search allowClear placeholder={placeholder} loading={loading} />
    </AutoComplete>
  );
}

/** Several rooms picked through the search box, shown as removable tags. */
export function RoomsPicker({ value, onChange, testId }: { value?: string[]; onChange?: (v: string[]) => void; testId?: string }) {
  const { t } = useTranslation();
  const [labels, setLabels] = useState<Record<string, string>>({});
  const [q, setQ] = useState('');
  const [hits, setHits] = useState<SearchHit[]>([]);
  useEffect(() => {
    const term = q.trim();
    if (!term) { setHits([]); return; }
    const timer = setTimeout(() => { registryApi.searchKinds(term, 'room').then((r) => setHits(r.items), () => setHits([])); }, 250);
    return () => clearTimeout(timer);
  }, [q]);
  const ids = value ?? [];
  return (
    <Select
      mode="multiple"
      data-testid={testId}
      value={ids}
      showSearch
      filterOption={false}
      searchValue={q}
      onSearch={setQ}
      placeholder={t('registry.form.searchRoom')}
      onChange={(v: string[]) => { onChange?.(v); setQ(''); }}
      options={[
        ...ids.filter((id) => !hits.some((h) => h.id === id)).map((id) => ({ value: id, label: labels[id] ?? id })),
        ...hits.map((h) => ({ value: h.id, label: h.title })),
      ]}
      onSelect={(id: string) => { const h = hits.find((x) => x.id === id); if (h) setLabels((l) => ({ ...l, [id]: h.title })); }}
    />
  );
}

export function DuplicateNotice({ error, kind }: { error: unknown; kind: 'person' | 'entity' }) {
  const { t } = useTranslation();
  const id = duplicateId(error);
  if (!(error instanceof ApiError) || error.problem.status !== 409) return null;
  if (!/duplicate_/.test(error.problem.type)) return null;
  return (
    <Alert type="info" showIcon style={{ marginBottom: 12 }} data-testid="duplicate-notice"
      message={t(`registry.form.duplicate.${kind}`)}
      description={id ? (kind === 'person'
        ? <Link to={`/registry/persons/${id}`} data-testid="duplicate-link">{t('registry.form.openExisting')}</Link>
        : <Link to={`/registry/entities?id=${id}`} data-testid="duplicate-link">{t('registry.form.openExisting')}</Link>) : t('registry.form.duplicateHidden')} />
  );
}
