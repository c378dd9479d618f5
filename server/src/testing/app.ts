import { loadConfig, type Config } from '../platform/config.js';
import { createLogger } from '../platform/log.js';
import { openOwnerDatabase, type Database } from '../platform/db/database.js';
import { createServer, type RunningApp } from '../platform/server.js';
import { createTestDatabase, type TestDatabase } from './db.js';
import { createFixtureStreet, FIXTURE_PASSWORD, type Fixture } from './fixtures.js';

export interface TestApp {
  server: RunningApp;
  owner: Database;
  fixture: Fixture;
  testDb: TestDatabase;
  /** Logs in and returns the cookie header to send. */
  login(account: string, password?: string): Promise<string>;
  close(): Promise<void>;
}

/** The real application on a fresh database with the fixture street, driven by inject(). */
export async function startTestApp(overrides: Partial<Config> = {}): Promise<TestApp> {
  const testDb = await createTestDatabase();
  const owner = openOwnerDatabase(testDb.ownerUrl);
  const fixture = await createFixtureStreet(owner.db);
  const config = { ...loadConfig({}), ...overrides };
  const server = await createServer(config, testDb.appUrl, createLogger(process.env.TEST_LOG_LEVEL ?? 'silent'), { serveWeb: false, poolSize: 4 });
  return {
    server, owner, fixture, testDb,
    async login(account, password = FIXTURE_PASSWORD) {
      const res = await server.app.inject({ method: 'POST', url: '/api/auth/login', payload: { login: account, password } });
      if (res.statusCode !== 200) throw new Error(`login ${account} failed: ${res.statusCode} ${res.body}`);
      const cookie = res.cookies.find((c) => c.name === 'rz_session');
      return `rz_session=${cookie!.value}`;
    },
    async close() {
      await server.close();
      await owner.close();
      await testDb.drop();
    },
  };
}
