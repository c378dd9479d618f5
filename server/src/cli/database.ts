import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from 'pino';
import type { Config } from '../platform/config.js';
import { bootDatabase, type DatabaseEndpoints } from '../platform/db/boot.js';
import { appUrlFrom, migrate } from '../platform/db/migrate.js';

/**
 * The command-line tool shares the embedded server's data directory with the running app.
 * If that server is already up (postmaster.pid names a live process), connect to it instead
 * of starting a second postmaster on the same directory; otherwise boot as the app does.
 */

export interface RunningEmbedded {
  pid: number;
  port: number;
  ownerUrl: string;
}

function alive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The embedded server of `dataDir` if it is running now. */
export function runningEmbedded(dataDir: string): RunningEmbedded | undefined {
  const pidFile = path.join(dataDir, 'pg', 'postmaster.pid');
  const secretFile = path.join(dataDir, 'pg-superuser-password');
  if (!fs.existsSync(pidFile) || !fs.existsSync(secretFile)) return undefined;
  const lines = fs.readFileSync(pidFile, 'utf8').split('\n');
  const pid = Number(lines[0]);
  const port = Number(lines[3]); // postmaster.pid: pid, data dir, start time, port, socket dir, listen address …
  if (!alive(pid) || !Number.isInteger(port) || port <= 0) return undefined;
  const password = fs.readFileSync(secretFile, 'utf8').trim();
  return { pid, port, ownerUrl: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/rongzhi` };
}

/** The application role's password, found the way bootDatabase finds it. */
export function appPassword(config: Config): string {
  if (config.appDatabaseUrl) return decodeURIComponent(new URL(config.appDatabaseUrl).password);
  if (process.env.APP_DB_PASSWORD) return process.env.APP_DB_PASSWORD;
  const file = path.join(config.dataDir, 'app-db-password');
  if (!fs.existsSync(file)) throw new Error(`missing ${file} / 缺少应用数据库口令文件`);
  return fs.readFileSync(file, 'utf8').trim();
}

export async function openCliDatabase(config: Config, log: Logger): Promise<DatabaseEndpoints & { shared: boolean }> {
  if (!config.databaseUrl) {
    const running = runningEmbedded(config.dataDir);
    if (running) {
      log.info({ pid: running.pid, port: running.port }, 'connecting to the running embedded PostgreSQL');
      const secret = appPassword(config);
      await migrate(running.ownerUrl, secret);
      return {
        ownerUrl: running.ownerUrl, appUrl: appUrlFrom(running.ownerUrl, secret), embedded: true, shared: true,
        stop: async () => {},
      };
    }
  }
  return { ...(await bootDatabase(config, log)), shared: false };
}
