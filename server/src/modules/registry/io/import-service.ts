/**
 * Import use cases: preview (parse and check the first rows, write nothing), start a job
 * (the HTTP call stores the file and returns the job at once), run the job in the background
 * in batches (progress written after each batch, the event loop released between batches),
 * read a job's progress and download its bad-rows report.
 */
import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { AppContext } from '../../../platform/context.js';
import type { Principal } from '../../../platform/auth/principal.js';
import { recordAudit } from '../../../platform/audit/audit.js';
import { inScope } from '../../../platform/db/scope-sql.js';
import { runAsSystem, runInScope } from '../../../platform/db/scope-context.js';
import { invalid, notFound } from '../../../platform/http/errors.js';
import { requireOrg } from '../common.js';
import { ROW_CHECKERS, RowCheck, type PersonRecord } from './import-rows.js';
import { GridResolver, placePersons, writeEntities, writeHouseholds, writePersons, writePlacedPersons, writeRentals, writeRooms, type BatchResult, type ImportScope } from './import-batch.js';
import { detectFormat, readSheet, tableCsv, tableXlsx, type SheetFormat, type SheetRow } from './spreadsheet.js';
import { SHEETS } from './templates.js';
import { nextTurn, ROWS_PER_TURN } from './xlsx-rows.js';
import { WriteLanes } from './write-lanes.js';
import type { ImportKind, RowIssue } from './tables.js';

export const BATCH_SIZE = 2000;
/**
 * Batch writes in flight at a time (write-lanes.ts). Persons only: their batches share nothing
 * but households, opened beforehand in file order (placePersons). Rooms share buildings and
 * units, rentals their landlords' rentals: those batches stay one after the other.
 */
const WRITE_LANES: Record<ImportKind, number> = { persons: 2, households: 1, rooms: 1, rentals: 1, entities: 1 };
const PREVIEW_ROWS = 50;

/** Keys that identify "the same thing" within one file (a second occurrence is reported). */
const DEDUPE_KEY: Record<ImportKind, (cells: Record<string, string>) => string | null> = {
  persons: (c) => c.idNumber?.toUpperCase() || null,
  households: (c) => c.householdNo || null,
  rooms: (c) => (c.buildingAddress && c.roomNo ? `${c.buildingAddress}|${c.unitNo ?? ''}|${c.roomNo}` : null),
  rentals: (c) => (c.roomAddress ? `${c.roomAddress}|${c.landlordIdNumber || c.landlordName}|${c.tenantIdNumbers ?? ''}` : null),
  entities: (c) => c.uscc?.toUpperCase() || (c.name ? `name:${c.name}` : null),
};

function headerProblems(kind: ImportKind, missing: { header: string; en: string }[]) {
  if (!missing.length) return;
  throw invalid('The sheet lacks required columns', '表格缺少必填列', missing.map((c) => ({
    path: `file.${c.header}`, message: `missing column ${c.header} (${c.en}); download the ${SHEETS[kind].titleEn} template`,
    message_zh: `缺少“${c.header}”列，请使用${SHEETS[kind].title}导入模板`,
  })));
}

export async function previewImport(ctx: AppContext, p: Principal, kind: ImportKind, file: Buffer, opts: { orgId?: string; format?: string }) {
  const org = await requireOrg(ctx.db, p, opts.orgId ?? p.scopes[0]!.orgId);
  const format = detectFormat(file, opts.format);
  const sheet = await readSheet(kind, file, format, PREVIEW_ROWS).catch(unreadable);
  headerProblems(kind, sheet.missingRequired);
  const scope: ImportScope = { scopePaths: p.scopePaths, org, actor: { id: p.userId, name: p.name }, jobId: 'preview' };
  const grids = new GridResolver(scope);
  const seen = new Map<string, number>();
  const rows = [];
  await grids.load(ctx.db, sheet.rows.map((r) => r.cells.gridCode ?? null));
  for (const r of sheet.rows) {
    const check = new RowCheck(kind, r);
    ROW_CHECKERS[kind](check);
    dedupeInFile(kind, r, seen, check);
    if ('gridCode' in r.cells && r.cells.gridCode && grids.get(r.cells.gridCode) === null) {
      check.issues.push({ row: r.row, column: '网格编码', reason_zh: '网格编码不存在或不在您的管辖范围内', reason: 'no such grid in your scope', severity: 'error' });
    }
    rows.push({ row: r.row, cells: maskCells(r.cells), ok: check.ok, issues: check.issues });
  }
  return {
    kind, format, orgId: org.id,
    columns: SHEETS[kind].columns.filter((c) => sheet.columns.includes(c.key)).map((c) => ({ key: c.key, header: c.header })),
    unknownHeaders: sheet.unknownHeaders, previewed: rows.length, truncated: sheet.truncated, rows,
  };
}

