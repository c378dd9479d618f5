/**
 * npx tsx bench/cases.ts — the case benchmark (issue 3, item 14). It builds a large district's
 * year of cases (BENCH_CASES, default 1,000,000, spread over ten streets) in an embedded
 * PostgreSQL in a temp dir and prints, with no verdicts:
 *
 * 1. case creation through POST /api/cases (session, permission, validation, location → grid,
 *    routing, deadlines, timeline, audit) vs a bare Fastify + pg handler inserting the same row
 *    on the same database and role, both driven by autocannon in its own process (ratio); then
 *    both again with five times as many clients (more than the server's pool has connections);
 * 2. a street's year of indicators (GET /api/indicators, by community);
 * 3. the inbox (GET /api/cases?box=todo) of the street administrator: p50/p95/p99;
 * 4. one scheduler cycle with 100,000 open cases (an hour's thresholds due: catch-up after an
 *    outage), and the idle cycle right after it.
 *
 * Environment: BENCH_CASES, BENCH_SECONDS (per load run, default 10), BENCH_CONNECTIONS (10),
 * DATABASE_URL (use that server instead of the embedded one), BENCH_EXPLAIN=1 (print the
 * EXPLAIN (ANALYZE, BUFFERS) of the SQL the inbox and indicator requests really send, re-run as
 * the app role in the street administrator's scope: figures that a shared machine's load does
 * not blur as much as wall-clock times), BENCH_ONLY=create,indicators,inbox,scheduler (only those parts),
 * BENCH_PROFILE=file.cpuprofile (CPU profile of the server during the 10-client create run),
 * BENCH_TRACE=1 (print the statements one create and one inbox page send to the database).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import Fastify from 'fastify';
import pg from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { childrenCpuMs, nodeCpuMs, pgCpuMs, postmasterOf, startProfile } from './cpu.js';
import { loadConfig } from '../server/src/platform/config.js';
import { createLogger } from '../server/src/platform/log.js';
import { startEmbeddedPostgres } from '../server/src/platform/db/embedded.js';
import { appUrlFrom, migrate } from '../server/src/platform/db/migrate.js';
import { openOwnerDatabase } from '../server/src/platform/db/database.js';
import { createServer } from '../server/src/platform/server.js';
import { ensureBuiltinRoles } from '../server/src/platform/auth/builtin-roles.js';
import { seedDemo, DEMO_PASSWORD } from '../server/src/demo/seed.js';
import { ensureDefaultCaseConfig } from '../server/src/modules/cases/config.js';
import { runSchedulerCycle } from '../server/src/modules/cases/scheduler.js';
import { rollUpIndicators } from '../server/src/modules/cases/intake/indicators/rollup.js';

const TOTAL = Number(process.env.BENCH_CASES ?? 1_000_000);
const OPEN = Math.min(100_000, Math.floor(TOTAL / 10));
const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const EXTRA_STREETS = 9;
/** BENCH_ONLY=create,indicators,inbox,scheduler (any of them; all by default) */
const only = (part: string) => !process.env.BENCH_ONLY || process.env.BENCH_ONLY.split(',').map((x) => x.trim()).includes(part);
const log = createLogger('warn');
const AUTOCANNON = path.resolve('node_modules/autocannon/autocannon.js');

interface CannonResult { requests: { average: number; total: number }; latency: { p50: number; p90: number; p97_5: number; p99: number }; non2xx: number; errors: number }

/** The load generator runs in its own process, so it does not share the servers' event loop. */
async function autocannon(url: string, seconds: number, opts: { headers?: Record<string, string>; method?: string; body?: string; connections?: number }) {
  const args = [AUTOCANNON, '-j', '-c', String(opts.connections ?? CONNECTIONS), '-d', String(seconds)];
  if (opts.method) args.push('-m', opts.method);
  if (opts.body) args.push('-b', opts.body);
  for (const [k, v] of Object.entries(opts.headers ?? {})) args.push('-H', `${k}=${v}`);
  const { stdout } = await promisify(execFile)(process.execPath, [...args, url], { maxBuffer: 16 * 1024 * 1024 });
  return JSON.parse(stdout) as CannonResult;
}

