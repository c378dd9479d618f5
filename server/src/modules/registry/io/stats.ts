/**
 * Statistics of an org subtree (grid / community / street), counted live from the registry —
 * 数据一次采集、多方利用: nothing is typed in twice. Every query carries the scope predicate
 * and the org's path prefix; row-level security applies as well.
 *
 * Definitions (documented in docs/api.md):
 * - households: active households; persons: active persons (not moved out, deceased or living elsewhere)
 * - floating: active persons of population type 流动 (floating)
 * - rentals: active rentals; households = distinct landlord households, rooms = rented rooms,
 *   tenants = tenants whose tenancy has not ended
 * - tags: open tags of active persons, per tag and level, only tag types the caller may see
 *   (sensitive tags are invisible to other roles, in counts as everywhere); keyPersons = persons
 *   with at least one visible open tag at level 重点
 * - age pyramid: 5-year bands by sex, ages at today's date in China Standard Time
 */
import { sql, type Expression, type SqlBool } from 'kysely';
import type { Principal } from '../../../platform/auth/principal.js';
import { inScope } from '../../../platform/db/scope-sql.js';
import { addDays, todayIso, yearsBefore } from '../../../platform/validation/dates.js';
import { requireOrg, scopeRanges, startsWith, type Db } from '../common.js';
import { hiddenTagCodes, loadTagTypes, canSeeTagType } from '../tag-visibility.js';

const POPULATION_TYPES = ['registered', 'resident', 'floating', 'overseas'] as const;
const ENTITY_TYPES = ['enterprise', 'individual', 'government', 'institution', 'social_org', 'other'] as const;
export const AGE_BANDS = Array.from({ length: 19 }, (_, i) => (i < 18 ? `${i * 5}-${i * 5 + 4}` : '90+'));

export interface RegistryStats {
  org: { id: string; name: string; kind: string };
  asOf: string;
  grids: number;
  households: number;
  persons: { total: number; byType: Record<(typeof POPULATION_TYPES)[number], number> };
  floating: number;
  rentals: { households: number; rooms: number; tenants: number };
  keyPersons: number;
  tags: Array<{ code: string; nameZh: string; nameEn: string; sensitive: boolean; total: number; normal: number; attention: number; key: number }>;
  agePyramid: Array<{ band: string; male: number; female: number }>;
  entities: { total: number; keyUnits: number; byType: Record<(typeof ENTITY_TYPES)[number], number> };
  children: Array<{ id: string; name: string; kind: string; households: number; persons: number; floating: number }>;
}

/**
 * Rows of `col`'s table inside the org's subtree and the caller's scope. The subtree and the
 * scope are written as text_pattern ranges (leakproof, see README "Search under row-level
 * security"), so the path index drives the scan under RLS (the prefix range is exact for the
 * subtree); the scope is also kept as the usual inScope() LIKE, as every repository query does.
 */
const under = (col: string, orgPath: string, p: Principal): Expression<SqlBool> =>
  sql<SqlBool>`(${startsWith(col, orgPath)} AND ${scopeRanges(col, p.scopePaths)} AND ${inScope(col, p.scopePaths)})`;

