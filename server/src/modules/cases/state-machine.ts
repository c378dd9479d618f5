/**
 * The closed loop as data: which action is allowed in which state, by whom, and what it does
 * to the case. Pure — no database, no clock (the time and the deadlines come in `env`) — so the
 * model-based test can drive it with random action sequences, and the service only persists
 * the patch it returns with a conditional update on (id, state, version).
 *
 *   reported ─accept→ accepted ─dispatch→ dispatched ─sign→ signed ─start→ in_progress ─handle→ handled
 *      └reject→ rejected          ▲  └return→ returned ─dispatch┘      │  ↕ request_delay / approve|refuse
 *                                 └──────── transfer ─────────────────┘  escalate → escalated (parent org signs)
 *   handled ─verify_pass→ closed ─callback→ archived | called_back ─reopen→ in_progress (重办)
 *           └verify_fail→ in_progress (返工)                      └archive→ archived
 *   any early state ─merge→ merged (follows its master)
 */
import type { Selectable } from 'kysely';
import type { CaseAction } from './schema.js';
import type { CaseState, CasesTable, Satisfaction, SupervisionLevel } from './tables.js';

export const STATES: readonly CaseState[] = [
  'reported', 'accepted', 'rejected', 'dispatched', 'returned', 'signed', 'in_progress', 'delay_requested',
  'escalated', 'handled', 'closed', 'called_back', 'archived', 'merged',
];
export const TERMINAL_STATES: readonly CaseState[] = ['rejected', 'archived', 'merged'];
/** Open = still someone's work (not yet closed by verification). */
export const OPEN_STATES: readonly CaseState[] = [
  'reported', 'accepted', 'dispatched', 'returned', 'signed', 'in_progress', 'delay_requested', 'escalated', 'handled',
];
/** States in which a handling org is responsible. */
export const HANDLER_STATES: readonly CaseState[] = ['dispatched', 'signed', 'in_progress', 'delay_requested', 'escalated', 'handled'];
/** States in which a named person has signed for the case. */
export const SIGNED_STATES: readonly CaseState[] = ['signed', 'in_progress', 'delay_requested'];
/** States of each timer stage (the scheduler only looks at the stages of the current state). */
export const ACCEPT_STAGE_STATES: readonly CaseState[] = ['reported', 'accepted', 'dispatched', 'returned', 'escalated'];
export const HANDLE_STAGE_STATES: readonly CaseState[] = ['accepted', 'dispatched', 'returned', 'signed', 'in_progress', 'delay_requested', 'escalated'];

export type ActorKind = 'staff' | 'resident' | 'system' | 'client';

/** Who acts: a logged-in user, the system (scheduler, auto-dispatch) or an API client. */
export interface CaseActor {
  userId: string | null;
  name: string;
  kind: ActorKind;
  /** 'all' for the system */
  permissions: ReadonlySet<string> | 'all';
  /** org paths the actor works in; null = everywhere (the system) */
  scopePaths: readonly string[] | null;
  /** the orgs behind scopePaths (to name the org an action is taken for) */
  orgs?: readonly OrgRef[];
  /** the actor's street (9-digit code), the default place of a report */
  tenantCode?: string | null;
}

export const SYSTEM_ACTOR: CaseActor = { userId: null, name: '系统', kind: 'system', permissions: 'all', scopePaths: null };

/** The part of a case the rules look at. */
export type CaseSnapshot = Pick<Selectable<CasesTable>,
  'state' | 'path' | 'owner_org_id' | 'owner_path' | 'handler_org_id' | 'handler_path' | 'handler_user_id' | 'handler_name' |
  'reporter_user_id' | 'level' | 'merged_into_id' | 'route_org_id' | 'delay_requested_days' | 'supervision_level' | 'satisfaction' | 'resolved' |
  'feedback' | 'reject_reason' | 'handled_on_time'> & {
  version: number;
  rework_count: number; reopen_count: number; delay_count: number; transfer_count: number; return_count: number; escalation_count: number;
  accepted_at: Date | null; dispatched_at: Date | null; signed_at: Date | null; responded_at: Date | null; handled_at: Date | null;
  closed_at: Date | null; archived_at: Date | null; callback_at: Date | null;
  accept_warn_at: Date | null; accept_due: Date | null; accept_red_due: Date | null; respond_due: Date | null;
  handle_warn_at: Date | null; handle_due: Date | null; handle_red_due: Date | null; verify_due: Date | null; next_check_at: Date | null;
};

