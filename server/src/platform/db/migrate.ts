import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

export const APP_ROLE = 'rongzhi_app';
const MIGRATIONS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../migrations');

/**
 * Applies server/migrations/*.sql in order, each in its own transaction, as the owner.
 * Before that it makes sure the application role exists: a login role that owns no table,
 * is no superuser and cannot bypass row-level security.
 */
export async function migrate(ownerUrl: string, appPassword: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    await client.query("SELECT set_config('rongzhi.scope', '*', false)");
    await ensureAppRole(client, appPassword);
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`);
    // one migrator at a time, even with several instances starting together
    await client.query('SELECT pg_advisory_lock(727000)');
    const done = new Set((await client.query('SELECT name FROM schema_migrations')).rows.map((r) => r.name as string));
    const applied: string[] = [];
    for (const file of fs.readdirSync(MIGRATIONS_DIR).filter((f) => f.endsWith('.sql')).sort()) {
      if (done.has(file)) continue;
      const sql = fs.readFileSync(path.join(MIGRATIONS_DIR, file), 'utf8');
      await client.query('BEGIN');
      try {
        await client.query(sql);
        await client.query('INSERT INTO schema_migrations (name) VALUES ($1)', [file]);
        await client.query('COMMIT');
      } catch (e) {
        await client.query('ROLLBACK');
        throw new Error(`migration ${file} failed: ${(e as Error).message}`);
      }
      applied.push(file);
    }
    await client.query('SELECT pg_advisory_unlock(727000)');
    return applied;
  } finally {
    await client.end();
  }
}

async function ensureAppRole(client: pg.Client, password: string) {
  const existing = await client.query<{ rolsuper: boolean; rolbypassrls: boolean }>(
    'SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = $1', [APP_ROLE]);
  const literal = password.replace(/'/g, "''");
  if (existing.rowCount === 0) {
    await client.query(`CREATE ROLE ${APP_ROLE} LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE PASSWORD '${literal}'`);
    return;
  }
  // Only a superuser may touch the superuser attribute, even to restate it: check, don't alter.
  const { rolsuper, rolbypassrls } = existing.rows[0];
  if (rolsuper || rolbypassrls) {
    throw new Error(`role ${APP_ROLE} must not be a superuser nor bypass row-level security; fix it with ALTER ROLE ${APP_ROLE} NOSUPERUSER NOBYPASSRLS`);
  }
  await client.query(`ALTER ROLE ${APP_ROLE} LOGIN PASSWORD '${literal}'`);
}

/** The application role's URL: same server and database as the owner's, other credentials. */
export function appUrlFrom(ownerUrl: string, appPassword: string): string {
  const url = new URL(ownerUrl);
  url.username = APP_ROLE;
  url.password = encodeURIComponent(appPassword);
  return url.toString();
}
