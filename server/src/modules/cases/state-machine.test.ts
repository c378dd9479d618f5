/**
 * Model-based tests of the closed loop: random action sequences by random actors, first on
 * the pure transition table (thousands of runs), then through the real service and database,
 * checking that the database agrees with the model step by step.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ACTIONS, type CaseAction } from './schema.js';
import {
  ACCEPT_STAGE_STATES, allowedActions, guard, HANDLER_STATES, nextCheckAt, SIGNED_STATES, STATES, TERMINAL_STATES, transition,
  type CaseActor, type CaseSnapshot, type OrgRef, type Timers,
} from './state-machine.js';
import { startTestApp, type TestApp } from '../../testing/app.js';
import { ensureDefaultCaseConfig } from './config.js';
import { actOnCase, createCase, SYSTEM_ACTOR } from './service.js';
import { AppError } from '../../platform/http/errors.js';
import { staffActor } from './testing.js';

// a small org tree: street S → community C1 → grids G1, G2; community C2 → grid G3
const S: OrgRef = { id: 's', path: '/d/s/', kind: 'street' };
const C1: OrgRef = { id: 'c1', path: '/d/s/c1/', kind: 'community' };
const C2: OrgRef = { id: 'c2', path: '/d/s/c2/', kind: 'community' };
const G1: OrgRef = { id: 'g1', path: '/d/s/c1/g1/', kind: 'grid' };
const G2: OrgRef = { id: 'g2', path: '/d/s/c1/g2/', kind: 'grid' };
const G3: OrgRef = { id: 'g3', path: '/d/s/c2/g3/', kind: 'grid' };
const PARENT: Record<string, OrgRef> = { g1: C1, g2: C1, g3: C2, c1: S, c2: S };
const ORGS = [G1, G2, G3, C1, C2, S];

const perms = (...p: string[]) => new Set(p);
const HANDLE = ['case.read', 'case.create', 'case.handle'];
const ACTORS: CaseActor[] = [
  { userId: 'u-gw1', name: 'gw1', kind: 'staff', permissions: perms(...HANDLE), scopePaths: [G1.path], orgs: [G1] },
  { userId: 'u-gw3', name: 'gw3', kind: 'staff', permissions: perms(...HANDLE), scopePaths: [G3.path], orgs: [G3] },
  { userId: 'u-sec1', name: 'sec1', kind: 'staff', permissions: perms(...HANDLE, 'case.dispatch', 'case.supervise'), scopePaths: [C1.path], orgs: [C1] },
  { userId: 'u-sec2', name: 'sec2', kind: 'staff', permissions: perms(...HANDLE, 'case.dispatch', 'case.supervise'), scopePaths: [C2.path], orgs: [C2] },
  { userId: 'u-admin', name: 'admin', kind: 'staff', permissions: 'all', scopePaths: [S.path], orgs: [S] },
  { userId: 'u-res', name: 'resident', kind: 'resident', permissions: perms('case.report'), scopePaths: [G1.path], orgs: [] },
];

let clock = 0;
const h = (n: number) => new Date(Date.UTC(2030, 0, 7) + n * 3600_000);
const timers: Timers = {
  accept: (s) => ({ warn: new Date(s.getTime() + 18 * 3600_000), due: new Date(s.getTime() + 24 * 3600_000), red: new Date(s.getTime() + 48 * 3600_000) }),
  respond: (s) => new Date(s.getTime() + 7 * 86400_000),
  handle: (s) => ({ warn: new Date(s.getTime() + 90 * 3600_000), due: new Date(s.getTime() + 120 * 3600_000), red: new Date(s.getTime() + 240 * 3600_000) }),
  verify: (s) => new Date(s.getTime() + 48 * 3600_000),
  extend: (d, days) => new Date(d.getTime() + days * 86400_000),
};

function initial(): CaseSnapshot {
  const now = h(0);
  const acc = timers.accept(now);
  const c = {
    state: 'reported', path: G1.path, owner_org_id: null, owner_path: null, handler_org_id: null, handler_path: null, handler_user_id: null,
    handler_name: null, reporter_user_id: 'u-res', level: null, merged_into_id: null, route_org_id: S.id, delay_requested_days: null,
    supervision_level: 'none', satisfaction: null, resolved: null, feedback: null, reject_reason: null, handled_on_time: null,
    version: 0, rework_count: 0, reopen_count: 0, delay_count: 0, transfer_count: 0, return_count: 0, escalation_count: 0,
    accepted_at: null, dispatched_at: null, signed_at: null, responded_at: null, handled_at: null, closed_at: null, archived_at: null, callback_at: null,
    accept_warn_at: acc.warn, accept_due: acc.due, accept_red_due: acc.red, respond_due: null, handle_warn_at: null, handle_due: null,
    handle_red_due: null, verify_due: null, next_check_at: null,
  } as CaseSnapshot;
  return { ...c, next_check_at: nextCheckAt(c) };
}

interface Step { action: CaseAction; actor: number; target: number; note: boolean; days: number; sat: 0 | 1 | 2; resolved: boolean }
const stepArb: fc.Arbitrary<Step> = fc.record({
  action: fc.constantFrom(...ACTIONS.filter((a) => a !== 'merge')),
  actor: fc.nat({ max: ACTORS.length - 1 }),
  target: fc.nat({ max: ORGS.length - 1 }),
  note: fc.boolean(),
  days: fc.integer({ min: 1, max: 10 }),
  sat: fc.constantFrom(0 as const, 1 as const, 2 as const),
  resolved: fc.boolean(),
});
const SAT = ['satisfied', 'basically_satisfied', 'unsatisfied'] as const;
const inputOf = (s: Step) => ({
  note: s.note ? '说明' : undefined, targetOrgId: ['dispatch', 'transfer'].includes(s.action) ? ORGS[s.target].id : undefined,
  days: s.action === 'request_delay' ? s.days : undefined, satisfaction: s.action === 'callback' ? SAT[s.sat] : undefined,
  resolved: s.action === 'callback' ? s.resolved : undefined,
});

function invariants(c: CaseSnapshot, successful: number) {
  expect(STATES).toContain(c.state);
  expect(c.version).toBe(successful);
  if (HANDLER_STATES.includes(c.state)) expect(c.handler_org_id).not.toBeNull();
  if (SIGNED_STATES.includes(c.state)) expect(c.handler_user_id).not.toBeNull();
  if (!['reported', 'rejected', 'merged'].includes(c.state)) expect(c.owner_org_id).not.toBeNull();
  if (c.state === 'handled') { expect(c.verify_due).not.toBeNull(); expect(c.handled_at).not.toBeNull(); expect(c.feedback).toBeTruthy(); }
  if (['closed', 'called_back', 'archived'].includes(c.state)) expect(c.closed_at).not.toBeNull();
  if (c.state === 'archived') expect(c.archived_at).not.toBeNull();
  if (c.state === 'rejected') expect(c.reject_reason).toBeTruthy();
  expect(c.state === 'delay_requested').toBe(c.delay_requested_days !== null);
  if (TERMINAL_STATES.includes(c.state)) expect(c.next_check_at).toBeNull();
  if (!ACCEPT_STAGE_STATES.includes(c.state)) {
    // once someone has signed, the signing clock no longer runs
    expect(nextCheckAt({ ...c, handle_warn_at: null, handle_due: null, handle_red_due: null, respond_due: null, verify_due: null })).toBeNull();
  }
  expect(c.next_check_at?.getTime() ?? null).toBe(nextCheckAt(c)?.getTime() ?? null);
  for (const n of [c.rework_count, c.reopen_count, c.delay_count, c.transfer_count, c.return_count, c.escalation_count]) expect(n).toBeGreaterThanOrEqual(0);
}

/** Applies a step to the model; returns the outcome the service must give. */
function modelStep(c: CaseSnapshot, s: Step): { next: CaseSnapshot; outcome: 'ok' | 'state' | 'permission' | 'role' | 'input' | 'top' } {
  const actor = ACTORS[s.actor];
  const input = inputOf(s);
  const g = guard(c, s.action, actor, input);
  if (!g.ok) return { next: c, outcome: g.reason };
  let target: OrgRef | null = null;
  if (s.action === 'dispatch' || s.action === 'transfer') target = ORGS[s.target];
  if (s.action === 'escalate') {
    target = c.handler_org_id ? PARENT[c.handler_org_id] ?? null : null;
    if (!target) return { next: c, outcome: 'top' };
  }
  const actorOrg = [...(actor.orgs ?? [])].find((o) => c.path.startsWith(o.path) || (c.owner_path ?? '').startsWith(o.path) || (c.handler_path ?? '').startsWith(o.path)) ?? null;
  clock++;
  const patch = transition(c, s.action, input, { now: h(clock), actor, actorOrg, target, timers });
  return { next: { ...c, ...patch }, outcome: 'ok' };
}

