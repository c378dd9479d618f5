/**
 * Duplicate suggestions: cases of the same category at the same place — same building or
 * room, within the street's radius of the coordinates, or in the same grid — reported within
 * the category's window. Staff decide; merging is the `merge` action.
 *
 * The predicate lives in SQL (case_duplicate_candidates, migration 0015) because it has two
 * callers: the case page asks here, and case creation asks inside its batch statement
 * (create-writer.ts), so a create costs no extra round trip.
 */
import { sql } from 'kysely';
import type { AppContext } from '../../platform/context.js';
import { PREPARE } from '../../platform/db/database.js';
import { runAsSystem } from '../../platform/db/scope-context.js';
import type { TenantConfig } from './config.js';
import type { CaseRow } from './repo.js';

export interface DuplicateSuggestion { id: string; number: string; title: string; state: string; createdAt: string }

type CasePlace = Pick<CaseRow, 'id' | 'tenant_code' | 'category_id' | 'created_at' | 'room_id' | 'building_id' | 'lng' | 'lat' | 'grid_id'>;

/** The arguments of case_duplicate_candidates for one case, in its order; null when its category looks for none. */
export function duplicateLookup(c: CasePlace, cfg: TenantConfig, scopePaths: readonly string[] | null) {
  const cat = cfg.categories.find((x) => x.id === c.category_id);
  const windowMs = (cat?.duplicate_window_hours ?? 72) * 3600_000;
  if (windowMs === 0) return null;
  return {
    case_id: c.id, tenant_code: c.tenant_code, category_id: c.category_id,
    from_at: new Date(c.created_at.getTime() - windowMs), to_at: new Date(c.created_at.getTime() + windowMs),
    room_id: c.room_id, building_id: c.building_id, grid_id: c.grid_id, lng: c.lng, lat: c.lat,
    radius_m: cfg.settings.duplicate_radius_m, scope: scopePaths === null ? null : [...scopePaths],
  };
}
export type DuplicateLookup = NonNullable<ReturnType<typeof duplicateLookup>>;

export const presentDuplicate = (r: { id: string; number: string; title: string; state: string; created_at: Date | string }): DuplicateSuggestion =>
  ({ id: r.id, number: r.number, title: r.title, state: r.state, createdAt: new Date(r.created_at).toISOString() });

export async function findDuplicates(ctx: AppContext, c: CasePlace, cfg: TenantConfig, scopePaths: readonly string[] | null): Promise<DuplicateSuggestion[]> {
  const q = duplicateLookup(c, cfg, scopePaths);
  if (!q) return [];
  // the scope is applied by the function: the system scope only spares the row-level security's own check
  const { rows } = await runAsSystem(() => sql<{ id: string; number: string; title: string; state: string; created_at: Date }>`${sql.raw(PREPARE)}
    SELECT * FROM case_duplicate_candidates(${q.case_id}, ${q.tenant_code}, ${q.category_id}, ${q.from_at}, ${q.to_at},
      ${q.room_id}, ${q.building_id}, ${q.grid_id}, ${q.lng}, ${q.lat}, ${q.radius_m}, ${q.scope}::text[])`.execute(ctx.db));
  return rows.map(presentDuplicate);
}