type Role = 'dispatcher' | 'handler' | 'any';
interface Rule {
  from: readonly CaseState[];
  permission: string;
  role: Role;
  /** input fields that must be present */
  needs?: ReadonlyArray<'note' | 'targetOrgId' | 'days' | 'satisfaction' | 'resolved' | 'masterId'>;
  zh: string;
}

const EARLY: CaseState[] = ['reported', 'accepted', 'dispatched', 'returned'];

export const RULES: Record<CaseAction, Rule> = {
  accept: { from: ['reported'], permission: 'case.dispatch', role: 'dispatcher', zh: '受理立案' },
  reject: { from: ['reported'], permission: 'case.dispatch', role: 'dispatcher', needs: ['note'], zh: '不予立案' },
  dispatch: { from: ['accepted', 'returned'], permission: 'case.dispatch', role: 'dispatcher', zh: '派遣' },
  sign: { from: ['dispatched', 'escalated'], permission: 'case.handle', role: 'handler', zh: '签收' },
  return: { from: ['dispatched', 'escalated', 'signed'], permission: 'case.handle', role: 'handler', needs: ['note'], zh: '退单' },
  transfer: { from: ['accepted', 'dispatched', 'escalated', 'signed', 'in_progress', 'returned'], permission: 'case.dispatch', role: 'dispatcher', needs: ['targetOrgId', 'note'], zh: '转办' },
  start: { from: ['signed'], permission: 'case.handle', role: 'handler', zh: '开始办理' },
  request_delay: { from: ['signed', 'in_progress'], permission: 'case.handle', role: 'handler', needs: ['days', 'note'], zh: '申请延期' },
  approve_delay: { from: ['delay_requested'], permission: 'case.dispatch', role: 'dispatcher', zh: '批准延期' },
  refuse_delay: { from: ['delay_requested'], permission: 'case.dispatch', role: 'dispatcher', needs: ['note'], zh: '驳回延期' },
  escalate: { from: ['dispatched', 'signed', 'in_progress', 'escalated'], permission: 'case.handle', role: 'handler', needs: ['note'], zh: '上报上级' },
  handle: { from: ['signed', 'in_progress'], permission: 'case.handle', role: 'handler', needs: ['note'], zh: '办结反馈' },
  verify_pass: { from: ['handled'], permission: 'case.dispatch', role: 'dispatcher', zh: '核查通过' },
  verify_fail: { from: ['handled'], permission: 'case.dispatch', role: 'dispatcher', needs: ['note'], zh: '核查不通过（返工）' },
  callback: { from: ['closed'], permission: 'case.dispatch', role: 'dispatcher', needs: ['satisfaction', 'resolved'], zh: '回访' },
  reopen: { from: ['called_back', 'archived'], permission: 'case.dispatch', role: 'dispatcher', needs: ['note'], zh: '重办' },
  archive: { from: ['closed', 'called_back'], permission: 'case.dispatch', role: 'dispatcher', zh: '归档' },
  respond: { from: ['accepted', 'dispatched', 'returned', 'signed', 'in_progress', 'delay_requested', 'escalated'], permission: 'case.handle', role: 'any', zh: '联系诉求人' },
  supervise: { from: OPEN_STATES, permission: 'case.supervise', role: 'any', zh: '督办' },
  merge: { from: EARLY, permission: 'case.dispatch', role: 'dispatcher', needs: ['masterId'], zh: '合并（重复件）' },
};

