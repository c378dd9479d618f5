/**
 * npm run bench grids — a benchmark that generates its own data and prints ratios against a
 * baseline measured in the same run. No verdicts: the numbers are for people to read.
 *
 * 1. grids-list: GET /api/grids of a street through the whole stack (session cookie,
 *    permission check, scope, validation, Kysely, RLS) vs. the same SQL served by a bare
 *    Fastify + pg handler on the same database and role.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import Fastify from 'fastify';
import pg from 'pg';
import { loadConfig } from '../server/src/platform/config.js';
import { createLogger } from '../server/src/platform/log.js';
import { startEmbeddedPostgres } from '../server/src/platform/db/embedded.js';
import { appUrlFrom, migrate } from '../server/src/platform/db/migrate.js';
import { openOwnerDatabase } from '../server/src/platform/db/database.js';
import { createServer } from '../server/src/platform/server.js';
import { ensureBuiltinRoles } from '../server/src/platform/auth/builtin-roles.js';
import { seedDemo, DEMO_PASSWORD } from '../server/src/demo/seed.js';
import { gridsQuery } from '../server/src/modules/orgs/repo.js';

const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const log = createLogger('warn');

const AUTOCANNON = path.resolve('node_modules/autocannon/autocannon.js');

/** The load generator runs in its own process, so it does not share the servers' event loop. */
async function autocannon(url: string, seconds: number, headers: Record<string, string>) {
  const args = [AUTOCANNON, '-j', '-c', String(CONNECTIONS), '-d', String(seconds)];
  for (const [k, v] of Object.entries(headers)) args.push('-H', `${k}=${v}`);
  const { stdout } = await promisify(execFile)(process.execPath, [...args, url], { maxBuffer: 16 * 1024 * 1024 });
  return JSON.parse(stdout) as { requests: { average: number }; latency: { p50: number; p99: number }; non2xx: number; errors: number };
}

async function load(url: string, headers: Record<string, string> = {}) {
  await autocannon(url, 2, headers); // warm-up
  const r = await autocannon(url, DURATION, headers);
  if (r.non2xx > 0 || r.errors > 0) throw new Error(`${url}: ${r.non2xx} non-2xx, ${r.errors} errors`);
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99 };
}

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rongzhi-bench-'));
  fs.chmodSync(dir, 0o755);
  let ownerUrl = process.env.DATABASE_URL;
  let stopPg = async () => {};
  if (!ownerUrl) {
    const pgServer = await startEmbeddedPostgres(dir, 56000 + Math.floor(Math.random() * 1000), log);
    ownerUrl = pgServer.ownerUrl;
    stopPg = pgServer.stop;
  }
  const appPassword = 'bench-app-password';
  await migrate(ownerUrl, appPassword);
  const owner = openOwnerDatabase(ownerUrl);
  await ensureBuiltinRoles(owner.db);
  await seedDemo(owner.db, {});
  const street = await owner.db.selectFrom('org_units').select(['id', 'path']).where('kind', '=', 'street').where('code', '=', '120114002').executeTakeFirstOrThrow();
  const gridCount = (await owner.db.selectFrom('org_units').select((eb) => eb.fn.countAll<number>().as('n')).where('kind', '=', 'grid').executeTakeFirstOrThrow()).n;
  await owner.close();
  const appUrl = appUrlFrom(ownerUrl, appPassword);

  // The full stack.
  const server = await createServer(loadConfig({}), appUrl, log, { serveWeb: false, poolSize: 10 });
  await server.app.listen({ port: 0, host: '127.0.0.1' });
  const appPort = (server.app.server.address() as AddressInfo).port;
  const login = await fetch(`http://127.0.0.1:${appPort}/api/auth/login`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login: 'admin', password: DEMO_PASSWORD }),
  });
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0];
  if (!cookie.startsWith('rz_session=')) throw new Error(`bench login failed: ${login.status}`);

  // The baseline: the same SQL, the same role and RLS, no platform around it.
  const compiled = gridsQuery(server.ctx.db, [street.path], street.id).compile();
  // the scope goes in as a connection option, so the baseline pays nothing for it per request
  const barePool = new pg.Pool({ connectionString: appUrl, max: 10, options: `-c rongzhi.scope=${street.path}` });
  const bare = Fastify();
  bare.get('/grids', async () => {
    const r = await barePool.query(compiled.sql, compiled.parameters as unknown[]);
    return { items: r.rows, total: r.rowCount };
  });
  await bare.listen({ port: 0, host: '127.0.0.1' });
  const barePort = (bare.server.address() as AddressInfo).port;

  console.log(`\n融治 bench · grids of a street (${gridCount} grids) · ${CONNECTIONS} connections · ${DURATION}s each · ${os.cpus().length} cores`);
  const baseline = await load(`http://127.0.0.1:${barePort}/grids`);
  const full = await load(`http://127.0.0.1:${appPort}/api/grids?orgId=${street.id}`, { cookie });
  const rows = [
    ['bare Fastify + pg (baseline)', baseline],
    ['Rongzhi GET /api/grids (auth + scope + RLS)', full],
  ] as const;
  for (const [name, r] of rows) console.log(`  ${name.padEnd(46)} ${r.rps.toFixed(0).padStart(7)} req/s   p50 ${r.p50} ms   p99 ${r.p99} ms`);
  console.log(`  ratio Rongzhi / bare: ${(full.rps / baseline.rps).toFixed(2)}  (goal ≥ 0.60)\n`);

  await bare.close();
  await barePool.end();
  await server.close();
  await stopPg();
  fs.rmSync(dir, { recursive: true, force: true });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
