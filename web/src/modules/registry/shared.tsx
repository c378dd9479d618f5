/** Small pieces every registry page uses: code labels, column choice, export, level and status tags. */
import { App, Button, Checkbox, Dropdown, Popover, Tag, Tooltip } from 'antd';
import { DownloadOutlined, SettingOutlined, WarningOutlined } from '@ant-design/icons';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../auth/session';
import { problemText } from '../../components/ProblemAlert';
import { isZh } from '../../i18n';
import { download, registryApi, type CodeTables, type ListKind, type RoomStatus, type TagLevel } from './api';

// ── code tables: loaded once per page load (they are reference data) ──
let codesPromise: Promise<CodeTables | null> | null = null;
export function useCodes() {
  const [codes, setCodes] = useState<CodeTables | null>(null);
  const { i18n } = useTranslation();
  useEffect(() => {
    codesPromise ??= registryApi.codes().catch(() => { codesPromise = null; return null; });
    let alive = true;
    void codesPromise.then((c) => { if (alive) setCodes(c); });
    return () => { alive = false; };
  }, []);
  /** The label of a code in the current language; the server's Chinese label is the fallback. */
  const label = (table: string, code: string | null | undefined, serverLabel?: string | null) => {
    if (!code) return serverLabel ?? '—';
    const item = codes?.[table]?.items.find((i) => i.code === code);
    if (!item) return serverLabel ?? code;
    return isZh(i18n.language) ? item.zh : item.en ?? item.zh;
  };
  return { codes, label };
}

// ── colours ──
export const ROOM_COLORS: Record<RoomStatus, { bg: string; fg: string; border: string }> = {
  self_occupied: { bg: '#dbeafe', fg: '#1e3a8a', border: '#93c5fd' },
  rented: { bg: '#fde68a', fg: '#78350f', border: '#f59e0b' },
  vacant: { bg: '#f3f4f6', fg: '#4b5563', border: '#d1d5db' },
  business: { bg: '#dcfce7', fg: '#14532d', border: '#86efac' },
};
export const ROOM_STATUSES: RoomStatus[] = ['self_occupied', 'rented', 'vacant', 'business'];
export const LEVEL_COLORS: Record<TagLevel, string> = { normal: 'blue', attention: 'orange', key: 'red' };

export function LevelTag({ level, children }: { level: TagLevel | string; children?: React.ReactNode }) {
  const { t } = useTranslation();
  return <Tag color={LEVEL_COLORS[level as TagLevel] ?? 'default'} style={{ marginInlineEnd: 4 }}>{children ?? t(`registry.tag.levels.${level}`, { defaultValue: level })}</Tag>;
}

/** A minor's record: flagged so the worker handles it with care. */
export function SensitiveMark({ on }: { on?: boolean }) {
  const { t } = useTranslation();
  if (!on) return null;
  return <Tooltip title={t('registry.common.sensitive')}><WarningOutlined data-testid="sensitive-mark" style={{ color: '#d97706', marginInlineStart: 4 }} /></Tooltip>;
}

// ── column choice (kept per list in localStorage) ──
export interface ColumnDef { key: string; label: string; fixed?: boolean }
export function useColumnChoice(list: string, all: ColumnDef[], defaults: string[]) {
  const storageKey = `rz.registry.cols.${list}`;
  const [chosen, setChosen] = useState<string[]>(() => {
    try {
      const v = JSON.parse(localStorage.getItem(storageKey) ?? 'null') as unknown;
      if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v.filter((k) => all.some((c) => c.key === k));
    } catch { /* ignore */ }
    return defaults;
  });
  const set = (v: string[]) => {
    // keep the definition order, and the fixed columns always
    const next = all.filter((c) => c.fixed || v.includes(c.key)).map((c) => c.key);
    setChosen(next);
    try { localStorage.setItem(storageKey, JSON.stringify(next)); } catch { /* private mode */ }
  };
  return { chosen, set };
}

