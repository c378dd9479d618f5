import type { Insertable, Kysely, Selectable } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { DB, GeoJsonPolygon, OrgKind, OrgUnitsTable } from '../../platform/db/schema.js';

/** A new org unit as built by imports and the demo seed (ids and paths chosen by the caller). */
export interface NewOrgUnit {
  id: string;
  tenant_code: string;
  parent_id: string | null;
  kind: OrgKind;
  code: string;
  name: string;
  path: string;
  depth: number;
  division_code?: string | null;
  grid_kind?: 'comprehensive' | 'dedicated' | null;
  boundary?: GeoJsonPolygon | null;
  target_households?: number | null;
  leader_staff_id?: string | null;
  address?: string | null;
  phone?: string | null;
}

/** path of a child: parent path + own id + '/'; the root's path is '/' + id + '/'. */
export const childPath = (parentPath: string | null, id: string) => `${parentPath ?? '/'}${id}/`;
/** depth = number of ids in the path minus one. */
export const depthOf = (path: string) => path.split('/').filter(Boolean).length - 1;

/** The fields a history row keeps: everything but bookkeeping timestamps (as the orgs module does). */
function snapshot(o: Selectable<OrgUnitsTable>) {
  const { created_at: _c, updated_at: _u, ...rest } = o;
  return rest;
}

/**
 * Inserts org units in multi-row batches, each with its org_unit_history 'create' row.
 * The actor is the system (imports, seeding, the command-line tool).
 */
export async function insertOrgUnits(db: Kysely<DB>, units: NewOrgUnit[], actorName = 'system', batch = 500) {
  const inserted: Selectable<OrgUnitsTable>[] = [];
  for (let i = 0; i < units.length; i += batch) {
    const values: Insertable<OrgUnitsTable>[] = units.slice(i, i + batch).map((u) => ({
      id: u.id,
      tenant_code: u.tenant_code,
      parent_id: u.parent_id,
      kind: u.kind,
      code: u.code,
      name: u.name,
      path: u.path,
      depth: u.depth,
      division_code: u.division_code ?? null,
      grid_kind: u.grid_kind ?? null,
      boundary: u.boundary ? JSON.stringify(u.boundary) : null,
      target_households: u.target_households ?? null,
      leader_staff_id: u.leader_staff_id ?? null,
      address: u.address ?? null,
      phone: u.phone ?? null,
    }));
    const rows = await db.insertInto('org_units').values(values).returningAll().execute();
    await db.insertInto('org_unit_history').values(rows.map((r) => ({
      tenant_code: r.tenant_code, id: uuidv7(), org_id: r.id, path: r.path, action: 'create',
      before: null, after: JSON.stringify(snapshot(r)), actor_id: null, actor_name: actorName,
    }))).execute();
    // every created org unit is audited, whoever creates it (imports and seeding included)
    await db.insertInto('audit_log').values(rows.map((r) => ({
      action: 'org.create', outcome: 'success' as const, actor_id: null, actor_name: actorName, tenant_code: r.tenant_code,
      path: r.path, object_type: 'org_unit', object_id: r.id, object_label: `${r.code} ${r.name}`, ip: null,
      detail: JSON.stringify({ kind: r.kind, source: actorName }),
    }))).execute();
    inserted.push(...rows);
  }
  return inserted;
}

/** An org_unit_history 'update' row for a change made by the system. */
export async function recordOrgUpdate(db: Kysely<DB>, before: Selectable<OrgUnitsTable>, after: Selectable<OrgUnitsTable>, actorName = 'system') {
  await db.insertInto('org_unit_history').values({
    tenant_code: after.tenant_code, id: uuidv7(), org_id: after.id, path: after.path, action: 'update',
    before: JSON.stringify(snapshot(before)), after: JSON.stringify(snapshot(after)), actor_id: null, actor_name: actorName,
  }).execute();
}
