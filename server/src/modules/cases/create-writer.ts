/**
 * Group commit for case creation. Every create ends in the audit trigger, which takes the
 * audit chain's global lock until its transaction commits (hash chain: by design), and in the
 * street's number counter row: one create at a time could commit, each paying a WAL flush while
 * holding both. Here concurrent creates of this instance share one short transaction: each runs
 * inside its own SAVEPOINT (a failing create — unknown attachment — is rolled back alone and
 * gets its own error), their audit rows are inserted together last, right before the single
 * commit, and all answer after that commit. Durability is unchanged: nobody is answered before
 * the commit that holds their case.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { AppContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import type { AuditEntry } from '../../platform/audit/audit.js';
import { runAsSystem } from '../../platform/db/scope-context.js';

/** Creates written by one transaction at most (bounds its lock time and the wait of the last one). */
const MAX_BATCH = 50;

export interface BatchWrite<T> {
  value: T;
  /** the create's audit row, written with the others at the end of the shared transaction */
  audit: AuditEntry;
}

interface Job {
  tenant: string;
  write: (tx: Transaction<DB>) => Promise<BatchWrite<unknown>>;
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
}

class Writer {
  private queue: Job[] = [];
  private running = false;
  constructor(private readonly db: Kysely<DB>) {}

  submit(job: Job) {
    this.queue.push(job);
    if (!this.running) void this.drain();
  }

  private async drain() {
    this.running = true;
    try {
      while (this.queue.length) await this.run(this.queue.splice(0, MAX_BATCH));
    } finally {
      this.running = false;
    }
  }

  private async run(batch: Job[]) {
    // a fixed lock order (counter rows by street) between instances: no deadlock of two batches
    batch.sort((a, b) => (a.tenant < b.tenant ? -1 : a.tenant > b.tenant ? 1 : 0));
    const settled = new Set<Job>();
    const done: Array<[Job, unknown]> = [];
    try {
      await runAsSystem(() => this.db.transaction().execute(async (tx) => {
        const alone = batch.length === 1;
        const audits: AuditEntry[] = [];
        for (const job of batch) {
          if (!alone) await sql`SAVEPOINT rz_case_create`.execute(tx);
          try {
            const r = await job.write(tx);
            if (!alone) await sql`RELEASE SAVEPOINT rz_case_create`.execute(tx);
            done.push([job, r.value]);
            audits.push(r.audit);
          } catch (e) {
            if (alone) throw e;
            await sql`ROLLBACK TO SAVEPOINT rz_case_create`.execute(tx);
            settled.add(job);
            job.reject(e);
          }
        }
        // last statement before the commit: the audit chain's lock is held only from here
        if (audits.length) await insertAudits(tx, audits);
      }));
    } catch (e) {
      for (const job of batch) if (!settled.has(job)) job.reject(e);
      return;
    }
    for (const [job, value] of done) job.resolve(value);
  }
}

const writers = new WeakMap<Kysely<DB>, Writer>();

/** Runs `write` in the instance's shared create transaction; resolves after it committed. */
export function writeInBatch<T>(ctx: AppContext, tenant: string, write: (tx: Transaction<DB>) => Promise<BatchWrite<T>>): Promise<T> {
  let w = writers.get(ctx.db);
  if (!w) {
    w = new Writer(ctx.db);
    writers.set(ctx.db, w);
  }
  const writer = w;
  return new Promise<T>((resolve, reject) => writer.submit({ tenant, write, resolve: resolve as (v: unknown) => void, reject }));
}

/** recordAudit() for several rows in one statement (the trigger chains them row by row). */
function insertAudits(db: Kysely<DB>, entries: AuditEntry[]) {
  return db.insertInto('audit_log').values(entries.map((entry) => ({
    action: entry.action,
    outcome: entry.outcome ?? 'success',
    actor_id: entry.actor?.id ?? null,
    actor_name: entry.actor?.name ?? null,
    tenant_code: entry.tenantCode ?? null,
    path: entry.path ?? null,
    object_type: entry.objectType ?? null,
    object_id: entry.objectId ?? null,
    object_label: entry.objectLabel ?? null,
    ip: entry.ip ?? null,
    detail: JSON.stringify(entry.detail ?? {}),
  }))).execute();
}
