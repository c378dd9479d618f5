import type { Kysely } from 'kysely';
import type { DB } from './platform/db/schema.js';
import { ensureBuiltinRoles } from './platform/auth/builtin-roles.js';
import { ensureDefaultCaseConfig } from './modules/cases/config.js';
import { seedDemo } from './demo/seed.js';
import { seedDemoPopulation } from './demo/population.js';

/**
 * What every start does on the owner connection before serving: built-in roles and the
 * default case configuration, and in demo mode the demo street with its population.
 * Shared by main.ts, the browser-test harness and the benchmarks, so they all start alike.
 */
export async function prepareData(db: Kysely<DB>, opts: { demo: boolean; population?: boolean }) {
  await ensureBuiltinRoles(db);
  let demoLoaded = false;
  if (opts.demo) {
    demoLoaded = !(await seedDemo(db, {})).skipped;
    if (opts.population !== false) await seedDemoPopulation(db, {});
  }
  await ensureDefaultCaseConfig(db);
  return { demoLoaded };
}
