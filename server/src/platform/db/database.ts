import { createHash } from 'node:crypto';
import pg from 'pg';
import { Kysely, PostgresDialect, type PostgresPool } from 'kysely';
import type { DB } from './schema.js';
import { currentScope } from './scope-context.js';

// timestamptz → ISO strings at the edge; bigint counts → numbers (all our counts fit).
pg.types.setTypeParser(20, (v) => Number(v));

type ScopedClient = pg.PoolClient & { rongzhiScope?: string; rongzhiPrepares?: boolean };

/**
 * Statements that carry this comment are prepared once per connection (a named statement,
 * keyed by a hash of the text) and then only bound and executed: for a large statement run
 * often — the case batch writer's — planning costs more than executing. Kysely has no API for
 * named statements, so the pool's clients recognise the marker.
 */
export const PREPARE = '/* rz:prepare */';

function preparingNamedStatements(client: ScopedClient) {
  if (client.rongzhiPrepares) return;
  // looked up on each call, not bound once: tools that wrap pg.Client.prototype.query (the benches' EXPLAIN) still see every query
  const query = (...args: unknown[]) => (Object.getPrototypeOf(client).query as (...a: unknown[]) => unknown).apply(client, args);
  client.query = ((text: unknown, values?: unknown, cb?: unknown) => {
    if (typeof text === 'string' && Array.isArray(values) && text.includes(PREPARE)) {
      const name = 'rz_' + createHash('sha1').update(text).digest('hex').slice(0, 20);
      return query({ name, text, values }, cb);
    }
    return query(text, values, cb);
  }) as typeof client.query;
  client.rongzhiPrepares = true;
}

/**
 * A pg pool whose connections always carry the scope of the work that checks them out
 * (see scope-context.ts), so PostgreSQL's row-level security sees the same scope the
 * application's queries filter by. The setting is remembered per connection and only
 * sent again when it changes.
 */
export function createScopedPool(connectionString: string, max: number): { pool: pg.Pool; kyselyPool: PostgresPool } {
  const pool = new pg.Pool({ connectionString, max, application_name: 'rongzhi' });
  // An idle connection dropped by the server (restart, failover) must not crash the process;
  // the pool replaces it on the next checkout.
  pool.on('error', (err) => console.error('database connection lost:', err.message));
  const kyselyPool: PostgresPool = {
    async connect() {
      const client = (await pool.connect()) as ScopedClient;
      preparingNamedStatements(client);
      const scope = currentScope();
      if (client.rongzhiScope !== scope) {
        try {
          await client.query("SELECT set_config('rongzhi.scope', $1, false)", [scope]);
        } catch (e) {
          client.release(e as Error);
          throw e;
        }
        client.rongzhiScope = scope;
      }
      return client;
    },
    end: () => pool.end(),
  };
  return { pool, kyselyPool };
}

export interface Database {
  /** The application's connection: role rongzhi_app, subject to row-level security. */
  db: Kysely<DB>;
  /** Raw pool of the application role, for the rare query Kysely cannot express. */
  appPool: pg.Pool;
  close(): Promise<void>;
}

export function openDatabase(appUrl: string, max = 10): Database {
  const { pool, kyselyPool } = createScopedPool(appUrl, max);
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool: kyselyPool }) });
  return { db, appPool: pool, close: () => db.destroy() };
}

/**
 * The owner's connection, for migrations, imports, seeding and the command-line tool.
 * It runs in the system scope, so row-level security lets it see everything even when
 * the owner is not a superuser.
 */
export function openOwnerDatabase(ownerUrl: string, max = 4): Database {
  const pool = new pg.Pool({ connectionString: ownerUrl, max, application_name: 'rongzhi-owner' });
  pool.on('error', (err) => console.error('database connection lost:', err.message));
  pool.on('connect', (client) => {
    client.query("SELECT set_config('rongzhi.scope', '*', false)").catch(() => {});
  });
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  return { db, appPool: pool, close: () => db.destroy() };
}
