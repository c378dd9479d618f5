/**
 * Where a case is: a room, a building, a grid, coordinates or just an address, resolved to a
 * grid (and its org path, which scopes the case). An address alone is looked up among the
 * registry's standard addresses: the one building it names places the case in its grid. Without
 * a grid, a community the reporter named
 * (or whose boundary holds the coordinates) places the case at that community: its path, no grid,
 * so the community sees it, handles it and shows it on its public page. Without either the case
 * falls to the street, which sorts it out (兜底).
 *
 * The registry (modules/registry) owns rooms, buildings and people; it is reached through its
 * service (locateRoom, getBuilding), never its tables. The hooks below can replace those calls
 * (tests, a remote registry) and add the person-tag lookup the registry does not export yet.
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema.js';
import type { AppContext } from '../../platform/context.js';
import type { Principal } from '../../platform/auth/principal.js';
import { PREPARE } from '../../platform/db/database.js';
import { runAsSystem } from '../../platform/db/scope-context.js';
import { AppError, invalid } from '../../platform/http/errors.js';
import { getBuilding, locateRoom, matchBuildingAddress } from '../registry/index.js';

export interface RegistryPlace {
  gridId: string | null;
  buildingId?: string | null;
  householdId?: string | null;
  address?: string | null;
}

export interface RegistryHooks {
  /** room → its building, household and grid (registry service); null when unknown */
  locateRoom?: (roomId: string) => Promise<RegistryPlace | null>;
  /** free-text address → the one registry building it names in the street (registry service); null when none */
  matchAddress?: (tenantCode: string, address: string) => Promise<{ buildingId: string; gridId: string } | null>;
  locateBuilding?: (buildingId: string) => Promise<RegistryPlace | null>;
  /** the care-group tags (重点人群) of a registered person, for proactive discovery */
  personTags?: (personId: string) => Promise<string[]>;
}

const hooks: RegistryHooks = {};
export function registerRegistryHooks(h: RegistryHooks) {
  Object.assign(hooks, h);
}
export function registryHooks(): Readonly<RegistryHooks> {
  return hooks;
}

export interface LocationInput {
  gridId?: string;
  buildingId?: string;
  roomId?: string;
  householdId?: string;
  /** the community the reporter named (portal: communityCode), when no grid is known */
  communityId?: string;
  lng?: number;
  lat?: number;
  address?: string;
  streetCode?: string;
}

export interface OrgLite {
  id: string;
  tenant_code: string;
  kind: string;
  path: string;
  name: string;
  code: string;
  parent_id: string | null;
}

export interface ResolvedLocation {
  tenantCode: string;
  grid: OrgLite | null;
  community: OrgLite | null;
  street: OrgLite;
  /** the case's scoping path: the grid's, else the community's, else the street's */
  path: string;
  buildingId: string | null;
  roomId: string | null;
  householdId: string | null;
  address: string | null;
  lng: number | null;
  lat: number | null;
}

/**
 * The registry's services take a Principal and scope by its paths. Staff resolve within their
 * own scope (a room they cannot see is unknown); residents and the system anywhere (they learn
 * only the grid). Only scopePaths is read by locateRoom / getBuilding.
 */
function asPrincipal(scopePaths: readonly string[] | null): Principal {
  return { scopePaths: scopePaths ? [...scopePaths] : [''] } as unknown as Principal;
}

/** A registry lookup; its 404 means "unknown place" here. */
async function viaRegistry(lookup: () => Promise<{ gridId: string | null; address?: string | null }>): Promise<RegistryPlace | null> {
  try {
    const r = await lookup();
    return { gridId: r.gridId, address: r.address ?? null };
  } catch (e) {
    if (e instanceof AppError && e.status === 404) return null;
    throw e;
  }
}

const ORG_COLS = ['id', 'tenant_code', 'kind', 'path', 'name', 'code', 'parent_id'] as const;

const bad = (path: string, message: string, messageZh: string) =>
  invalid('The location cannot be resolved', '无法确定诉求发生地点', [{ path, message, message_zh: messageZh }]);