export interface GuardInput {
  note?: string;
  targetOrgId?: string;
  days?: number;
  satisfaction?: Satisfaction;
  resolved?: boolean;
  masterId?: string;
}

export type GuardResult =
  | { ok: true }
  | { ok: false; reason: 'state' | 'permission' | 'role' | 'input'; field?: string };

export const covers = (scopes: readonly string[] | null, path: string | null) =>
  scopes === null || (path !== null && scopes.some((s) => path.startsWith(s)));

/** Does the actor dispatch for this case: in scope of where it is or of its first-accepting org? */
export function isDispatcherFor(c: Pick<CaseSnapshot, 'path' | 'owner_path'>, actor: CaseActor): boolean {
  return covers(actor.scopePaths, c.path) || covers(actor.scopePaths, c.owner_path);
}

/** Does the actor work in the org handling the case now? */
export function isHandlerFor(c: Pick<CaseSnapshot, 'handler_path'>, actor: CaseActor): boolean {
  return covers(actor.scopePaths, c.handler_path);
}

export function canSee(c: Pick<CaseSnapshot, 'path' | 'owner_path' | 'handler_path'>, actor: CaseActor): boolean {
  return covers(actor.scopePaths, c.path) || covers(actor.scopePaths, c.owner_path) || covers(actor.scopePaths, c.handler_path);
}

const hasPermission = (actor: CaseActor, perm: string) => actor.permissions === 'all' || actor.permissions.has(perm);

/**
 * May `actor` do `action` on the case now? State first (→ 409), then permission and role
 * (→ 403), then the fields the action needs (→ 422). A resident may call back their own case.
 */
export function guard(c: CaseSnapshot, action: CaseAction, actor: CaseActor, input?: GuardInput): GuardResult {
  const rule = RULES[action];
  if (!rule.from.includes(c.state)) return { ok: false, reason: 'state' };
  const residentCallback = action === 'callback' && actor.kind === 'resident' && actor.userId !== null
    && c.reporter_user_id === actor.userId && hasPermission(actor, 'case.report');
  if (!residentCallback) {
    if (!hasPermission(actor, rule.permission)) return { ok: false, reason: 'permission' };
    const roleOk = rule.role === 'dispatcher' ? isDispatcherFor(c, actor)
      : rule.role === 'handler' ? isHandlerFor(c, actor) : canSee(c, actor);
    if (!roleOk) return { ok: false, reason: 'role' };
  }
  if (input) {
    for (const f of rule.needs ?? []) {
      const v = input[f];
      if (v === undefined || v === null || v === '') return { ok: false, reason: 'input', field: f };
    }
  }
  return { ok: true };
}

/** The actions the actor may take now (ignoring the fields each needs): the console's buttons. */
export function allowedActions(c: CaseSnapshot, actor: CaseActor): CaseAction[] {
  return (Object.keys(RULES) as CaseAction[]).filter((a) => guard(c, a, actor).ok);
}

/** Deadlines the service computes from the category's SLA and the working calendar. */
export interface Timers {
  accept(start: Date): { warn: Date; due: Date; red: Date | null };
  respond(start: Date): Date;
  handle(start: Date): { warn: Date; due: Date; red: Date | null };
  verify(start: Date): Date;
  /** pushes a deadline later by working days (approved delay) */
  extend(due: Date, days: number): Date;
}

export interface OrgRef {
  id: string;
  path: string;
  kind: string;
  name?: string;
}

export interface TransitionEnv {
  now: Date;
  actor: CaseActor;
  /** the org the actor acts for (首接: the accepting org becomes the owner) */
  actorOrg: OrgRef | null;
  /** dispatch / transfer / escalate / accept-with-target: the org that handles next */
  target?: OrgRef | null;
  timers: Timers;
}

export type CasePatch = Partial<CaseSnapshot>;

const LEVEL_ORDER: SupervisionLevel[] = ['normal', 'yellow', 'red'];
export function maxLevel(a: 'none' | SupervisionLevel, b: SupervisionLevel): SupervisionLevel {
  if (a === 'none') return b;
  return LEVEL_ORDER.indexOf(a) >= LEVEL_ORDER.indexOf(b) ? a : b;
}