/**
 * Errors (autocannon's 10 s timeouts included) are reported with the figures, not hidden. With
 * the postmaster's pid, the run also reports the CPU it cost each process per request: the
 * server (this process), PostgreSQL and autocannon — figures the machine's load does not move.
 */
async function load(url: string, opts: { headers?: Record<string, string>; method?: string; body?: string; connections?: number } = {}, postmaster: number | null = null) {
  await autocannon(url, 2, opts); // warm-up
  const pg0 = pgCpuMs(postmaster), node0 = nodeCpuMs(), kids0 = childrenCpuMs();
  const r = await autocannon(url, DURATION, opts);
  if (r.non2xx > 0 || r.errors > 0) console.log(`     ! ${url.replace(/^http:\/\/[^/]+/, '')}: ${r.non2xx} non-2xx, ${r.errors} errors (timeouts count as errors)`);
  const perRequest = (cpuMs: number) => `${((cpuMs * 1000) / Math.max(1, r.requests.total)).toFixed(0)} µs`;
  const pgMs = pg0 === null ? null : pgCpuMs(postmaster)! - pg0;
  const cpu = `CPU per request: server ${perRequest(nodeCpuMs() - node0)}, PostgreSQL ${pgMs === null ? 'n/a' : perRequest(pgMs)}, autocannon ${perRequest(childrenCpuMs() - kids0)}`;
  return { ...r, cpu };
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
const ms = (x: number) => `${x.toFixed(1)} ms`;

/** Sequential timings of one request (client and server in this process: an upper bound on server time). */
async function timeSequential(n: number, fn: () => Promise<Response>) {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    const res = await fn();
    await res.arrayBuffer();
    if (!res.ok) throw new Error(`status ${res.status}`);
    times.push(performance.now() - t0);
  }
  return { p50: pct(times, 50), p95: pct(times, 95), p99: pct(times, 99), max: Math.max(...times) };
}

/** Nine more streets of 8 communities × 6 grids beside the demo street: a large district. */
async function addStreets(owner: pg.Client) {
  const d = (await owner.query(`SELECT id, path FROM org_units WHERE kind = 'district' LIMIT 1`)).rows[0] as { id: string; path: string };
  for (let s = 0; s < EXTRA_STREETS; s++) {
    const code = `1201140${50 + s}`;
    const sid = uuidv7();
    const spath = `${d.path}${sid}/`;
    const rows: unknown[][] = [[code, sid, d.id, 'street', code, `基准街道${s + 1}`, spath, 1]];
    for (let c = 0; c < 8; c++) {
      const cid = uuidv7();
      const ccode = `${code}${String(c + 1).padStart(3, '0')}`;
      const cpath = `${spath}${cid}/`;
      rows.push([code, cid, sid, 'community', ccode, `基准社区${s + 1}-${c + 1}`, cpath, 2]);
      for (let g = 0; g < 6; g++) {
        const gid = uuidv7();
        rows.push([code, gid, cid, 'grid', `${ccode}${String(g + 1).padStart(3, '0')}`, `基准网格${s + 1}-${c + 1}-${g + 1}`, `${cpath}${gid}/`, 3]);
      }
    }
    const values = rows.map((_, i) => `($${i * 8 + 1},$${i * 8 + 2},$${i * 8 + 3},$${i * 8 + 4},$${i * 8 + 5},$${i * 8 + 6},$${i * 8 + 7},$${i * 8 + 8})`).join(',');
    await owner.query(`INSERT INTO org_units (tenant_code, id, parent_id, kind, code, name, path, depth) VALUES ${values}`, rows.flat());
  }
}

/**
 * A year of cases, generated inside PostgreSQL in chunks (INSERT … SELECT generate_series): every
 * grid of the district, the eight default categories, six channels, the usual mix of outcomes.
 * The first OPEN rows are open (dispatched / signed / in progress) with their next threshold
 * spread over [now − 1 h, now + 7 d]; of the rest 2 % are rejected, 1 % merged, 1 % closed and
 * awaiting the callback, 1 % called back unsatisfied, and the others archived after the callback.
 */
