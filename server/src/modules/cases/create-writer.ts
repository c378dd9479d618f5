/**
 * Group commit for case creation. Every create ends in the audit trigger, which takes the audit
 * chain's global lock until its transaction commits (hash chain: by design), and in the street's
 * number counter row: one create at a time could commit, each paying a WAL flush while holding
 * both. Here the creates that arrive while a batch is being written wait for the next batch, and
 * a batch is ONE statement whatever its size (data-modifying CTEs over JSON parameters): it
 * reserves a block of numbers per street and day, inserts the cases (already in their first
 * state: automatic acceptance is applied in memory by the caller, see service.ts), their
 * timeline events, inbox rows and audit rows, and looks up the duplicate suggestions staff get
 * back. One round trip and one commit for the lot; on a 2-core machine under load the round
 * trips, not the rows, are what costs.
 *
 * A batch in which a create names attachments runs in a transaction instead, so that linking
 * an upload that is not the reporter's to use can still roll everything back. If a batch fails,
 * each create is written again alone, so the bad one gets its own error and the others land.
 * Durability is unchanged: nobody is answered before the commit that holds their case.
 */
import { CompiledQuery, sql, type Insertable, type Kysely, type Transaction } from 'kysely';
import type { AppContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import type { AuditEntry } from '../../platform/audit/audit.js';
import { runAsSystem } from '../../platform/db/scope-context.js';
import { PREPARE } from '../../platform/db/database.js';
import { invalid } from '../../platform/http/errors.js';
import { localDay } from './calendar.js';
import { inboxRows, type OutgoingNotification } from './notify.js';
import { eventRow, type CaseRow, type EventInput } from './repo.js';
import type { CasesTable } from './tables.js';
import { presentDuplicate, type DuplicateLookup, type DuplicateSuggestion } from './duplicates.js';

type DuplicateRow = Parameters<typeof presentDuplicate>[0];

/** Creates written by one transaction at most (bounds its lock time and the wait of the last one). */
const MAX_BATCH = 100;

/** What a create writes, decided before it reaches the database. */
export interface CasePlan {
  /** the whole new row except its number (allocated with the batch); every plan carries the same columns */
  values: Omit<Insertable<CasesTable>, 'number'> & { id: string; tenant_code: string; created_at: Date };
  /** uploads the create links to the case: only unused ones of this uploader (null: anonymous) */
  attachments?: { ids: string[]; uploaderId: string | null };
  /** timeline events; an event whose data has a `number` key gets the case's number there */
  events: EventInput[];
  inbox: OutgoingNotification[];
  /** the audit row; its object label becomes the case's number */
  audit: AuditEntry;
  /** duplicate suggestions to look up with the insert (staff creates); cases of the same batch do not see each other */
  duplicates?: DuplicateLookup | null;
}

/** A written case: its row, and the suggested duplicates when the plan asked for them. */
export interface WrittenCase { row: CaseRow; duplicates: DuplicateSuggestion[] }

interface Job {
  plan: CasePlan;
  resolve: (c: WrittenCase) => void;
  reject: (e: unknown) => void;
}

class Writer {
  private queue: Job[] = [];
  private running = false;
  constructor(private readonly db: Kysely<DB>) {}

  submit(job: Job) {
    this.queue.push(job);
    if (this.running) return;
    // an idle writer starts after the current turn of the event loop: the other requests read
    // from the network in the same turn join this batch instead of waiting for the next one
    this.running = true;
    setImmediate(() => void this.drain());
  }

  private async drain() {
    try {
      while (this.queue.length) await this.run(this.queue.splice(0, MAX_BATCH));
    } finally {
      this.running = false;
    }
  }

  private async run(batch: Job[]) {
    try {
      const rows = await runAsSystem(() => writeBatch(this.db, batch.map((j) => j.plan)));
      batch.forEach((job, i) => job.resolve(rows[i]!));
    } catch (e) {
      if (batch.length === 1) {
        batch[0]!.reject(e);
        return;
      }
      // find the culprit: each create alone, in its own transaction
      for (const job of batch) await this.run([job]);
    }
  }
}

/** Writes the batch (see the header); returns the rows in the order of `plans`. */
function writeBatch(db: Kysely<DB>, plans: CasePlan[]): Promise<WrittenCase[]> {
  if (!plans.some((p) => p.attachments?.ids.length)) return insertPlans(db, plans);
  return db.transaction().execute(async (tx) => {
    const rows = await insertPlans(tx, plans);
    for (const [i, p] of plans.entries()) if (p.attachments?.ids.length) await linkAttachments(tx, rows[i]!.row, p.attachments);
    return rows;
  });
}

type BatchRow = { id: string; number: string; away: boolean; rz_duplicates: DuplicateRow[] | null };

/**
 * The batch statement's text for a set of case columns (every plan carries the same ones, so in
 * practice one text): built and compiled once, then only bound and executed. Prepared once per
 * connection (PREPARE marker); its seven parameters are JSON arrays, see insertPlans.
 */
const batchStatements = new Map<string, string>();
function batchStatement(db: Kysely<DB>, cols: string[]): string {
  const key = cols.join(',');
  let text = batchStatements.get(key);
  if (!text) {
    text = batchSql(cols).compile(db).sql;
    batchStatements.set(key, text);
  }
  return text;
}

const param = (n: number) => sql.raw(`$${n}::json`);

/**
 * The one statement. Numbers: street code + yyyymmdd (Shanghai) + a sequence of at least four
 * digits. The counter upsert reserves a block per street and day (in a fixed order, so two
 * instances' batches cannot deadlock) and each case takes `last - k + i + 1`.
 */
function batchSql(cols: string[]) {
  return sql`${sql.raw(PREPARE)}
    WITH want AS (SELECT * FROM json_to_recordset(${param(1)}) AS w(tenant_code text, day text, k int)),
    reserved AS (
      INSERT INTO case_number_seq (tenant_code, day, last) SELECT tenant_code, day, k FROM want ORDER BY tenant_code, day
      ON CONFLICT (tenant_code, day) DO UPDATE SET last = case_number_seq.last + excluded.last
      RETURNING tenant_code, day, last),
    numbers AS (
      SELECT x.id, x.tenant_code || '-' || x.day || '-' || lpad(s.n::text, greatest(4, length(s.n::text)), '0') AS number
      FROM json_to_recordset(${param(2)}) AS x(id uuid, tenant_code text, day text, i int)
      JOIN reserved r USING (tenant_code, day) JOIN want w USING (tenant_code, day)
      CROSS JOIN LATERAL (SELECT r.last - w.k + x.i + 1 AS n) s),
    created AS (
      INSERT INTO cases (${sql.join(cols.map((c) => sql.ref(c)))}, number)
      SELECT ${sql.join(cols.map((c) => sql.ref(`v.${c}`)))}, numbers.number
      FROM json_populate_recordset(NULL::cases, ${param(3)}) v JOIN numbers ON numbers.id = v.id
      RETURNING id, number, away),
    events AS (
      INSERT INTO case_events (tenant_code, id, case_id, action, from_state, to_state, actor_id, actor_name, actor_kind, org_id, note, attachment_ids, data, public, at)
      SELECT e.tenant_code, e.id, e.case_id, e.action, e.from_state, e.to_state, e.actor_id, e.actor_name, e.actor_kind, e.org_id, e.note,
        e.attachment_ids, CASE WHEN e.data ? 'number' THEN e.data || jsonb_build_object('number', n.number) ELSE e.data END, e.public, e.at
      FROM json_populate_recordset(NULL::case_events, ${param(4)}) e LEFT JOIN numbers n ON n.id = e.case_id),
    inbox AS (
      INSERT INTO case_notifications (tenant_code, id, path, recipient_org_id, recipient_user_id, case_id, kind, title, body)
      SELECT tenant_code, id, path, recipient_org_id, recipient_user_id, case_id, kind, title, body
      FROM json_populate_recordset(NULL::case_notifications, ${param(5)})),
    audit AS (
      INSERT INTO audit_log (action, outcome, actor_id, actor_name, tenant_code, path, object_type, object_id, object_label, ip, detail)
      SELECT a.action, a.outcome, a.actor_id, a.actor_name, a.tenant_code, a.path, a.object_type, a.object_id, n.number, a.ip, a.detail
      FROM json_populate_recordset(NULL::audit_log, ${param(6)}) a JOIN numbers n ON n.id::text = a.object_id),
    -- read from the snapshot the statement started with: the cases it inserts are not among them
    duplicates AS (
      SELECT q.case_id, json_agg(json_build_object('id', d.id, 'number', d.number, 'title', d.title, 'state', d.state, 'created_at', d.created_at)
        ORDER BY d.created_at DESC) AS list
      FROM json_to_recordset(${param(7)}) AS q(case_id uuid, tenant_code text, category_id uuid, from_at timestamptz, to_at timestamptz,
        room_id uuid, building_id uuid, grid_id uuid, lng float8, lat float8, radius_m float8, scope text[])
      CROSS JOIN LATERAL case_duplicate_candidates(q.case_id, q.tenant_code, q.category_id, q.from_at, q.to_at,
        q.room_id, q.building_id, q.grid_id, q.lng, q.lat, q.radius_m, q.scope) d
      GROUP BY q.case_id)
    SELECT created.id, created.number, created.away, duplicates.list AS rz_duplicates
    FROM created LEFT JOIN duplicates ON duplicates.case_id = created.id`;
}

/** Writes the plans with the batch statement; the results in the order of `plans`. */
async function insertPlans(db: Kysely<DB>, plans: CasePlan[]): Promise<WrittenCase[]> {
  const counters = new Map<string, { tenant_code: string; day: string; k: number }>();
  const numbered = plans.map((p) => {
    const day = localDay(p.values.created_at).replaceAll('-', '');
    const key = `${p.values.tenant_code}|${day}`;
    const c = counters.get(key) ?? { tenant_code: p.values.tenant_code, day, k: 0 };
    counters.set(key, c);
    return { id: p.values.id, tenant_code: c.tenant_code, day, i: c.k++ };
  });
  const cols = Object.keys(plans[0]!.values);
  const events = plans.flatMap((p) => p.events.map((e) => ({ ...eventRow(e), data: e.data ?? {} })));
  const inbox = inboxRows(plans.flatMap((p) => p.inbox));
  const audits = plans.map((p) => auditRow(p.audit));
  const lookups = plans.flatMap((p) => (p.duplicates ? [p.duplicates] : []));
  const { rows } = await db.executeQuery<BatchRow>(CompiledQuery.raw(batchStatement(db, cols),
    [[...counters.values()], numbered, plans.map((p) => p.values), events, inbox, audits, lookups].map((v) => JSON.stringify(v))));
  // the row is what the plan holds plus what the database made: the number and the computed column
  // (not RETURNING *: parsing ~70 columns back costs the server more than the rest of the answer)
  const byId = new Map(rows.map((r) => [r.id, r]));
  return plans.map((p) => {
    const r = byId.get(p.values.id)!;
    return { row: { ...p.values, number: r.number, away: r.away } as CaseRow, duplicates: (r.rz_duplicates ?? []).map(presentDuplicate) };
  });
}

/** Attachments named by a create become the case's: only unused uploads of the same uploader. */
export async function linkAttachments(tx: Transaction<DB>, c: Pick<CaseRow, 'id' | 'tenant_code'>, a: { ids: string[]; uploaderId: string | null }) {
  let q = tx.updateTable('case_attachments').set({ case_id: c.id }).where('id', 'in', a.ids).where('case_id', 'is', null)
    .where('tenant_code', '=', c.tenant_code);
  q = a.uploaderId ? q.where('uploader_id', '=', a.uploaderId) : q.where('uploader_id', 'is', null);
  const res = await q.executeTakeFirst();
  if (Number(res.numUpdatedRows) !== new Set(a.ids).size) {
    throw invalid('Unknown attachment', '附件不存在或已被使用', [{ path: 'body.attachmentIds', message: 'unknown or already used attachment', message_zh: '附件不存在或已被使用' }]);
  }
}

const writers = new WeakMap<Kysely<DB>, Writer>();

/** Writes the case with the instance's next batch; resolves with the row (and duplicates) after that commit. */
export function writeCase(ctx: AppContext, plan: CasePlan): Promise<WrittenCase> {
  let w = writers.get(ctx.db);
  if (!w) {
    w = new Writer(ctx.db);
    writers.set(ctx.db, w);
  }
  const writer = w;
  return new Promise<WrittenCase>((resolve, reject) => writer.submit({ plan, resolve, reject }));
}

/** An audit row as recordAudit() writes it (the trigger fills in the chain). */
function auditRow(entry: AuditEntry) {
  return {
    action: entry.action,
    outcome: entry.outcome ?? 'success',
    actor_id: entry.actor?.id ?? null,
    actor_name: entry.actor?.name ?? null,
    tenant_code: entry.tenantCode ?? null,
    path: entry.path ?? null,
    object_type: entry.objectType ?? null,
    object_id: entry.objectId ?? null,
    ip: entry.ip ?? null,
    detail: entry.detail ?? {},
  };
}