describe('state machine (pure model)', () => {
  it('random action sequences never reach an illegal state', () => {
    fc.assert(fc.property(fc.array(stepArb, { maxLength: 60 }), (steps) => {
      let c = initial();
      let ok = 0;
      for (const s of steps) {
        const r = modelStep(c, s);
        if (r.outcome === 'ok') {
          ok++;
          // an allowed action was listed among the actor's allowed actions
          expect(allowedActions(c, ACTORS[s.actor])).toContain(s.action);
        } else if (r.outcome === 'state') {
          expect(allowedActions(c, ACTORS[s.actor])).not.toContain(s.action);
        }
        c = r.next;
        invariants(c, ok);
      }
    }), { numRuns: 1500 });
  }, 120_000);

  it('walking only through allowed actions never reaches an illegal state', () => {
    const seen = new Set<string>(['reported']);
    fc.assert(fc.property(fc.array(fc.record({ step: stepArb, pick: fc.nat() }), { maxLength: 150 }), (picks) => {
      let c = initial();
      let ok = 0;
      for (const { step, pick } of picks) {
        // any (actor, action) pair allowed now, chosen at random
        const pairs = ACTORS.flatMap((a, i) => allowedActions(c, a).filter((x) => x !== 'merge' && x !== 'supervise').map((x) => [i, x] as const));
        if (pairs.length === 0) break;
        const [actor, action] = pairs[pick % pairs.length];
        const s = { ...step, actor, action, note: true };
        const r = modelStep(c, s);
        if (r.outcome === 'ok') ok++;
        else expect(['top', 'input']).toContain(r.outcome); // allowed means only the ladder's top or a missing field can stop it
        c = r.next;
        seen.add(c.state);
        invariants(c, ok);
      }
    }), { numRuns: 1000 });
  }, 120_000);

  it('every state is reachable (breadth-first search over all actors, actions and targets)', () => {
    const key = (c: CaseSnapshot) => [c.state, c.handler_org_id, c.owner_org_id, !!c.handler_user_id, c.satisfaction].join('|');
    const seen = new Set<string>([initial().state]);
    const visited = new Set<string>([key(initial())]);
    let frontier = [initial()];
    for (let depth = 0; depth < 14 && frontier.length; depth++) {
      const next: CaseSnapshot[] = [];
      for (const c of frontier) {
        for (const action of ACTIONS) {
          for (let actor = 0; actor < ACTORS.length; actor++) {
            for (let target = 0; target < ORGS.length; target++) {
              for (const sat of [0, 2] as const) {
                const r = modelStep(c, { action, actor, target, note: true, days: 3, sat, resolved: sat === 0 });
                const n = r.next;
                if (r.outcome !== 'ok' || visited.has(key(n))) continue;
                invariants(n, n.version);
                visited.add(key(n));
                seen.add(n.state);
                next.push(n);
              }
            }
          }
        }
      }
      frontier = next;
    }
    for (const st of STATES.filter((x) => x !== 'merged')) expect(seen, st).toContain(st);
  });

  it('a resident may only call back their own closed case', () => {
    const closed = { ...initial(), state: 'closed' as const, owner_org_id: 'c1', owner_path: C1.path, closed_at: h(1) };
    const res = ACTORS[5];
    expect(guard(closed, 'callback', res, { satisfaction: 'satisfied', resolved: true }).ok).toBe(true);
    expect(guard({ ...closed, reporter_user_id: 'someone-else' }, 'callback', res).ok).toBe(false);
    expect(guard(closed, 'reopen', res, { note: 'x' }).ok).toBe(false);
  });
});