/** Preview cells leave the server masked like every list. */
function maskCells(cells: Record<string, string>) {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(cells)) {
    out[k] = /idnumber/i.test(k) ? v.replace(/[0-9Xx]{15,18}/g, (m) => `${m.slice(0, 3)}${'*'.repeat(m.length - 7)}${m.slice(-4)}`)
      : /phone/i.test(k) ? v.replace(/1\d{10}/g, (m) => `${m.slice(0, 3)}****${m.slice(7)}`) : v;
  }
  return out;
}

function dedupeInFile(kind: ImportKind, r: SheetRow, seen: Map<string, number>, check: RowCheck) {
  const key = DEDUPE_KEY[kind](r.cells);
  if (!key) return;
  const first = seen.get(key);
  if (first !== undefined) {
    const col = SHEETS[kind].columns[kind === 'persons' ? 1 : 0]!.key;
    check.error(col, `与第${first}行重复，本行未导入`, `duplicate of row ${first}; this row was not imported`);
  } else seen.set(key, r.row);
}

function unreadable(e: unknown): never {
  throw invalid('The file cannot be read as .xlsx or CSV', '文件无法读取，请上传 .xlsx 或 CSV 文件', [
    { path: 'file', message: String((e as Error).message ?? e).slice(0, 200), message_zh: '文件格式错误或已损坏' },
  ]);
}

// ---------------------------------------------------------------------------------------------

export async function startImport(ctx: AppContext, p: Principal, kind: ImportKind, file: Buffer, opts: { orgId?: string; format?: string; fileName?: string }, ip?: string) {
  const org = await requireOrg(ctx.db, p, opts.orgId ?? p.scopes[0]!.orgId);
  const format = detectFormat(file, opts.format);
  // the header is checked now, so a wrong file is refused at once instead of failing later
  const head = await readSheet(kind, file, format, 0).catch(unreadable);
  headerProblems(kind, head.missingRequired);
  const id = uuidv7();
  await ctx.db.insertInto('reg_import_jobs').values({
    tenant_code: org.tenant_code, id, path: org.path, org_id: org.id, scope_paths: p.scopePaths, kind, format,
    file_name: opts.fileName?.slice(0, 200) ?? null, file_data: file, errors: '[]',
    created_by: p.userId, created_by_name: p.name, failure: null,
  }).execute();
  await recordAudit(ctx.db, {
    action: 'registry.import.start', actor: { id: p.userId, name: p.name }, tenantCode: org.tenant_code, path: org.path,
    objectType: 'reg_import_job', objectId: id, objectLabel: `${SHEETS[kind].title} ${opts.fileName ?? ''}`.trim(), ip,
    detail: { kind, format, bytes: file.length },
  });
  // in the background: the request returns the job id now
  const run = runImportJob(ctx, id).catch((err) => ctx.log.error({ err, job: id }, 'import job failed'));
  running.set(id, run);
  void run.finally(() => running.delete(id));
  return id;
}

/** Jobs running in this process (tests and shutdown can wait for them). */
const running = new Map<string, Promise<unknown>>();
export function waitForImport(id: string) {
  return running.get(id) ?? Promise.resolve();
}

/**
 * Runs a queued job (or resumes one whose worker died): claims it, reads the file, checks and
 * writes batch by batch in the uploader's scope, then stores the report and drops the file.
 * Safe to run twice: the writes dedupe.
 */
