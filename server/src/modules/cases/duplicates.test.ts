import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

// these tests drive a real database; a busy machine must not fail them on time alone
vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../../testing/app.js';
import { ensureDefaultCaseConfig } from './config.js';
import { runProactiveDiscovery } from './proactive.js';
import { actOnCase, createCase, SYSTEM_ACTOR } from './service.js';
import { act, api, createVia, sh, staffActor } from './testing.js';

let t: TestApp;
const cookies: Record<string, string> = {};
beforeAll(async () => {
  t = await startTestApp();
  await ensureDefaultCaseConfig(t.owner.db);
  for (const u of ['admin', 'sec1', 'gw1', 'resident1']) cookies[u] = await t.login(u);
});
afterAll(() => t?.close());

describe('duplicates and merging', () => {
  it('suggests same-category cases at the same place, merges them and calls every reporter back', async () => {
    const body = (name: string, lng: number) => ({
      channel: 'hotline', category: 'public_facilities', title: '路灯不亮', description: '小区东门路灯坏了',
      location: { lng, lat: 39.004, streetCode: t.fixture.tenant }, reporter: { name, phone: '13900000001' },
    });
    const a = await createVia(t, cookies.admin, body('甲', 117.005));
    const b = await createVia(t, cookies.admin, body('乙', 117.0052)); // ~17 m away
    expect(b.duplicates.map((d) => d.id)).toContain(a.case.id);
    const other = await createVia(t, cookies.admin, { ...body('丙', 117.005), category: 'property' });
    expect(other.duplicates.map((d) => d.id)).not.toContain(a.case.id);
    const dup = await api(t, cookies.admin, 'GET', `/api/cases/${a.case.id}/duplicates`);
    expect(dup.body.items.map((d: { id: string }) => d.id)).toContain(b.case.id);

    await act(t, cookies.admin, b.case.id, { action: 'merge', masterId: a.case.id });
    await act(t, cookies.admin, b.case.id, { action: 'merge', masterId: a.case.id }, 409);
    const master = await api(t, cookies.admin, 'GET', `/api/cases/${a.case.id}`);
    expect(master.body.followers.map((f: { id: string }) => f.id)).toEqual([b.case.id]);
    // the master is handled once …
    await act(t, cookies.sec1, a.case.id, { action: 'accept', targetOrgId: t.fixture.orgs.g1a.id });
    await act(t, cookies.gw1, a.case.id, { action: 'sign' });
    await act(t, cookies.gw1, a.case.id, { action: 'handle', note: '已更换灯泡' });
    await act(t, cookies.sec1, a.case.id, { action: 'verify_pass' });
    // … and every reporter is called back
    const follower = await api(t, cookies.admin, 'GET', `/api/cases/${b.case.id}`);
    expect(follower.body.case.state).toBe('closed');
    expect(follower.body.case.feedback).toBe('已更换灯泡');
    expect(follower.body.allowedActions).toContain('callback');
    await act(t, cookies.admin, b.case.id, { action: 'callback', satisfaction: 'basically_satisfied', resolved: true });
    await act(t, cookies.admin, a.case.id, { action: 'callback', satisfaction: 'satisfied', resolved: true });
  });

  it('suggests at creation only cases the creator may see', async () => {
    const now = sh('2026-06-01 10:00');
    const at = (grid: string, lng: number) => ({
      channel: 'hotline' as const, category: 'safety_hazard', title: '井盖缺失', description: '路口井盖缺失',
      location: { gridId: t.fixture.orgs[grid].id, lng, lat: 39.3 }, reporter: { name: '来电居民', phone: '13900000002' },
    });
    const inC1 = await createCase(t.server.ctx, staffActor(t, 'sec1', 'community_secretary', ['c1']), at('g1a', 117.3), { now });
    // 15 m away, across the line into the next community: a neighbour's case, not this secretary's to see
    const inC2 = await createCase(t.server.ctx, staffActor(t, 'gw2', 'grid_worker_full', ['g2a']), at('g2a', 117.30015), { now });
    expect(inC2.duplicates).toEqual([]);
    const fromStreet = await createCase(t.server.ctx, staffActor(t, 'admin', 'street_admin', ['street']), at('g2a', 117.30016), { now });
    expect(fromStreet.duplicates.map((d) => d.id).sort()).toEqual([inC1.case.id, inC2.case.id].sort());
    expect(fromStreet.duplicates[0]).toMatchObject({ number: expect.stringMatching(/^120114002-20260601-\d{4,}$/), state: expect.any(String), createdAt: now.toISOString() });
  });

  it('refuses to merge a case into itself or into a closed master', async () => {
    const { case: c } = await createVia(t, cookies.admin, { category: 'other', title: 'x', description: 'y', location: { gridId: t.fixture.orgs.g1a.id } });
    await act(t, cookies.admin, c.id, { action: 'merge', masterId: c.id }, 422);
  });
});

