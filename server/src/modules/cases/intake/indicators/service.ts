/**
 * Indicator tables, drill-down and configuration. One aggregate query per table: every figure is
 * `count(*) FILTER (WHERE <its predicate>)` over the cases received in the period and located in
 * the org's subtree; the drill-down selects the same rows with the same predicate.
 */
import { sql, type Kysely, type RawBuilder, type SqlBool } from 'kysely';
import type { AppContext } from '../../../../platform/context.js';
import type { DB } from '../../../../platform/db/schema.js';
import type { Principal } from '../../../../platform/auth/principal.js';
import { actorOf } from '../../../../platform/auth/access.js';
import { inScope } from '../../../../platform/db/scope-sql.js';
import { recordAudit } from '../../../../platform/audit/audit.js';
import { invalid, notFound } from '../../../../platform/http/errors.js';
import { CHANNEL_LABELS } from '../labels.js';
import { STATE_LABELS } from '../states.js';
import {
  computeRates, DEFAULT_CONFIG, DURATIONS, emptyCounts, FIGURE_CODES, FIGURES,
  type Counts, type DurationCode, type DurationSums, type FigureCode, type IndicatorConfig,
} from './definitions.js';
import { countPeriod } from './sources.js';
import type { ConfigInput, DrillQuery, GroupBy, IndicatorQuery } from './schema.js';

interface OrgRef { id: string; tenant_code: string; path: string; kind: string; name: string; code: string }

/** The org the table is about: the one asked for (in scope) or the caller's first scope root. */
export async function resolveOrg(db: Kysely<DB>, p: Principal, orgId: string | undefined): Promise<OrgRef> {
  const id = orgId ?? p.scopes[0]?.orgId;
  const org = id ? await db.selectFrom('org_units').select(['id', 'tenant_code', 'path', 'kind', 'name', 'code'])
    .where('id', '=', id).where(inScope('path', p.scopePaths)).executeTakeFirst() : undefined;
  if (!org) throw notFound('Org unit', '组织');
  return org;
}

/** [from 00:00, to+1 00:00) in Asia/Shanghai, as UTC instants. */
export function periodBounds(from: string, to: string): [Date, Date] {
  const start = new Date(`${from}T00:00:00+08:00`);
  const end = new Date(new Date(`${to}T00:00:00+08:00`).getTime() + 86_400_000);
  if (Number.isNaN(start.getTime()) || Number.isNaN(end.getTime())) {
    throw invalid('Invalid period', '统计周期不正确', [{ path: 'from', message: 'not a real date', message_zh: '日期不存在' }]);
  }
  return [start, end];
}

/** The group key over alias `c`; `month` spells the month of receipt in the source read. */
function groupKey(groupBy: GroupBy, org: OrgRef, month: RawBuilder<string> = sql<string>`to_char(c.created_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM')`): RawBuilder<string> {
  switch (groupBy) {
    case 'none': return sql<string>`'all'`;
    // the child of `org` the case lies under ('' when it sits at the org itself)
    case 'org': return sql<string>`split_part(substr(c.path, ${org.path.length + 1}), '/', 1)`;
    case 'grid': return sql<string>`coalesce(c.grid_id::text, '')`;
    case 'category': return sql<string>`c.category_id::text`;
    case 'channel': return sql<string>`c.channel`;
    case 'month': return month;
  }
}

/** Where the case lies and what it is (no period): shared by every source of the table and by the drill-down. */
function placeFilter(p: Principal, org: OrgRef, q: { categoryId?: string; channel?: string }): RawBuilder<SqlBool> {
  const parts: RawBuilder<SqlBool>[] = [sql<SqlBool>`c.path LIKE ${org.path + '%'}`, sql<SqlBool>`${inScope('c.path', p.scopePaths)}`];
  if (q.categoryId) parts.push(sql<SqlBool>`c.category_id = ${q.categoryId}`);
  if (q.channel) parts.push(sql<SqlBool>`c.channel = ${q.channel}`);
  return sql.join(parts, sql` AND `) as RawBuilder<SqlBool>;
}

/** The monthly summary holding what the table reads: by category, by channel, or none (both asked for). */
function summaryFor(q: IndicatorQuery): 'category' | 'channel' | null {
  const byCategory = !!q.categoryId || q.groupBy === 'category';
  const byChannel = !!q.channel || q.groupBy === 'channel';
  if (byCategory && byChannel) return null;
  return byChannel ? 'channel' : 'category';
}

