import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

// these tests drive a real database; a busy machine must not fail them on time alone
vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });
import { startTestApp, type TestApp } from '../../testing/app.js';
import { ensureDefaultCaseConfig } from './config.js';
import { v7 as uuidv7 } from 'uuid';
import { act, api, createVia } from './testing.js';

let t: TestApp;
const cookies: Record<string, string> = {};
beforeAll(async () => {
  t = await startTestApp();
  await ensureDefaultCaseConfig(t.owner.db);
  for (const u of ['admin', 'sec1', 'worker1', 'gw1', 'gw2']) cookies[u] = await t.login(u);
});
afterAll(() => t?.close());

const report = (gridKey: 'g1a' | 'g1b' | 'g2a', extra: Record<string, unknown> = {}) => ({
  channel: 'hotline', category: 'environment', title: '楼道堆放杂物', description: '3号楼2单元楼道堆放杂物，影响通行',
  location: { gridId: t.fixture.orgs[gridKey].id, address: '静湖花园3号楼' },
  reporter: { name: '张三', phone: '13812345678' }, ...extra,
});

describe('case intake', () => {
  it('creates a case with a readable number, masked phone, deadlines and the route', async () => {
    const { case: c } = await createVia(t, cookies.worker1, report('g1a'));
    expect(c.number).toMatch(/^120114002-\d{8}-\d{4}$/);
    const detail = await api(t, cookies.worker1, 'GET', `/api/cases/${c.id}`);
    expect(detail.status).toBe(200);
    expect(detail.body.case.state).toBe('reported');
    expect(detail.body.case.reporter.phoneMasked).toBe('138****5678');
    expect(JSON.stringify(detail.body)).not.toContain('13812345678');
    expect(detail.body.case.deadlines.acceptDue).toBeTruthy();
    expect(detail.body.case.route.orgId).toBe(t.fixture.orgs.street.id); // no rule: the street (兜底)
    expect(detail.body.timeline.map((e: { action: string }) => e.action)).toEqual(['report']);
    expect(detail.body.allowedActions).toEqual(expect.arrayContaining(['accept', 'reject', 'merge']));
  });

  it('numbers are sequential per street per day even when created concurrently', async () => {
    const made = await Promise.all(Array.from({ length: 8 }, () => createVia(t, cookies.admin, report('g2a'))));
    const seqs = made.map((m) => Number(m.case.number.slice(-4)));
    expect(new Set(seqs).size).toBe(8);
  });

  it('replays the same answer for the same Idempotency-Key', async () => {
    const headers = { 'idempotency-key': 'case-key-1' };
    const a = await api(t, cookies.worker1, 'POST', '/api/cases', report('g1a'), headers);
    const b = await api(t, cookies.worker1, 'POST', '/api/cases', report('g1a'), headers);
    expect(a.status).toBe(201);
    expect(b.status).toBe(201);
    expect(b.body.case.id).toBe(a.body.case.id);
  });

  it('refuses an unknown category and a place outside the creator\'s area', async () => {
    const bad = await api(t, cookies.worker1, 'POST', '/api/cases', report('g1a', { category: 'nope' }));
    expect(bad.status).toBe(422);
    expect(bad.body.title_zh).toBeTruthy();
    const outside = await api(t, cookies.worker1, 'POST', '/api/cases', report('g2a'));
    expect(outside.status).toBe(422);
  });

  it('resolves coordinates to a grid and falls back to the street without one', async () => {
    const byPoint = await createVia(t, cookies.admin, report('g1a', { location: { lng: 117.005, lat: 39.004 } }));
    const d = await api(t, cookies.admin, 'GET', `/api/cases/${byPoint.case.id}`);
    expect(d.body.case.location.gridId).not.toBeNull();
    const nowhere = await createVia(t, cookies.admin, report('g1a', { location: { address: '某路口' } }));
    const d2 = await api(t, cookies.admin, 'GET', `/api/cases/${nowhere.case.id}`);
    expect(d2.body.case.location.gridId).toBeNull();
    // a community cannot see a case that fell to the street
    expect((await api(t, cookies.sec1, 'GET', `/api/cases/${nowhere.case.id}`)).status).toBe(404);
  });
});