const clearAccept = { accept_warn_at: null, accept_due: null, accept_red_due: null } as const;
const clearHandle = { handle_warn_at: null, handle_due: null, handle_red_due: null } as const;
const clearAllTimers = { ...clearAccept, ...clearHandle, respond_due: null, verify_due: null, next_check_at: null } as const;

function acceptTimers(env: TransitionEnv) {
  const t = env.timers.accept(env.now);
  return { accept_warn_at: t.warn, accept_due: t.due, accept_red_due: t.red };
}
function handleTimers(env: TransitionEnv) {
  const t = env.timers.handle(env.now);
  return { handle_warn_at: t.warn, handle_due: t.due, handle_red_due: t.red };
}
function handTo(target: OrgRef) {
  return { handler_org_id: target.id, handler_path: target.path, handler_user_id: null, handler_name: null, level: target.kind };
}

/**
 * What `action` does to the case (call `guard` first). Returns the changed fields,
 * including the new state and version; next_check_at is recomputed from the result.
 */
export function transition(c: CaseSnapshot, action: CaseAction, input: GuardInput & { level?: SupervisionLevel }, env: TransitionEnv): CasePatch {
  const { now } = env;
  const need = <T>(v: T | null | undefined, what: string): T => {
    if (v === null || v === undefined) throw new Error(`transition ${action} needs ${what}`);
    return v;
  };
  let p: CasePatch;
  switch (action) {
    case 'accept': {
      const owner = env.actorOrg ?? env.target ?? null;
      p = {
        state: 'accepted', accepted_at: now,
        owner_org_id: owner?.id ?? null, owner_path: owner?.path ?? null,
        respond_due: env.timers.respond(now), ...handleTimers(env),
      };
      if (env.target) p = { ...p, state: 'dispatched', dispatched_at: now, ...handTo(env.target), ...acceptTimers(env) };
      break;
    }
    case 'reject':
      p = { state: 'rejected', reject_reason: need(input.note, 'note'), ...clearAllTimers };
      break;
    case 'dispatch':
      p = { state: 'dispatched', dispatched_at: now, ...handTo(need(env.target, 'target')), ...acceptTimers(env) };
      break;
    case 'transfer':
      p = { state: 'dispatched', dispatched_at: now, ...handTo(need(env.target, 'target')), ...acceptTimers(env), transfer_count: c.transfer_count + 1 };
      break;
    case 'escalate':
      p = { state: 'escalated', ...handTo(need(env.target, 'target')), ...acceptTimers(env), escalation_count: c.escalation_count + 1 };
      break;
    case 'sign':
      p = { state: 'signed', signed_at: now, handler_user_id: env.actor.userId, handler_name: env.actor.name, ...clearAccept };
      break;
    case 'return':
      // back to the org that owns it (首接), which re-dispatches
      p = {
        state: 'returned', handler_org_id: c.owner_org_id, handler_path: c.owner_path, handler_user_id: null, handler_name: null,
        return_count: c.return_count + 1,
      };
      break;
    case 'start':
      p = { state: 'in_progress' };
      break;
    case 'request_delay':
      p = { state: 'delay_requested', delay_requested_days: String(need(input.days, 'days')) };
      break;
    case 'approve_delay': {
      const days = Number(need(c.delay_requested_days, 'delay_requested_days'));
      const ext = (d: Date | null) => (d ? env.timers.extend(d, days) : null);
      p = {
        state: 'in_progress', delay_requested_days: null, delay_count: c.delay_count + 1,
        handle_warn_at: ext(c.handle_warn_at), handle_due: ext(c.handle_due), handle_red_due: ext(c.handle_red_due),
      };
      break;
    }
    case 'refuse_delay':
      p = { state: 'in_progress', delay_requested_days: null };
      break;
    case 'handle':
      p = {
        state: 'handled', handled_at: now, feedback: need(input.note, 'note'),
        handled_on_time: c.handle_due ? now.getTime() <= c.handle_due.getTime() : true,
        ...clearHandle, ...clearAccept, respond_due: null, verify_due: env.timers.verify(now),
      };
      break;
    case 'verify_pass':
      p = { state: 'closed', closed_at: now, verify_due: null };
      break;
    case 'verify_fail':
      p = { state: 'in_progress', handled_at: null, handled_on_time: null, verify_due: null, rework_count: c.rework_count + 1, ...handleTimers(env) };
      break;
    case 'callback': {
      const satisfied = need(input.satisfaction, 'satisfaction') !== 'unsatisfied' && need(input.resolved, 'resolved');
      p = {
        satisfaction: input.satisfaction!, resolved: input.resolved!, callback_at: now,
        state: satisfied ? 'archived' : 'called_back', archived_at: satisfied ? now : null,
      };
      break;
    }
    case 'reopen':
      p = {
        state: 'in_progress', reopen_count: c.reopen_count + 1, closed_at: null, archived_at: null, handled_at: null,
        handled_on_time: null, satisfaction: null, resolved: null, callback_at: null, ...handleTimers(env),
      };
      // a person must own the redo: the last signer, or the actor when nobody signed
      if (!c.handler_user_id) p = { ...p, handler_user_id: env.actor.userId, handler_name: env.actor.name };
      break;
    case 'archive':
      p = { state: 'archived', archived_at: now };
      break;
    case 'respond':
      p = { responded_at: now, respond_due: null };
      break;
    case 'supervise':
      p = { supervision_level: maxLevel(c.supervision_level, input.level ?? 'normal') };
      break;
    case 'merge':
      p = { state: 'merged', merged_into_id: need(input.masterId, 'masterId'), ...clearAllTimers };
      break;
  }
  const merged = { ...c, ...p } as CaseSnapshot;
  return { ...p, version: c.version + 1, next_check_at: nextCheckAt(merged) };
}