/** A street or anything below it lies in one tenant: lets the (tenant_code, …) indexes serve. */
const tenantOf = (org: OrgRef) => (org.kind === 'district' ? null : org.tenant_code);

/** The drill-down's WHERE: the cases received in the period, in the place, of the category and channel. */
function baseFilter(p: Principal, org: OrgRef, q: { from: string; to: string; categoryId?: string; channel?: string }): RawBuilder<SqlBool> {
  const [start, end] = periodBounds(q.from, q.to);
  const parts: RawBuilder<SqlBool>[] = [sql<SqlBool>`c.created_at >= ${start}`, sql<SqlBool>`c.created_at < ${end}`, placeFilter(p, org, q)];
  const tenant = tenantOf(org);
  if (tenant) parts.push(sql<SqlBool>`c.tenant_code = ${tenant}`);
  return sql.join(parts, sql` AND `) as RawBuilder<SqlBool>;
}

export async function loadConfig(db: Kysely<DB>, tenantCode: string): Promise<IndicatorConfig> {
  const row = await db.selectFrom('indicator_settings').selectAll().where('tenant_code', '=', tenantCode).executeTakeFirst();
  if (!row) return DEFAULT_CONFIG;
  return {
    weights: { response: Number(row.weight_response), resolution: Number(row.weight_resolution), satisfaction: Number(row.weight_satisfaction) },
    scores: { satisfied: Number(row.score_satisfied), basically_satisfied: Number(row.score_basically_satisfied), unsatisfied: Number(row.score_unsatisfied) },
  };
}

async function labelsFor(db: Kysely<DB>, groupBy: GroupBy, keys: string[], org: OrgRef): Promise<Map<string, string>> {
  const ids = keys.filter((k) => /^[0-9a-f-]{36}$/.test(k));
  const m = new Map<string, string>();
  if (groupBy === 'org' || groupBy === 'grid') {
    if (ids.length) for (const o of await db.selectFrom('org_units').select(['id', 'name']).where('id', 'in', ids).execute()) m.set(o.id, o.name);
    m.set('', groupBy === 'org' ? `${org.name}（本级）` : '（未定位到网格）');
  } else if (groupBy === 'category') {
    if (ids.length) for (const c of await db.selectFrom('case_categories').select(['id', 'name_zh']).where('id', 'in', ids).execute()) m.set(c.id, c.name_zh);
  } else if (groupBy === 'channel') {
    for (const k of keys) m.set(k, CHANNEL_LABELS[k as keyof typeof CHANNEL_LABELS]?.zh ?? k);
  } else if (groupBy === 'none') {
    m.set('all', org.name);
  }
  return m;
}

function addInto(total: { counts: Counts; sums: DurationSums }, row: { counts: Counts; sums: DurationSums }) {
  for (const f of FIGURE_CODES) total.counts[f] += row.counts[f];
  for (const d of Object.keys(DURATIONS) as DurationCode[]) total.sums[d] += row.sums[d];
}

export async function indicatorTable(ctx: AppContext, p: Principal, q: IndicatorQuery) {
  const org = await resolveOrg(ctx.db, p, q.orgId);
  periodBounds(q.from, q.to); // a period of real dates, or 422
  const [rows, cfg] = await Promise.all([
    countPeriod(ctx.db, q.from, q.to, { where: placeFilter(p, org, q), tenantCode: tenantOf(org), summary: summaryFor(q) }, (month) => groupKey(q.groupBy, org, month)),
    loadConfig(ctx.db, org.tenant_code),
  ]);
  const labels = await labelsFor(ctx.db, q.groupBy, rows.map((r) => r.key), org);
  const total = { counts: emptyCounts(), sums: { sign_hours: 0, close_hours: 0 } as DurationSums };
  for (const r of rows) addInto(total, r);
  return {
    org: { id: org.id, name: org.name, kind: org.kind },
    period: { from: q.from, to: q.to },
    groupBy: q.groupBy,
    config: cfg,
    total: { counts: total.counts, rates: computeRates(total.counts, total.sums, cfg) },
    rows: rows.map((r) => ({ key: r.key, label: labels.get(r.key) ?? r.key, counts: r.counts, rates: computeRates(r.counts, r.sums, cfg) })),
  };
}

