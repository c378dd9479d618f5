import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

// these tests drive a real database; a busy machine must not fail them on time alone
vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../../testing/app.js';
import { openDatabase } from '../../platform/db/database.js';
import type { AppContext } from '../../platform/context.js';
import { ensureDefaultCaseConfig } from './config.js';
import { actOnCase, createCase, SYSTEM_ACTOR } from './service.js';
import { runSchedulerCycle } from './scheduler.js';
import { sh, staffActor } from './testing.js';

let t: TestApp;
let ctx2: AppContext;
let closeSecond: () => Promise<void>;
beforeAll(async () => {
  t = await startTestApp();
  await ensureDefaultCaseConfig(t.owner.db);
  // a second "instance": its own pool on the same database
  const second = openDatabase(t.testDb.appUrl, 4);
  ctx2 = { ...t.server.ctx, db: second.db };
  closeSecond = second.close;
});
afterAll(async () => {
  await closeSecond?.();
  await t?.close();
});

const T0 = sh('2030-01-07T10:00:00'); // a Monday
const system = () => ({ ...SYSTEM_ACTOR, tenantCode: t.fixture.tenant });
const newCase = (category: string, now = T0, extra: Record<string, unknown> = {}) => createCase(t.server.ctx, system(), {
  channel: 'hotline', category, title: `测试${category}`, description: '调度测试', location: { gridId: t.fixture.orgs.g1a.id }, ...extra,
}, { now });
const cardsOf = (caseId: string) => t.owner.db.selectFrom('case_supervisions').select(['stage', 'level', 'source']).where('case_id', '=', caseId)
  .orderBy('created_at').execute();

