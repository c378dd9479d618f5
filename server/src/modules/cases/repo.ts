/**
 * Case queries. Reads add the case scope predicate (where it is, who first accepted it, who
 * handles it now) on top of row-level security; writes happen in services after a guard.
 */
import { sql, type Expression, type Kysely, type Selectable, type SqlBool } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { DB } from '../../platform/db/schema.js';
import { inScope } from '../../platform/db/scope-sql.js';
import { runAsSystem, runInScope } from '../../platform/db/scope-context.js';
import type { CaseActor } from './state-machine.js';
import type { CasesTable } from './tables.js';
import { localDay } from './calendar.js';

export type CaseRow = Selectable<CasesTable>;

/** The scope predicate of cases: any of the three paths inside the caller's scope. */
export function caseInScope(scopePaths: readonly string[] | null, alias = ''): Expression<SqlBool> {
  if (scopePaths === null) return sql<SqlBool>`true`;
  const col = (c: string) => (alias ? `${alias}.${c}` : c);
  return sql<SqlBool>`(${inScope(col('path'), scopePaths)} OR ${inScope(col('owner_path'), scopePaths)} OR ${inScope(col('handler_path'), scopePaths)})`;
}

/** Runs `fn` in the actor's data scope (the system's when the actor has no scope limits). */
export function inActorScope<T>(actor: CaseActor, fn: () => Promise<T>): Promise<T> {
  return actor.scopePaths === null ? runAsSystem(fn) : runInScope(actor.scopePaths, fn);
}

export function findVisibleCase(db: Kysely<DB>, actor: CaseActor, id: string): Promise<CaseRow | undefined> {
  return inActorScope(actor, () => db.selectFrom('cases').selectAll().where('id', '=', id).where(caseInScope(actor.scopePaths)).executeTakeFirst());
}

/**
 * Next readable number of the street for the day: street code + yyyymmdd (Shanghai) + sequence.
 * One atomic upsert in its own statement, so concurrent creates never share a number and the
 * counter row is not held locked for the whole create (a failed create leaves a gap).
 */
export async function allocateCaseNumber(db: Kysely<DB>, tenantCode: string, now: Date): Promise<string> {
  const day = localDay(now).replaceAll('-', '');
  const row = await runAsSystem(() => db.insertInto('case_number_seq').values({ tenant_code: tenantCode, day, last: 1 })
    .onConflict((oc) => oc.columns(['tenant_code', 'day']).doUpdateSet({ last: sql`case_number_seq.last + 1` }))
    .returning('last').executeTakeFirstOrThrow());
  return `${tenantCode}-${day}-${String(row.last).padStart(4, '0')}`;
}

export interface EventInput {
  tenantCode: string;
  caseId: string;
  action: string;
  fromState: string | null;
  toState: string | null;
  actor: CaseActor;
  orgId?: string | null;
  note?: string | null;
  attachmentIds?: string[];
  data?: Record<string, unknown>;
  isPublic?: boolean;
  at: Date;
}

export function insertEvent(db: Kysely<DB>, e: EventInput) {
  return db.insertInto('case_events').values({
    tenant_code: e.tenantCode, id: uuidv7(), case_id: e.caseId, action: e.action, from_state: e.fromState, to_state: e.toState,
    actor_id: e.actor.userId, actor_name: e.actor.name, actor_kind: e.actor.kind, org_id: e.orgId ?? null,
    note: e.note ?? null, attachment_ids: e.attachmentIds ?? [], data: JSON.stringify(e.data ?? {}), public: e.isPublic ?? true, at: e.at,
  }).execute();
}

/** Org names for presenting (not personal data), read in the system scope. */
export async function orgNames(db: Kysely<DB>, ids: Array<string | null | undefined>): Promise<Map<string, { name: string; kind: string; path: string; parentId: string | null }>> {
  const want = [...new Set(ids.filter((x): x is string => !!x))];
  if (want.length === 0) return new Map();
  const rows = await runAsSystem(() => db.selectFrom('org_units').select(['id', 'name', 'kind', 'path', 'parent_id']).where('id', 'in', want).execute());
  return new Map(rows.map((r) => [r.id, { name: r.name, kind: r.kind, path: r.path, parentId: r.parent_id }]));
}
