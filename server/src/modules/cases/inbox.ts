/**
 * The staff inbox: 待办 (what the caller can act on now), 已办 (what they acted on), 超期
 * (overdue), 督办 (under supervision), plus the inbox messages addressed to their orgs.
 */
import { sql, type Expression, type SqlBool } from 'kysely';
import type { AppContext } from '../../platform/context.js';
import { inScope } from '../../platform/db/scope-sql.js';
import type { CaseListQuery } from './schema.js';
import type { CaseActor } from './state-machine.js';
import { caseInScope, inActorScope, orgNames, pathRanges, type CaseRow } from './repo.js';
import { presentCaseListItem } from './presenter.js';
import { tenantConfig } from './config.js';
import { invalid } from '../../platform/http/errors.js';
import { runAsSystem } from '../../platform/db/scope-context.js';
import type { CaseState } from './tables.js';
import { STATES } from './state-machine.js';

const HANDLER_TODO: CaseState[] = ['dispatched', 'escalated', 'signed', 'in_progress'];
const DISPATCHER_TODO: CaseState[] = ['reported', 'accepted', 'returned', 'delay_requested', 'handled', 'closed', 'called_back'];
const CLOSED_OR_DONE: CaseState[] = ['rejected', 'closed', 'called_back', 'archived', 'merged'];

const has = (a: CaseActor, p: string) => a.permissions === 'all' || a.permissions.has(p);

/** What the actor can act on now, as SQL: the same rules as state-machine.ts, in bulk. */
/**
 * `placeKnown`: every case read lies in the caller's scope already (a whole-street caller reading
 * the cases located in their street), so the place tests are left out — they are true, and each
 * one more makes the planner's row estimate smaller until it sorts the street's whole backlog
 * instead of reading the newest-first index.
 */
function todoPredicate(actor: CaseActor, placeKnown = false): Expression<SqlBool> {
  const scopes = actor.scopePaths ?? [''];
  const parts: Expression<SqlBool>[] = [];
  if (has(actor, 'case.handle')) {
    const mine = actor.userId ? sql<SqlBool>`(handler_user_id IS NULL OR handler_user_id = ${actor.userId})` : sql<SqlBool>`true`;
    const handler = placeKnown ? pathRanges('handler_path', scopes) : sql<SqlBool>`${inScope('handler_path', scopes)} AND ${pathRanges('handler_path', scopes)}`;
    parts.push(sql<SqlBool>`(state = ANY(${HANDLER_TODO}::text[]) AND ${handler} AND ${mine})`);
  }
  if (has(actor, 'case.dispatch')) {
    parts.push(placeKnown ? sql<SqlBool>`state = ANY(${DISPATCHER_TODO}::text[])`
      : sql<SqlBool>`(state = ANY(${DISPATCHER_TODO}::text[]) AND (${inScope('path', scopes)} OR ${inScope('owner_path', scopes)})
      AND (${pathRanges('path', scopes)} OR ${pathRanges('owner_path', scopes)}))`);
  }
  if (parts.length === 0) return sql<SqlBool>`false`;
  // the literal matches the partial indexes of migration 0007 (every to-do state is "active")
  return sql<SqlBool>`${ACTIVE} AND (${sql.join(parts, sql` OR `)})`;
}

/** Not finished for good: the predicate of the partial path indexes (0007_case_perf.sql). */
const ACTIVE = sql<SqlBool>`state NOT IN ('rejected', 'archived', 'merged')`;

/** Lists count at most this many rows ("1000+"): an exact total of a busy street would cost more than the page; the tabs use /inbox/counts. */
export const COUNT_CAP = 1_000;

/**
 * A case handled or owned outside its own street (transferred across streets, escalated to the
 * district): the stored column `away` and its partial index cases_active_away_idx (0014_case_inbox.sql).
 */
const AWAY = sql<SqlBool>`away`;

/** Street paths → street codes (both fixed once an org exists): saves a look-up per inbox request. */
const streetCodes = new Map<string, string>();