describe('resident callback', () => {
  it('the reporter rates their own closed case; another resident cannot', async () => {
    const resident = { userId: t.fixture.users.resident1.id, name: '居民', kind: 'resident' as const, permissions: new Set(['case.report']), scopePaths: [t.fixture.orgs.g1a.path] };
    const { case: c } = await createCase(t.server.ctx, resident, {
      channel: 'portal', category: 'environment', title: '垃圾未清运', description: '两天没收垃圾', location: { gridId: t.fixture.orgs.g2a.id },
    });
    const sec = staffActor(t, 'admin', 'street_admin', ['street']);
    await actOnCase(t.server.ctx, sec, c.id, { action: 'accept', targetOrgId: t.fixture.orgs.street.id });
    await actOnCase(t.server.ctx, sec, c.id, { action: 'sign' });
    await actOnCase(t.server.ctx, sec, c.id, { action: 'handle', note: '已清运' });
    await actOnCase(t.server.ctx, sec, c.id, { action: 'verify_pass' });
    const stranger = { ...resident, userId: t.fixture.users.target_g1a.id };
    await expect(actOnCase(t.server.ctx, stranger, c.id, { action: 'callback', satisfaction: 'satisfied', resolved: true })).rejects.toMatchObject({ status: 404 });
    const r = await actOnCase(t.server.ctx, resident, c.id, { action: 'callback', satisfaction: 'unsatisfied', resolved: false });
    expect(r.case.state).toBe('called_back');
    const { reporterCaseView } = await import('./resident.js');
    const view = await reporterCaseView(t.server.ctx, resident.userId, c.id);
    expect(view.timeline.map((e) => e.action)).toEqual(['report', 'accept', 'sign', 'handle', 'verify_pass', 'callback']);
    expect(view.timeline.find((e) => e.action === 'handle')!.note).toBe('已清运');
    expect(JSON.stringify(view)).not.toContain('测试admin'); // staff names stay internal
  });
});

describe('proactive discovery (未诉先办)', () => {
  it('raises one case for the community when a category recurs in a grid, citing the cases behind it', async () => {
    const now = sh('2033-05-20T10:00:00');
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const { case: c } = await createCase(t.server.ctx, { ...SYSTEM_ACTOR, tenantCode: t.fixture.tenant }, {
        channel: 'hotline', category: 'property', title: `电梯故障${i}`, description: '电梯又坏了', location: { gridId: t.fixture.orgs.g1b.id },
      }, { now: new Date(now.getTime() - (i + 1) * 86400_000) });
      ids.push(c.id);
    }
    const first = await runProactiveDiscovery(t.server.ctx, now);
    expect(first.raised).toBeGreaterThanOrEqual(1);
    const again = await runProactiveDiscovery(t.server.ctx, now);
    expect(again.raised).toBe(0);
    const raised = await t.owner.db.selectFrom('cases').selectAll().where('channel', '=', 'proactive').where('grid_id', '=', t.fixture.orgs.g1b.id).execute();
    expect(raised).toHaveLength(1);
    expect([...raised[0].source_case_ids].sort()).toEqual([...ids].sort());
    expect(raised[0].state).toBe('dispatched');
    expect(raised[0].handler_org_id).toBe(t.fixture.orgs.c1.id);
  });

  it('raises a case when a sensitive-tag resident\'s case stays open past its deadline', async () => {
    const now = sh('2034-03-01T10:00:00');
    const { case: c } = await createCase(t.server.ctx, { ...SYSTEM_ACTOR, tenantCode: t.fixture.tenant }, {
      channel: 'hotline', category: 'civil_assistance', title: '独居老人求助', description: '暖气不热', location: { gridId: t.fixture.orgs.g2a.id },
    }, { now: new Date(now.getTime() - 40 * 86400_000) });
    await t.owner.db.updateTable('cases').set({ reporter_tags: ['elderly_alone'] }).where('id', '=', c.id).execute();
    await actOnCase(t.server.ctx, staffActor(t, 'admin', 'street_admin', ['street']), c.id, { action: 'accept' }, { now: new Date(now.getTime() - 39 * 86400_000) });
    await runProactiveDiscovery(t.server.ctx, now);
    await runProactiveDiscovery(t.server.ctx, now);
    const raised = await t.owner.db.selectFrom('cases').selectAll().where('channel', '=', 'proactive')
      .where(sql<boolean>`source_case_ids @> ARRAY[${c.id}]::uuid[]`).execute();
    expect(raised).toHaveLength(1);
    expect(raised[0].handler_org_id).toBe(t.fixture.orgs.c2.id);
  });
});