/** The cases behind one figure of one row: exactly those counted. */
export async function drillDown(ctx: AppContext, p: Principal, q: DrillQuery) {
  const org = await resolveOrg(ctx.db, p, q.orgId);
  const figure = q.figure as FigureCode;
  let where = sql<SqlBool>`${baseFilter(p, org, q)} AND ${FIGURES[figure].where}`;
  if (q.key !== undefined && q.groupBy !== 'none') where = sql<SqlBool>`${where} AND ${groupKey(q.groupBy, org)} = ${q.key}`;
  const [items, count] = await Promise.all([
    sql<{
      id: string; number: string; title: string; channel: string; state: keyof typeof STATE_LABELS; category_id: string; category_name: string | null;
      grid_id: string | null; grid_name: string | null; created_at: Date; responded_at: Date | null; signed_at: Date | null;
      closed_at: Date | null; handle_due: Date | null; satisfaction: string | null; resolved: boolean | null; rework_count: number; delay_count: number;
    }>`SELECT c.id, c.number, c.title, c.channel, c.state, c.category_id, k.name_zh AS category_name, c.grid_id, g.name AS grid_name,
         c.created_at, c.responded_at, c.signed_at, c.closed_at, c.handle_due, c.satisfaction, c.resolved, c.rework_count, c.delay_count
       FROM cases c LEFT JOIN case_categories k ON k.id = c.category_id LEFT JOIN org_units g ON g.id = c.grid_id
       WHERE ${where} ORDER BY c.created_at, c.id LIMIT ${q.pageSize} OFFSET ${(q.page - 1) * q.pageSize}`.execute(ctx.db),
    sql<{ n: number }>`SELECT count(*)::int AS n FROM cases c WHERE ${where}`.execute(ctx.db),
  ]);
  return {
    figure, figureZh: FIGURES[figure].zh, figureEn: FIGURES[figure].en,
    total: count.rows[0].n,
    items: items.rows.map((c) => ({
      id: c.id, number: c.number, title: c.title, channel: c.channel, state: c.state, stateZh: STATE_LABELS[c.state]?.zh ?? c.state,
      categoryId: c.category_id, categoryName: c.category_name, gridId: c.grid_id, gridName: c.grid_name,
      createdAt: c.created_at, respondedAt: c.responded_at, signedAt: c.signed_at, closedAt: c.closed_at, handleDue: c.handle_due,
      satisfaction: c.satisfaction, resolved: c.resolved, reworkCount: c.rework_count, delayCount: c.delay_count,
    })),
  };
}

export async function getConfig(ctx: AppContext, p: Principal, orgId: string | undefined) {
  const org = await resolveOrg(ctx.db, p, orgId);
  return { tenantCode: org.tenant_code, ...(await loadConfig(ctx.db, org.tenant_code)) };
}

/** Weights and callback scores are per street; changing them is audited (figures move with them). */
export async function putConfig(ctx: AppContext, p: Principal, input: ConfigInput, ip: string) {
  const org = await resolveOrg(ctx.db, p, input.orgId);
  if (org.kind !== 'street') {
    throw invalid('Indicator settings belong to a street', '考评指标配置按街道设置', [{ path: 'orgId', message: 'not a street', message_zh: '请选择街道' }]);
  }
  const values = {
    weight_response: input.weights.response, weight_resolution: input.weights.resolution, weight_satisfaction: input.weights.satisfaction,
    score_satisfied: input.scores.satisfied, score_basically_satisfied: input.scores.basically_satisfied, score_unsatisfied: input.scores.unsatisfied,
    updated_by_id: p.userId, updated_by_name: p.name, updated_at: new Date(),
  };
  await ctx.db.transaction().execute(async (tx) => {
    const before = await loadConfig(tx, org.tenant_code);
    await tx.insertInto('indicator_settings').values({ tenant_code: org.tenant_code, path: org.path, ...values })
      .onConflict((oc) => oc.column('tenant_code').doUpdateSet(values)).execute();
    await recordAudit(tx, {
      action: 'indicator.config', actor: actorOf(p), tenantCode: org.tenant_code, path: org.path, ip,
      objectType: 'indicator_settings', objectId: org.id, objectLabel: org.name, detail: { before, after: { weights: input.weights, scores: input.scores } },
    });
  });
  return { tenantCode: org.tenant_code, weights: input.weights, scores: input.scores };
}
