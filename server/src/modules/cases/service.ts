/**
 * Case use cases: create (every intake channel lands here) and act (the closed loop).
 *
 * Reads happen in the actor's scope (repository predicate + row-level security). Writes are
 * the result of a guarded transition and run in the system scope inside one transaction: the
 * case row is locked, the guard is checked again on the locked row (so of two concurrent
 * signs exactly one wins and the other gets 409), and the update is conditional on the
 * version. System scope is needed because a legitimate transition can move a case out of
 * the actor's sight (a grid worker returning it to the street), which RLS's WITH CHECK
 * would otherwise refuse.
 */
import type { Kysely, Transaction } from 'kysely';
import { activeTagCodes } from '../registry/index.js';
import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { AppContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import type { Principal } from '../../platform/auth/principal.js';
import { runAsSystem } from '../../platform/db/scope-context.js';
import { recordAudit } from '../../platform/audit/audit.js';
import { linkAttachments as linkUploads, writeCase } from './create-writer.js';
import { AppError, conflict, forbidden, invalid, notFound } from '../../platform/http/errors.js';
import type { CaseState } from './tables.js';
import { createCaseSchema, type ActionInput, type CaseAction, type CreateCaseInput, type CreateCaseParsed } from './schema.js';
import {
  allowedActions, covers, guard, HANDLER_STATES, nextCheckAt, RULES, SYSTEM_ACTOR, transition,
  type CaseActor, type CaseSnapshot, type GuardResult, type OrgRef,
} from './state-machine.js';
import { tenantConfig, type TenantConfig } from './config.js';
import { applyUrgency, profileOf, timersFor, type CategoryRow } from './sla.js';
import { findOrgAsSystem, registryHooks, resolveLocation, type OrgLite } from './location.js';
import { routeCase } from './routing.js';
import { findVisibleCase, insertEvent, orgNames, type CaseRow, type EventInput } from './repo.js';
import { presentCase } from './presenter.js';
import { notify, writeInbox, type OutgoingNotification } from './notify.js';
import { duplicateLookup, findDuplicates, type DuplicateSuggestion } from './duplicates.js';

export type { CaseActor } from './state-machine.js';
export { SYSTEM_ACTOR } from './state-machine.js';

export const caseNotFound = () => notFound('Case', '工单');

/** The logged-in user as the case rules see them. */
export function actorFromPrincipal(p: Principal): CaseActor {
  return {
    userId: p.userId, name: p.name, kind: p.kind, permissions: p.permissions, scopePaths: p.scopePaths,
    orgs: p.scopes.map((s) => ({ id: s.orgId, path: s.path, kind: s.kind, name: s.name })), tenantCode: p.tenantCode,
  };
}

export interface CreateCaseOptions {
  /** the clock (tests, imports); default now */
  now?: Date;
  ip?: string;
  /** proactive discovery: the cases this one is raised from */
  sourceCaseIds?: string[];
  /** skip routing and hand the case to this org at once (proactive discovery → the community) */
  dispatchTo?: string;
}

export interface CreatedCase {
  case: ReturnType<typeof presentCase>;
  duplicates: DuplicateSuggestion[];
}

function zodToInvalid(issues: Array<{ path: PropertyKey[]; message: string }>) {
  return invalid('The case is not valid', '工单信息不完整或有误', issues.map((i) => ({
    path: ['body', ...i.path.map(String)].join('.'), message: i.message, message_zh: i.message,
  })));
}

export function categoryOf(cfg: TenantConfig, idOrCode: string, field = 'body.category'): CategoryRow {
  const c = cfg.categories.find((x) => x.active && (x.id === idOrCode || x.code === idOrCode));
  if (!c) throw invalid('Unknown category', '事项分类不存在', [{ path: field, message: 'no such active category', message_zh: '未找到该分类' }]);
  return c;
}

export function timersOf(cfg: TenantConfig, c: Pick<CaseRow, 'category_id' | 'urgency'>) {
  const cat = cfg.categories.find((x) => x.id === c.category_id);
  if (!cat) throw new Error(`category ${c.category_id} missing from config`);
  return timersFor(applyUrgency(profileOf(cat), c.urgency), cfg.calendar);
}

/**
 * Creates a case from any channel. Staff create in their own area; residents, API clients and
 * the system may report anywhere (their routes authorise them). Returns the case and the
 * suggested duplicates. Idempotency-Key is handled by the route (platform idempotent()).
 */
export async function createCase(ctx: AppContext, actor: CaseActor, raw: CreateCaseInput, opts: CreateCaseOptions = {}): Promise<CreatedCase> {
  const parsed = createCaseSchema.safeParse(raw);
  if (!parsed.success) throw zodToInvalid(parsed.error.issues);
  return createParsedCase(ctx, actor, parsed.data, opts);
}

/** createCase for a body the route's schema has already parsed: checked once, not twice, on the busiest write. */
export async function createParsedCase(ctx: AppContext, actor: CaseActor, input: CreateCaseParsed, opts: CreateCaseOptions = {}): Promise<CreatedCase> {
  const now = opts.now ?? new Date();
  const loc = await resolveLocation(ctx.db, input.location, actor.tenantCode ?? null, actor.kind === 'staff' ? actor.scopePaths : null);
  if (actor.kind === 'staff' && !covers(actor.scopePaths, loc.path)) {
    throw invalid('The place is outside your area', '诉求地点不在您的管辖范围内', [
      { path: 'body.location', message: 'outside your scope', message_zh: '不在管辖范围内' },
    ]);
  }
  const cfg = await tenantConfig(ctx.db, loc.tenantCode);
  const category = categoryOf(cfg, input.category);
  const route = opts.dispatchTo
    ? { targetOrgId: opts.dispatchTo, auto: true, ruleId: null }
    : routeCase(cfg, category.id, { path: loc.path, gridId: loc.grid?.id ?? null, communityId: loc.community?.id ?? null, streetId: loc.street.id });
  // the route target is nearly always an org just resolved: no second look-up then
  const known = [loc.grid, loc.community, loc.street].find((o) => o?.id === route.targetOrgId);
  const routeOrg = (known ?? await findOrgAsSystem(ctx.db, route.targetOrgId)) ?? loc.street;
  const tags = input.reporter.personId
    ? await (registryHooks().personTags ?? ((id: string) => activeTagCodes(ctx, id)))(input.reporter.personId)
    : [];
  const timers = timersFor(applyUrgency(profileOf(category), input.urgency), cfg.calendar);
  const acc = timers.accept(now);
  const id = uuidv7();
  const reporterUserId = actor.kind === 'resident' ? actor.userId : null;
  const anonymous = input.reporter.anonymous ?? false;

  const values = {
    tenant_code: loc.tenantCode, id, channel: input.channel, category_id: category.id, category_code: category.code,
    title: input.title, description: input.description, address: loc.address, building_id: loc.buildingId, room_id: loc.roomId,
    household_id: loc.householdId, lng: loc.lng, lat: loc.lat, grid_id: loc.grid?.id ?? null, community_id: loc.community?.id ?? null,
    path: loc.path, owner_org_id: null, owner_path: null, handler_org_id: null, handler_path: null, handler_user_id: null, handler_name: null,
    route_org_id: routeOrg.id, route_auto: route.auto, level: null,
    reporter_person_id: input.reporter.personId ?? null, reporter_user_id: reporterUserId,
    reporter_name: input.reporter.name ?? null, reporter_phone: input.reporter.phone ?? null, reporter_tags: tags, anonymous,
    urgency: input.urgency, importance: input.importance, people_involved: input.peopleInvolved,
    state: 'reported' as CaseState, reject_reason: null, delay_requested_days: null, feedback: null,
    accept_warn_at: acc.warn, accept_due: acc.due, accept_red_due: acc.red,
    next_check_at: nextCheckAt({ state: 'reported', accept_warn_at: acc.warn, accept_due: acc.due, accept_red_due: acc.red, respond_due: null, responded_at: null, handle_warn_at: null, handle_due: null, handle_red_due: null, verify_due: null }),
    handled_on_time: null, satisfaction: null, resolved: null, merged_into_id: null, source_case_ids: opts.sourceCaseIds ?? [],
    created_by_id: actor.userId, created_by_name: actor.name, created_at: now, updated_at: now,
  };
  // automatic dispatch is the 'accept' transition applied before the insert: the row is written once, already dispatched
  const routeRef: OrgRef = { id: routeOrg.id, path: routeOrg.path, kind: routeOrg.kind, name: routeOrg.name };
  const fresh = { ...values, ...NEW_CASE_DEFAULTS };
  const accepted = route.auto
    ? transition(fresh as CaseSnapshot, 'accept', {}, { now, actor: SYSTEM_ACTOR, actorOrg: routeRef, target: routeRef, timers })
    : {};
  const state = (accepted.state ?? 'reported') as CaseState;
  const todoTitle = state === 'dispatched' ? `新派遣工单待签收：${input.title}` : `新诉求待受理：${input.title}`;
  const events: EventInput[] = [{
    tenantCode: loc.tenantCode, caseId: id, action: 'report', fromState: null, toState: 'reported', actor, note: null,
    attachmentIds: input.attachmentIds, data: { channel: input.channel, number: null }, at: now,
  }];
  if (route.auto) {
    events.push({
      tenantCode: loc.tenantCode, caseId: id, action: 'accept', fromState: 'reported', toState: state, actor: SYSTEM_ACTOR, orgId: routeOrg.id,
      note: `自动派遣至${routeOrg.name}`, data: { auto: true, ruleId: route.ruleId, targetOrgId: routeOrg.id }, at: now,
    });
  }
  const todo = { tenantCode: loc.tenantCode, caseId: id, kind: 'todo' as const, title: todoTitle, recipients: [{ orgId: routeOrg.id, path: routeOrg.path }] };

  const { row, duplicates } = await writeCase(ctx, {
    values: { ...fresh, ...accepted },
    attachments: input.attachmentIds?.length ? { ids: input.attachmentIds, uploaderId: actor.userId } : undefined,
    events,
    inbox: [{ ...todo, caseNumber: '' }],
    audit: {
      action: 'case.create', actor: actor.userId ? { id: actor.userId, name: actor.name } : null, tenantCode: loc.tenantCode, path: loc.path,
      objectType: 'case', objectId: id, ip: opts.ip, detail: { channel: input.channel, category: category.code },
    },
    // duplicates are suggested to staff (residents' and clients' channels see them in the console later)
    duplicates: actor.kind === 'staff' ? duplicateLookup({ ...values, id }, cfg, actor.scopePaths) : null,
  });
  await notify(ctx, [{ ...todo, caseNumber: row.number }]);
  // every org the new case names was resolved above: present without another look-up
  const names = new Map([loc.grid, loc.community, loc.street, routeOrg].filter((o): o is OrgLite => !!o)
    .map((o) => [o.id, { name: o.name, kind: o.kind, path: o.path, parentId: o.parent_id }]));
  return { case: presentCase(row, cfg.categories, names), duplicates };
}

/** Attachments named by an action become the case's: only unused uploads of the same uploader. */
async function linkAttachments(tx: Transaction<DB>, actor: CaseActor, c: CaseRow, ids: string[] | undefined) {
  if (ids?.length) await linkUploads(tx, c, { ids, uploaderId: actor.userId });
}

/** The columns of a new case that the database would otherwise default (the batch writer inserts whole rows). */
const NEW_CASE_DEFAULTS = {
  version: 0, overdue: false, supervision_level: 'none' as const,
  rework_count: 0, reopen_count: 0, delay_count: 0, transfer_count: 0, return_count: 0, escalation_count: 0,
  accepted_at: null, dispatched_at: null, signed_at: null, responded_at: null, handled_at: null, closed_at: null, archived_at: null, callback_at: null,
  respond_due: null, handle_warn_at: null, handle_due: null, handle_red_due: null, verify_due: null,
};

export function snapshotOf(c: CaseRow): CaseSnapshot {
  return c as unknown as CaseSnapshot;
}

function throwGuard(g: GuardResult, action: CaseAction, state: string): void {
  if (g.ok) return;
  if (g.reason === 'state') {
    throw new AppError(409, 'invalid_state', `"${action}" is not allowed while the case is ${state}`,
      `工单当前状态（${state}）不允许“${RULES[action].zh}”操作`);
  }
  if (g.reason === 'permission' || g.reason === 'role') throw forbidden();
  throw invalid('Missing field', '缺少必填项', [{ path: `body.${g.field}`, message: `required for ${action}`, message_zh: `“${RULES[action].zh}”需要填写此项` }]);
}

/** The org the actor acts for on this case: the most specific of their orgs containing it. */
function actingOrg(actor: CaseActor, c: Pick<CaseRow, 'path' | 'owner_path' | 'handler_path'>): OrgRef | null {
  const orgs = [...(actor.orgs ?? [])].sort((a, b) => b.path.length - a.path.length);
  return orgs.find((o) => c.path.startsWith(o.path)) ?? orgs.find((o) => (c.owner_path ?? '').startsWith(o.path))
    ?? orgs.find((o) => (c.handler_path ?? '').startsWith(o.path)) ?? null;
}

/** A dispatch/transfer target: an active org of the case's street, or an ancestor of the case's place. */
async function resolveTarget(ctx: AppContext, c: CaseRow, id: string): Promise<OrgLite> {
  const org = await findOrgAsSystem(ctx.db, id);
  if (!org || !(org.tenant_code === c.tenant_code || c.path.startsWith(org.path))) {
    throw invalid('Unknown target org', '目标单位不存在或不在本街道', [{ path: 'body.targetOrgId', message: 'no such active org unit for this case', message_zh: '目标单位无效' }]);
  }
  return org;
}

const toRef = (o: OrgLite): OrgRef => ({ id: o.id, path: o.path, kind: o.kind, name: o.name });

export interface ActOptions {
  now?: Date;
  ip?: string;
}

/**
 * Performs one action of the closed loop. 404 when the case is not visible to the actor,
 * 409 when the state does not allow it (or it changed meanwhile), 403 without the right
 * permission or role, 422 for missing fields.
 */
export async function actOnCase(ctx: AppContext, actor: CaseActor, caseId: string, input: ActionInput, opts: ActOptions = {}) {
  const now = opts.now ?? new Date();
  // a resident acts (calls back) only on a case they reported; staff on cases in their scope
  const seen = actor.kind === 'resident'
    ? await runAsSystem(() => ctx.db.selectFrom('cases').selectAll().where('id', '=', caseId).where('reporter_user_id', '=', actor.userId ?? '').executeTakeFirst())
    : await findVisibleCase(ctx.db, actor, caseId);
  if (!seen) throw caseNotFound();
  if (input.version !== undefined && input.version !== seen.version) {
    throw conflict('The case has changed since you loaded it', '工单已被他人更新，请刷新后重试');
  }
  const action = input.action;
  throwGuard(guard(snapshotOf(seen), action, actor, input), action, seen.state);

  // what the action needs resolved before the transaction
  let target: OrgLite | null = null;
  if ((action === 'dispatch' || action === 'transfer' || action === 'accept') && input.targetOrgId) {
    target = await resolveTarget(ctx, seen, input.targetOrgId);
  } else if (action === 'dispatch') {
    target = (seen.route_org_id && await findOrgAsSystem(ctx.db, seen.route_org_id)) || null;
    if (!target) throw invalid('Missing field', '缺少必填项', [{ path: 'body.targetOrgId', message: 'required', message_zh: '请选择派遣单位' }]);
  } else if (action === 'escalate') {
    target = await parentForEscalation(ctx, seen);
  }
  if (action === 'merge') await checkMergeMaster(ctx, actor, seen, input.masterId!);
  const cfg = await tenantConfig(ctx.db, seen.tenant_code);
  const timers = timersOf(cfg, seen);
  const actorOrg = actingOrg(actor, seen);

  const { row, followers, notes } = await runAsSystem(() => ctx.db.transaction().execute(async (tx) => {
    const locked = await tx.selectFrom('cases').selectAll().where('id', '=', caseId).forUpdate().executeTakeFirstOrThrow();
    // the state may have moved while we waited for the lock: judge again on the locked row
    if (locked.version !== seen.version) throwGuard(guard(snapshotOf(locked), action, actor, input), action, locked.state);
    const patch = transition(snapshotOf(locked), action, input, { now, actor, actorOrg, target: target ? toRef(target) : null, timers });
    const updated = await tx.updateTable('cases').set({ ...patch, updated_at: now })
      .where('id', '=', caseId).where('version', '=', locked.version).returningAll().executeTakeFirst();
    if (!updated) throw conflict('The case has changed meanwhile', '工单已被他人更新，请刷新后重试');
    await linkAttachments(tx, actor, updated, input.attachmentIds);
    await insertEvent(tx, {
      tenantCode: updated.tenant_code, caseId, action, fromState: locked.state, toState: updated.state, actor,
      orgId: actorOrg?.id ?? null, note: input.note ?? null, attachmentIds: input.attachmentIds,
      data: eventData(action, input, target), isPublic: action !== 'supervise', at: now,
    });
    if (action === 'supervise') {
      await tx.insertInto('case_supervisions').values({
        tenant_code: updated.tenant_code, id: uuidv7(), case_id: caseId, stage: 'manual', level: input.level ?? 'normal', source: 'manual',
        target_org_id: updated.handler_org_id, issued_by_id: actor.userId, issued_by_name: actor.name, note: input.note ?? null, due_at: null,
      }).execute();
    }
    if (action === 'merge') {
      await insertEvent(tx, {
        tenantCode: updated.tenant_code, caseId: input.masterId!, action: 'merge_in', fromState: null, toState: null, actor,
        note: `合并重复件 ${updated.number}`, data: { mergedCaseId: caseId }, at: now,
      });
    }
    const followers = action === 'verify_pass' ? await closeFollowers(tx, updated, actor, now) : [];
    const notes = await notificationsFor(tx, action, updated, actor);
    await writeInbox(tx, notes);
    return { row: updated, followers, notes };
  }));

  await notify(ctx, notes);
  if (followers.length) ctx.log.info({ caseNumber: row.number, followers: followers.length }, 'merged cases closed with their master');
  const names = await orgNames(ctx.db, [row.grid_id, row.community_id, row.owner_org_id, row.handler_org_id, row.route_org_id]);
  return { case: presentCase(row, cfg.categories, names), allowedActions: allowedActions(snapshotOf(row), actor) };
}

function eventData(action: CaseAction, input: ActionInput, target: OrgLite | null): Record<string, unknown> {
  const d: Record<string, unknown> = {};
  if (target) { d.targetOrgId = target.id; d.targetOrgName = target.name; }
  if (input.days !== undefined) d.days = input.days;
  if (input.satisfaction) d.satisfaction = input.satisfaction;
  if (input.resolved !== undefined) d.resolved = input.resolved;
  if (input.masterId) d.masterId = input.masterId;
  if (action === 'supervise') d.level = input.level ?? 'normal';
  return d;
}

/** 三级调处: grid → community → street → district; a department answers to its parent. */
async function parentForEscalation(ctx: AppContext, c: CaseRow): Promise<OrgLite> {
  const handler = c.handler_org_id ? await findOrgAsSystem(ctx.db, c.handler_org_id) : null;
  const parent = handler?.parent_id ? await findOrgAsSystem(ctx.db, handler.parent_id) : null;
  if (!handler || !parent || handler.kind === 'district') {
    throw conflict('The case is already at the top of the ladder', '已到最高层级，无法继续上报');
  }
  return parent;
}

async function checkMergeMaster(ctx: AppContext, actor: CaseActor, c: CaseRow, masterId: string) {
  const bad = (m: string, zh: string) => invalid('Cannot merge', '无法合并', [{ path: 'body.masterId', message: m, message_zh: zh }]);
  if (masterId === c.id) throw bad('a case cannot follow itself', '不能与自身合并');
  const master = await findVisibleCase(ctx.db, actor, masterId);
  if (!master) throw bad('no such case in your scope', '主工单不存在');
  if (master.tenant_code !== c.tenant_code) throw bad('the master is in another street', '主工单不在同一街道');
  if (master.state === 'merged' || master.state === 'rejected' || master.state === 'archived') throw bad('the master is not open', '主工单已结束或已合并');
}

/**
 * A master closed by verification carries its followers (merged duplicates) with it: each
 * becomes closed, with the master's feedback, so every reporter is called back.
 */
async function closeFollowers(tx: Kysely<DB>, master: CaseRow, actor: CaseActor, now: Date) {
  const followers = await tx.updateTable('cases')
    .set({ state: 'closed', closed_at: now, handled_at: master.handled_at, feedback: master.feedback, handled_on_time: master.handled_on_time,
      version: sql`version + 1`, updated_at: now, next_check_at: null })
    .where('merged_into_id', '=', master.id).where('state', '=', 'merged').returning(['id', 'tenant_code']).execute();
  for (const f of followers) {
    await insertEvent(tx, {
      tenantCode: f.tenant_code, caseId: f.id, action: 'master_closed', fromState: 'merged', toState: 'closed', actor,
      note: `主工单 ${master.number} 已办结：${master.feedback ?? ''}`, data: { masterId: master.id }, at: now,
    });
  }
  return followers;
}

/** Who hears of an action: the org that must act next, the signer, and the leader (parent org) for supervision. */
async function notificationsFor(db: Kysely<DB>, action: CaseAction, c: CaseRow, actor: CaseActor): Promise<OutgoingNotification[]> {
  const base = { tenantCode: c.tenant_code, caseId: c.id, caseNumber: c.number };
  const orgs = await orgNames(db, [c.handler_org_id, c.owner_org_id]);
  const handler = c.handler_org_id && orgs.get(c.handler_org_id) ? { orgId: c.handler_org_id, path: orgs.get(c.handler_org_id)!.path, userId: c.handler_user_id } : null;
  const owner = c.owner_org_id && orgs.get(c.owner_org_id) ? { orgId: c.owner_org_id, path: orgs.get(c.owner_org_id)!.path } : null;
  const to = (kind: OutgoingNotification['kind'], title: string, rs: Array<{ orgId: string; path: string; userId?: string | null } | null>) =>
    [{ ...base, kind, title, recipients: rs.filter((r): r is NonNullable<typeof r> => r !== null) }];
  switch (action) {
    case 'accept': case 'dispatch': case 'transfer': case 'escalate':
      return c.state === 'accepted' ? [] : to('todo', `工单待签收：${c.title}`, [handler]);
    case 'return': return to('todo', `工单被退回，请重新派遣：${c.title}`, [owner]);
    case 'request_delay': return to('todo', `延期申请待审批：${c.title}`, [owner]);
    case 'handle': return to('todo', `工单已办结，请核查：${c.title}`, [owner]);
    case 'verify_fail': case 'reopen': return to('todo', `工单需重新办理：${c.title}`, [handler]);
    case 'approve_delay': case 'refuse_delay': return to('info', `延期申请已处理：${c.title}`, [handler]);
    case 'supervise': {
      const leader = await leaderOf(db, c.handler_org_id);
      return to('supervision', `${actor.name}督办：${c.title}`, [handler, leader]);
    }
    default: return [];
  }
}

/** The leader of an org is its parent org (a grid's community, a community's street). */
export async function leaderOf(db: Kysely<DB>, orgId: string | null): Promise<{ orgId: string; path: string } | null> {
  if (!orgId) return null;
  const org = await findOrgAsSystem(db, orgId);
  const parent = org?.parent_id ? await findOrgAsSystem(db, org.parent_id) : null;
  return parent ? { orgId: parent.id, path: parent.path } : null;
}

/** Case detail for staff: the case, its timeline, photos, supervision, the caller's actions now. */
export async function getCaseDetail(ctx: AppContext, actor: CaseActor, caseId: string) {
  const c = await findVisibleCase(ctx.db, actor, caseId);
  if (!c) throw caseNotFound();
  const cfg = await tenantConfig(ctx.db, c.tenant_code);
  const [events, attachments, supervisions, followers] = await runAsSystem(() => Promise.all([
    ctx.db.selectFrom('case_events').selectAll().where('case_id', '=', caseId).orderBy('at').orderBy('id').execute(),
    ctx.db.selectFrom('case_attachments').select(['id', 'mime', 'size', 'created_at']).where('case_id', '=', caseId).orderBy('id').execute(),
    ctx.db.selectFrom('case_supervisions').selectAll().where('case_id', '=', caseId).orderBy('created_at').execute(),
    ctx.db.selectFrom('cases').select(['id', 'number', 'title', 'state', 'reporter_name', 'anonymous']).where('merged_into_id', '=', caseId).execute(),
  ]));
  const names = await orgNames(ctx.db, [c.grid_id, c.community_id, c.owner_org_id, c.handler_org_id, c.route_org_id, ...events.map((e) => e.org_id)]);
  const duplicates = ['reported', 'accepted', 'dispatched', 'returned'].includes(c.state) ? await findDuplicates(ctx, c, cfg, actor.scopePaths) : [];
  return {
    case: presentCase(c, cfg.categories, names),
    timeline: events.map((e) => ({
      id: e.id, action: e.action, fromState: e.from_state, toState: e.to_state, actorName: e.actor_name, actorKind: e.actor_kind,
      orgName: e.org_id ? names.get(e.org_id)?.name ?? null : null, note: e.note, attachmentIds: e.attachment_ids, data: e.data, at: e.at.toISOString(),
    })),
    attachments: attachments.map((a) => ({ id: a.id, mime: a.mime, size: a.size, url: `/api/cases/${caseId}/attachments/${a.id}` })),
    supervisions: supervisions.map((s) => ({ id: s.id, stage: s.stage, level: s.level, source: s.source, issuedBy: s.issued_by_name, note: s.note, at: s.created_at.toISOString() })),
    followers: followers.map((f) => ({ id: f.id, number: f.number, title: f.title, state: f.state, reporterName: f.anonymous ? null : f.reporter_name })),
    duplicates,
    allowedActions: allowedActions(snapshotOf(c), actor),
  };
}

/** The whole reporter phone, for a caller allowed to see it; every look is audited. */
export async function unmaskReporter(ctx: AppContext, p: Principal, caseId: string, ip: string) {
  const actor = actorFromPrincipal(p);
  const c = await findVisibleCase(ctx.db, actor, caseId);
  if (!c) throw caseNotFound();
  await recordAudit(ctx.db, {
    action: 'personal.unmask', actor: { id: p.userId, name: p.name }, tenantCode: c.tenant_code, path: c.path,
    objectType: 'case', objectId: c.id, objectLabel: c.number, ip, detail: { field: 'reporter_phone' },
  });
  return { phone: c.reporter_phone };
}

export { HANDLER_STATES };
