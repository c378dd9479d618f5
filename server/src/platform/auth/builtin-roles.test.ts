import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestDatabase, type TestDatabase } from '../../testing/db.js';
import { openOwnerDatabase, type Database } from '../db/database.js';
import { ensureBuiltinRoles } from './builtin-roles.js';
import { ROLES } from './permissions.js';

let testDb: TestDatabase;
let owner: Database;
beforeAll(async () => {
  testDb = await createTestDatabase();
  owner = openOwnerDatabase(testDb.ownerUrl);
});
afterAll(async () => {
  await owner?.close();
  await testDb?.drop();
});

const permsOf = async (code: string) =>
  (await owner.db.selectFrom('roles').select('permissions').where('code', '=', code).executeTakeFirstOrThrow()).permissions;

describe('built-in roles', () => {
  it('creates every role with the permissions of the permission table', async () => {
    await ensureBuiltinRoles(owner.db);
    for (const r of ROLES) expect([...(await permsOf(r.code))].sort()).toEqual([...r.permissions].sort());
  });

  it('keeps a change made in the console across restarts', async () => {
    await owner.db.updateTable('roles').set({ permissions: sql`ARRAY['org.read']::text[]` as unknown as string[] }).where('code', '=', 'grid_leader').execute();
    await ensureBuiltinRoles(owner.db);
    expect(await permsOf('grid_leader')).toEqual(['org.read']);
  });

  it('grants a permission new to the platform to the roles the code gives it to', async () => {
    await owner.db.deleteFrom('permission_catalog').where('code', '=', 'staff.read').execute(); // as if staff.read were new
    await ensureBuiltinRoles(owner.db);
    expect(await permsOf('grid_leader')).toEqual(['org.read', 'staff.read']);
  });
});
