import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { ALL_PERMISSIONS, ROLES } from './permissions.js';

/**
 * Makes sure every built-in role exists with the permissions the code gives it.
 * A role's permissions are written in full only when the role is new; afterwards only
 * permissions that are new to the platform (not yet in permission_catalog) are added, so
 * changes made in the console survive restarts and upgrades.
 */
export async function ensureBuiltinRoles(db: Kysely<DB>) {
  // callable on its own or inside a caller's transaction (the demo seed)
  const inTransaction = <T>(work: (tx: Kysely<DB>) => Promise<T>) => (db.isTransaction ? work(db) : db.transaction().execute(work));
  await inTransaction(async (tx) => {
    await sql`SELECT pg_advisory_xact_lock(727002)`.execute(tx);
    const known = new Set((await tx.selectFrom('permission_catalog').select('code').execute()).map((r) => r.code));
    const fresh = ALL_PERMISSIONS.filter((p) => !known.has(p));
    for (const r of ROLES) {
      await tx.insertInto('roles')
        .values({ code: r.code, name_zh: r.zh, name_en: r.en, permissions: sql`${r.permissions}::text[]` as unknown as string[], builtin: true })
        .onConflict((oc) => oc.column('code').doUpdateSet({ name_zh: r.zh, name_en: r.en, builtin: true }))
        .execute();
      const added = r.permissions.filter((p) => fresh.includes(p));
      if (known.size > 0 && added.length) {
        await sql`UPDATE roles SET permissions = ARRAY(SELECT DISTINCT unnest(permissions || ${added}::text[]) ORDER BY 1)
                  WHERE code = ${r.code}`.execute(tx);
      }
    }
    if (fresh.length) await tx.insertInto('permission_catalog').values(fresh.map((code) => ({ code }))).execute();
  });
}
