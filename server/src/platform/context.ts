import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Config } from './config.js';
import type { DB } from './db/schema.js';
import type { SessionStore } from './auth/sessions.js';

/** What every module gets from the composition root. */
export interface AppContext {
  config: Config;
  db: Kysely<DB>;
  sessions: SessionStore;
  log: Logger;
}