/** Ray casting on the outer ring; grids are small enough for plane geometry. */
export function pointInPolygon(lng: number, lat: number, ring: number[][]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if ((yi > lat) !== (yj > lat) && lng < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/**
 * A grid with its community and street, kept for half a minute: every case create names a grid
 * and the org tree changes rarely, so this saves a round trip per create. A grid closed or
 * renamed is seen by new cases within 30 s (org changes go through the orgs module, which does
 * not reach into this cache; a restart clears it).
 */
const GRID_TTL_MS = 30_000;
const gridCache = new Map<string, { at: number; rows: Array<OrgLite & { status: string }> }>();

async function gridWithAncestors(db: Kysely<DB>, gridId: string): Promise<Array<OrgLite & { status: string }>> {
  const hit = gridCache.get(gridId);
  if (hit && Date.now() - hit.at < GRID_TTL_MS) return hit.rows;
  // one round trip: the grid, its community (an ancestor on its path) and its street (by tenant code)
  const { rows } = await sql<OrgLite & { status: string }>`${sql.raw(PREPARE)}
    WITH g AS (SELECT tenant_code, path FROM org_units WHERE id = ${gridId})
    SELECT o.id, o.tenant_code, o.kind, o.path, o.name, o.code, o.parent_id, o.status FROM org_units o
    WHERE o.id = ${gridId}
       OR (o.kind = 'community' AND o.id = ANY (array_remove(string_to_array((SELECT path FROM g), '/'), '')::uuid[]))
       OR (o.kind = 'street' AND o.status = 'active' AND o.code = (SELECT tenant_code FROM g))`.execute(db);
  if (gridCache.size > 10_000) gridCache.clear();
  gridCache.set(gridId, { at: Date.now(), rows });
  return rows;
}

/**
 * Resolves the location. `fallbackTenant` is the street of the reporting staff member, used
 * when the input names nothing more precise; `scopePaths` limits which registry rooms and
 * buildings the reporter may name (null: any — residents, clients, the system). Org rows are read in the system scope: a
 * resident may report a place they cannot see; the service checks staff scope afterwards.
 */
export async function resolveLocation(db: Kysely<DB>, input: LocationInput, fallbackTenant: string | null, scopePaths: readonly string[] | null = null): Promise<ResolvedLocation> {
  // the registry's services read only ctx.db
  const ctx = { db } as AppContext;
  return runAsSystem(async () => {
    let gridId = input.gridId ?? null;
    let buildingId = input.buildingId ?? null;
    let householdId = input.householdId ?? null;
    let address = input.address ?? null;
    if (input.roomId) {
      const place = hooks.locateRoom ? await hooks.locateRoom(input.roomId) : await viaRegistry(() => locateRoom(ctx, asPrincipal(scopePaths), input.roomId!));
      if (!place) throw bad('body.location.roomId', 'unknown room', '未找到该房屋');
      gridId ??= place.gridId;
      buildingId ??= place.buildingId ?? null;
      householdId ??= place.householdId ?? null;
      address ??= place.address ?? null;
    }
    if (buildingId && !gridId) {
      const place = hooks.locateBuilding ? await hooks.locateBuilding(buildingId)
        : await viaRegistry(() => getBuilding(ctx, asPrincipal(scopePaths), buildingId!));
      if (!place) throw bad('body.location.buildingId', 'unknown building', '未找到该楼栋');
      gridId = place.gridId;
      address ??= place.address ?? null;
    }
    let grid: OrgLite | null = null;
    // a grid and its street: the case lies in that grid. A grid the reporter named must exist
    // (field: the input that named it); one found by the address may not, and is passed over.
    const inGrid = async (id: string, field: string | null): Promise<ResolvedLocation | null> => {
      const rows = await gridWithAncestors(db, id);
      const g = rows.find((r) => r.id === id && r.status === 'active');
      if (!g || (g.kind !== 'grid' && g.kind !== 'microgrid')) {
        if (field) throw bad(field, 'no such active grid', '网格不存在');
        return null;
      }
      const strip = ({ status: _s, ...o }: OrgLite & { status: string }): OrgLite => o;
      grid = strip(g);
      const street = rows.find((r) => r.kind === 'street' && r.code === g.tenant_code && r.status === 'active');
      const community = rows.find((r) => r.kind === 'community' && r.id !== id);
      if (!street) return null;
      return {
        tenantCode: g.tenant_code, grid, community: community ? strip(community) : null, street: strip(street), path: grid.path,
        buildingId, roomId: input.roomId ?? null, householdId, address, lng: input.lng ?? null, lat: input.lat ?? null,
      };
    };
    if (gridId) {
      const placed = await inGrid(gridId, 'body.location.gridId');
      if (placed) return placed;
    }
    // a community the reporter named: the case lies there unless a grid of it is found below
    let community: OrgLite | null = null;
    if (!grid && input.communityId) {
      community = (await db.selectFrom('org_units').select(ORG_COLS).where('id', '=', input.communityId).where('kind', '=', 'community')
        .where('status', '=', 'active').executeTakeFirst()) ?? null;
      if (!community) throw bad('body.location.communityId', 'no such active community', '社区不存在');
      if (input.streetCode && input.streetCode !== community.tenant_code) {
        throw bad('body.location.streetCode', 'the community is not in this street', '该社区不属于所选街道');
      }
    }
    if (!grid && input.lng !== undefined && input.lat !== undefined) {
      const tenant = community?.tenant_code ?? input.streetCode ?? fallbackTenant;
      // grids and microgrids, and communities that have a boundary drawn (the finest unit holding the point wins);
      // a named community limits the search to itself
      let q = db.selectFrom('org_units').select([...ORG_COLS, 'boundary']).where('kind', 'in', community ? ['grid', 'microgrid'] : ['grid', 'microgrid', 'community'])
        .where('status', '=', 'active').where('boundary', 'is not', null).orderBy('kind', 'desc').orderBy('code');
      if (tenant) q = q.where('tenant_code', '=', tenant);
      if (community) q = q.where('path', 'like', `${community.path}%`);
      const units = await q.execute();
      // microgrid, grid, community: listed finest first
      const hit = units.find((g) => {
        const b = g.boundary as unknown as { coordinates?: number[][][] } | null;
        return b?.coordinates?.[0] ? pointInPolygon(input.lng!, input.lat!, b.coordinates[0]) : false;
      });
      const unit = hit ? { id: hit.id, tenant_code: hit.tenant_code, kind: hit.kind, path: hit.path, name: hit.name, code: hit.code, parent_id: hit.parent_id } : null;
      if (unit?.kind === 'community') community = unit;
      else if (unit) grid = unit;
    }
    // only an address: the registry building it names, if exactly one, places the case in that building's grid
    if (!grid && !community && address && !buildingId) {
      const tenant = input.streetCode ?? fallbackTenant;
      const match = tenant ? await (hooks.matchAddress ?? ((t: string, a: string) => matchBuildingAddress(ctx, asPrincipal(scopePaths), t, a)))(tenant, address) : null;
      const placed = match ? await inGrid(match.gridId, null) : null;
      if (placed) return { ...placed, buildingId: match!.buildingId };
    }
    const tenantCode = grid?.tenant_code ?? community?.tenant_code ?? input.streetCode ?? fallbackTenant;
    if (!tenantCode) throw bad('body.location', 'give a grid, a room, coordinates inside a grid or a street code', '请提供网格、房屋、坐标或街道代码');
    const street = await db.selectFrom('org_units').select(ORG_COLS).where('code', '=', tenantCode).where('kind', '=', 'street')
      .where('status', '=', 'active').executeTakeFirst();
    if (!street) throw bad('body.location.streetCode', 'no such street', '街道不存在');
    if (grid) {
      const ids = grid.path.split('/').filter(Boolean);
      community = (await db.selectFrom('org_units').select(ORG_COLS).where('id', 'in', ids).where('kind', '=', 'community').executeTakeFirst()) ?? null;
    }
    return {
      tenantCode, grid, community, street, path: grid?.path ?? community?.path ?? street.path,
      buildingId, roomId: input.roomId ?? null, householdId, address,
      lng: input.lng ?? null, lat: input.lat ?? null,
    };
  });
}

/** An org by id, read in the system scope (targets of dispatch may lie outside the caller's sight). */
export function findOrgAsSystem(db: Kysely<DB>, id: string): Promise<OrgLite | undefined> {
  return runAsSystem(() => db.selectFrom('org_units').select(ORG_COLS).where('id', '=', id).where('status', '=', 'active').executeTakeFirst());
}