describe('state machine (through the service and the database)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    await ensureDefaultCaseConfig(t.owner.db);
  });
  afterAll(() => t?.close());

  it('the database follows the model step by step, and concurrent signs yield one owner', async () => {
    const actors = () => [
      staffActor(t, 'gw1', 'grid_worker_full', ['g1a', 'g1b']),
      staffActor(t, 'gw2', 'grid_worker_full', ['g2a']),
      staffActor(t, 'sec1', 'community_secretary', ['c1']),
      staffActor(t, 'worker1', 'community_worker', ['c1']),
      staffActor(t, 'admin', 'street_admin', ['street']),
    ];
    const targets = () => ['g1a', 'g1b', 'g2a', 'c1', 'c2', 'street'].map((k) => t.fixture.orgs[k].id);
    const dbStep = fc.record({
      action: fc.constantFrom(...ACTIONS.filter((a) => a !== 'merge' && a !== 'supervise')),
      actor: fc.nat({ max: 4 }), target: fc.nat({ max: 5 }), note: fc.boolean(), days: fc.integer({ min: 1, max: 5 }),
      sat: fc.constantFrom(0 as const, 1 as const, 2 as const), resolved: fc.boolean(),
    });
    await fc.assert(fc.asyncProperty(fc.array(dbStep, { minLength: 5, maxLength: 25 }), async (steps) => {
      const A = actors();
      const T = targets();
      const { case: created } = await createCase(t.server.ctx, { ...SYSTEM_ACTOR, tenantCode: t.fixture.tenant }, {
        category: 'environment', title: '模型测试', description: '随机操作序列', location: { gridId: t.fixture.orgs.g1a.id },
      });
      let expectedVersion = 0;
      for (const s of steps) {
        const input = {
          action: s.action, note: s.note ? '说明' : undefined, targetOrgId: ['dispatch', 'transfer'].includes(s.action) ? T[s.target] : undefined,
          days: s.action === 'request_delay' ? s.days : undefined, satisfaction: s.action === 'callback' ? SAT[s.sat] : undefined,
          resolved: s.action === 'callback' ? s.resolved : undefined,
        };
        const before = await t.owner.db.selectFrom('cases').selectAll().where('id', '=', created.id).executeTakeFirstOrThrow();
        const visible = [before.path, before.owner_path, before.handler_path].some((p) => p && A[s.actor].scopePaths!.some((sp) => p.startsWith(sp)));
        const g = guard(before as unknown as CaseSnapshot, s.action, A[s.actor], input);
        let status = 200;
        try {
          await actOnCase(t.server.ctx, A[s.actor], created.id, input);
        } catch (e) {
          if (!(e instanceof AppError)) throw e;
          status = e.status;
        }
        if (!visible) expect(status).toBe(404);
        else if (!g.ok) expect(status).toBe({ state: 409, permission: 403, role: 403, input: 422 }[g.reason]);
        else expect([200, 409, 422]).toContain(status); // 409 at the top of the ladder, 422 for a target outside the street
        if (status === 200) expectedVersion++;
        const after = await t.owner.db.selectFrom('cases').selectAll().where('id', '=', created.id).executeTakeFirstOrThrow();
        invariants(after as unknown as CaseSnapshot, expectedVersion);
        const events = await t.owner.db.selectFrom('case_events').select('action').where('case_id', '=', created.id).execute();
        expect(events.length).toBe(1 + expectedVersion); // 'report' + one row per successful action
      }
    }), { numRuns: 12 });

    // concurrent signs: a dispatched case, five signers at once, exactly one owner
    for (let round = 0; round < 5; round++) {
      const { case: c } = await createCase(t.server.ctx, { ...SYSTEM_ACTOR, tenantCode: t.fixture.tenant }, {
        category: 'environment', title: '并发签收', description: '并发', location: { gridId: t.fixture.orgs.g1a.id },
      });
      await actOnCase(t.server.ctx, staffActor(t, 'sec1', 'community_secretary', ['c1']), c.id, { action: 'accept', targetOrgId: t.fixture.orgs.c1.id });
      const signers = [staffActor(t, 'sec1', 'community_secretary', ['c1']), staffActor(t, 'worker1', 'community_worker', ['c1']),
        staffActor(t, 'admin', 'street_admin', ['street']), staffActor(t, 'role_community_worker', 'community_worker', ['c1']),
        staffActor(t, 'role_community_secretary', 'community_secretary', ['c1'])];
      const results = await Promise.allSettled(signers.map((a) => actOnCase(t.server.ctx, a, c.id, { action: 'sign' })));
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      for (const r of results) if (r.status === 'rejected') expect((r.reason as AppError).status).toBe(409);
      const row = await t.owner.db.selectFrom('cases').select(['handler_user_id', 'state']).where('id', '=', c.id).executeTakeFirstOrThrow();
      expect(row.state).toBe('signed');
      expect(row.handler_user_id).not.toBeNull();
    }
  }, 180_000);
});
