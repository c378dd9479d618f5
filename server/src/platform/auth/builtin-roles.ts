import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { ROLES } from './permissions.js';

/**
 * Makes sure every built-in role exists. A role's permissions are written only when the role
 * is new, so changes made in the console survive a restart.
 */
export async function ensureBuiltinRoles(db: Kysely<DB>) {
  await db.insertInto('roles')
    .values(ROLES.map((r) => ({ code: r.code, name_zh: r.zh, name_en: r.en, permissions: sql`${r.permissions}::text[]` as unknown as string[], builtin: true })))
    .onConflict((oc) => oc.column('code').doUpdateSet({ name_zh: sql`excluded.name_zh`, name_en: sql`excluded.name_en`, builtin: true }))
    .execute();
}