describe('registry link', () => {
  it('resolves a room to its grid through the registry service; a staff member only within their scope', async () => {
    const g = t.fixture.orgs.g1b;
    const buildingId = uuidv7();
    const roomId = uuidv7();
    await t.owner.db.insertInto('reg_buildings').values({ tenant_code: g.tenant, id: buildingId, grid_id: g.id, path: g.path, address: '静湖花园8号楼' } as never).execute();
    await t.owner.db.insertInto('reg_rooms').values({ tenant_code: g.tenant, id: roomId, building_id: buildingId, path: g.path, room_no: '301', address: '静湖花园8号楼301' } as never).execute();
    const { case: c } = await createVia(t, cookies.gw1, report('g1a', { location: { roomId } }));
    const d = await api(t, cookies.gw1, 'GET', `/api/cases/${c.id}`);
    expect(d.body.case.location.gridId).toBe(g.id);
    expect(d.body.case.location.address).toBe('静湖花园8号楼301');
    expect(d.body.case.location.roomId).toBe(roomId);
    const byBuilding = await createVia(t, cookies.sec1, report('g1a', { location: { buildingId } }));
    expect((await api(t, cookies.sec1, 'GET', `/api/cases/${byBuilding.case.id}`)).body.case.location.gridId).toBe(g.id);
    // gw2 (越秀园) cannot see that room: unknown place
    expect((await api(t, cookies.gw2, 'POST', '/api/cases', report('g2a', { location: { roomId } }))).status).toBe(422);
  });
});

