/**
 * Duplicate suggestions: cases of the same category at the same place — same building or
 * room, within the street's radius of the coordinates, or in the same grid — reported within
 * the category's window. Staff decide; merging is the `merge` action.
 */
import { sql } from 'kysely';
import type { AppContext } from '../../platform/context.js';
import { PREPARE } from '../../platform/db/database.js';
import { runAsSystem } from '../../platform/db/scope-context.js';
import type { TenantConfig } from './config.js';
import { caseInScope, type CaseRow } from './repo.js';

const METRES_PER_DEGREE = 111_320;

export async function findDuplicates(ctx: AppContext, c: Pick<CaseRow, 'id' | 'tenant_code' | 'category_id' | 'created_at' | 'room_id' | 'building_id' | 'lng' | 'lat' | 'grid_id'>, cfg: TenantConfig, scopePaths: readonly string[] | null) {
  const cat = cfg.categories.find((x) => x.id === c.category_id);
  const windowMs = (cat?.duplicate_window_hours ?? 72) * 3600_000;
  if (windowMs === 0) return [];
  const radius = cfg.settings.duplicate_radius_m;
  const from = new Date(c.created_at.getTime() - windowMs);
  const to = new Date(c.created_at.getTime() + windowMs);
  const rows = await runAsSystem(() => ctx.db.selectFrom('cases').select(['id', 'number', 'title', 'state', 'created_at'])
    .where('tenant_code', '=', c.tenant_code).where('category_id', '=', c.category_id).where('id', '!=', c.id)
    .where('state', 'not in', ['rejected', 'merged', 'archived'])
    .where('created_at', '>=', from).where('created_at', '<=', to)
    .where(caseInScope(scopePaths))
    .where((eb) => {
      const place = [];
      if (c.room_id) place.push(eb('room_id', '=', c.room_id));
      if (c.building_id) place.push(eb('building_id', '=', c.building_id));
      if (c.lng !== null && c.lat !== null && radius > 0) {
        place.push(eb.and([eb('lat', 'is not', null), sql<boolean>`sqrt(power((lat - ${c.lat}) * ${METRES_PER_DEGREE}, 2)
          + power((lng - ${c.lng}) * ${METRES_PER_DEGREE} * cos(radians(${c.lat})), 2)) <= ${radius}`]));
      }
      if (c.grid_id) place.push(eb('grid_id', '=', c.grid_id));
      return place.length ? eb.or(place) : sql<boolean>`false`;
    })
    // run on every create: prepared once per connection
    .orderBy('created_at', 'desc').limit(10).modifyFront(sql.raw(PREPARE)).execute());
  return rows.map((r) => ({ id: r.id, number: r.number, title: r.title, state: r.state, createdAt: r.created_at.toISOString() }));
}
