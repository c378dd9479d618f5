import { Empty, Spin, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useOrgs } from '../../auth/orgs';
import { orgApi } from '../../api/endpoints';
import { ProblemAlert } from '../../components/ProblemAlert';
import { fmtTime } from '../../lib/format';
import { useLoad } from '../../lib/hooks';

const COLORS: Record<string, string> = { create: 'green', update: 'blue', move: 'orange', split: 'purple', retire: 'gray' };

const camel = (k: string) => k.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
// Internal columns say nothing to a person reading the history.
const HIDDEN = new Set(['updatedAt', 'createdAt', 'id', 'path', 'depth', 'validFrom', 'tenantCode', 'tenantId', 'streetId']);
const LABELS: Record<string, string> = {
  name: 'common.name', code: 'common.code', kind: 'org.kind', status: 'common.status', boundary: 'org.boundary',
  gridKind: 'org.gridKind', parentId: 'org.parent', targetHouseholds: 'org.targetHouseholds', leaderStaffId: 'org.leader',
  address: 'org.address', phone: 'org.phone', divisionCode: 'org.divisionCode', validTo: 'org.validTo', splitFromId: 'org.splitFrom',
};

type T = (k: string, o?: Record<string, unknown>) => string;

/** Which fields changed, labelled and with values a person can read (names for ids, words for codes). */
function diff(before: unknown, after: unknown, t: T, nameOf: (id: string) => string | undefined) {
  const norm = (o: unknown) => Object.fromEntries(Object.entries(o && typeof o === 'object' ? (o as Record<string, unknown>) : {}).map(([k, v]) => [camel(k), v]));
  const b = norm(before);
  const a = norm(after);
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])].filter((k) => !HIDDEN.has(k));
  const show = (k: string, v: unknown): string => {
    if (v == null || v === '') return '—';
    if (k === 'kind') return t(`kind.${String(v)}`, { defaultValue: String(v) });
    if (k === 'gridKind') return t(`gridKind.${String(v)}`, { defaultValue: String(v) });
    if (k === 'status') return t(v === 'active' ? 'common.active' : v === 'retired' ? 'common.retired' : String(v));
    if ((k === 'parentId' || k === 'splitFromId' || k === 'leaderStaffId') && typeof v === 'string') return nameOf(v) ?? `${v.slice(0, 8)}…`;
    if (typeof v === 'object') {
      const o = v as { type?: string; coordinates?: unknown[][] };
      if (o.type === 'Polygon') return `${t('org.boundary')}（${t('org.points', { count: Math.max((o.coordinates?.[0]?.length ?? 1) - 1, 0) })}）`;
      const s = JSON.stringify(v);
      return s.length > 80 ? s.slice(0, 77) + '…' : s;
    }
    return String(v);
  };
  return keys
    .filter((k) => JSON.stringify(b[k]) !== JSON.stringify(a[k]) && !(before == null && a[k] == null))
    .map((k) => ({ key: k, label: LABELS[k] ? t(LABELS[k]) : k, from: show(k, b[k]), to: show(k, a[k]), created: before == null }));
}

export function HistoryTab({ orgId, version }: { orgId: string; version: number }) {
  const { t, i18n } = useTranslation();
  const { byId } = useOrgs();
  const { data, error, loading } = useLoad(() => orgApi.history(orgId), [orgId, version]);
  const nameOf = (id: string) => byId.get(id)?.name;
  if (loading && !data) return <Spin />;
  if (error) return <ProblemAlert error={error} />;
  if (!data?.items.length) return <Empty description={t('org.noHistory')} />;
  return (
    <Timeline
      data-testid="org-history"
      items={data.items.map((h) => ({
        color: COLORS[h.action] ?? 'blue',
        children: (
          <div>
            <Typography.Text strong>{t(`org.actions.${h.action}`, { defaultValue: h.action })}</Typography.Text>
            <Typography.Text type="secondary"> · {fmtTime(h.at, i18n.language)} · {t('org.actor')}：{h.actorName ?? '—'}</Typography.Text>
            <ul style={{ margin: '4px 0 0', paddingInlineStart: 18, fontSize: 13 }}>
              {diff(h.before, h.after, t as T, nameOf).slice(0, 14).map((d) => (
                <li key={d.key}>{d.label}：{d.created ? d.to : <>{d.from} → {d.to}</>}</li>
              ))}
            </ul>
          </div>
        ),
      }))}
    />
  );
}
