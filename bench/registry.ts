/**
 * npx tsx bench/registry.ts — the registry at district scale (default 1,000,000 persons;
 * BENCH_PERSONS=200000 for a quicker run). Prints figures and ratios, no verdicts.
 *
 * 1. search: GET /api/registry/search through the whole stack (session, permission, scope,
 *    RLS, presentation) vs. the very same SQL (buildSearchQuery) run directly on the same role
 *    and database: p50 / p95 of sequential requests, and the ratio.
 * 2. import: a 100,000-row persons .xlsx uploaded to POST /api/registry/import/persons
 *    (parse, validate, dedupe, write) in rows/s vs. COPY of the same generated rows; and the
 *    CPU bound: the most any import of these rows could do on this machine (COPY's PostgreSQL
 *    CPU plus the re-run's process CPU, spread over all cores).
 * 3. statistics: GET /api/registry/stats of one street (ms).
 *
 * Goals (from the issue): search p95 ≤ 20 ms through the API; import ≥ 20,000 rows/s.
 * BENCH_PROFILE=file.cpuprofile: a V8 CPU profile of the server during the import.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { nodeCpuMs, pgCpuMs, postmasterOf, startProfile } from './cpu.js';
import { v7 as uuidv7 } from 'uuid';
import { loadConfig } from '../server/src/platform/config.js';
import { createLogger } from '../server/src/platform/log.js';
import { startEmbeddedPostgres } from '../server/src/platform/db/embedded.js';
import { appUrlFrom, migrate } from '../server/src/platform/db/migrate.js';
import { createServer } from '../server/src/platform/server.js';
import { ensureBuiltinRoles } from '../server/src/platform/auth/builtin-roles.js';
import { hashPassword } from '../server/src/platform/auth/passwords.js';
import { buildSearchQuery } from '../server/src/modules/registry/search.js';
import { tableXlsx } from '../server/src/modules/registry/io/spreadsheet.js';
import { defaultPlanFigures, generatePopulation, POPULATION_TABLES, type GridSpec, type PopulationChunk, type Row } from '../tools/population/generate.js';
import { writePopulation } from '../tools/population/write.js';
import { copyRows } from '../tools/population/copy.js';
import { personSheetRows, PERSON_SHEET_HEADERS } from '../tools/population/sheet-rows.js';

const PERSONS = Number(process.env.BENCH_PERSONS ?? 1_000_000);
const IMPORT_ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 100_000);
const SEARCH_REPEAT = Number(process.env.BENCH_SEARCH_REPEAT ?? 40);
/** BENCH_ONLY=import (or search, stats; comma-separated) runs only those parts */
const ONLY = new Set((process.env.BENCH_ONLY ?? 'search,import,stats').split(',').map((x) => x.trim()));
const load = () => os.loadavg().map((x) => x.toFixed(2)).join(' ');
const PER_STREET = 70_000;
const log = createLogger('warn');
const PASSWORD = 'Bench#2026pw';

interface Street { id: string; path: string; tenant: string; name: string; grids: GridSpec[] }