describe('deadline scheduler', () => {
  it('issues 普通 → 黄牌 → 红牌 for acceptance at 0.75 / 1 / 2 working days, once each', async () => {
    const { case: c } = await newCase('environment');
    expect(c.deadlines.acceptDue).toBe(sh('2030-01-08T10:00:00').toISOString());
    await runSchedulerCycle(t.server.ctx, sh('2030-01-07T20:00:00'));
    expect(await cardsOf(c.id)).toEqual([]);
    await runSchedulerCycle(t.server.ctx, sh('2030-01-08T05:00:00')); // past 0.75 working day
    expect((await cardsOf(c.id)).map((x) => x.level)).toEqual(['normal']);
    await runSchedulerCycle(t.server.ctx, sh('2030-01-08T10:00:01'));
    await runSchedulerCycle(t.server.ctx, sh('2030-01-08T10:00:02'));
    expect((await cardsOf(c.id)).map((x) => x.level)).toEqual(['normal', 'yellow']);
    const row = await t.owner.db.selectFrom('cases').selectAll().where('id', '=', c.id).executeTakeFirstOrThrow();
    expect(row.overdue).toBe(true);
    expect(row.supervision_level).toBe('yellow');
    expect(row.next_check_at?.toISOString()).toBe(sh('2030-01-09T10:00:00').toISOString());
    await runSchedulerCycle(t.server.ctx, sh('2030-01-10T00:00:00'));
    expect((await cardsOf(c.id)).map((x) => x.level)).toEqual(['normal', 'yellow', 'red']);
    // the handler org is told; for yellow and red the leader (parent org) too
    const notes = await t.owner.db.selectFrom('case_notifications').select(['recipient_org_id', 'kind']).where('case_id', '=', c.id).execute();
    expect(notes.filter((n) => n.kind === 'overdue').map((n) => n.recipient_org_id)).toEqual(
      expect.arrayContaining([t.fixture.orgs.street.id, t.fixture.orgs.district.id]));
    // nothing left to look at until something changes
    expect((await t.owner.db.selectFrom('cases').select('next_check_at').where('id', '=', c.id).executeTakeFirstOrThrow()).next_check_at).toBeNull();
  });

  it('counts working days across a weekend', async () => {
    const { case: c } = await newCase('environment', sh('2030-01-11T16:00:00')); // Friday
    expect(c.deadlines.acceptDue).toBe(sh('2030-01-14T16:00:00').toISOString()); // Monday
    await runSchedulerCycle(t.server.ctx, sh('2030-01-13T23:00:00')); // Sunday night: nothing overdue
    expect((await cardsOf(c.id)).filter((x) => x.level !== 'normal')).toEqual([]);
  });

  it('escalates a red-carded case up the ladder when its category says so', async () => {
    const gw1 = staffActor(t, 'gw1', 'grid_worker_full', ['g1a', 'g1b']);
    const sec1 = staffActor(t, 'sec1', 'community_secretary', ['c1']);
    const { case: c } = await newCase('neighbour_dispute');
    await actOnCase(t.server.ctx, sec1, c.id, { action: 'accept', targetOrgId: t.fixture.orgs.g1a.id }, { now: T0 });
    await actOnCase(t.server.ctx, gw1, c.id, { action: 'sign' }, { now: T0 });
    const r = await runSchedulerCycle(t.server.ctx, sh('2030-02-20T10:00:00')); // > 20 working days later
    expect(r.escalated).toBeGreaterThanOrEqual(1);
    const row = await t.owner.db.selectFrom('cases').selectAll().where('id', '=', c.id).executeTakeFirstOrThrow();
    expect(row.state).toBe('escalated');
    expect(row.handler_org_id).toBe(t.fixture.orgs.c1.id);
    expect(row.escalation_count).toBe(1);
    const cards = (await cardsOf(c.id)).map((x) => `${x.stage}:${x.level}`);
    expect(cards).toEqual(expect.arrayContaining(['handle:normal', 'handle:yellow', 'handle:red', 'respond:yellow']));
    // the new handler (the community) gets a fresh signing deadline, and a card if it lets that pass too
    await runSchedulerCycle(t.server.ctx, sh('2030-02-25T10:00:00'));
    expect((await cardsOf(c.id)).filter((x) => x.stage === 'accept').map((x) => x.level)).toEqual(['normal', 'yellow', 'red']);
    // the ordinary category does not escalate
    const { case: e } = await newCase('environment');
    await actOnCase(t.server.ctx, sec1, e.id, { action: 'accept', targetOrgId: t.fixture.orgs.g1a.id }, { now: T0 });
    await actOnCase(t.server.ctx, gw1, e.id, { action: 'sign' }, { now: T0 });
    await runSchedulerCycle(t.server.ctx, sh('2030-03-20T10:00:00'));
    expect((await t.owner.db.selectFrom('cases').select('state').where('id', '=', e.id).executeTakeFirstOrThrow()).state).toBe('signed');
  });

  it('two instances running the cycle at once, and a re-run after a lost update, never double a card', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 30; i++) ids.push((await newCase('environment', sh('2031-03-03T09:00:00'))).case.id);
    const now = sh('2031-03-07T09:00:00'); // Friday: > 2 working days
    const [a, b] = await Promise.all([
      runSchedulerCycle(t.server.ctx, now, { batch: 4 }),
      runSchedulerCycle(ctx2, now, { batch: 4 }),
    ]);
    expect(a.cards + b.cards).toBe(90);
    // as if a crash had lost the updates: the cases look due again
    await t.owner.db.updateTable('cases').set({ next_check_at: sh('2031-03-03T09:00:00') }).where('id', 'in', ids).execute();
    const again = await runSchedulerCycle(t.server.ctx, now);
    expect(again.cards).toBe(0);
    const counts = await t.owner.db.selectFrom('case_supervisions').select(['case_id', sql<number>`count(*)::int`.as('n')])
      .where('case_id', 'in', ids).groupBy('case_id').execute();
    expect(counts).toHaveLength(30);
    expect(counts.every((c) => c.n === 3)).toBe(true);
    const events = await t.owner.db.selectFrom('case_events').select(sql<number>`count(*)::int`.as('n'))
      .where('case_id', 'in', ids).where('action', '=', 'supervise').executeTakeFirstOrThrow();
    expect(events.n).toBe(90);
  });

  it('an approved delay moves the deadline, and the new deadline earns its own cards', async () => {
    const gw1 = staffActor(t, 'gw1', 'grid_worker_full', ['g1a', 'g1b']);
    const sec1 = staffActor(t, 'sec1', 'community_secretary', ['c1']);
    const { case: c } = await newCase('environment', sh('2032-06-07T10:00:00'));
    await actOnCase(t.server.ctx, sec1, c.id, { action: 'accept', targetOrgId: t.fixture.orgs.g1a.id }, { now: sh('2032-06-07T10:00:00') });
    await actOnCase(t.server.ctx, gw1, c.id, { action: 'sign' }, { now: sh('2032-06-07T10:00:00') });
    await runSchedulerCycle(t.server.ctx, sh('2032-06-14T10:00:01')); // 5 working days: yellow
    expect((await cardsOf(c.id)).filter((x) => x.stage === 'handle').map((x) => x.level)).toEqual(['normal', 'yellow']);
    await actOnCase(t.server.ctx, gw1, c.id, { action: 'request_delay', days: 3, note: '材料未到' }, { now: sh('2032-06-14T11:00:00') });
    const approved = await actOnCase(t.server.ctx, sec1, c.id, { action: 'approve_delay' }, { now: sh('2032-06-14T12:00:00') });
    expect(approved.case.deadlines.handleDue).toBe(sh('2032-06-17T10:00:00').toISOString());
    await runSchedulerCycle(t.server.ctx, sh('2032-06-17T10:00:01'));
    expect((await cardsOf(c.id)).filter((x) => x.stage === 'handle').map((x) => x.level)).toEqual(['normal', 'yellow', 'normal', 'yellow']);
  });
});
