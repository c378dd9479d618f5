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
import { inboxRows, type OutgoingNotification } from './notify.js';

export type CaseRow = Selectable<CasesTable>;

/** The scope predicate of cases: any of the three paths inside the caller's scope. */
export function caseInScope(scopePaths: readonly string[] | null, alias = ''): Expression<SqlBool> {
  if (scopePaths === null) return sql<SqlBool>`true`;
  const col = (c: string) => (alias ? `${alias}.${c}` : c);
  return sql<SqlBool>`(${inScope(col('path'), scopePaths)} OR ${inScope(col('owner_path'), scopePaths)} OR ${inScope(col('handler_path'), scopePaths)})
    AND (${pathRanges(col('path'), scopePaths)} OR ${pathRanges(col('owner_path'), scopePaths)} OR ${pathRanges(col('handler_path'), scopePaths)})`;
}

/**
 * The same rows as `inScope(col)` as index ranges. Under row-level security LIKE (not
 * leakproof) cannot be an index condition; the pattern comparison operators can, and the
 * text_pattern_ops path indexes serve them. Paths hold only hex, '-' and '/', so
 * [p, p with its last character bumped) is exactly "starts with p".
 */
export function pathRanges(col: string, scopePaths: readonly string[]): Expression<SqlBool> {
  if (scopePaths.length === 0) return sql<SqlBool>`false`;
  return sql<SqlBool>`(${sql.join(scopePaths.map((p) => p === ''
    ? sql<SqlBool>`${sql.ref(col)} IS NOT NULL`
    : sql<SqlBool>`(${sql.ref(col)} ~>=~ ${p} AND ${sql.ref(col)} ~<~ ${upperBound(p)})`), sql` OR `)})`;
}

function upperBound(s: string): string {
  return s.slice(0, -1) + String.fromCharCode(s.charCodeAt(s.length - 1) + 1);
}

/** Runs `fn` in the actor's data scope (the system's when the actor has no scope limits). */
export function inActorScope<T>(actor: CaseActor, fn: () => Promise<T>): Promise<T> {
  return actor.scopePaths === null ? runAsSystem(fn) : runInScope(actor.scopePaths, fn);
}

export function findVisibleCase(db: Kysely<DB>, actor: CaseActor, id: string): Promise<CaseRow | undefined> {
  return inActorScope(actor, () => db.selectFrom('cases').selectAll().where('id', '=', id).where(caseInScope(actor.scopePaths)).executeTakeFirst());
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

export function eventRow(e: EventInput) {
  return {
    tenant_code: e.tenantCode, id: uuidv7(), case_id: e.caseId, action: e.action, from_state: e.fromState, to_state: e.toState,
    actor_id: e.actor.userId, actor_name: e.actor.name, actor_kind: e.actor.kind, org_id: e.orgId ?? null,
    note: e.note ?? null, attachment_ids: e.attachmentIds ?? [], data: JSON.stringify(e.data ?? {}), public: e.isPublic ?? true, at: e.at,
  };
}

export function insertEvent(db: Kysely<DB>, e: EventInput) {
  return db.insertInto('case_events').values(eventRow(e)).execute();
}

/** Timeline events and inbox rows of one change in a single statement (one round trip). */
export async function insertEventsAndInbox(db: Kysely<DB>, events: EventInput[], notes: OutgoingNotification[]) {
  const inbox = inboxRows(notes);
  if (events.length === 0 && inbox.length === 0) return;
  if (inbox.length === 0) { await db.insertInto('case_events').values(events.map(eventRow)).execute(); return; }
  if (events.length === 0) { await db.insertInto('case_notifications').values(inbox).execute(); return; }
  await db.with('ev', (qc) => qc.insertInto('case_events').values(events.map(eventRow)).returning('id'))
    .insertInto('case_notifications').values(inbox).execute();
}

/** Org names for presenting (not personal data), read in the system scope. */
export async function orgNames(db: Kysely<DB>, ids: Array<string | null | undefined>): Promise<Map<string, { name: string; kind: string; path: string; parentId: string | null }>> {
  const want = [...new Set(ids.filter((x): x is string => !!x))];
  if (want.length === 0) return new Map();
  const rows = await runAsSystem(() => db.selectFrom('org_units').select(['id', 'name', 'kind', 'path', 'parent_id']).where('id', 'in', want).execute());
  return new Map(rows.map((r) => [r.id, { name: r.name, kind: r.kind, path: r.path, parentId: r.parent_id }]));
}