async function generateCases(owner: pg.Client) {
  await owner.query(`CREATE TEMP TABLE bench_grids AS
    SELECT row_number() OVER (ORDER BY g.code) AS n, g.id, g.path, g.tenant_code, c.id AS community_id, c.path AS community_path
    FROM org_units g JOIN org_units c ON c.id = g.parent_id WHERE g.kind = 'grid' AND g.status = 'active'`);
  const grids = Number((await owner.query('SELECT count(*) AS n FROM bench_grids')).rows[0].n);
  const CHUNK = 100_000;
  for (let from = 1; from <= TOTAL; from += CHUNK) {
    const to = Math.min(TOTAL, from + CHUNK - 1);
    const t0 = performance.now();
    await owner.query(`
      WITH src AS (
        SELECT i, g.*, (ARRAY['environment','property','utilities','neighbour_dispute','safety_hazard','public_facilities','civil_assistance','other'])[(1 + (i * 7) % 8)::int] AS cat_code,
          (ARRAY['portal','grid_report','hotline','open311','staff','upper_assignment'])[(1 + i % 6)::int] AS channel,
          CASE WHEN i <= $3 THEN (ARRAY['dispatched','signed','in_progress'])[(1 + i % 3)::int]
               WHEN i % 100 < 2 THEN 'rejected' WHEN i % 100 = 2 THEN 'merged'
               WHEN i % 100 = 3 THEN 'closed' WHEN i % 100 = 4 THEN 'called_back' ELSE 'archived' END AS state,
          CASE WHEN i <= $3 THEN now() - ((i % 20) || ' days')::interval - interval '1 hour'
               ELSE now() - ((i * 7919) % 31536000 || ' seconds')::interval END AS created,
          now() - interval '1 hour' + ((i * 104729) % 608400 || ' seconds')::interval AS next_check
        FROM generate_series($1::bigint, $2::bigint) AS i
        JOIN bench_grids g ON g.n = 1 + (i * 31) % $4
      )
      INSERT INTO cases (tenant_code, id, number, channel, category_id, category_code, title, description, grid_id, community_id, path,
        owner_org_id, owner_path, handler_org_id, handler_path, route_org_id, level, state, accepted_at, dispatched_at, signed_at,
        responded_at, respond_due, handle_warn_at, handle_due, handle_red_due, handled_at, closed_at, archived_at, next_check_at,
        handled_on_time, rework_count, delay_count, satisfaction, resolved, callback_at, reject_reason, created_at, updated_at)
      SELECT s.tenant_code, gen_random_uuid(), s.tenant_code || '-' || to_char(s.created, 'YYYYMMDD') || '-9' || lpad(s.i::text, 7, '0'),
        s.channel, k.id, k.code, '基准诉求 ' || s.i, '基准测试生成的诉求描述，第 ' || s.i || ' 件', s.id, s.community_id, s.path,
        CASE WHEN s.state NOT IN ('rejected') THEN s.community_id END, CASE WHEN s.state NOT IN ('rejected') THEN s.community_path END,
        CASE WHEN s.state NOT IN ('rejected','merged') THEN s.id END, CASE WHEN s.state NOT IN ('rejected','merged') THEN s.path END,
        s.id, 'grid', s.state,
        CASE WHEN s.state <> 'rejected' THEN s.created + interval '1 hour' END,
        CASE WHEN s.state NOT IN ('rejected','merged') THEN s.created + interval '1 hour' END,
        CASE WHEN s.state NOT IN ('rejected','merged','dispatched') THEN s.created + ((2 + s.i % 20) || ' hours')::interval END,
        CASE WHEN s.state NOT IN ('rejected','merged','dispatched') THEN s.created + ((s.i % 30) || ' hours')::interval END,
        CASE WHEN s.state <> 'rejected' THEN s.created + interval '24 hours' END,
        CASE WHEN s.i <= $3 THEN s.next_check END,
        CASE WHEN s.i <= $3 THEN s.next_check + interval '1 day' WHEN s.state NOT IN ('rejected','merged') THEN s.created + interval '7 days' END,
        CASE WHEN s.i <= $3 THEN s.next_check + interval '3 days' END,
        CASE WHEN s.state IN ('closed','called_back','archived') THEN s.created + ((1 + s.i % 9) || ' days')::interval END,
        CASE WHEN s.state IN ('closed','called_back','archived') THEN s.created + ((2 + s.i % 9) || ' days')::interval END,
        CASE WHEN s.state = 'archived' THEN s.created + ((3 + s.i % 9) || ' days')::interval END,
        CASE WHEN s.i <= $3 THEN s.next_check END,
        CASE WHEN s.state IN ('closed','called_back','archived') THEN (1 + s.i % 9) <= 7 END,
        CASE WHEN s.state IN ('closed','called_back','archived') AND s.i % 17 = 0 THEN 1 ELSE 0 END,
        CASE WHEN s.state NOT IN ('rejected','merged') AND s.i % 23 = 0 THEN 1 ELSE 0 END,
        CASE WHEN s.state = 'called_back' THEN 'unsatisfied'
             WHEN s.state = 'archived' THEN (ARRAY['satisfied','satisfied','satisfied','satisfied','satisfied','satisfied','satisfied','basically_satisfied','basically_satisfied','unsatisfied'])[(1 + s.i % 10)::int] END,
        CASE WHEN s.state = 'called_back' THEN false WHEN s.state = 'archived' THEN s.i % 10 <> 9 END,
        CASE WHEN s.state IN ('called_back','archived') THEN s.created + ((3 + s.i % 9) || ' days')::interval END,
        CASE WHEN s.state = 'rejected' THEN '不属于受理范围' END,
        s.created, s.created
      FROM src s JOIN case_categories k ON k.tenant_code = s.tenant_code AND k.code = s.cat_code`, [from, to, OPEN, grids]);
    process.stdout.write(`  generated ${to.toLocaleString()} / ${TOTAL.toLocaleString()} cases (${((performance.now() - t0) / 1000).toFixed(1)} s)\r`);
  }
  process.stdout.write('\n');
  await owner.query('ANALYZE cases');
}

