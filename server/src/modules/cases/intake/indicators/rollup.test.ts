import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';
import { sql, type RawBuilder, type SqlBool } from 'kysely';

// a real database; a busy machine must not fail the test on time alone
vi.setConfig({ testTimeout: 120_000, hookTimeout: 60_000 });
import { startTestApp, type TestApp } from '../../../../testing/app.js';
import { ensureDefaultCaseConfig } from '../../config.js';
import { insertCase, hoursAfter } from '../testing.js';
import { rollUpIndicators } from './rollup.js';
import { countCases, countPeriod, shanghaiMidnight, wholeMonths } from './sources.js';

let t: TestApp;
let categories: Array<{ id: string; code: string }>;

beforeAll(async () => {
  t = await startTestApp();
  await ensureDefaultCaseConfig(t.owner.db, ['120114002']);
  categories = await t.owner.db.selectFrom('case_categories').select(['id', 'code']).where('tenant_code', '=', '120114002').orderBy('code').limit(3).execute();
});
afterAll(() => t?.close());

describe('whole months of a period', () => {
  it('finds the months that lie entirely inside [from, to]', () => {
    expect(wholeMonths('2026-01-01', '2026-12-31')).toEqual({ first: '2026-01-01', after: '2027-01-01' });
    expect(wholeMonths('2025-11-25', '2026-11-24')).toEqual({ first: '2025-12-01', after: '2026-11-01' });
    expect(wholeMonths('2026-02-01', '2026-02-28')).toEqual({ first: '2026-02-01', after: '2026-03-01' });
    expect(wholeMonths('2026-02-02', '2026-02-28')).toBeNull();
    expect(wholeMonths('2026-03-05', '2026-03-20')).toBeNull();
    expect(wholeMonths('2026-12-01', '2026-12-31')).toEqual({ first: '2026-12-01', after: '2027-01-01' });
  });
});

/** The states a case row can be in, with the columns the figures read, at random. */
const STATES = ['reported', 'accepted', 'dispatched', 'signed', 'in_progress', 'handled', 'closed', 'called_back', 'archived', 'rejected', 'merged'] as const;
const rowArb = fc.record({
  state: fc.constantFrom(...STATES),
  hour: fc.integer({ min: 0, max: 24 * 120 }),
  place: fc.constantFrom('g1a', 'g1b', 'g2a', 'street'),
  category: fc.integer({ min: 0, max: 2 }),
  channel: fc.constantFrom('portal', 'hotline', 'grid_report'),
  responded: fc.option(fc.integer({ min: 1, max: 60 })),
  signed: fc.option(fc.integer({ min: 1, max: 10 })),
  closed: fc.option(fc.integer({ min: 5, max: 300 })),
  onTime: fc.option(fc.boolean()),
  resolved: fc.option(fc.boolean()),
  satisfaction: fc.option(fc.constantFrom('satisfied', 'basically_satisfied', 'unsatisfied')),
  rework: fc.integer({ min: 0, max: 2 }),
  delay: fc.integer({ min: 0, max: 2 }),
  overdue: fc.boolean(),
});
type Row = typeof rowArb extends fc.Arbitrary<infer R> ? R : never;

/** Spans the turn of January → February → March 2026 (Shanghai), so whole and partial months both occur. */
const BASE = new Date('2026-01-20T00:00:00+08:00');

type CaseValues = Parameters<typeof insertCase>[3];

function columns(r: Row): CaseValues {
  const created = hoursAfter(BASE, r.hour);
  return {
    state: r.state, created_at: created, channel: r.channel as CaseValues['channel'],
    respond_due: hoursAfter(created, 24), responded_at: r.responded === null ? null : hoursAfter(created, r.responded),
    dispatched_at: hoursAfter(created, 1), signed_at: r.signed === null ? null : hoursAfter(created, 1 + r.signed),
    handled_at: r.closed === null ? null : hoursAfter(created, r.closed - 1), closed_at: r.closed === null ? null : hoursAfter(created, r.closed),
    handled_on_time: r.onTime, resolved: r.resolved, satisfaction: r.satisfaction, rework_count: r.rework, delay_count: r.delay, overdue: r.overdue,
  };
}

// whole months, partial ends, a single day, and periods running into a month with no case after them ("up to today")
const PERIODS: Array<[string, string]> = [
  ['2026-01-01', '2026-05-31'], ['2026-02-01', '2026-02-28'], ['2026-01-25', '2026-03-10'], ['2026-02-10', '2026-02-11'], ['2026-01-20', '2026-04-30'],
  ['2026-02-01', '2026-03-10'], ['2026-05-01', '2026-06-15'], ['2026-04-03', '2026-06-30'], ['2026-06-01', '2026-06-20'],
];
type Key = (month: RawBuilder<string>) => RawBuilder<string>;
const KEYS: Record<string, Key> = {
  none: () => sql<string>`'all'`,
  grid: () => sql<string>`coalesce(c.grid_id::text, '')`,
  category: () => sql<string>`c.category_id::text`,
  channel: () => sql<string>`c.channel`,
  month: (m) => m,
};
/** Each grouping with the summaries that hold its column (none: from the cases alone). */
const SOURCES: Record<string, Array<'category' | 'channel' | null>> = {
  none: ['category', 'channel', null], grid: ['category', 'channel'], category: ['category', null], channel: ['channel', null], month: ['category', 'channel'],
};