async function createOrgs(pool: pg.Pool, streets: number): Promise<{ district: { id: string; path: string }; streets: Street[] }> {
  const c = await pool.connect();
  try {
    await c.query("SELECT set_config('rongzhi.scope', '*', false)");
    const insert = (tenant: string, id: string, parent: string | null, kind: string, code: string, name: string, p: string) => c.query(
      `INSERT INTO org_units (tenant_code, id, parent_id, kind, code, name, path, depth, grid_kind) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9)`,
      [tenant, id, parent, kind, code, name, p, p.split('/').length - 3, kind === 'grid' ? 'comprehensive' : null]);
    const districtId = uuidv7();
    const dPath = `/${districtId}/`;
    await insert('120114', districtId, null, 'district', '120114', '武清区', dPath);
    const out: Street[] = [];
    for (let s = 0; s < streets; s++) {
      const tenant = `120114${String(s + 2).padStart(3, '0')}`;
      const sid = uuidv7();
      const sPath = `${dPath}${sid}/`;
      await insert(tenant, sid, districtId, 'street', tenant, `第${s + 1}街道`, sPath);
      const grids: GridSpec[] = [];
      for (let ci = 0; ci < 10; ci++) {
        const cid = uuidv7();
        const cPath = `${sPath}${cid}/`;
        const cCode = `${tenant}${String(ci + 1).padStart(3, '0')}`;
        await insert(tenant, cid, sid, 'community', cCode, `第${ci + 1}社区`, cPath);
        for (let gi = 0; gi < 6; gi++) {
          const gid = uuidv7();
          const gPath = `${cPath}${gid}/`;
          const gCode = `${cCode}${String(gi + 1).padStart(3, '0')}`;
          await insert(tenant, gid, cid, 'grid', gCode, `第${ci + 1}社区第${gi + 1}网格`, gPath);
          grids.push({ id: gid, path: gPath, code: gCode, name: `第${gi + 1}网格`, communityName: `第${ci + 1}社区` });
        }
      }
      out.push({ id: sid, path: sPath, tenant, name: `第${s + 1}街道`, grids });
    }
    return { district: { id: districtId, path: dPath }, streets: out };
  } finally {
    c.release();
  }
}

async function addUser(pool: pg.Pool, account: string, tenant: string, org: { id: string; path: string }) {
  const id = uuidv7();
  await pool.query(`INSERT INTO users (tenant_code, id, path, home_org_id, kind, account, name, password_hash) VALUES ($1,$2,$3,$4,'staff',$5,$6,$7)`,
    [tenant, id, org.path, org.id, account, `压测${account}`, await hashPassword(PASSWORD)]);
  await pool.query(`INSERT INTO user_roles (user_id, role_code, tenant_code) VALUES ($1,'street_admin',$2)`, [id, tenant]);
  await pool.query(`INSERT INTO user_scopes (tenant_code, user_id, org_id) VALUES ($1,$2,$3)`, [tenant, id, org.id]);
}

const cpuNote = (pg: number | null, node?: number) => `CPU: PostgreSQL ${pg === null ? 'n/a' : `${(pg / 1000).toFixed(1)} s`}${node === undefined ? '' : `, this process ${(node / 1000).toFixed(1)} s`}`;

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};
const ms = (x: number) => `${x.toFixed(2)} ms`;

/** BENCH_DATA=dir keeps the generated database in dir and reuses it on the next run (generating 1M persons takes ~3 min) */
const KEEP = process.env.BENCH_DATA;
interface Layout { persons: number; district: { id: string; path: string }; populated: Street[]; importStreet: Street; copyStreet: Street }

/** The registry rows of the import and COPY target streets go: a kept database starts each run with both empty. */
async function emptyTargets(pool: pg.Pool, tenants: string[]) {
  for (const t of ['reg_changes', 'reg_floating', 'reg_residences', 'reg_households', 'reg_persons', 'reg_import_jobs']) {
    await pool.query(`DELETE FROM ${t} WHERE tenant_code = ANY($1)`, [tenants]);
  }
  await pool.query('VACUUM ANALYZE');
}

