import { sql, type Kysely, type Selectable } from 'kysely';
import type { DB, OrgUnitsTable } from '../../platform/db/schema.js';
import { inScope } from '../../platform/db/scope-sql.js';

export type OrgRow = Selectable<OrgUnitsTable>;

/** Scoped reads and writes of org units. Every read takes the caller's scope paths. */
export function findOrg(db: Kysely<DB>, scope: readonly string[], id: string): Promise<OrgRow | undefined> {
  return db.selectFrom('org_units').selectAll().where('id', '=', id).where(inScope('path', scope)).executeTakeFirst();
}

export function listOrgs(db: Kysely<DB>, scope: readonly string[], includeRetired: boolean): Promise<OrgRow[]> {
  let q = db.selectFrom('org_units').selectAll().where(inScope('path', scope));
  if (!includeRetired) q = q.where('status', '=', 'active');
  return q.orderBy('depth').orderBy('code').execute();
}

export async function childCodes(db: Kysely<DB>, parentId: string): Promise<string[]> {
  const rows = await db.selectFrom('org_units').select('code').where('parent_id', '=', parentId).execute();
  return rows.map((r) => r.code);
}

export async function activeChildCount(db: Kysely<DB>, id: string): Promise<number> {
  const r = await db.selectFrom('org_units').select((eb) => eb.fn.countAll<number>().as('n'))
    .where('parent_id', '=', id).where('status', '=', 'active').executeTakeFirstOrThrow();
  return r.n;
}

/** Tables whose rows carry an org path that must follow a moved subtree. */
const PATH_TABLES = ['org_units', 'org_unit_history', 'staff', 'staff_grid_links', 'users'] as const;

/** Re-roots every row under `oldPrefix` to `newPrefix` (a move keeps ids; only paths change). */
export async function rewritePaths(db: Kysely<DB>, oldPrefix: string, newPrefix: string, depthDelta: number) {
  for (const table of PATH_TABLES) {
    await sql`UPDATE ${sql.table(table)} SET path = ${newPrefix} || substr(path, ${oldPrefix.length + 1})
              WHERE path LIKE ${oldPrefix + '%'}`.execute(db);
  }
  if (depthDelta !== 0) {
    await sql`UPDATE org_units SET depth = depth + ${depthDelta} WHERE path LIKE ${newPrefix + '%'}`.execute(db);
  }
}

export interface GridListRow {
  id: string;
  code: string;
  name: string;
  community_id: string | null;
  community_name: string | null;
  grid_kind: string | null;
  target_households: number | null;
  leader_name: string | null;
  worker_count: number;
  status: string;
}

/**
 * The grids under `subtreeOrgId` (or the whole scope) with their community, leader and number
 * of linked workers. The subtree's path is looked up inside the same statement: one round trip.
 */
export function listGrids(db: Kysely<DB>, scope: readonly string[], subtreeOrgId: string | null): Promise<GridListRow[]> {
  return gridsQuery(db, scope, subtreeOrgId).execute() as Promise<GridListRow[]>;
}

/** The query behind listGrids, exposed so the benchmark can serve the very same SQL bare. */
export function gridsQuery(db: Kysely<DB>, scope: readonly string[], subtreeOrgId: string | null) {
  return db.selectFrom('org_units as g')
    .leftJoin('org_units as c', 'c.id', 'g.parent_id')
    .leftJoin('staff as l', 'l.id', 'g.leader_staff_id')
    .select((eb) => [
      'g.id', 'g.code', 'g.name', 'g.grid_kind', 'g.target_households', 'g.status',
      'c.id as community_id', 'c.name as community_name', 'l.name as leader_name',
      eb.selectFrom('staff_grid_links as k').select((e) => e.fn.countAll<number>().as('n'))
        .whereRef('k.grid_id', '=', 'g.id').as('worker_count'),
    ])
    .where('g.kind', '=', 'grid')
    .where('g.status', '=', 'active')
    .$if(subtreeOrgId !== null, (q) => q.where('g.path', 'like', (eb) =>
      eb.selectFrom('org_units as o').select(sql<string>`o.path || '%'`.as('p')).where('o.id', '=', subtreeOrgId!).where(inScope('o.path', scope))))
    .where(inScope('g.path', scope))
    .orderBy('g.code');
}
