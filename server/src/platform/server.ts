import type { Logger } from 'pino';
import type { Config } from './config.js';
import type { AppContext } from './context.js';
import { openDatabase, type Database } from './db/database.js';
import { SessionStore } from './auth/sessions.js';
import { buildApp, type App } from './http/app.js';
import { MODULES } from '../modules/index.js';

export interface RunningApp {
  app: App;
  ctx: AppContext;
  database: Database;
  close(): Promise<void>;
}

/** Wires the application on an already migrated database: used by main.ts, tests and benches. */
export async function createServer(config: Config, appUrl: string, log: Logger, opts: { serveWeb?: boolean; poolSize?: number } = {}): Promise<RunningApp> {
  const database = openDatabase(appUrl, opts.poolSize ?? 10);
  const ctx: AppContext = { config, db: database.db, sessions: new SessionStore(database.db, config.session), log };
  const app = await buildApp(ctx, MODULES, opts);
  return {
    app, ctx, database,
    async close() {
      await app.close();
      await database.close();
    },
  };
}
