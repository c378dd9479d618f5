import crypto from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { appUrlFrom } from '../platform/db/migrate.js';
import { TEMPLATE_DB, TEST_APP_PASSWORD, withDatabase } from './global-setup.js';

export interface TestDatabase {
  ownerUrl: string;
  appUrl: string;
  drop(): Promise<void>;
}

/** A fresh, migrated database for one test file, cloned from the run's template. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const { serverUrl } = inject('testPg');
  const name = `rz_test_${crypto.randomBytes(6).toString('hex')}`;
  await adminQuery(serverUrl, `CREATE DATABASE ${name} TEMPLATE ${TEMPLATE_DB}`);
  const ownerUrl = withDatabase(serverUrl, name);
  return {
    ownerUrl,
    appUrl: appUrlFrom(ownerUrl, TEST_APP_PASSWORD),
    drop: () => adminQuery(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

async function adminQuery(url: string, sql: string) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}