export async function registryStats(db: Db, p: Principal, orgId?: string): Promise<RegistryStats> {
  const org = orgId ? await requireOrg(db, p, orgId) : await requireOrg(db, p, p.scopes[0]!.orgId);
  const path = org.path;
  const today = todayIso();
  const hidden = await hiddenTagCodes(db, p);
  const tagTypes = (await loadTagTypes(db)).filter((t) => canSeeTagType(p, t));
  const depth = path.split('/').filter(Boolean).length;
  // the id of the child org a row belongs to: the path segment right below the org
  const childOf = (col: string) => sql<string>`split_part(${sql.ref(col)}, '/', ${depth + 2})`;

  // One pass per table: persons are counted once, grouped by child org × type × age band × sex
  // (a few thousand groups at most), and every figure of persons is summed from those groups.
  const [grids, householdGroups, personGroups, rentals, rentalRooms, tenants, tags, keyPersons, entities] = await Promise.all([
    db.selectFrom('org_units').select((eb) => eb.fn.countAll<number>().as('n'))
      .where('kind', '=', 'grid').where('status', '=', 'active').where(under('path', path, p)).executeTakeFirstOrThrow(),
    db.selectFrom('reg_households').select([childOf('path').as('child'), (eb) => eb.fn.countAll<number>().as('n')])
      .where('status', '=', 'active').where(under('path', path, p)).groupBy('child').execute(),
    db.selectFrom('reg_persons')
      .select([
        childOf('path').as('child'), 'population_type', 'gender',
        sql<number | null>`18 - width_bucket(birth_date, ${ageBandBounds(today)}::date[])`.as('band'),
        (eb) => eb.fn.countAll<number>().as('n'),
      ])
      .where('status', '=', 'active').where(under('path', path, p))
      .groupBy(['child', 'population_type', 'gender', 'band']).execute(),
    db.selectFrom('reg_rentals')
      .select(sql<number>`count(DISTINCT coalesce(household_id, id))`.as('n'))
      .where('status', '=', 'active').where(under('path', path, p)).executeTakeFirstOrThrow(),
    db.selectFrom('reg_rental_rooms as rr').innerJoin('reg_rentals as r', 'r.id', 'rr.rental_id')
      .select(sql<number>`count(DISTINCT rr.room_id)`.as('n'))
      .where('r.status', '=', 'active').where(under('rr.path', path, p)).executeTakeFirstOrThrow(),
    db.selectFrom('reg_rental_tenants as t').innerJoin('reg_rentals as r', 'r.id', 't.rental_id')
      .select(sql<number>`count(DISTINCT t.person_id)`.as('n'))
      .where('r.status', '=', 'active').where((eb) => eb.or([eb('t.to_date', 'is', null), eb('t.to_date', '>=', today)]))
      .where(under('t.path', path, p)).executeTakeFirstOrThrow(),
    db.selectFrom('reg_person_tags as t')
      .select(['t.tag_code', 't.level', (eb) => eb.fn.countAll<number>().as('n')])
      .where(personActive).where(openTag(today)).where(notHidden(hidden))
      .where(under('t.path', path, p)).groupBy(['t.tag_code', 't.level']).execute(),
    db.selectFrom('reg_person_tags as t')
      .select(sql<number>`count(DISTINCT t.person_id)`.as('n'))
      .where('t.level', '=', 'key').where(personActive).where(openTag(today)).where(notHidden(hidden))
      .where(under('t.path', path, p)).executeTakeFirstOrThrow(),
    db.selectFrom('reg_entities').select(['type', 'key_unit', (eb) => eb.fn.countAll<number>().as('n')])
      .where('status', '=', 'active').where(under('path', path, p)).groupBy(['type', 'key_unit']).execute(),
  ]);

  const byType = Object.fromEntries(POPULATION_TYPES.map((t) => [t, 0])) as RegistryStats['persons']['byType'];
  const pyramid = AGE_BANDS.map((band) => ({ band, male: 0, female: 0 }));
  const personsBy = new Map<string, { n: number; floating: number }>();
  let total = 0;
  for (const r of personGroups) {
    const n = Number(r.n);
    total += n;
    byType[r.population_type] += n;
    const c = personsBy.get(r.child) ?? { n: 0, floating: 0 };
    c.n += n;
    if (r.population_type === 'floating') c.floating += n;
    personsBy.set(r.child, c);
    if (r.band === null) continue; // no birth date: counted, not in the pyramid
    const b = pyramid[Math.max(0, r.band)];
    if (!b) continue;
    if (r.gender === '1') b.male += n;
    else if (r.gender === '2') b.female += n;
  }
  const householdsBy = new Map(householdGroups.map((c) => [c.child, Number(c.n)]));
  const households = { n: householdGroups.reduce((sum, c) => sum + Number(c.n), 0) };

  const tagRows = new Map<string, RegistryStats['tags'][number]>();
  for (const t of tagTypes) tagRows.set(t.code, { code: t.code, nameZh: t.name_zh, nameEn: t.name_en, sensitive: t.sensitive, total: 0, normal: 0, attention: 0, key: 0 });
  for (const r of tags) {
    const row = tagRows.get(r.tag_code);
    if (!row) continue;
    row[r.level] += r.n;
    row.total += r.n;
  }

  const entityTypes = Object.fromEntries(ENTITY_TYPES.map((t) => [t, 0])) as RegistryStats['entities']['byType'];
  let entityTotal = 0;
  let keyUnits = 0;
  for (const r of entities) {
    entityTypes[r.type] += r.n;
    entityTotal += r.n;
    if (r.key_unit) keyUnits += r.n;
  }

  const childOrgs = await db.selectFrom('org_units').select(['id', 'name', 'kind', 'code'])
    .where('parent_id', '=', org.id).where('status', '=', 'active').where('kind', 'in', ['community', 'grid', 'microgrid', 'street'])
    .where(inScope('path', p.scopePaths)).orderBy('code').execute();

  return {
    org: { id: org.id, name: org.name, kind: org.kind },
    asOf: today,
    grids: grids.n,
    households: households.n,
    persons: { total, byType },
    floating: byType.floating,
    rentals: { households: rentals.n, rooms: rentalRooms.n, tenants: tenants.n },
    keyPersons: keyPersons.n,
    tags: [...tagRows.values()],
    agePyramid: pyramid,
    entities: { total: entityTotal, keyUnits, byType: entityTypes },
    children: childOrgs.map((c) => ({
      id: c.id, name: c.name, kind: c.kind,
      households: householdsBy.get(c.id) ?? 0, persons: personsBy.get(c.id)?.n ?? 0, floating: personsBy.get(c.id)?.floating ?? 0,
    })),
  };
}

/**
 * The age band (0 = 0–4 … 18 = 90+) is 18 minus the number of these dates a birth date is on or
 * after: the day after each 5-year threshold (born after yearsBefore(today, 5k) ⇔ younger than
 * 5k), oldest first, for width_bucket(). A binary search per row where age() built an interval
 * per row: the persons of a 1,000,000-person district are grouped in 1.7 s instead of 2.2 s.
 */
function ageBandBounds(today: string): string[] {
  return Array.from({ length: 18 }, (_, i) => addDays(yearsBefore(today, 90 - 5 * i), 1));
}

/**
 * The tag's person is active: not among the few inactive persons (a hash of
 * reg_persons_inactive_idx, 0019) rather than a probe of every tag's person. A tag's path follows
 * its person's (residence.service.ts movePersonToPath), so a tag in the subtree and scope has its
 * person there too, as the inner join this replaces required.
 */
const personActive = sql<SqlBool>`NOT EXISTS (SELECT 1 FROM reg_persons pe WHERE pe.id = t.person_id AND pe.status <> 'active')`;

function openTag(today: string): Expression<SqlBool> {
  return sql<SqlBool>`(t.end_date IS NULL OR t.end_date > ${today}::date)`;
}

function notHidden(hidden: string[]): Expression<SqlBool> {
  return hidden.length ? sql<SqlBool>`t.tag_code <> ALL(${hidden}::text[])` : sql<SqlBool>`true`;
}