/** Every threshold of the stages active in the case's state (the scheduler's work list). */
export function activeThresholds(c: Pick<CaseSnapshot, 'state' | 'accept_warn_at' | 'accept_due' | 'accept_red_due' | 'respond_due' | 'responded_at' |
  'handle_warn_at' | 'handle_due' | 'handle_red_due' | 'verify_due'>) {
  const out: Array<{ stage: 'accept' | 'respond' | 'handle' | 'verify'; level: SupervisionLevel; at: Date; due: Date }> = [];
  const add = (stage: 'accept' | 'respond' | 'handle' | 'verify', level: SupervisionLevel, at: Date | null, due: Date | null) => {
    if (at && due) out.push({ stage, level, at, due });
  };
  if (ACCEPT_STAGE_STATES.includes(c.state)) {
    add('accept', 'normal', c.accept_warn_at, c.accept_due);
    add('accept', 'yellow', c.accept_due, c.accept_due);
    add('accept', 'red', c.accept_red_due, c.accept_due);
  }
  if (HANDLE_STAGE_STATES.includes(c.state)) {
    add('handle', 'normal', c.handle_warn_at, c.handle_due);
    add('handle', 'yellow', c.handle_due, c.handle_due);
    add('handle', 'red', c.handle_red_due, c.handle_due);
    if (!c.responded_at) add('respond', 'yellow', c.respond_due, c.respond_due);
  }
  if (c.state === 'handled') add('verify', 'yellow', c.verify_due, c.verify_due);
  return out;
}

/** The earliest threshold after `after` (or any, when not given): when the scheduler looks again. */
export function nextCheckAt(c: Parameters<typeof activeThresholds>[0], after?: Date): Date | null {
  let best: number | null = null;
  for (const t of activeThresholds(c)) {
    const ms = t.at.getTime();
    if (after && ms <= after.getTime()) continue;
    if (best === null || ms < best) best = ms;
  }
  return best === null ? null : new Date(best);
}