describe('the closed loop', () => {
  it('walks reported → accepted → dispatched → signed → in progress → handled → closed → archived', async () => {
    const { case: c } = await createVia(t, cookies.gw1, report('g1a', { channel: 'grid_report' }));
    await act(t, cookies.sec1, c.id, { action: 'accept' });
    await act(t, cookies.sec1, c.id, { action: 'dispatch', targetOrgId: t.fixture.orgs.g1a.id });
    await act(t, cookies.gw1, c.id, { action: 'sign' });
    await act(t, cookies.gw1, c.id, { action: 'respond', note: '已电话联系' });
    await act(t, cookies.gw1, c.id, { action: 'start' });
    await act(t, cookies.gw1, c.id, { action: 'handle', note: '已清理杂物' });
    await act(t, cookies.sec1, c.id, { action: 'verify_pass' });
    const done = await act(t, cookies.sec1, c.id, { action: 'callback', satisfaction: 'satisfied', resolved: true });
    expect(done.case.state).toBe('archived');
    expect(done.case.owner.orgId).toBe(t.fixture.orgs.c1.id); // 首接: the accepting community
    const d = await api(t, cookies.sec1, 'GET', `/api/cases/${c.id}`);
    expect(d.body.timeline.map((e: { action: string }) => e.action)).toEqual(
      ['report', 'accept', 'dispatch', 'sign', 'respond', 'start', 'handle', 'verify_pass', 'callback']);
    expect(d.body.timeline[3].actorName).toBe('测试gw1');
  });

  it('answers 409 for an action the state does not allow, 403 without the permission, 422 without a reason', async () => {
    const { case: c } = await createVia(t, cookies.admin, report('g1a'));
    await act(t, cookies.sec1, c.id, { action: 'sign' }, 409);
    await act(t, cookies.gw1, c.id, { action: 'accept' }, 403);
    await act(t, cookies.sec1, c.id, { action: 'reject' }, 422);
    const r = await act(t, cookies.sec1, c.id, { action: 'reject', note: '不属于受理范围' });
    expect(r.case.state).toBe('rejected');
    await act(t, cookies.sec1, c.id, { action: 'accept' }, 409);
  });

  it('two workers signing at once: exactly one wins', async () => {
    const { case: c } = await createVia(t, cookies.admin, report('g1a'));
    await act(t, cookies.sec1, c.id, { action: 'accept', targetOrgId: t.fixture.orgs.g1a.id });
    const gw1b = await t.login('gw1');
    const results = await Promise.all([cookies.gw1, gw1b, cookies.worker1, cookies.sec1].map((ck) =>
      api(t, ck, 'POST', `/api/cases/${c.id}/actions`, { action: 'sign' })));
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    expect(results.filter((r) => r.status === 409)).toHaveLength(3);
    const d = await api(t, cookies.admin, 'GET', `/api/cases/${c.id}`);
    expect(d.body.timeline.filter((e: { action: string }) => e.action === 'sign')).toHaveLength(1);
  });

  it('returns, transfers, escalates up the ladder, delays, reworks and reopens', async () => {
    const { case: c } = await createVia(t, cookies.admin, report('g1a', { category: 'neighbour_dispute' }));
    await act(t, cookies.sec1, c.id, { action: 'accept', targetOrgId: t.fixture.orgs.g1a.id });
    const ret = await act(t, cookies.gw1, c.id, { action: 'return', note: '非本网格事项' });
    expect(ret.case.state).toBe('returned');
    expect(ret.case.handler.orgId).toBe(t.fixture.orgs.c1.id);
    await act(t, cookies.sec1, c.id, { action: 'dispatch', targetOrgId: t.fixture.orgs.g1b.id });
    await act(t, cookies.gw1, c.id, { action: 'sign' });
    const esc = await act(t, cookies.gw1, c.id, { action: 'escalate', note: '调解未果，上报社区' });
    expect(esc.case.state).toBe('escalated');
    expect(esc.case.handler.orgId).toBe(t.fixture.orgs.c1.id);
    await act(t, cookies.sec1, c.id, { action: 'sign' });
    const before = (await api(t, cookies.sec1, 'GET', `/api/cases/${c.id}`)).body.case.deadlines.handleDue;
    await act(t, cookies.sec1, c.id, { action: 'request_delay', days: 5, note: '需等待双方到场' });
    const ok = await act(t, cookies.sec1, c.id, { action: 'approve_delay' });
    expect(new Date(ok.case.deadlines.handleDue).getTime()).toBeGreaterThan(new Date(before).getTime());
    expect(ok.case.counts.delay).toBe(1);
    await act(t, cookies.sec1, c.id, { action: 'handle', note: '已调解' });
    const redo = await act(t, cookies.admin, c.id, { action: 'verify_fail', note: '现场核查未解决' });
    expect(redo.case.counts.rework).toBe(1);
    await act(t, cookies.sec1, c.id, { action: 'handle', note: '再次调解，已签协议' });
    await act(t, cookies.admin, c.id, { action: 'verify_pass' });
    const cb = await act(t, cookies.admin, c.id, { action: 'callback', satisfaction: 'unsatisfied', resolved: false });
    expect(cb.case.state).toBe('called_back');
    const re = await act(t, cookies.admin, c.id, { action: 'reopen', note: '居民不满意，重办' });
    expect(re.case.state).toBe('in_progress');
    expect(re.case.counts.reopen).toBe(1);
  });
});