export async function runImportJob(ctx: AppContext, id: string, staleAfterMs = 120_000): Promise<void> {
  const job = await runAsSystem(() => ctx.db.updateTable('reg_import_jobs')
    .set({ status: 'running', started_at: sql`now()`, heartbeat_at: sql`now()` })
    .where('id', '=', id)
    .where((eb) => eb.or([eb('status', '=', 'queued'),
      eb.and([eb('status', '=', 'running'), eb('heartbeat_at', '<', new Date(Date.now() - staleAfterMs))])]))
    .returningAll().executeTakeFirst());
  if (!job || !job.file_data) return;
  const kind = job.kind;
  const org = await runAsSystem(() => ctx.db.selectFrom('org_units').select(['id', 'path', 'kind', 'tenant_code']).where('id', '=', job.org_id).executeTakeFirstOrThrow());
  const scope: ImportScope = { scopePaths: job.scope_paths, org, actor: { id: job.created_by, name: job.created_by_name }, jobId: job.id };
  const save = (values: Record<string, unknown>) => runInScope(job.scope_paths, () =>
    ctx.db.updateTable('reg_import_jobs').set({ ...values, heartbeat_at: sql`now()` }).where('id', '=', id).execute());
  try {
    await runInScope(job.scope_paths, async () => {
      const grids = new GridResolver(scope);
      const seen = new Map<string, number>();
      const issues: RowIssue[] = [];
      const totals = { processed: 0, inserted: 0, skipped: 0 };
      // A pipeline over the two cores: the file is read and checked in batches here while
      // PostgreSQL writes the batches before (WRITE_LANES of them at a time, see write-lanes.ts).
      // The sheet is never held whole as row objects.
      const lanes = new WriteLanes(WRITE_LANES[kind]);
      let estimate: Promise<unknown> = Promise.resolve();
      const onBatch = async (batch: SheetRow[]) => {
        const records: unknown[] = [];
        for (const [i, r] of batch.entries()) {
          // the batches being written go on statement by statement: let them have the event loop now and then
          if (i > 0 && i % ROWS_PER_TURN === 0) await nextTurn();
          const check = new RowCheck(kind, r);
          const rec = ROW_CHECKERS[kind](check);
          dedupeInFile(kind, r, seen, check);
          if (check.issues.length) issues.push(...check.issues);
          if (rec && check.ok) records.push(rec);
        }
        // persons: households are opened first, batch after batch (placePersons); the rest goes to a lane
        const placed = kind === 'persons' && records.length
          ? await batchTransaction(ctx, (trx) => placePersons(trx, scope, grids, records as PersonRecord[])) : null;
        await lanes.submit(async () => {
          const result: BatchResult = !records.length ? { inserted: 0, skipped: 0, issues: [] }
            : await batchTransaction(ctx, (trx) => (placed ? writePlacedPersons(trx, scope, placed) : writeBatch(trx, scope, grids, kind, records)));
          // counted once committed (a batch aborted by a deadlock is written again)
          issues.push(...result.issues);
          totals.inserted += result.inserted;
          totals.skipped += result.skipped;
          totals.processed += batch.length;
          // progress never runs ahead of what is committed; batches finish out of order, so it only grows
          await ctx.db.updateTable('reg_import_jobs').set({
            processed_rows: sql`greatest(processed_rows, ${totals.processed})`, inserted_rows: sql`greatest(inserted_rows, ${totals.inserted})`,
            skipped_rows: sql`greatest(skipped_rows, ${totals.skipped})`, ...issueCounts(issues), heartbeat_at: sql`now()`,
          }).where('id', '=', id).execute();
        });
      };
      const sheet = await readSheet(kind, job.file_data!, job.format, Infinity, {
        batchSize: BATCH_SIZE, onBatch,
        onEstimate: (n) => { estimate = save({ total_rows: n }); estimate.catch(() => {}); },
      }).finally(() => lanes.settle());
      await estimate;
      await lanes.drain();
      issues.sort((a, b) => a.row - b.row);
      await save({ status: 'done', finished_at: sql`now()`, total_rows: sheet.rowCount, processed_rows: sheet.rowCount, file_data: null, errors: JSON.stringify(issues), ...issueCounts(issues) });
      await recordAudit(ctx.db, {
        action: 'registry.import', actor: scope.actor.id ? { id: scope.actor.id, name: scope.actor.name ?? '' } : null,
        tenantCode: job.tenant_code, path: job.path, objectType: 'reg_import_job', objectId: job.id, objectLabel: SHEETS[kind].title,
        detail: { kind, rows: sheet.rowCount, inserted: totals.inserted, skipped: totals.skipped, ...issueCounts(issues) },
      });
    });
  } catch (err) {
    ctx.log.error({ err, job: id }, 'import job failed');
    await save({ status: 'failed', finished_at: sql`now()`, file_data: null, failure: String((err as Error).message ?? err).slice(0, 500) });
  }
}

function issueCounts(issues: RowIssue[]) {
  const bad = new Set(issues.filter((i) => i.severity === 'error').map((i) => i.row));
  return { bad_rows: bad.size, warnings: issues.filter((i) => i.severity === 'warning').length };
}

/**
 * A batch's transaction. Batches commit asynchronously: COMMIT does not wait for the WAL flush.
 * The import's outcome is durable all the same: the job's final 'done' (a normal commit) flushes
 * the WAL up to itself, and so every batch before it; a crash before that leaves the job
 * 'running', it is resumed, and the re-run rewrites whatever was lost (the writes dedupe on the
 * ID number and the other natural keys).
 */
