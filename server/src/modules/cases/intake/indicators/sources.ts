/**
 * Where the figures of a period are counted from (migration 0013_case_indicator_rollup.sql):
 *
 * - whole months of the period: a monthly summary (by category, or by channel when the channel
 *   is asked for) plus the signed deltas the roll-up has not folded in yet, read in ONE
 *   statement so a roll-up committing in between cannot count a change twice or not at all;
 * - the month the period ends in, when the period covers it from its first day and no case of
 *   the street was received after the period (the usual "up to today"): the summary too, since
 *   the month's cases so far are then exactly the period's; the statement checks that itself;
 * - the other partial months, and anything filtered by category AND channel: the case rows.
 *
 * All three are counted by the predicates of definitions.ts: `count(*) FILTER (WHERE p)` over
 * cases, `sum(sign) FILTER (WHERE p)` over deltas (a delta row carries the case columns the
 * predicates read), and the folded column over the summary. The result is exactly what the
 * case rows alone would give (indicators.test.ts checks this against random histories).
 */
import { sql, type Kysely, type RawBuilder, type SqlBool } from 'kysely';
import type { DB } from '../../../../platform/db/schema.js';
import { DURATIONS, FIGURE_CODES, FIGURES, type Counts, type DurationCode, type DurationSums } from './definitions.js';
import { SUMMARIES } from './rollup.js';

export interface Filter {
  /** SQL over alias `c` shared by every source: place, scope, category, channel */
  where: RawBuilder<SqlBool>;
  /** the street, when the org lies in one (lets the (tenant_code, …) indexes serve) */
  tenantCode: string | null;
  /** the summary holding the columns `where` and the key read: by category or by channel; null: none does */
  summary: keyof typeof SUMMARIES | null;
}

/** The group key over alias `c`; `month` is how the source spells the month of receipt. */
export type KeyOf = (month: RawBuilder<string>) => RawBuilder<string>;

export interface GroupRow { key: string; counts: Counts; sums: DurationSums }

/** [from, to] as Shanghai days → the whole months inside, if any: [first month, month after last). */
export function wholeMonths(from: string, to: string): { first: string; after: string } | null {
  const first = from.endsWith('-01') ? from.slice(0, 8) + '01' : nextMonth(from.slice(0, 8) + '01');
  const dayAfterTo = addDay(to);
  const after = dayAfterTo.endsWith('-01') ? dayAfterTo : to.slice(0, 8) + '01';
  return first < after ? { first, after } : null;
}