describe('the monthly summary and its deltas count exactly what the case rows count', () => {
  it('after random creates, updates and deletes, rolled up or not, for every period and grouping', async () => {
    const db = t.owner.db;
    const o = t.fixture.orgs;
    await fc.assert(fc.asyncProperty(
      fc.array(rowArb, { minLength: 5, maxLength: 40 }), fc.array(rowArb, { maxLength: 15 }), fc.integer({ min: 0, max: 2 }), fc.boolean(),
      async (rows, changes, deletes, foldBetween) => {
        await sql`DELETE FROM cases`.execute(db);
        const ids: string[] = [];
        for (const r of rows) {
          const at = o[r.place]!;
          const extra = r.place === 'street' ? { grid_id: null } : {};
          ids.push((await insertCase(db, at, categories[r.category]!, { ...columns(r), ...extra } as CaseValues)).id);
        }
        if (foldBetween) await rollUpIndicators(db);
        // changes of state, of place and of receipt time: each moves a contribution between summary rows
        for (const [i, r] of changes.entries()) {
          const at = o[r.place]!;
          await db.updateTable('cases').set({ ...columns(r), path: at.path, grid_id: r.place === 'street' ? null : at.id, category_id: categories[r.category]!.id })
            .where('id', '=', ids[i % ids.length]!).execute();
        }
        // a title edit is no indicator change
        await db.updateTable('cases').set({ title: '改名' }).where('id', '=', ids[0]!).execute();
        for (const id of ids.slice(0, deletes)) await db.deleteFrom('cases').where('id', '=', id).execute();
        if (!foldBetween) await rollUpIndicators(db);
        await db.updateTable('cases').set({ state: 'closed', closed_at: hoursAfter(BASE, 500) }).where('id', '=', ids[ids.length - 1]!).execute();

        const round = (g: Awaited<ReturnType<typeof countCases>>) =>
          g.map((x) => ({ ...x, sums: Object.fromEntries(Object.entries(x.sums).map(([k, v]) => [k, Math.round(v * 1e6) / 1e6])) }));
        const place = sql<SqlBool>`c.path LIKE ${o.street!.path + '%'}`;
        const filters = [
          { name: 'street', where: place, summaries: null },
          { name: 'community c1', where: sql<SqlBool>`${place} AND c.path LIKE ${o.c1!.path + '%'}`, summaries: null },
          { name: 'one category', where: sql<SqlBool>`${place} AND c.category_id = ${categories[1]!.id}`, summaries: ['category', null] },
          { name: 'one channel', where: sql<SqlBool>`${place} AND c.channel = 'hotline'`, summaries: ['channel', null] },
        ] as const;
        for (const [from, to] of PERIODS) {
          for (const f of filters) {
            for (const [name, key] of Object.entries(KEYS)) {
              const raw = round(await countCases(db, sql<SqlBool>`c.created_at >= ${shanghaiMidnight(from)}
                AND c.created_at < ${new Date(shanghaiMidnight(to).getTime() + 86_400_000)} AND ${f.where}`,
              key(sql<string>`to_char(c.created_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM')`)));
              for (const summary of SOURCES[name]!.filter((x) => !f.summaries || (f.summaries as readonly (string | null)[]).includes(x))) {
                const fast = await countPeriod(db, from, to, { where: f.where, tenantCode: '120114002', summary }, key);
                expect(round(fast), `${from}…${to}, ${f.name}, by ${name} from the ${summary ?? 'cases'}`).toEqual(raw);
              }
            }
          }
        }
      },
    ), { numRuns: 8 });
  });

  it('a second instance rolling up at the same time skips the cycle; nothing is folded twice', async () => {
    const db = t.owner.db;
    await sql`DELETE FROM cases`.execute(db);
    await rollUpIndicators(db);
    const before = await sql<{ n: number }>`SELECT coalesce(sum(received), 0)::int AS n FROM case_indicator_months_by_category`.execute(db);
    for (let i = 0; i < 30; i++) await insertCase(db, t.fixture.orgs.g1a!, categories[0]!, { state: 'reported', created_at: hoursAfter(BASE, 24 * 20 + i) });
    const [a, b] = await Promise.all([rollUpIndicators(db), rollUpIndicators(db)]);
    expect(a + b).toBe(30);
    const after = await sql<{ n: number; pending: number }>`SELECT (SELECT coalesce(sum(received), 0) FROM case_indicator_months_by_category)::int AS n,
      (SELECT count(*) FROM case_indicator_deltas)::int AS pending`.execute(db);
    expect(after.rows[0]!.n - before.rows[0]!.n).toBe(30);
    expect(after.rows[0]!.pending).toBe(0);
  });
});
