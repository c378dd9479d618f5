/**
 * Writes a generated population through Kysely with multi-row INSERTs (1,000 rows a
 * statement, one transaction per grid) — for callers that hold a Kysely instance rather
 * than a pg pool (the demo seed). The COPY writer (write.ts) is faster for large scales.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../../server/src/platform/db/schema.js';
import { generatePopulation, POPULATION_TABLES, type PopulationPlan } from './generate.js';
import type { PopulationCounts } from './write.js';

export async function insertPopulation(db: Kysely<DB>, plan: PopulationPlan): Promise<PopulationCounts> {
  const counts = Object.fromEntries(POPULATION_TABLES.map((t) => [t, 0])) as PopulationCounts;
  for (const chunk of generatePopulation(plan)) {
    await db.transaction().execute(async (trx) => {
      for (const t of POPULATION_TABLES) {
        const rows = chunk[t];
        for (let i = 0; i < rows.length; i += 1000) {
          // rows carry exactly the table's columns (see generate.ts); the generic insert is typed loosely on purpose
          await trx.insertInto(t).values(rows.slice(i, i + 1000) as never).execute();
        }
        counts[t] += rows.length;
      }
    });
  }
  return counts;
}