async function main() {
  const dir = KEEP ?? fs.mkdtempSync(path.join(os.tmpdir(), 'rongzhi-bench-registry-'));
  fs.mkdirSync(dir, { recursive: true });
  fs.chmodSync(dir, 0o755);
  const layoutFile = path.join(dir, 'bench-layout.json');
  const kept: Layout | null = KEEP && fs.existsSync(layoutFile) ? JSON.parse(fs.readFileSync(layoutFile, 'utf8')) : null;
  if (kept && kept.persons !== PERSONS) throw new Error(`${layoutFile}: made for BENCH_PERSONS=${kept.persons}; use another BENCH_DATA`);
  let ownerUrl = process.env.DATABASE_URL;
  let stopPg = async () => {};
  if (!ownerUrl) {
    const s = await startEmbeddedPostgres(dir, 57000 + Math.floor(Math.random() * 1000), log);
    ownerUrl = s.ownerUrl;
    stopPg = s.stop;
  }
  await migrate(ownerUrl, PASSWORD);
  // the owner works in the system scope (set as a connection option: no race with the first query)
  const ownerPool = new pg.Pool({ connectionString: ownerUrl, max: 4, options: '-c rongzhi.scope=*' });
  // pool.end() resolves before its clients' sockets are closed: the server's shutdown right
  // after may still reach one, which is not an error of the benchmark
  ownerPool.on('error', () => {});
  const { Kysely, PostgresDialect } = await import('kysely');
  const ownerDb = new Kysely<never>({ dialect: new PostgresDialect({ pool: ownerPool }) });
  await ensureBuiltinRoles(ownerDb as never);

  const streetCount = Math.max(1, Math.round(PERSONS / PER_STREET));
  let layout: Layout;
  if (kept) {
    layout = kept;
    await emptyTargets(ownerPool, [kept.importStreet.tenant, kept.copyStreet.tenant]);
    console.log(`\n融治 bench · registry · ${PERSONS.toLocaleString()} persons in ${streetCount} streets · ${os.cpus().length} cores · database kept in ${dir}`);
  } else {
    // two more streets, empty: the import target and the COPY baseline target
    const orgs = await createOrgs(ownerPool, streetCount + 2);
    const populated = orgs.streets.slice(0, streetCount);
    const [importStreet, copyStreet] = orgs.streets.slice(streetCount) as [Street, Street];
    layout = { persons: PERSONS, district: orgs.district, populated, importStreet, copyStreet };
    await addUser(ownerPool, 'district', '120114', orgs.district);
    await addUser(ownerPool, 'street', populated[0]!.tenant, populated[0]!);
    await addUser(ownerPool, 'importer', importStreet.tenant, importStreet);
    console.log(`\n融治 bench · registry · ${PERSONS.toLocaleString()} persons in ${streetCount} streets · ${os.cpus().length} cores`);
    const t0 = Date.now();
    let persons = 0;
    for (const [i, s] of populated.entries()) {
      const counts = await writePopulation(ownerPool, { tenant: s.tenant, addressPrefix: `天津市武清区${s.name}`, grids: s.grids, seed: 100 + i, ...defaultPlanFigures(Math.round(PERSONS / streetCount)) });
      persons += counts.reg_persons;
      process.stdout.write(`\r  generating: ${persons.toLocaleString()} persons (${((Date.now() - t0) / 1000).toFixed(0)} s)`);
    }
    await ownerPool.query('VACUUM ANALYZE'); // fresh visibility map: index-only scans, realistic plans
    console.log(`\r  generated ${persons.toLocaleString()} persons with COPY in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    if (KEEP) fs.writeFileSync(layoutFile, JSON.stringify(layout));
  }
  const { district, populated, importStreet, copyStreet } = layout;
  const orgs = { district };

  const appUrl = appUrlFrom(ownerUrl, PASSWORD);
  const server = await createServer(loadConfig({}), appUrl, log, { serveWeb: false, poolSize: 10 });
  await server.app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(server.app.server.address() as AddressInfo).port}`;
  const login = async (account: string) => {
    const r = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login: account, password: PASSWORD }) });
    const cookie = (r.headers.get('set-cookie') ?? '').split(';')[0]!;
    if (!cookie.startsWith('rz_session=')) throw new Error(`login ${account}: ${r.status} ${await r.text()}`);
    return cookie;
  };

  let s = 0;
  // ── 1. search ──
  if (ONLY.has('search')) {
  const sample = (await ownerPool.query<{ name: string; id_number: string; phones: string[]; name_initials: string }>(
    `SELECT name, id_number, phones, name_initials FROM reg_persons WHERE tenant_code = $1 AND cardinality(phones) > 0 ORDER BY id LIMIT 50 OFFSET 1000`, [populated[0]!.tenant])).rows;
  const terms = [
    ...sample.slice(0, 8).map((p) => p.name), // full name
    ...sample.slice(8, 14).map((p) => p.name.slice(0, 1) + p.name.slice(1, 2)), // two characters
    ...sample.slice(14, 20).map((p) => p.name_initials), // initials, e.g. zs
    ...sample.slice(20, 28).map((p) => p.id_number.slice(-6)), // last ID digits
    ...sample.slice(28, 34).map((p) => p.phones[0]!), // a phone
    '3号楼', '第2社区12号楼', '商贸有限公司', // address / entity fragments
  ];
  for (const [label, account, scopeOrg] of [['district (1M)', 'district', orgs.district], ['street (≈70k)', 'street', populated[0]!]] as const) {
    const cookie = await login(account);
    const bare = new pg.Pool({ connectionString: appUrl, max: 2, options: `-c rongzhi.scope=${scopeOrg.path}` });
    const api: number[] = [];
    const direct: number[] = [];
    for (const q of terms) { // warm-up
      await fetch(`${base}/api/registry/search?q=${encodeURIComponent(q)}`, { headers: { cookie } }).then((r) => r.arrayBuffer());
    }
    for (let rep = 0; rep < SEARCH_REPEAT; rep++) {
      for (const q of terms) {
        s = performance.now();
        const r = await fetch(`${base}/api/registry/search?q=${encodeURIComponent(q)}`, { headers: { cookie } });
        await r.arrayBuffer();
        if (r.status !== 200) throw new Error(`search ${r.status}`);
        api.push(performance.now() - s);
        const c = buildSearchQuery(server.ctx.db, q, [scopeOrg.path], 10);
        s = performance.now();
        await bare.query(c.sql, c.parameters as unknown[]);
        direct.push(performance.now() - s);
      }
    }
    await bare.end();
    console.log(`  search, ${label} scope, ${terms.length} terms × ${SEARCH_REPEAT}, sequential:`);
    console.log(`    API  GET /api/registry/search   p50 ${ms(pct(api, 50))}   p95 ${ms(pct(api, 95))}   (goal p95 ≤ 20 ms)`);
    console.log(`    SQL  same query, same role+RLS  p50 ${ms(pct(direct, 50))}   p95 ${ms(pct(direct, 95))}`);
    console.log(`    ratio API / SQL: p50 ${(pct(api, 50) / pct(direct, 50)).toFixed(2)}   p95 ${(pct(api, 95) / pct(direct, 95)).toFixed(2)}`);
  }
  }

  // ── 2. import vs COPY ──
  if (ONLY.has('import')) {
  const t0 = Date.now();
  const gridCode = new Map(importStreet.grids.map((g) => [g.id, g.code]));
  const figures = { ...defaultPlanFigures(IMPORT_ROWS), rentalHouseholds: 0, rentalRooms: 0, rentalTenants: 0 };
  // the generated rows are made again (same seed) for the COPY baseline instead of being kept:
  // the server under test shares this process, and should not carry the benchmark's heap
  const generated = () => generatePopulation({ tenant: importStreet.tenant, addressPrefix: '导入测试', grids: importStreet.grids, seed: 7, ...figures });
  let sheetRows: string[][] = [];
  for (const chunk of generated()) {
    // rooms are not part of this sheet (the benchmark imports persons only): no room addresses
    const roomCol = PERSON_SHEET_HEADERS.indexOf('房屋地址');
    sheetRows.push(...personSheetRows(chunk, (id) => gridCode.get(id)!).map((r) => { r[roomCol] = ''; return r; }));
  }
  const rowCount = sheetRows.length;
  const xlsx = await tableXlsx('实有人口', PERSON_SHEET_HEADERS, sheetRows);
  sheetRows = [];
  console.log(`  import file: ${rowCount.toLocaleString()} rows, ${(xlsx.length / 1e6).toFixed(1)} MB .xlsx (built in ${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  const importer = await login('importer');
  await ownerPool.query('CHECKPOINT'); // start both measurements from the same WAL state
  const postmaster = await postmasterOf(ownerPool);
  const loadBefore = load();
  let pg0 = pgCpuMs(postmaster);
  let node0 = nodeCpuMs();
  const stopProfile = process.env.BENCH_PROFILE ? await startProfile() : null;
  s = performance.now();
  const res = await fetch(`${base}/api/registry/import/persons?orgId=${importStreet.id}&wait=true`, {
    method: 'POST', headers: { cookie: importer, 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }, body: new Uint8Array(xlsx),
  });
  const job = await res.json() as { status: string; inserted: number; badRows: number; skipped: number; failure?: string };
  const importMs = performance.now() - s;
  const importPg = pg0 === null ? null : pgCpuMs(postmaster)! - pg0;
  const importNode = nodeCpuMs() - node0;
  if (stopProfile) await stopProfile(process.env.BENCH_PROFILE!);
  if (job.status !== 'done') throw new Error(`import ${res.status}: ${JSON.stringify(job).slice(0, 500)}`);
  const written = (await ownerPool.query<{ t: string; n: number }>(`
    SELECT 'households' t, count(*)::int n FROM reg_households WHERE tenant_code = $1 UNION ALL
    SELECT 'residences', count(*)::int FROM reg_residences WHERE tenant_code = $1 UNION ALL
    SELECT 'floating', count(*)::int FROM reg_floating WHERE tenant_code = $1 UNION ALL
    SELECT 'changes', count(*)::int FROM reg_changes WHERE tenant_code = $1`, [importStreet.tenant])).rows;
  const loadAfterImport = load();
  // a re-run of the same file: every row is checked and found registered (nothing changes)
  pg0 = pgCpuMs(postmaster);
  node0 = nodeCpuMs();
  s = performance.now();
  const again = await fetch(`${base}/api/registry/import/persons?orgId=${importStreet.id}&wait=true`, {
    method: 'POST', headers: { cookie: importer, 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }, body: new Uint8Array(xlsx),
  }).then((r) => r.json()) as { status: string; inserted: number; skipped: number };
  const rerunMs = performance.now() - s;
  const rerunPg = pg0 === null ? null : pgCpuMs(postmaster)! - pg0;
  const rerunNode = nodeCpuMs() - node0;
  if (again.status !== 'done' || again.inserted !== 0) throw new Error(`re-run: ${JSON.stringify(again).slice(0, 300)}`);

  // Baseline: COPY the same rows into the other empty street, same tables, same indexes, one
  // transaction: (a) persons, residences and floating records; (b) additionally the households
  // and the creation-history rows the import writes (one per person and per household).
  const chunks = [...generated()];
  await ownerPool.query('CHECKPOINT');
  const copyGridOf = new Map(importStreet.grids.map((g, i) => [g.id, copyStreet.grids[i]!]));
  /** The rows the import writes for a chunk of generated persons, in the COPY street (no rooms: the sheet has none). */
  const importedRows = (chunk: PopulationChunk) => {
    const grid = copyGridOf.get(chunk.reg_persons[0]?.grid_id as string)!;
    const at = (r: Row) => ({ ...r, tenant_code: copyStreet.tenant, path: grid.path });
    const persons = chunk.reg_persons.map((r) => ({ ...at(r), grid_id: grid.id }));
    const households = chunk.reg_households.map((h) => ({ ...at(h), room_id: null, head_person_id: null, address: null }));
    const created = (type: string, r: Row, person: boolean) => ({ tenant_code: r.tenant_code, id: uuidv7(), path: r.path, entity_type: type, entity_id: r.id, person_id: person ? r.id : null, field: 'record', new_value: 'import:bench' });
    return {
      persons, residences: chunk.reg_residences.map((r) => ({ ...at(r), room_id: null })), floating: chunk.reg_floating.map(at),
      households, history: [...persons.map((p) => created('person', p, true)), ...households.map((h) => created('household', h, false))],
    };
  };
  const client = await ownerPool.connect();
  let copied = 0;
  let copyMs = 0;
  let copyAllMs = 0;
  let copyPg: number | null = null;
  let copyAllPg: number | null = null;
  try {
    await client.query('BEGIN');
    pg0 = pgCpuMs(postmaster);
    s = performance.now();
    const later: Array<ReturnType<typeof importedRows>> = [];
    for (const chunk of chunks) {
      const rows = importedRows(chunk);
      copied += await copyRows(client, 'reg_persons', rows.persons);
      await copyRows(client, 'reg_residences', rows.residences);
      await copyRows(client, 'reg_floating', rows.floating);
      later.push(rows);
    }
    copyMs = performance.now() - s;
    copyPg = pg0 === null ? null : pgCpuMs(postmaster)! - pg0;
    s = performance.now();
    await copyRows(client, 'reg_households', later.flatMap((r) => r.households));
    await copyRows(client, 'reg_changes', later.flatMap((r) => r.history));
    copyAllMs = copyMs + (performance.now() - s);
    copyAllPg = pg0 === null ? null : pgCpuMs(postmaster)! - pg0;
    await client.query('ROLLBACK'); // the rows stay out of the way of (c)
  } finally {
    client.release();
  }
  // (c) all of (b) in two sessions at once, each half of the rows: PostgreSQL on both cores, as
  // with the import's two write lanes. The fastest these rows load on this machine. (d) the same
  // without the creation-history rows, rolled back: what one history row per import instead of
  // one per record would leave.
  const halves = [chunks.filter((_, i) => i % 2 === 0), chunks.filter((_, i) => i % 2 === 1)].map((cs) => cs.map(importedRows));
  const copyInTwoSessions = async (tables: Array<[string, keyof ReturnType<typeof importedRows>]>, end: 'COMMIT' | 'ROLLBACK') => {
    await ownerPool.query('VACUUM reg_persons, reg_residences, reg_floating, reg_households, reg_changes');
    await ownerPool.query('CHECKPOINT');
    const sessions = await Promise.all(halves.map(() => ownerPool.connect()));
    const cpu0 = pgCpuMs(postmaster);
    const t = performance.now();
    await Promise.all(sessions.map(async (c, i) => {
      await c.query('BEGIN');
      for (const rows of halves[i]!) for (const [table, part] of tables) await copyRows(c, table, rows[part]);
    }));
    const out = { ms: performance.now() - t, pg: cpu0 === null ? null : pgCpuMs(postmaster)! - cpu0 };
    for (const c of sessions) {
      await c.query(end);
      c.release();
    }
    return out;
  };
  const withoutHistory: Array<[string, keyof ReturnType<typeof importedRows>]> = [
    ['reg_persons', 'persons'], ['reg_residences', 'residences'], ['reg_floating', 'floating'], ['reg_households', 'households']];
  const copyNoHistory = await copyInTwoSessions(withoutHistory, 'ROLLBACK');
  const { ms: copyTwoMs, pg: copyTwoPg } = await copyInTwoSessions([...withoutHistory, ['reg_changes', 'history']], 'COMMIT');
  const importRate = rowCount / (importMs / 1000);
  const copyRate = copied / (copyMs / 1000);
  const copyAllRate = copied / (copyAllMs / 1000);
  console.log(`  import: POST /api/registry/import/persons (${job.inserted.toLocaleString()} inserted, ${job.badRows} bad; ${written.map((w) => `${w.n.toLocaleString()} ${w.t}`).join(', ')})`);
  console.log(`          ${(importMs / 1000).toFixed(1)} s  = ${importRate.toFixed(0)} rows/s   (goal ≥ 20,000)   load before ${loadBefore}, after ${loadAfterImport}`);
  console.log(`  re-run of the same file (${again.skipped.toLocaleString()} already registered, nothing written)  ${(rerunMs / 1000).toFixed(1)} s  = ${(rowCount / (rerunMs / 1000)).toFixed(0)} rows/s`);
  console.log(`  COPY of the same persons + residences + floating              ${(copyMs / 1000).toFixed(1)} s  = ${copyRate.toFixed(0)} rows/s`);
  console.log(`  COPY of all the rows the import writes (+ households, history) ${(copyAllMs / 1000).toFixed(1)} s  = ${copyAllRate.toFixed(0)} rows/s   load ${load()}`);
  const copyTwoRate = copied / (copyTwoMs / 1000);
  console.log(`  COPY of all the rows, in two sessions at once (both cores)     ${(copyTwoMs / 1000).toFixed(1)} s  = ${copyTwoRate.toFixed(0)} rows/s   load ${load()}`);
  console.log(`  the same without the creation-history rows (rolled back)      ${(copyNoHistory.ms / 1000).toFixed(1)} s  = ${(copied / (copyNoHistory.ms / 1000)).toFixed(0)} rows/s   ${cpuNote(copyNoHistory.pg)}`);
  console.log(`  ratio import / COPY: ${(importRate / copyRate).toFixed(2)} (persons, residences, floating)   ${(importRate / copyAllRate).toFixed(2)} (all rows)   ${(importRate / copyTwoRate).toFixed(2)} (all rows, two sessions)`);
  console.log(`  ${cpuNote(importPg, importNode)} for the import;  ${cpuNote(rerunPg, rerunNode)} for the re-run;`);
  console.log(`  ${cpuNote(copyPg)} for COPY (persons, residences, floating), ${cpuNote(copyAllPg)} for COPY of all rows, ${cpuNote(copyTwoPg)} in two sessions`);
  if (importPg !== null && copyAllPg !== null) {
    console.log(`  PostgreSQL CPU ratio COPY / import: ${(copyPg! / importPg).toFixed(2)} (persons, residences, floating)   ${(copyAllPg / importPg).toFixed(2)} (all rows)`);
  }
  if (copyAllPg !== null && copyTwoPg !== null) {
    // The most any import of this file could do here: the cheapest write of its rows (COPY's
    // PostgreSQL CPU, the lesser of one session and two) plus the least the import process does
    // with the file (the re-run's CPU: read, check and probe, nothing written), with every core
    // busy all the time. An optimistic bound: the real import also probes and builds statements,
    // and never keeps both cores 100 % busy.
    const cores = os.cpus().length;
    const copyMin = Math.min(copyAllPg, copyTwoPg);
    const boundMs = (copyMin + rerunNode) / cores;
    console.log(`  CPU bound on ${cores} cores: (COPY ${(copyMin / 1000).toFixed(1)} s + re-run's process ${(rerunNode / 1000).toFixed(1)} s) / ${cores} = ${(boundMs / 1000).toFixed(1)} s  ≤ ${(rowCount / (boundMs / 1000)).toFixed(0)} rows/s for any import of these rows`);
  }
  }

  // ── 3. statistics of one street ──
  if (ONLY.has('stats')) {
  const districtCookie = await login('district');
  const times: number[] = [];
  for (let i = 0; i < 6; i++) {
    s = performance.now();
    const r = await fetch(`${base}/api/registry/stats?orgId=${populated[0]!.id}`, { headers: { cookie: districtCookie } });
    const body = await r.json() as { persons: { total: number } };
    times.push(performance.now() - s);
    if (i === 0) console.log(`  statistics of one street (${body.persons.total.toLocaleString()} persons):`);
  }
  console.log(`    GET /api/registry/stats  first ${ms(times[0]!)}   median of next 5 ${ms(pct(times.slice(1), 50))}\n`);
  }
  void POPULATION_TABLES;

  await server.close();
  await ownerDb.destroy();
  await stopPg();
  if (!KEEP) fs.rmSync(dir, { recursive: true, force: true });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