const addDay = (d: string) => new Date(Date.parse(`${d}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
function nextMonth(firstOfMonth: string): string {
  const [y, m] = firstOfMonth.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
}

/** 00:00 Asia/Shanghai of a day, as an instant. */
export const shanghaiMidnight = (day: string) => new Date(`${day}T00:00:00+08:00`);

const MONTH_OF_CREATED = sql<string>`to_char(c.created_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM')`;
const MONTH_COLUMN = sql<string>`to_char(c.month, 'YYYY-MM')`;
const DURATION_CODES = Object.keys(DURATIONS) as DurationCode[];

/** The figure and duration columns of one source, named by their codes. */
function rowCounts(source: 'cases' | 'deltas') {
  const weight = source === 'cases' ? sql`1` : sql`c.sign`;
  return [
    ...FIGURE_CODES.map((f) => sql`coalesce(sum(${weight}) FILTER (WHERE ${FIGURES[f].where}), 0)::int AS ${sql.ref(f)}`),
    ...DURATION_CODES.map((d) => sql`coalesce(sum(${weight} * ${DURATIONS[d].expr}) FILTER (WHERE ${FIGURES[DURATIONS[d].over].where}), 0)::float8 AS ${sql.ref(d)}`),
  ];
}
const foldedCounts = () => [...FIGURE_CODES, ...DURATION_CODES].map((f) => sql`sum(${sql.ref(`c.${f}`)}) AS ${sql.ref(f)}`);

/** Counts and duration sums per group straight from the case rows matching `where` (alias `c`). */
export async function countCases(db: Kysely<DB>, where: RawBuilder<SqlBool>, key: RawBuilder<string>): Promise<GroupRow[]> {
  const r = await sql<{ key: string } & Record<string, string | number>>`
    SELECT ${key} AS key, ${sql.join(rowCounts('cases'))} FROM cases c WHERE ${where} GROUP BY 1 ORDER BY 1`.execute(db);
  return r.rows.map(toGroupRow);
}

function toGroupRow(row: { key: string } & Record<string, string | number>): GroupRow {
  return {
    key: row.key,
    counts: Object.fromEntries(FIGURE_CODES.map((f) => [f, Number(row[f])])) as Counts,
    sums: Object.fromEntries(DURATION_CODES.map((d) => [d, Number(row[d])])) as DurationSums,
  };
}

/**
 * Counts and duration sums per group over [from, to] (Shanghai days), in one statement (see the
 * header for which source counts which days).
 */
export async function countPeriod(db: Kysely<DB>, from: string, to: string, filter: Filter, keyOf: KeyOf): Promise<GroupRow[]> {
  const start = shanghaiMidnight(from);
  const end = shanghaiMidnight(addDay(to));
  const tenant = filter.tenantCode ? sql<SqlBool>`c.tenant_code = ${filter.tenantCode}` : sql<SqlBool>`true`;
  const fromCases = (a: Date, b: Date, extra: RawBuilder<SqlBool> = sql<SqlBool>`true`) => sql`SELECT ${keyOf(MONTH_OF_CREATED)} AS key, ${sql.join(rowCounts('cases'))}
    FROM cases c WHERE ${tenant} AND c.created_at >= ${a} AND c.created_at < ${b} AND ${filter.where} AND ${extra} GROUP BY 1`;
  const fromSummary = (first: string, after: string, extra: RawBuilder<SqlBool> = sql<SqlBool>`true`) => [
    sql`SELECT ${keyOf(MONTH_COLUMN)} AS key, ${sql.join(foldedCounts())}
      FROM ${sql.table(SUMMARIES[filter.summary!])} c WHERE ${tenant} AND c.month >= ${first}::date AND c.month < ${after}::date AND ${filter.where} AND ${extra} GROUP BY 1`,
    sql`SELECT ${keyOf(MONTH_OF_CREATED)} AS key, ${sql.join(rowCounts('deltas'))}
      FROM case_indicator_deltas c WHERE ${tenant} AND c.created_at >= ${shanghaiMidnight(first)} AND c.created_at < ${shanghaiMidnight(after)}
      AND ${filter.where} AND ${extra} GROUP BY 1`,
  ];
  const parts: RawBuilder<unknown>[] = [];
  const months = filter.summary ? wholeMonths(from, to) : null;
  // the month `to` lies in, covered from its first day but not to its last
  const lastMonth = to.slice(0, 8) + '01';
  const openEnded = !!filter.summary && !!filter.tenantCode && from <= lastMonth && (!months || months.after === lastMonth);
  const foldedFirst = months?.first ?? (openEnded ? lastMonth : null);
  if (foldedFirst === null) {
    parts.push(fromCases(start, end));
  } else {
    if (start < shanghaiMidnight(foldedFirst)) parts.push(fromCases(start, shanghaiMidnight(foldedFirst)));
    if (months) parts.push(...fromSummary(months.first, months.after));
    if (openEnded) {
      const later = sql<SqlBool>`EXISTS (SELECT 1 FROM cases f WHERE f.tenant_code = ${filter.tenantCode} AND f.created_at >= ${end})`;
      parts.push(...fromSummary(lastMonth, nextMonth(lastMonth), sql<SqlBool>`NOT ${later}`));
      parts.push(fromCases(shanghaiMidnight(lastMonth), end, later));
    } else if (months && shanghaiMidnight(months.after) < end) {
      parts.push(fromCases(shanghaiMidnight(months.after), end));
    }
  }
  const totals = [...FIGURE_CODES, ...DURATION_CODES].map((f) => sql`sum(${sql.ref(`u.${f}`)}) AS ${sql.ref(f)}`);
  const r = await sql<{ key: string } & Record<string, string | number>>`
    SELECT u.key, ${sql.join(totals)} FROM (${sql.join(parts, sql` UNION ALL `)}) u GROUP BY u.key ORDER BY u.key`.execute(db);
  return r.rows.map(toGroupRow)
    // a group whose cases all moved away nets to zero in the summary: not a row of the table
    .filter((g) => g.counts.received !== 0);
}
