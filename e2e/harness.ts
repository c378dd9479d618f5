import type { AddressInfo } from 'node:net';
import { loadConfig } from '../server/src/platform/config.js';
import { createLogger } from '../server/src/platform/log.js';
import { openOwnerDatabase } from '../server/src/platform/db/database.js';
import { createServer } from '../server/src/platform/server.js';
import { prepareData } from '../server/src/startup.js';
import { createTestDatabase } from '../server/src/testing/db.js';

/**
 * The real server for browser tests: a fresh database with the demo street (its org tree,
 * staff and accounts, but no generated population, so each test knows exactly which persons
 * exist), the built console from web/dist, listening on a free loopback port.
 */
export async function startServer(): Promise<{ url: string; stop(): Promise<void> }> {
  const testDb = await createTestDatabase();
  const owner = openOwnerDatabase(testDb.ownerUrl);
  try {
    await prepareData(owner.db, { demo: true, population: false });
  } finally {
    await owner.close();
  }
  const server = await createServer(loadConfig({}), testDb.appUrl, createLogger(process.env.TEST_LOG_LEVEL ?? 'silent'));
  await server.app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = server.app.server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    async stop() {
      await server.close();
      await testDb.drop();
    },
  };
}
