/**
 * The staff inbox: 待办 (what the caller can act on now), 已办 (what they acted on), 超期
 * (overdue), 督办 (under supervision), plus the inbox messages addressed to their orgs.
 */
import { sql, type Expression, type SqlBool } from 'kysely';
import type { AppContext } from '../../platform/context.js';
import { inScope } from '../../platform/db/scope-sql.js';
import type { CaseListQuery } from './schema.js';
import type { CaseActor } from './state-machine.js';
import { caseInScope, inActorScope, orgNames, pathRanges } from './repo.js';
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
function todoPredicate(actor: CaseActor): Expression<SqlBool> {
  const scopes = actor.scopePaths ?? [''];
  const parts: Expression<SqlBool>[] = [];
  if (has(actor, 'case.handle')) {
    const mine = actor.userId ? sql<SqlBool>`(handler_user_id IS NULL OR handler_user_id = ${actor.userId})` : sql<SqlBool>`true`;
    parts.push(sql<SqlBool>`(state = ANY(${HANDLER_TODO}::text[]) AND ${inScope('handler_path', scopes)} AND ${pathRanges('handler_path', scopes)} AND ${mine})`);
  }
  if (has(actor, 'case.dispatch')) {
    parts.push(sql<SqlBool>`(state = ANY(${DISPATCHER_TODO}::text[]) AND (${inScope('path', scopes)} OR ${inScope('owner_path', scopes)})
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

export async function listCases(ctx: AppContext, actor: CaseActor, q: CaseListQuery) {
  const states = q.state ? q.state.split(',').map((s) => s.trim()).filter(Boolean) : [];
  const unknown = states.filter((s) => !STATES.includes(s as CaseState));
  if (unknown.length) throw invalid('Unknown state', '未知的状态', [{ path: 'query.state', message: `unknown: ${unknown.join(',')}`, message_zh: `未知状态：${unknown.join(',')}` }]);
  return inActorScope(actor, async () => {
    let query = ctx.db.selectFrom('cases').where(caseInScope(actor.scopePaths));
    switch (q.box) {
      case 'todo': query = query.where(todoPredicate(actor)); break;
      case 'done':
        query = query.where((eb) => eb.exists(eb.selectFrom('case_events as e').select('e.id')
          .whereRef('e.case_id', '=', 'cases.id').where('e.actor_id', '=', actor.userId ?? '00000000-0000-0000-0000-000000000000')));
        break;
      case 'overdue': query = query.where(ACTIVE).where('overdue', '=', true).where('state', 'not in', CLOSED_OR_DONE); break;
      case 'supervised': query = query.where(ACTIVE).where('supervision_level', '!=', 'none').where('state', 'not in', CLOSED_OR_DONE); break;
      case 'all': break;
    }
    if (states.length) query = query.where('state', 'in', states as CaseState[]);
    if (q.categoryId) query = query.where('category_id', '=', q.categoryId);
    if (q.channel) query = query.where('channel', '=', q.channel);
    if (q.orgId) {
      const org = await ctx.db.selectFrom('org_units').select('path').where('id', '=', q.orgId).executeTakeFirst();
      if (!org) throw invalid('Unknown org unit', '组织不存在或不在您的管辖范围内', [{ path: 'query.orgId', message: 'not found', message_zh: '未找到' }]);
      query = query.where((eb) => eb.or([eb('path', 'like', `${org.path}%`), eb('handler_path', 'like', `${org.path}%`)]));
    }
    if (q.q) {
      const like = `%${q.q.replace(/[%_\\]/g, '\\$&')}%`;
      query = query.where((eb) => eb.or([eb('title', 'like', like), eb('number', 'like', like), eb('address', 'like', like)]));
    }
    const [rows, count] = await Promise.all([
      query.selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').limit(q.pageSize).offset((q.page - 1) * q.pageSize).execute(),
      ctx.db.selectFrom(query.select(sql<number>`1`.as('one')).limit(COUNT_CAP + 1).as('capped'))
        .select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ]);
    const tenants = [...new Set(rows.map((r) => r.tenant_code))];
    const configs = await Promise.all(tenants.map((t) => tenantConfig(ctx.db, t)));
    const categories = configs.flatMap((c) => c.categories);
    const names = await orgNames(ctx.db, rows.flatMap((r) => [r.grid_id, r.handler_org_id]));
    const n = Number(count.n);
    return { items: rows.map((r) => presentCaseListItem(r, categories, names)), total: Math.min(n, COUNT_CAP), totalCapped: n > COUNT_CAP };
  });
}

/** Counts per box, for the inbox tabs. */
export async function inboxCounts(ctx: AppContext, actor: CaseActor) {
  return inActorScope(actor, async () => {
    const base = () => ctx.db.selectFrom('cases').where(caseInScope(actor.scopePaths));
    const n = async (q: ReturnType<typeof base>) => Number((await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    const [todo, overdue, supervised, unread] = await Promise.all([
      n(base().where(todoPredicate(actor))),
      n(base().where(ACTIVE).where('overdue', '=', true).where('state', 'not in', CLOSED_OR_DONE)),
      n(base().where(ACTIVE).where('supervision_level', '!=', 'none').where('state', 'not in', CLOSED_OR_DONE)),
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

export async function listNotifications(ctx: AppContext, actor: CaseActor, unreadOnly: boolean) {
  return runAsSystem(async () => {
    let q = notificationsQuery(ctx, actor);
    if (unreadOnly) q = q.where('read_at', 'is', null);
    const rows = await q.selectAll().orderBy('created_at', 'desc').limit(200).execute();
    return {
      items: rows.map((r) => ({ id: r.id, caseId: r.case_id, kind: r.kind, title: r.title, body: r.body, read: r.read_at !== null, at: r.created_at.toISOString() })),
      total: rows.length,
    };
  });
}

export async function markNotificationsRead(ctx: AppContext, actor: CaseActor, ids: string[]) {
  return runAsSystem(async () => {
    const orgIds = (actor.orgs ?? []).map((o) => o.id);
    const res = await ctx.db.updateTable('case_notifications').set({ read_at: new Date() }).where('id', 'in', ids).where('read_at', 'is', null)
      .where((eb) => eb.or([
        ...(actor.userId ? [eb('recipient_user_id', '=', actor.userId)] : []),
        ...(orgIds.length ? [eb.and([eb('recipient_user_id', 'is', null), eb('recipient_org_id', 'in', orgIds)])] : []),
        sql<SqlBool>`false`,
      ])).executeTakeFirst();
    return { updated: Number(res.numUpdatedRows) };
  });
}
