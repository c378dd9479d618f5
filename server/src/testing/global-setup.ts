import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { createLogger } from '../platform/log.js';
import { startEmbeddedPostgres } from '../platform/db/embedded.js';
import { migrate } from '../platform/db/migrate.js';
import pg from 'pg';

export const TEST_APP_PASSWORD = 'rongzhi-test-app';
export const TEMPLATE_DB = 'rongzhi_test_template';

declare module 'vitest' {
  export interface ProvidedContext {
    testPg: { serverUrl: string };
  }
}

/**
 * One PostgreSQL for the whole run: the embedded server in a temporary directory, or the
 * server named by DATABASE_URL (CI runs the suite a second time on Debian's PostgreSQL 15).
 * Migrations run once into a template database; each test file clones it.
 */
export default async function setup(project: TestProject) {
  const log = createLogger(process.env.TEST_LOG_LEVEL ?? 'warn');
  let serverUrl = process.env.DATABASE_URL;
  let stop = async () => {};
  let dir: string | undefined;
  if (!serverUrl) {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rongzhi-test-'));
    fs.chmodSync(dir, 0o755);
    const port = 55000 + Math.floor(Math.random() * 4000);
    const server = await startEmbeddedPostgres(dir, port, log);
    serverUrl = server.ownerUrl;
    stop = server.stop;
  }
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${TEMPLATE_DB}`);
  await admin.query(`CREATE DATABASE ${TEMPLATE_DB}`);
  await admin.end();
  await migrate(withDatabase(serverUrl, TEMPLATE_DB), TEST_APP_PASSWORD);
  project.provide('testPg', { serverUrl });
  return async () => {
    await stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  };
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = '/' + database;
  return u.toString();
}