/** The street every scope path of the actor lies in, if there is one such street, and whether the scope is all of it. */
async function streetOfScope(ctx: AppContext, scopePaths: readonly string[] | null): Promise<{ code: string; whole: boolean } | null> {
  if (!scopePaths?.length) return null;
  const prefixes = new Set(scopePaths.map((p) => /^\/[^/]+\/[^/]+\//.exec(p)?.[0] ?? ''));
  const [prefix] = prefixes;
  if (prefixes.size !== 1 || !prefix) return null;
  if (!streetCodes.has(prefix)) {
    const street = await runAsSystem(() => ctx.db.selectFrom('org_units').select('code').where('path', '=', prefix).where('kind', '=', 'street').executeTakeFirst());
    if (!street) return null;
    streetCodes.set(prefix, street.code);
  }
  return { code: streetCodes.get(prefix)!, whole: scopePaths.includes(prefix) };
}

type CaseQuery = ReturnType<typeof casesOf>;
const casesOf = (ctx: AppContext) => ctx.db.selectFrom('cases');

/**
 * The queries whose rows make up a box, for the caller. A caller within one street (nearly
 * everyone) reads its open cases in two parts: those located in the street, newest first from the
 * (tenant_code, created_at) index of open cases — a page costs about a page of rows, not the
 * street's whole backlog — and the few located elsewhere that the street owns or handles (the
 * "away" index). Anyone else reads one query.
 */
function boxQueries(ctx: AppContext, actor: CaseActor, q: Omit<CaseListQuery, 'page' | 'pageSize'>, states: CaseState[],
  orgPath: string | null, street: { code: string; whole: boolean } | null): CaseQuery[] {
  const filtered = (base: CaseQuery, placeKnown = false) => {
    let query = placeKnown ? base : base.where(caseInScope(actor.scopePaths));
    switch (q.box) {
      case 'todo': query = query.where(todoPredicate(actor, placeKnown)); break;
      case 'done':
        query = query.where((eb) => eb.exists(eb.selectFrom('case_events as e').select('e.id')
          .whereRef('e.case_id', '=', 'cases.id').where('e.actor_id', '=', actor.userId ?? '00000000-0000-0000-0000-000000000000')));
        break;
      case 'overdue': query = query.where(ACTIVE).where('overdue', '=', true).where('state', 'not in', CLOSED_OR_DONE); break;
      case 'supervised': query = query.where(ACTIVE).where('supervision_level', '!=', 'none').where('state', 'not in', CLOSED_OR_DONE); break;
      case 'all': break;
    }
    if (states.length) query = query.where('state', 'in', states);
    if (q.categoryId) query = query.where('category_id', '=', q.categoryId);
    if (q.channel) query = query.where('channel', '=', q.channel);
    if (orgPath) query = query.where((eb) => eb.or([eb('path', 'like', `${orgPath}%`), eb('handler_path', 'like', `${orgPath}%`)]));
    if (q.q) {
      const like = `%${q.q.replace(/[%_\\]/g, '\\$&')}%`;
      query = query.where((eb) => eb.or([eb('title', 'like', like), eb('number', 'like', like), eb('address', 'like', like)]));
    }
    return query;
  };
  return street
    ? [filtered(casesOf(ctx).where('tenant_code', '=', street.code), street.whole), filtered(casesOf(ctx).where('tenant_code', '<>', street.code).where(AWAY))]
    : [filtered(casesOf(ctx))];
}

/** Boxes of open cases: the ones read in two parts by a caller within one street. */
const OPEN_BOXES: ReadonlySet<CaseListQuery['box']> = new Set(['todo', 'overdue', 'supervised']);

/**
 * How many rows the parts hold, counting at most COUNT_CAP + 1 of each.
 *
 * `streetParts`: the two parts of a caller within one street (boxQueries). The planner
 * under-estimates how many open cases such a box holds (a street's to-do list: ~100 estimated,
 * tens of thousands real), so it builds a bitmap of the street's whole backlog — 100,000 index
 * entries at district scale, ~15 ms — to count 1,001 of them. Walked newest first along the
 * indexes the page reads (cases_active_newest_idx, cases_active_away_idx), the count stops after
 * 1,001 rows; bitmap scans are turned off for that transaction only. A box with few matching
 * rows reads the street's open cases either way.
 */
async function cappedCount(ctx: AppContext, parts: CaseQuery[], streetParts: boolean): Promise<number> {
  const count = async (db: AppContext['db'], part: CaseQuery) => {
    const ones = part.select(sql<number>`1`.as('one'));
    const capped = (streetParts ? ones.orderBy('created_at', 'desc').orderBy('id', 'desc') : ones).limit(COUNT_CAP + 1).as('capped');
    return Number((await db.selectFrom(capped).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  };
  if (!streetParts) return (await Promise.all(parts.map((part) => count(ctx.db, part)))).reduce((a, b) => a + b, 0);
  return ctx.db.transaction().execute(async (tx) => {
    await sql`SET LOCAL enable_bitmapscan = off`.execute(tx);
    let total = 0;
    for (const part of parts) total += await count(tx, part);
    return total;
  });
}

export async function listCases(ctx: AppContext, actor: CaseActor, q: CaseListQuery) {
  const states = q.state ? q.state.split(',').map((s) => s.trim()).filter(Boolean) : [];
  const unknown = states.filter((s) => !STATES.includes(s as CaseState));
  if (unknown.length) throw invalid('Unknown state', '未知的状态', [{ path: 'query.state', message: `unknown: ${unknown.join(',')}`, message_zh: `未知状态：${unknown.join(',')}` }]);
  const orgPath = q.orgId ? await orgPathOf(ctx, actor, q.orgId) : null;
  const street = OPEN_BOXES.has(q.box) ? await streetOfScope(ctx, actor.scopePaths) : null;
  return inActorScope(actor, async () => {
    const parts = boxQueries(ctx, actor, q, states as CaseState[], orgPath, street);
    const newestFirst = (part: CaseQuery) => part.selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc');
    const offset = (q.page - 1) * q.pageSize;
    const [rows, n] = await Promise.all([
      parts.length === 1
        ? newestFirst(parts[0]!).limit(q.pageSize).offset(offset).execute()
        // the page is the newest of both parts
        : sql<CaseRow>`SELECT * FROM ((${newestFirst(parts[0]!).limit(offset + q.pageSize)})
            UNION ALL (${newestFirst(parts[1]!).limit(offset + q.pageSize)})) u
            ORDER BY created_at DESC, id DESC LIMIT ${q.pageSize} OFFSET ${offset}`.execute(ctx.db).then((r) => r.rows),
      cappedCount(ctx, parts, street !== null),
    ]);
    const tenants = [...new Set(rows.map((r) => r.tenant_code))];
    const configs = await Promise.all(tenants.map((t) => tenantConfig(ctx.db, t)));
    const categories = configs.flatMap((c) => c.categories);
    const names = await orgNames(ctx.db, rows.flatMap((r) => [r.grid_id, r.handler_org_id]));
    return { items: rows.map((r) => presentCaseListItem(r, categories, names)), total: Math.min(n, COUNT_CAP), totalCapped: n > COUNT_CAP };
  });
}

async function orgPathOf(ctx: AppContext, actor: CaseActor, orgId: string): Promise<string> {
  const org = await inActorScope(actor, () => ctx.db.selectFrom('org_units').select('path').where('id', '=', orgId).executeTakeFirst());
  if (!org) throw invalid('Unknown org unit', '组织不存在或不在您的管辖范围内', [{ path: 'query.orgId', message: 'not found', message_zh: '未找到' }]);
  return org.path;
}

/** Counts per box, for the inbox tabs: capped like the lists (a count above COUNT_CAP shows as "999+"). */
export async function inboxCounts(ctx: AppContext, actor: CaseActor) {
  const street = await streetOfScope(ctx, actor.scopePaths);
  return inActorScope(actor, async () => {
    const count = async (box: 'todo' | 'overdue' | 'supervised') =>
      Math.min(COUNT_CAP, await cappedCount(ctx, boxQueries(ctx, actor, { box }, [], null, street), street !== null));
    const [todo, overdue, supervised, unread] = await Promise.all([
      count('todo'), count('overdue'), count('supervised'),
      notificationsQuery(ctx, actor).where('read_at', 'is', null).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow().then((r) => Number(r.n)),
    ]);
    return { todo, overdue, supervised, unreadNotifications: unread };
  });
}

/** Messages to the caller or to one of the caller's own orgs (not every org below them). */
function notificationsQuery(ctx: AppContext, actor: CaseActor) {
  const orgIds = (actor.orgs ?? []).map((o) => o.id);
  return ctx.db.selectFrom('case_notifications').where((eb) => eb.or([
    ...(actor.userId ? [eb('recipient_user_id', '=', actor.userId)] : []),
    ...(orgIds.length ? [eb.and([eb('recipient_user_id', 'is', null), eb('recipient_org_id', 'in', orgIds)])] : []),
    ...(actor.userId || orgIds.length ? [] : [sql<SqlBool>`false`]),
  ]));
}

/** The kinds of message the case core writes (notify.ts OutgoingNotification.kind). */
export const NOTIFICATION_KINDS = ['todo', 'overdue', 'supervision', 'info'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export interface NotificationQuery {
  unread?: boolean;
  kind?: NotificationKind;
  page?: number;
  pageSize?: number;
}

/**
 * The caller's messages, newest first, one page of them: the kind and unread filters are part
 * of the query (before the page is cut), `total` counts every match, `unreadByKind` every unread
 * message of the caller whatever the filters. The case number rides along with each message.
 */
export async function listNotifications(ctx: AppContext, actor: CaseActor, q: NotificationQuery = {}) {
  const page = Math.max(1, q.page ?? 1);
  const pageSize = Math.min(100, Math.max(1, q.pageSize ?? 20));
  return runAsSystem(async () => {
    let filtered = notificationsQuery(ctx, actor);
    if (q.unread) filtered = filtered.where('read_at', 'is', null);
    if (q.kind) filtered = filtered.where('kind', '=', q.kind);
    const [rows, total, unread] = await Promise.all([
      filtered.selectAll('case_notifications')
        .select((eb) => eb.selectFrom('cases').select('cases.number').whereRef('cases.id', '=', 'case_notifications.case_id').limit(1).as('case_number'))
        .orderBy('case_notifications.created_at', 'desc').orderBy('case_notifications.id', 'desc')
        .limit(pageSize).offset((page - 1) * pageSize).execute(),
      filtered.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
      notificationsQuery(ctx, actor).where('read_at', 'is', null).select(['kind', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('kind').execute(),
    ]);
    const byKind = new Map(unread.map((r) => [r.kind, Number(r.n)]));
    return {
      items: rows.map((r) => ({
        id: r.id, caseId: r.case_id, caseNumber: r.case_number ?? null, kind: r.kind as NotificationKind, title: r.title, body: r.body,
        read: r.read_at !== null, at: r.created_at.toISOString(),
      })),
      total: Number(total.n),
      page,
      pageSize,
      unreadByKind: Object.fromEntries(NOTIFICATION_KINDS.map((k) => [k, byKind.get(k) ?? 0])) as Record<NotificationKind, number>,
    };
  });
}

/** The caller's unread messages: one count on the recipient indexes (the console polls it for the menu badge). */
export async function countUnreadNotifications(ctx: AppContext, actor: CaseActor): Promise<{ unread: number }> {
  return runAsSystem(async () => {
    const r = await notificationsQuery(ctx, actor).where('read_at', 'is', null).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return { unread: Number(r.n) };
  });
}

/**
 * Marks the caller's own messages read: the ones named by id, or (all) every unread one,
 * of one kind when given. Anybody else's messages are left alone.
 */
export async function markNotificationsRead(ctx: AppContext, actor: CaseActor, target: string[] | { all: true; kind?: NotificationKind }) {
  return runAsSystem(async () => {
    const orgIds = (actor.orgs ?? []).map((o) => o.id);
    let q = ctx.db.updateTable('case_notifications').set({ read_at: new Date() }).where('read_at', 'is', null)
      .where((eb) => eb.or([
        ...(actor.userId ? [eb('recipient_user_id', '=', actor.userId)] : []),
        ...(orgIds.length ? [eb.and([eb('recipient_user_id', 'is', null), eb('recipient_org_id', 'in', orgIds)])] : []),
        sql<SqlBool>`false`,
      ]));
    if (Array.isArray(target)) q = q.where('id', 'in', target);
    else if (target.kind) q = q.where('kind', '=', target.kind);
    const res = await q.executeTakeFirst();
    return { updated: Number(res.numUpdatedRows) };
  });
}