/**
 * Records the SQL one request sends (statementsOf),
 * then replays each matching statement under EXPLAIN (ANALYZE, BUFFERS) as the app role with
 * rongzhi.scope set as the module sets it.
 */
async function explainRequest(label: string, send: () => Promise<Response>, appUrl: string, scope: string, match: RegExp) {
  const seen = (await statementsOf(send)).filter((q) => match.test(q.text) && !/^EXPLAIN/.test(q.text));
  const client = new pg.Client({ connectionString: appUrl, options: `-c rongzhi.scope=${scope}` });
  await client.connect();
  try {
    for (const q of seen) {
      const plan = (await client.query(`EXPLAIN (ANALYZE, BUFFERS) ${q.text}`, q.values)).rows.map((r) => r['QUERY PLAN'] as string);
      console.log(`\n     --- EXPLAIN ${label}: ${q.text.replace(/\s+/g, ' ').slice(0, 140)}…`);
      for (const line of plan) console.log(`     | ${line}`);
    }
  } finally {
    await client.end();
  }
}

/**
 * The statements one request sends, in order (pg.Client.prototype.query is what Kysely's driver
 * calls; a prepared statement carries its name).
 */
async function statementsOf(send: () => Promise<Response>) {
  const seen: Array<{ name?: string; text: string; values: unknown[] }> = [];
  const proto = pg.Client.prototype as unknown as { query: (...a: unknown[]) => unknown };
  const orig = proto.query;
  proto.query = function (this: unknown, ...args: unknown[]) {
    const q = args[0] as string | { text?: string; name?: string; values?: unknown[] };
    if (typeof q === 'string') seen.push({ text: q, values: (args[1] as unknown[]) ?? [] });
    else if (q?.text) seen.push({ name: q.name, text: q.text, values: (q.values ?? args[1] ?? []) as unknown[] });
    return orig.apply(this, args);
  };
  try { await (await send()).arrayBuffer(); } finally { proto.query = orig; }
  return seen;
}

