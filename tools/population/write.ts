/**
 * Writes a generated population straight into the database with COPY, one grid's rows at a
 * time, on the owner's connection (platform work: no user scope). Also finds the grids of a
 * street or district to populate.
 */
import pg from 'pg';
import { generatePopulation, POPULATION_TABLES, type GridSpec, type PopulationPlan, type PopulationTable } from './generate.js';
import { copyRows } from './copy.js';

export type PopulationCounts = Record<PopulationTable, number>;

export async function writePopulation(
  pool: pg.Pool, plan: PopulationPlan, onProgress?: (done: PopulationCounts, gridIndex: number) => void,
): Promise<PopulationCounts> {
  const counts = Object.fromEntries(POPULATION_TABLES.map((t) => [t, 0])) as PopulationCounts;
  const client = await pool.connect();
  try {
    await client.query("SELECT set_config('rongzhi.scope', '*', false)");
    let gi = 0;
    for (const chunk of generatePopulation(plan)) {
      await client.query('BEGIN');
      for (const t of POPULATION_TABLES) counts[t] += await copyRows(client, t, chunk[t]);
      await client.query('COMMIT');
      onProgress?.(counts, gi++);
    }
  } catch (e) {
    await client.query('ROLLBACK').catch(() => {});
    throw e;
  } finally {
    client.release();
  }
  return counts;
}

/** The active grids under an org (street or district) with their community names, in code order. */
export async function gridsUnder(pool: pg.Pool, orgCode: string): Promise<{ tenant: string; name: string; prefix: string; grids: GridSpec[] }[]> {
  const client = await pool.connect();
  try {
    await client.query("SELECT set_config('rongzhi.scope', '*', false)");
    const root = await client.query<{ path: string }>(`SELECT path FROM org_units WHERE code = $1 AND kind IN ('street','district') AND status = 'active' LIMIT 1`, [orgCode]);
    if (!root.rows[0]) throw new Error(`no street or district with code ${orgCode}`);
    const r = await client.query<{ tenant_code: string; street_name: string; district_name: string | null; id: string; path: string; code: string; name: string; community_name: string }>(`
      SELECT g.tenant_code, s.name AS street_name, d.name AS district_name, g.id, g.path, g.code, g.name, c.name AS community_name
      FROM org_units g
      JOIN org_units c ON c.id = g.parent_id AND c.kind = 'community'
      JOIN org_units s ON s.id = c.parent_id AND s.kind = 'street'
      LEFT JOIN org_units d ON d.id = s.parent_id
      WHERE g.kind = 'grid' AND g.status = 'active' AND g.path LIKE $1
      ORDER BY g.code`, [root.rows[0].path + '%']);
    const byStreet = new Map<string, { tenant: string; name: string; prefix: string; grids: GridSpec[] }>();
    for (const g of r.rows) {
      let s = byStreet.get(g.tenant_code);
      if (!s) byStreet.set(g.tenant_code, s = { tenant: g.tenant_code, name: g.street_name, prefix: `${g.district_name ?? ''}${g.street_name}`, grids: [] });
      s.grids.push({ id: g.id, path: g.path, code: g.code, name: g.name, communityName: g.community_name });
    }
    return [...byStreet.values()];
  } finally {
    client.release();
  }
}