describe('scope and 首接负责', () => {
  it('a grid worker sees only cases of their grids', async () => {
    const inMine = await createVia(t, cookies.admin, report('g1b'));
    const other = await createVia(t, cookies.admin, report('g2a'));
    expect((await api(t, cookies.gw1, 'GET', `/api/cases/${inMine.case.id}`)).status).toBe(200);
    expect((await api(t, cookies.gw1, 'GET', `/api/cases/${other.case.id}`)).status).toBe(404);
    const list = await api(t, cookies.gw1, 'GET', '/api/cases?pageSize=200');
    const paths = new Set([t.fixture.orgs.g1a.id, t.fixture.orgs.g1b.id]);
    expect(list.body.items.length).toBeGreaterThan(0);
    for (const item of list.body.items) expect(item.gridName === '静湖第一网格' || item.gridName === '静湖第二网格' || paths.size === 0).toBe(true);
    expect(list.body.items.some((i: { id: string }) => i.id === other.case.id)).toBe(false);
  });

  it('routing rules auto-dispatch; the org that first accepted keeps sight after transferring away', async () => {
    const cats = await api(t, cookies.admin, 'GET', '/api/case-config/categories');
    const utilities = cats.body.items.find((c: { code: string }) => c.code === 'utilities');
    const rule = await api(t, cookies.admin, 'POST', '/api/case-config/routing-rules',
      { priority: 10, categoryId: utilities.id, targetOrgId: t.fixture.orgs.c1.id, autoDispatch: true, note: '水电气热统一由静湖花园社区首接' });
    expect(rule.status).toBe(201);
    // reported in 越秀园 (c2), routed to 静湖花园 (c1) and dispatched at once
    const { case: c } = await createVia(t, cookies.admin, report('g2a', { category: 'utilities', title: '停水' }));
    expect(c.state).toBe('dispatched');
    const seen = await api(t, cookies.sec1, 'GET', `/api/cases/${c.id}`);
    expect(seen.status).toBe(200);
    expect(seen.body.case.owner.orgId).toBe(t.fixture.orgs.c1.id);
    expect(seen.body.case.deadlines.respondDue).toBeTruthy();
    const tr = await act(t, cookies.sec1, c.id, { action: 'transfer', targetOrgId: t.fixture.orgs.g2a.id, note: '属越秀园第一网格' });
    expect(tr.case.handler.orgId).toBe(t.fixture.orgs.g2a.id);
    await act(t, cookies.gw2, c.id, { action: 'sign' });
    // c1 is neither where it is nor who handles it, yet still sees it (首接负责) and verifies it
    expect((await api(t, cookies.sec1, 'GET', `/api/cases/${c.id}`)).status).toBe(200);
    await act(t, cookies.gw2, c.id, { action: 'handle', note: '已恢复供水' });
    const v = await act(t, cookies.sec1, c.id, { action: 'verify_pass' });
    expect(v.case.state).toBe('closed');
    // a worker of another grid of c1 never sees it
    expect((await api(t, cookies.gw1, 'GET', `/api/cases/${c.id}`)).status).toBe(404);
    await api(t, cookies.admin, 'DELETE', `/api/case-config/routing-rules/${rule.body.id}`);
  });

  it('the todo box holds what the caller can act on', async () => {
    const { case: c } = await createVia(t, cookies.admin, report('g1a'));
    await act(t, cookies.sec1, c.id, { action: 'accept', targetOrgId: t.fixture.orgs.g1a.id });
    const todo = await api(t, cookies.gw1, 'GET', '/api/cases?box=todo&pageSize=200');
    expect(todo.body.items.some((i: { id: string }) => i.id === c.id)).toBe(true);
    const todo2 = await api(t, cookies.gw2, 'GET', '/api/cases?box=todo&pageSize=200');
    expect(todo2.body.items.some((i: { id: string }) => i.id === c.id)).toBe(false);
    const counts = await api(t, cookies.gw1, 'GET', '/api/cases/inbox/counts');
    expect(counts.body.todo).toBeGreaterThan(0);
    const notes = await api(t, cookies.gw1, 'GET', '/api/cases/notifications');
    expect(notes.status).toBe(200);
    const done = await api(t, cookies.sec1, 'GET', '/api/cases?box=done&pageSize=200');
    expect(done.body.items.some((i: { id: string }) => i.id === c.id)).toBe(true);
  });
});
