/**
 * Where the figures of a period are counted from (migration 0013_case_indicator_rollup.sql):
 *
 * - whole months of the period: the monthly summary (case_indicator_months) plus the signed
 *   deltas the roll-up has not folded in yet (case_indicator_deltas), read in ONE statement so
 *   a roll-up committing in between cannot count a change twice or not at all;
 * - the partial months at either end: the case rows themselves.
 *
 * All three are counted by the predicates of definitions.ts: `count(*) FILTER (WHERE p)` over
 * cases, `sum(sign) FILTER (WHERE p)` over deltas (a delta row carries the case columns the
 * predicates read), and the folded column over the summary. The result is exactly what the
 * case rows alone would give (indicators.test.ts checks this against random histories).
 */
import { sql, type Kysely, type RawBuilder, type SqlBool } from 'kysely';
import type { DB } from '../../../../platform/db/schema.js';
import { DURATIONS, FIGURE_CODES, FIGURES, type Counts, type DurationCode, type DurationSums } from './definitions.js';

export interface Filter {
  /** SQL over alias `c` shared by every source: place, scope, category, channel */
  where: RawBuilder<SqlBool>;
  /** the street, when the org lies in one (lets the (tenant_code, …) indexes serve) */
  tenantCode: string | null;
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
 * Counts and duration sums per group over [from, to] (Shanghai days), one statement: partial
 * months from the cases, whole months from the summary and the pending deltas.
 */
export async function countPeriod(db: Kysely<DB>, from: string, to: string, filter: Filter, keyOf: KeyOf): Promise<GroupRow[]> {
  const start = shanghaiMidnight(from);
  const end = shanghaiMidnight(addDay(to));
  const months = wholeMonths(from, to);
  const tenant = filter.tenantCode ? sql<SqlBool>`c.tenant_code = ${filter.tenantCode}` : sql<SqlBool>`true`;
  const fromCases = (a: Date, b: Date) => sql`SELECT ${keyOf(MONTH_OF_CREATED)} AS key, ${sql.join(rowCounts('cases'))}
    FROM cases c WHERE ${tenant} AND c.created_at >= ${a} AND c.created_at < ${b} AND ${filter.where} GROUP BY 1`;
  const parts = [];
  if (!months) {
    parts.push(fromCases(start, end));
  } else {
    const [mStart, mEnd] = [shanghaiMidnight(months.first), shanghaiMidnight(months.after)];
    if (start < mStart) parts.push(fromCases(start, mStart));
    if (mEnd < end) parts.push(fromCases(mEnd, end));
    parts.push(sql`SELECT ${keyOf(MONTH_COLUMN)} AS key, ${sql.join(foldedCounts())}
      FROM case_indicator_months c WHERE ${tenant} AND c.month >= ${months.first}::date AND c.month < ${months.after}::date AND ${filter.where} GROUP BY 1`);
    parts.push(sql`SELECT ${keyOf(MONTH_OF_CREATED)} AS key, ${sql.join(rowCounts('deltas'))}
      FROM case_indicator_deltas c WHERE ${tenant} AND c.created_at >= ${mStart} AND c.created_at < ${mEnd} AND ${filter.where} GROUP BY 1`);
  }
  const totals = [...FIGURE_CODES, ...DURATION_CODES].map((f) => sql`sum(${sql.ref(`u.${f}`)}) AS ${sql.ref(f)}`);
  const r = await sql<{ key: string } & Record<string, string | number>>`
    SELECT u.key, ${sql.join(totals)} FROM (${sql.join(parts, sql` UNION ALL `)}) u GROUP BY u.key ORDER BY u.key`.execute(db);
  return r.rows.map(toGroupRow)
    // a group whose cases all moved away nets to zero in the summary: not a row of the table
    .filter((g) => g.counts.received !== 0);
}
