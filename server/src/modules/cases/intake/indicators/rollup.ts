/**
 * Folds the indicator deltas into the monthly summary (migration 0013). Readers add the deltas
 * not yet folded, so how often this runs changes only how much they read, never what they count.
 * Safe on several instances: one folds at a time (advisory lock), the others skip the cycle; the
 * deltas are deleted and the summary updated in one statement, so a crash loses nothing.
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../../../platform/db/schema.js';
import { runAsSystem } from '../../../../platform/db/scope-context.js';
import { DURATIONS, FIGURE_CODES, FIGURES, type DurationCode } from './definitions.js';

/** Deltas folded per statement: bounds the statement's memory and lock time after a bulk load. */
const CHUNK = 200_000;
const ROLLUP_LOCK = 727_002;

const COLUMNS = [...FIGURE_CODES, ...(Object.keys(DURATIONS) as DurationCode[])];

/** Folds everything pending; returns the number of deltas folded (0 when another instance is at it). */
export async function rollUpIndicators(db: Kysely<DB>): Promise<number> {
  return runAsSystem(async () => {
    let folded = 0;
    for (;;) {
      const n = await db.transaction().execute(async (tx) => {
        const { rows } = await sql<{ locked: boolean }>`SELECT pg_try_advisory_xact_lock(${ROLLUP_LOCK}) AS locked`.execute(tx);
        if (!rows[0]?.locked) return -1;
        return foldChunk(tx);
      });
      if (n < 0) return folded;
      folded += n;
      if (n < CHUNK) return folded;
    }
  });
}

/** The two summaries and the dimension each adds to (street, month, place). */
export const SUMMARIES = { category: 'case_indicator_months_by_category', channel: 'case_indicator_months_by_channel' } as const;

async function foldChunk(db: Kysely<DB>): Promise<number> {
  const sums = [
    ...FIGURE_CODES.map((f) => sql`coalesce(sum(c.sign) FILTER (WHERE ${FIGURES[f].where}), 0)`),
    ...(Object.keys(DURATIONS) as DurationCode[]).map((d) =>
      sql`coalesce(sum(c.sign * ${DURATIONS[d].expr}) FILTER (WHERE ${FIGURES[DURATIONS[d].over].where}), 0)`),
  ];
  const fold = (dim: keyof typeof SUMMARIES) => sql`
    INSERT INTO ${sql.table(SUMMARIES[dim])} AS m (tenant_code, month, path, grid_id, ${sql.ref(dim === 'category' ? 'category_id' : 'channel')}, ${sql.join(COLUMNS.map((c) => sql.ref(c)))})
    SELECT c.tenant_code, date_trunc('month', c.created_at AT TIME ZONE 'Asia/Shanghai')::date, c.path, (array_agg(c.grid_id))[1],
      ${sql.ref(dim === 'category' ? 'c.category_id' : 'c.channel')}, ${sql.join(sums)}
    FROM moved c GROUP BY 1, 2, 3, 5
    ON CONFLICT (tenant_code, month, path, ${sql.ref(dim === 'category' ? 'category_id' : 'channel')}) DO UPDATE SET
      grid_id = coalesce(excluded.grid_id, m.grid_id),
      ${sql.join(COLUMNS.map((c) => sql`${sql.ref(c)} = ${sql.ref(`m.${c}`)} + ${sql.ref(`excluded.${c}`)}`))}`;
  const { rows } = await sql<{ n: number }>`
    WITH moved AS (
      DELETE FROM case_indicator_deltas WHERE seq IN (SELECT seq FROM case_indicator_deltas ORDER BY seq LIMIT ${CHUNK})
      RETURNING *),
    by_category AS (${fold('category')}),
    by_channel AS (${fold('channel')})
    SELECT count(*)::int AS n FROM moved`.execute(db);
  return rows[0]?.n ?? 0;
}
