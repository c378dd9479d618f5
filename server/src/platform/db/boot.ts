import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import { startEmbeddedPostgres } from './embedded.js';
import { appUrlFrom, migrate } from './migrate.js';

export interface DatabaseEndpoints {
  ownerUrl: string;
  appUrl: string;
  embedded: boolean;
  stop(): Promise<void>;
}

/**
 * Finds or starts the database and brings its schema up to date.
 * DATABASE_URL set → that server (nothing is started); otherwise the embedded one.
 */
export async function bootDatabase(config: Config, log: Logger): Promise<DatabaseEndpoints> {
  let ownerUrl = config.databaseUrl;
  let stop = async () => {};
  if (!ownerUrl) {
    const server = await startEmbeddedPostgres(config.dataDir, config.embeddedPort, log);
    ownerUrl = server.ownerUrl;
    stop = () => server.stop();
  }
  const appPassword = config.appDatabaseUrl
    ? decodeURIComponent(new URL(config.appDatabaseUrl).password)
    : process.env.APP_DB_PASSWORD || storedSecret(config.dataDir, 'app-db-password');
  try {
    const applied = await migrate(ownerUrl, appPassword);
    if (applied.length) log.info({ applied }, 'migrations applied');
  } catch (e) {
    await stop();
    throw e;
  }
  return { ownerUrl, appUrl: config.appDatabaseUrl ?? appUrlFrom(ownerUrl, appPassword), embedded: !config.databaseUrl, stop };
}

function storedSecret(dataDir: string, name: string): string {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, name);
  if (!fs.existsSync(file)) fs.writeFileSync(file, crypto.randomBytes(24).toString('base64url'), { mode: 0o600 });
  return fs.readFileSync(file, 'utf8').trim();
}