function batchTransaction<T>(ctx: AppContext, work: (trx: AppContext['db']) => Promise<T>): Promise<T> {
  return ctx.db.transaction().execute(async (trx) => {
    await sql`SET LOCAL synchronous_commit = off`.execute(trx);
    return work(trx);
  });
}

function writeBatch(db: AppContext['db'], s: ImportScope, grids: GridResolver, kind: ImportKind, recs: unknown[]): Promise<BatchResult> {
  switch (kind) {
    case 'persons': return writePersons(db, s, grids, recs as Parameters<typeof writePersons>[3]);
    case 'households': return writeHouseholds(db, s, recs as Parameters<typeof writeHouseholds>[2]);
    case 'rooms': return writeRooms(db, s, grids, recs as Parameters<typeof writeRooms>[3]);
    case 'rentals': return writeRentals(db, s, recs as Parameters<typeof writeRentals>[2]);
    case 'entities': return writeEntities(db, s, grids, recs as Parameters<typeof writeEntities>[3]);
  }
}

// ---------------------------------------------------------------------------------------------

async function loadJob(ctx: AppContext, p: Principal, id: string) {
  const job = await ctx.db.selectFrom('reg_import_jobs').selectAll().where('id', '=', id).where(inScope('path', p.scopePaths)).executeTakeFirst();
  if (!job) throw notFound('Import job', '导入任务');
  return job;
}

export function presentJob(j: Awaited<ReturnType<typeof loadJob>>, issueLimit = 200) {
  const errors = (j.errors ?? []) as RowIssue[];
  return {
    id: j.id, kind: j.kind, kindZh: SHEETS[j.kind].title, format: j.format, fileName: j.file_name, orgId: j.org_id, status: j.status,
    totalRows: j.total_rows, processedRows: j.processed_rows, progress: j.status === 'done' ? 100
      // total_rows is an estimate until the job is done (the sheet is read as it is inflated)
      : j.total_rows ? Math.min(99, Math.round((j.processed_rows / j.total_rows) * 1000) / 10) : 0,
    inserted: j.inserted_rows, skipped: j.skipped_rows, badRows: j.bad_rows, warnings: j.warnings,
    issues: errors.slice(0, issueLimit), issuesTruncated: errors.length > issueLimit, failure: j.failure,
    createdBy: j.created_by_name, createdAt: j.created_at, startedAt: j.started_at, finishedAt: j.finished_at,
  };
}

export async function getImportJob(ctx: AppContext, p: Principal, id: string) {
  return presentJob(await loadJob(ctx, p, id));
}

export async function listImportJobs(ctx: AppContext, p: Principal) {
  const rows = await ctx.db.selectFrom('reg_import_jobs').selectAll().where(inScope('path', p.scopePaths)).orderBy('created_at', 'desc').limit(50).execute();
  return { items: rows.map((r) => presentJob(r, 0)), total: rows.length };
}

const REPORT_HEADERS = ['行号 Row', '列 Column', '值 Value', '问题 Reason (中文)', 'Reason (English)', '级别 Severity'];

/** Every bad row (and every warning) of a job as a sheet. */
export async function importReport(ctx: AppContext, p: Principal, id: string, format: SheetFormat) {
  const job = await loadJob(ctx, p, id);
  const rows = ((job.errors ?? []) as RowIssue[]).map((i) => [i.row, i.column, i.value ?? '', i.reason_zh, i.reason, i.severity === 'error' ? '错误 error' : '警告 warning']);
  const name = `导入问题-${SHEETS[job.kind].title}-${job.id.slice(-8)}`;
  return format === 'csv'
    ? { name: `${name}.csv`, body: Buffer.from(tableCsv(REPORT_HEADERS, rows), 'utf8') }
    : { name: `${name}.xlsx`, body: await tableXlsx('导入问题', REPORT_HEADERS, rows) };
}

/** Resumes jobs left queued or running by a process that stopped. */
export async function resumeStaleImports(ctx: AppContext) {
  const stale = await runAsSystem(() => ctx.db.selectFrom('reg_import_jobs').select('id')
    .where((eb) => eb.or([
      eb.and([eb('status', '=', 'queued'), eb('created_at', '<', new Date(Date.now() - 60_000))]),
      eb.and([eb('status', '=', 'running'), eb('heartbeat_at', '<', new Date(Date.now() - 120_000))]),
    ])).limit(5).execute());
  for (const j of stale) if (!running.has(j.id)) await runImportJob(ctx, j.id);
}