/** Prints every statement one request sends (BENCH_TRACE=1): what a request costs in round trips. */
async function traceRequest(send: () => Promise<Response>) {
  const seen = await statementsOf(send);
  console.log(`\n     --- one request sends ${seen.length} statements:`);
  for (const q of seen) console.log(`     | ${`${q.name ? `[${q.name}] ` : ''}${q.text}`.replace(/\s+/g, ' ').slice(0, 160)}`);
}

let cleanup = async () => {};

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rongzhi-bench-cases-'));
  fs.chmodSync(dir, 0o755);
  let ownerUrl = process.env.DATABASE_URL;
  let stopPg = async () => {};
  if (!ownerUrl) {
    const pgServer = await startEmbeddedPostgres(dir, 57000 + Math.floor(Math.random() * 1000), log);
    ownerUrl = pgServer.ownerUrl;
    stopPg = pgServer.stop;
  }
  cleanup = async () => {
    await stopPg();
    fs.rmSync(dir, { recursive: true, force: true });
  };
  const appPassword = 'bench-app-password';
  await migrate(ownerUrl, appPassword);
  const owner = openOwnerDatabase(ownerUrl);
  await ensureBuiltinRoles(owner.db);
  await seedDemo(owner.db, {});
  const ownerClient = new pg.Client({ connectionString: ownerUrl });
  await ownerClient.connect();
  await addStreets(ownerClient);
  await ensureDefaultCaseConfig(owner.db);
  const street = await owner.db.selectFrom('org_units').select(['id', 'path', 'tenant_code']).where('kind', '=', 'street').where('code', '=', '120114002').executeTakeFirstOrThrow();
  const grid = await owner.db.selectFrom('org_units').select(['id']).where('kind', '=', 'grid').where('tenant_code', '=', '120114002').orderBy('code').executeTakeFirstOrThrow();

  console.log(`\n融治 bench · cases · ${TOTAL.toLocaleString()} cases over ${EXTRA_STREETS + 1} streets · ${os.cpus().length} cores · ${CONNECTIONS} connections · ${DURATION}s per load run`);
  const g0 = performance.now();
  await generateCases(ownerClient);
  const counts = (await ownerClient.query(`SELECT count(*)::int AS all, count(*) FILTER (WHERE next_check_at IS NOT NULL)::int AS open,
      count(*) FILTER (WHERE tenant_code = '120114002')::int AS street FROM cases`)).rows[0] as { all: number; open: number; street: number };
  console.log(`  data: ${counts.all.toLocaleString()} cases (${counts.open.toLocaleString()} open; ${counts.street.toLocaleString()} in 下朱庄街道) in ${((performance.now() - g0) / 1000).toFixed(0)} s`);
  // what the background job (every 10 s) does in production: fold the generated year into the monthly summary
  const r0 = performance.now();
  const folded = await rollUpIndicators(owner.db);
  await ownerClient.query('VACUUM (ANALYZE) case_indicator_deltas'); // what autovacuum does after the fold (0013: every 10,000 dead rows)
  console.log(`  indicator roll-up of the generated year: ${folded.toLocaleString()} deltas in ${((performance.now() - r0) / 1000).toFixed(1)} s`);
  await owner.close();
  const appUrl = appUrlFrom(ownerUrl, appPassword);

  const server = await createServer(loadConfig({ RONGZHI_DATA_DIR: dir }), appUrl, log, { serveWeb: false, poolSize: 10 });
  await server.app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(server.app.server.address() as AddressInfo).port}`;
  const login = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login: 'admin', password: DEMO_PASSWORD }) });
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0];
  if (!cookie.startsWith('rz_session=')) throw new Error(`bench login failed: ${login.status}`);

  // ---- 1. case creation ----------------------------------------------------------------
  if (only('create')) {
    const createBody = JSON.stringify({
      channel: 'hotline', category: 'environment', title: '小区门口垃圾堆积', description: '居民来电反映小区东门垃圾堆积两天无人清运',
      location: { gridId: grid.id, address: '东门' }, reporter: { name: '来电居民', phone: '13900001234' }, urgency: 'normal',
    });
    const probe = await fetch(`${base}/api/cases`, { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: createBody });
    if (probe.status !== 201) throw new Error(`POST /api/cases: ${probe.status} ${await probe.text()}`);
    const probeCase = (await probe.json()) as { case: { id: string } };
    if (process.env.BENCH_TRACE) await traceRequest(() => fetch(`${base}/api/cases`, { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: createBody }));
    const postmaster = await postmasterOf(ownerClient);
    const stopProfile = process.env.BENCH_PROFILE ? await startProfile() : null;
    const created = await load(`${base}/api/cases`, { method: 'POST', body: createBody, headers: { cookie, 'content-type': 'application/json' } }, postmaster);
    if (stopProfile) await stopProfile(process.env.BENCH_PROFILE!);

    // the bare baseline inserts the very row the API wrote, with a fresh id and number
    const barePool = new pg.Pool({ connectionString: appUrl, max: 10, options: `-c rongzhi.scope=${street.path}` });
    const template = (await barePool.query('SELECT * FROM cases WHERE id = $1', [probeCase.case.id])).rows[0] as Record<string, unknown>;
    const cols = Object.keys(template).filter((c) => c !== 'away'); // computed by the database
    const insertSql = `INSERT INTO cases (${cols.map((c) => `"${c}"`).join(',')}) VALUES (${cols.map((_, i) => `$${i + 1}`).join(',')})`;
    let seq = 0;
    const bare = Fastify();
    bare.post('/cases', async () => {
      const row: Record<string, unknown> = { ...template, id: uuidv7(), number: `bare-${process.pid}-${++seq}`, created_at: new Date(), updated_at: new Date() };
      await barePool.query(insertSql, cols.map((c) => {
        const v = row[c];
        return v !== null && typeof v === 'object' && !(v instanceof Date) && !Array.isArray(v) ? JSON.stringify(v) : v;
      }));
      return { id: row.id };
    });
    await bare.listen({ port: 0, host: '127.0.0.1' });
    const bareUrl = `http://127.0.0.1:${(bare.server.address() as AddressInfo).port}/cases`;
    const baseline = await load(bareUrl, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } }, postmaster);
    // a hotline centre, a portal and a dozen grid workers at once: more clients than the pool has connections
    const MANY = CONNECTIONS * 5;
    const createdMany = await load(`${base}/api/cases`, { method: 'POST', body: createBody, headers: { cookie, 'content-type': 'application/json' }, connections: MANY }, postmaster);
    const baselineMany = await load(bareUrl, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' }, connections: MANY }, postmaster);

    console.log('\n  1. case creation (POST, loopback, autocannon in its own process)');
    console.log(`     bare Fastify + pg INSERT of the same row    ${baseline.requests.average.toFixed(0).padStart(7)} cases/s   p50 ${baseline.latency.p50} ms   p99 ${baseline.latency.p99} ms`);
    console.log(`     Rongzhi POST /api/cases (full create)        ${created.requests.average.toFixed(0).padStart(7)} cases/s   p50 ${created.latency.p50} ms   p99 ${created.latency.p99} ms`);
    console.log(`     ratio Rongzhi / bare: ${(created.requests.average / baseline.requests.average).toFixed(2)}   (goal ≥ 1,000 cases/s)`);
    console.log(`     bare:    ${baseline.cpu}\n     Rongzhi: ${created.cpu}`);
    console.log(`     with ${MANY} clients: bare ${baselineMany.requests.average.toFixed(0)} cases/s, Rongzhi ${createdMany.requests.average.toFixed(0)} cases/s (p50 ${createdMany.latency.p50} ms, p99 ${createdMany.latency.p99} ms), ratio ${(createdMany.requests.average / baselineMany.requests.average).toFixed(2)}`);
    console.log(`     bare:    ${baselineMany.cpu}\n     Rongzhi: ${createdMany.cpu}`);
    await bare.close();
    await barePool.end();
  }

  // ---- 2. indicators (before the inbox load run: timed-out inbox requests keep running in the database) ----------
  if (only('indicators')) {
    // the cases just created are folded in, as the background job (every 10 s) would have done by now
    await rollUpIndicators(server.ctx.db);
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const yearAgo = new Date(Date.now() + 8 * 3600_000 - 364 * 86_400_000).toISOString().slice(0, 10);
    const indUrl = (groupBy: string) => `${base}/api/indicators?orgId=${street.id}&from=${yearAgo}&to=${today}&groupBy=${groupBy}`;
    const indBody = (await (await fetch(indUrl('org'), { headers: { cookie } })).json()) as { total: { counts: { received: number }; rates: Record<string, number> } };
    const indOrg = await timeSequential(20, () => fetch(indUrl('org'), { headers: { cookie } }));
    const indNone = await timeSequential(20, () => fetch(indUrl('none'), { headers: { cookie } }));
    console.log(`\n  2. a street's year of indicators (下朱庄街道, ${indBody.total.counts.received.toLocaleString()} cases, ${yearAgo} … ${today})`);
    console.log(`     by community: p50 ${ms(indOrg.p50)}   p95 ${ms(indOrg.p95)}   ·   street total only: p50 ${ms(indNone.p50)}   (goal ≤ 300 ms)`);
    if (process.env.BENCH_EXPLAIN) await explainRequest('indicators', () => fetch(indUrl('org'), { headers: { cookie } }), appUrl, street.path, /case_indicator_months/);
    console.log(`     (响应率 ${indBody.total.rates.response_rate}, 解决率 ${indBody.total.rates.resolution_rate}, 满意率 ${indBody.total.rates.satisfaction_rate}, 结案率 ${indBody.total.rates.close_rate})`);
  }

  // ---- 3. inbox ------------------------------------------------------------------------
  if (only('inbox')) {
    const inboxUrl = `${base}/api/cases?box=todo&pageSize=20`;
    console.log('\n  3. inbox of the street administrator: GET /api/cases?box=todo (first page of 20)');
    if (process.env.BENCH_EXPLAIN) await explainRequest('inbox', () => fetch(inboxUrl, { headers: { cookie } }), appUrl, street.path, /"cases"/i);
    if (process.env.BENCH_TRACE) await traceRequest(() => fetch(inboxUrl, { headers: { cookie } }));
    const inboxSeq = await timeSequential(50, () => fetch(inboxUrl, { headers: { cookie } }));
    console.log(`     sequential, 50 requests: p50 ${ms(inboxSeq.p50)}   p95 ${ms(inboxSeq.p95)}   p99 ${ms(inboxSeq.p99)}   (goal p95 ≤ 50 ms)`);
    const inboxLoad = await load(inboxUrl, { headers: { cookie } });
    console.log(`     under load, ${CONNECTIONS} connections: ${inboxLoad.requests.average.toFixed(0)} req/s   p50 ${inboxLoad.latency.p50} ms   p97.5 ${inboxLoad.latency.p97_5} ms   p99 ${inboxLoad.latency.p99} ms`);
  }

  // ---- 4. scheduler --------------------------------------------------------------------
  if (only('scheduler')) {
    const now = new Date();
    const s0 = performance.now();
    const cycle = await runSchedulerCycle(server.ctx, now);
    const s1 = performance.now();
    const idle = await runSchedulerCycle(server.ctx, now);
    const s2 = performance.now();
    console.log(`\n  4. scheduler cycle with ${OPEN.toLocaleString()} open cases`);
    console.log(`     catch-up (an hour of thresholds due): ${((s1 - s0)).toFixed(0)} ms for ${cycle.claimed.toLocaleString()} cases claimed, ${cycle.cards.toLocaleString()} cards, ${cycle.escalated} escalated (${((s1 - s0) / Math.max(1, cycle.claimed)).toFixed(2)} ms/case)`);
    console.log(`     idle cycle right after: ${(s2 - s1).toFixed(1)} ms (${idle.claimed} claimed)\n`);
  }

  await server.close();
  await ownerClient.end();
  await stopPg();
  fs.rmSync(dir, { recursive: true, force: true });
}

main().catch(async (e) => {
  console.error(e);
  await cleanup().catch(() => {});
  process.exit(1);
});