export function ColumnChooser({ all, chosen, onChange }: { all: ColumnDef[]; chosen: string[]; onChange(v: string[]): void }) {
  const { t } = useTranslation();
  return (
    <Popover
      trigger="click"
      placement="bottomRight"
      title={t('registry.common.columns')}
      content={
        <Checkbox.Group data-testid="column-chooser" value={chosen} onChange={(v) => onChange(v as string[])}
          style={{ display: 'grid', gridTemplateColumns: 'repeat(2, minmax(110px, 1fr))', gap: 6, maxWidth: 300 }}>
          {all.map((c) => <Checkbox key={c.key} value={c.key} disabled={c.fixed} data-col={c.key}>{c.label}</Checkbox>)}
        </Checkbox.Group>
      }
    >
      <Button data-testid="columns-button" icon={<SettingOutlined />}>{t('registry.common.columns')}</Button>
    </Popover>
  );
}

/** Export of the filtered list; the server masks unless the role may export unmasked, and audits every export. */
export function ExportButton({ kind, query }: { kind: ListKind; query: Record<string, string | number | boolean | undefined | null> }) {
  const { t, i18n } = useTranslation();
  const { can } = useSession();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  if (!can('registry.export')) return null;
  const run = async (format: 'xlsx' | 'csv', unmasked = false) => {
    setBusy(true);
    try {
      const q = { ...query, page: undefined, pageSize: undefined, ...(unmasked && { unmasked: true }) };
      await download(registryApi.exportUrl(kind, format, q), `${kind}.${format}`);
      message.success(t('registry.common.exported'));
    } catch (e) {
      message.error(problemText(e, i18n.language));
    } finally {
      setBusy(false);
    }
  };
  const items = [
    { key: 'xlsx', label: <span data-testid="export-xlsx">{t('registry.common.exportXlsx')}</span> },
    { key: 'csv', label: <span data-testid="export-csv">{t('registry.common.exportCsv')}</span> },
    ...(can('registry.export_unmasked') ? [{ type: 'divider' as const }, { key: 'unmasked', danger: true, label: <span data-testid="export-unmasked">{t('registry.common.exportUnmasked')}</span> }] : []),
  ];
  return (
    <Dropdown trigger={['click']} menu={{ items, onClick: ({ key }) => void (key === 'unmasked' ? run('xlsx', true) : run(key as 'xlsx' | 'csv')) }}>
      <Button data-testid="export-button" icon={<DownloadOutlined />} loading={busy}>{t('registry.common.export')}</Button>
    </Dropdown>
  );
}

/** yyyy-mm-dd of today in China (where the registry's dates live). */
export function todayCn(): string {
  return new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });
}

const SOON_DAYS = 30;

function daysUntil(date: string | null): number | null {
  if (!date) return null;
  return Math.round((Date.parse(`${date}T00:00:00Z`) - Date.parse(`${todayCn()}T00:00:00Z`)) / 86_400_000);
}

/** A date with 已过期 (past) or 即将到期 (within 30 days) beside it: residence permits, rental contracts. */
export function ExpiryTag({ date, testId = 'permit-expiry' }: { date: string | null; testId?: string }) {
  const { t } = useTranslation();
  const d = daysUntil(date);
  if (d === null) return <>—</>;
  return (
    <span data-testid={testId}>
      {date}{' '}
      {d < 0 ? <Tag color="red">{t('registry.common.expired')}</Tag> : d <= SOON_DAYS ? <Tag color="orange">{t('registry.common.soon')}</Tag> : null}
    </span>
  );
}

/** 流入原因: free text, offered from this list and stored in Chinese as ledgers write it. */
export const INFLOW_REASONS = ['务工', '经商', '投靠亲友', '学习培训', '婚嫁', '随迁家属', '其他'];

/** Labels of 流入原因 in the console's language (a reason typed otherwise shows as typed), and the list as select options. */
export function useInflowReasons() {
  const { t } = useTranslation();
  const label = (v: string | null | undefined): string | null => (!v ? null : INFLOW_REASONS.includes(v) ? t(`registry.inflowReasons.${v}`) : v);
  return { label, options: INFLOW_REASONS.map((v) => ({ value: v, label: label(v)! })) };
}
