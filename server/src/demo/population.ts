/**
 * The demo street's registry: a moderate, realistic population (≈ 6,000 persons) spread over
 * the street's grids by the population generator (tools/population), so the console's lists,
 * search, household cards and statistics have something to show while `npm start` stays fast.
 * Runs once: a street that already has persons is left alone.
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../platform/db/schema.js';
import { insertPopulation } from '../../../tools/population/insert.js';
import { defaultPlanFigures, type GridSpec } from '../../../tools/population/generate.js';
import { todayIso } from '../platform/validation/dates.js';
import { DEMO_STREET_CODE } from './seed.js';

export interface DemoPopulationSummary { skipped: boolean; persons: number; households: number }

export async function seedDemoPopulation(db: Kysely<DB>, opts: { streetCode?: string; persons?: number; seed?: number } = {}): Promise<DemoPopulationSummary> {
  const streetCode = opts.streetCode ?? DEMO_STREET_CODE;
  const street = await db.selectFrom('org_units as s').leftJoin('org_units as d', 'd.id', 's.parent_id')
    .select(['s.id', 's.path', 's.name', 's.tenant_code', 'd.name as district'])
    .where('s.kind', '=', 'street').where('s.code', '=', streetCode).executeTakeFirst();
  if (!street) return { skipped: true, persons: 0, households: 0 };
  const existing = await db.selectFrom('reg_persons').select(sql<number>`1`.as('one')).where('tenant_code', '=', street.tenant_code).limit(1).executeTakeFirst();
  if (existing) return { skipped: true, persons: 0, households: 0 };
  const grids: GridSpec[] = (await db.selectFrom('org_units as g').innerJoin('org_units as c', 'c.id', 'g.parent_id')
    .select(['g.id', 'g.path', 'g.code', 'g.name', 'c.name as community'])
    .where('g.kind', '=', 'grid').where('g.status', '=', 'active').where('g.path', 'like', `${street.path}%`).orderBy('g.code').execute())
    .map((g) => ({ id: g.id, path: g.path, code: g.code, name: g.name, communityName: g.community }));
  if (!grids.length) return { skipped: true, persons: 0, households: 0 };
  const persons = opts.persons ?? 6000;
  const figures = defaultPlanFigures(persons);
  const counts = await insertPopulation(db, {
    tenant: street.tenant_code, addressPrefix: `天津市${street.district ?? ''}${street.name}`, grids, seed: opts.seed ?? 2026, ...figures,
    // ages, inflow dates and residence permits as of the day the demo is loaded: a demo loaded
    // today has permits expiring this month (the reminders), not a ledger of last year's
    asOf: todayIso(),
  });
  return { skipped: false, persons: counts.reg_persons, households: counts.reg_households };
}
