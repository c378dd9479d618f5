/**
 * The second wall, checked in the catalog and in behaviour: every scoped table has
 * row-level security enabled and forced, the application role owns nothing and cannot
 * bypass it, and a query that forgets the scope predicate still sees only its scope.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../../testing/app.js';
import { runAsSystem, runInScope } from './scope-context.js';
import { APP_ROLE } from './migrate.js';

/** Scoped tables without an org path of their own (scoped through their parent row). */
const SCOPED_WITHOUT_PATH = ['user_roles', 'user_scopes'];
let SCOPED_TABLES: string[] = [];

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
  // every table with an org path column is scoped by it: found in the catalog, not listed by hand
  const withPath = await sql<{ table_name: string }>`
    SELECT table_name FROM information_schema.columns c JOIN pg_class k ON k.relname = c.table_name
    WHERE c.table_schema = 'public' AND c.column_name = 'path' AND k.relkind = 'r'`.execute(t.owner.db);
  SCOPED_TABLES = [...new Set([...withPath.rows.map((r) => r.table_name), ...SCOPED_WITHOUT_PATH])];
});
afterAll(() => t?.close());

describe('database security catalog', () => {
  it('enables and forces row-level security on every scoped table', async () => {
    const rows = await sql<{ relname: string; relrowsecurity: boolean; relforcerowsecurity: boolean }>`
      SELECT relname, relrowsecurity, relforcerowsecurity FROM pg_class
      WHERE relnamespace = 'public'::regnamespace AND relname = ANY(${SCOPED_TABLES}::text[])`.execute(t.owner.db);
    expect(rows.rows.map((r) => r.relname).sort()).toEqual([...SCOPED_TABLES].sort());
    for (const r of rows.rows) {
      expect(r.relrowsecurity, r.relname).toBe(true);
      expect(r.relforcerowsecurity, r.relname).toBe(true);
    }
  });

  it('covers the platform tables that hold people and org data', () => {
    for (const table of ['org_units', 'org_unit_history', 'staff', 'staff_grid_links', 'users', 'audit_log']) expect(SCOPED_TABLES).toContain(table);
  });

  it('the application role owns no table, is no superuser and cannot bypass RLS', async () => {
    const role = await sql<{ rolsuper: boolean; rolbypassrls: boolean; rolcreaterole: boolean }>`
      SELECT rolsuper, rolbypassrls, rolcreaterole FROM pg_roles WHERE rolname = ${APP_ROLE}`.execute(t.owner.db);
    expect(role.rows[0]).toEqual({ rolsuper: false, rolbypassrls: false, rolcreaterole: false });
    const owned = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM pg_class c JOIN pg_roles r ON r.oid = c.relowner WHERE r.rolname = ${APP_ROLE}`.execute(t.owner.db);
    expect(owned.rows[0].n).toBe(0);
  });

  it('the server connects as the application role', async () => {
    const who = await runAsSystem(() => sql<{ u: string }>`SELECT current_user AS u`.execute(t.server.ctx.db));
    expect(who.rows[0].u).toBe(APP_ROLE);
  });

  it('a query without the scope predicate still sees only its scope', async () => {
    const c1 = t.fixture.orgs.c1;
    const rows = await runInScope([c1.path], () => t.server.ctx.db.selectFrom('org_units').select('path').execute());
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.path.startsWith(c1.path))).toBe(true);
    const none = await t.server.ctx.db.selectFrom('users').select('id').execute(); // no scope at all
    expect(none).toHaveLength(0);
  });

  it('refuses to write a row outside the scope', async () => {
    const c1 = t.fixture.orgs.c1;
    const g3a = t.fixture.orgs.g3a;
    await expect(runInScope([c1.path], () =>
      t.server.ctx.db.updateTable('org_units').set({ path: g3a.path + 'x/' }).where('id', '=', t.fixture.orgs.g1a.id).execute(),
    )).rejects.toThrow(/row-level security/);
  });

  it('the application role cannot change or delete audit rows', async () => {
    const c = new pg.Client({ connectionString: t.testDb.appUrl });
    await c.connect();
    try {
      await c.query("SELECT set_config('rongzhi.scope', '*', false)");
      await expect(c.query("UPDATE audit_log SET action = 'x'")).rejects.toThrow();
      await expect(c.query('DELETE FROM audit_log')).rejects.toThrow();
    } finally {
      await c.end();
    }
  });
});
