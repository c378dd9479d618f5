import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { v7 as uuidv7 } from 'uuid';

// a real database; a busy machine must not fail these on time alone
vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });
import { startTestApp, type TestApp } from '../../testing/app.js';
import { ensureDefaultCaseConfig } from './config.js';
import { api, createVia } from './testing.js';

/**
 * GET /api/cases/notifications: the kind and unread filters apply before the page is cut (an older
 * message of a rare kind is not lost behind 200 newer ones), pages newest first, and counts.
 */
let t: TestApp;
const cookies: Record<string, string> = {};
let caseId: string;
let caseNumber: string;
const T0 = Date.parse('2026-03-02T00:00:00Z');
beforeAll(async () => {
  t = await startTestApp();
  await ensureDefaultCaseConfig(t.owner.db);
  for (const u of ['admin', 'gw1', 'gw2']) cookies[u] = await t.login(u);
  ({ case: { id: caseId, number: caseNumber } } = await createVia(t, cookies.admin, { category: 'property', title: '通知分页', description: '通知分页', location: { gridId: t.fixture.orgs.g2a.id } }));
  // gw1 (grids g1a, g1b): one old supervision notice, then 230 newer infos (every third read), addressed to the grid or to gw1
  const o = t.fixture.orgs;
  const row = (i: number, kind: 'info' | 'supervision', read: boolean, toUser: boolean) => ({
    tenant_code: o.g1a.tenant, id: uuidv7(), path: o.g1a.path, recipient_org_id: o.g1a.id, recipient_user_id: toUser ? t.fixture.users.gw1.id : null,
    case_id: caseId, kind, title: `${kind} ${i}`, body: null, read_at: read ? new Date(T0 + i * 1000) : null, created_at: new Date(T0 + i * 60_000),
  });
  await t.owner.db.insertInto('case_notifications').values([
    row(0, 'supervision', false, false),
    ...Array.from({ length: 230 }, (_, k) => row(k + 1, 'info', (k + 1) % 3 === 0, (k + 1) % 2 === 0)),
  ]).execute();
});
afterAll(() => t?.close());

type Item = { id: string; kind: string; title: string; read: boolean; at: string; caseId: string; caseNumber: string | null };
const list = async (cookie: string, q: string) => {
  const res = await api(t, cookie, 'GET', `/api/cases/notifications${q}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as { items: Item[]; total: number; page: number; pageSize: number; unreadByKind: Record<string, number> };
};

describe('notifications list', () => {
  it('finds an old message of one kind behind 230 newer ones of another', async () => {
    const sup = await list(cookies.gw1, '?kind=supervision');
    expect(sup.total).toBe(1);
    expect(sup.items).toHaveLength(1);
    expect(sup.items[0]).toMatchObject({ kind: 'supervision', title: 'supervision 0', read: false, caseId, caseNumber });
  });

  it('pages newest first with a total; unread and kind filters combine', async () => {
    const p1 = await list(cookies.gw1, '?pageSize=100');
    const seen: Item[] = [...p1.items];
    expect(p1).toMatchObject({ total: 231, page: 1, pageSize: 100 });
    for (const page of [2, 3]) seen.push(...(await list(cookies.gw1, `?pageSize=100&page=${page}`)).items);
    expect(seen).toHaveLength(231);
    expect(new Set(seen.map((n) => n.id)).size).toBe(231);
    expect(seen.map((n) => n.title)).toEqual(Array.from({ length: 231 }, (_, k) => (230 - k === 0 ? 'supervision 0' : `info ${230 - k}`)));
    expect((await list(cookies.gw1, '?pageSize=100&page=4')).items).toEqual([]);
    // the default page is 20
    expect((await list(cookies.gw1, '')).items).toHaveLength(20);

    const unreadInfo = await list(cookies.gw1, '?kind=info&unread=true&pageSize=100');
    expect(unreadInfo.total).toBe(230 - 76);
    expect(unreadInfo.items.every((n) => n.kind === 'info' && !n.read)).toBe(true);
    // unread counts per kind, whatever the filters
    expect(unreadInfo.unreadByKind).toEqual({ todo: 0, overdue: 0, supervision: 1, info: 154 });
    const counts = await api(t, cookies.gw1, 'GET', '/api/cases/inbox/counts');
    expect(counts.body.unreadNotifications).toBe(155);
    expect((await api(t, cookies.gw1, 'GET', '/api/cases/notifications/unread-count')).body).toEqual({ unread: 155 });
  });

  it('shows nobody else’s messages and refuses bad paging', async () => {
    const other = await list(cookies.gw2, '?pageSize=100');
    expect(other.items.some((n) => n.title.startsWith('info '))).toBe(false);
    expect((await api(t, cookies.gw1, 'GET', '/api/cases/notifications?pageSize=101')).status).toBe(400);
    expect((await api(t, cookies.gw1, 'GET', '/api/cases/notifications?page=0')).status).toBe(400);
  });

  it('marking read moves a message out of the unread filter and the counts', async () => {
    const sup = await list(cookies.gw1, '?kind=supervision');
    const read = await api(t, cookies.gw1, 'POST', '/api/cases/notifications/read', { ids: [sup.items[0].id] });
    expect(read.body.updated).toBe(1);
    const after = await list(cookies.gw1, '?kind=supervision&unread=true');
    expect(after).toMatchObject({ total: 0, items: [] });
    expect(after.unreadByKind.supervision).toBe(0);
    expect((await api(t, cookies.gw1, 'GET', '/api/cases/notifications/unread-count')).body).toEqual({ unread: 154 });
    expect((await api(t, '', 'GET', '/api/cases/notifications/unread-count')).status).toBe(401);
    // somebody else cannot mark it (nor anything of gw1's)
    const info = await list(cookies.gw1, '?kind=info&unread=true&pageSize=1');
    expect((await api(t, cookies.gw2, 'POST', '/api/cases/notifications/read', { ids: [info.items[0].id] })).body.updated).toBe(0);
    expect((await api(t, cookies.gw2, 'POST', '/api/cases/notifications/read', { all: true })).body.updated).toBe(0);
    expect((await list(cookies.gw1, '?unread=true')).total).toBe(154);
  });

  it('marks all read, of one kind or every kind, beyond one page', async () => {
    const o = t.fixture.orgs;
    await t.owner.db.insertInto('case_notifications').values({
      tenant_code: o.g1a.tenant, id: uuidv7(), path: o.g1b.path, recipient_org_id: o.g1b.id, recipient_user_id: null,
      case_id: caseId, kind: 'overdue', title: 'overdue 1', body: null, read_at: null, created_at: new Date(T0),
    }).execute();
    expect((await api(t, cookies.gw1, 'POST', '/api/cases/notifications/read', { all: true, kind: 'overdue' })).body.updated).toBe(1);
    expect((await list(cookies.gw1, '?unread=true')).unreadByKind).toEqual({ todo: 0, overdue: 0, supervision: 0, info: 154 });
    expect((await api(t, cookies.gw1, 'POST', '/api/cases/notifications/read', { all: true })).body.updated).toBe(154);
    expect((await list(cookies.gw1, '?unread=true')).total).toBe(0);
    expect((await api(t, cookies.gw1, 'POST', '/api/cases/notifications/read', { all: false })).status).toBe(400);
    expect((await api(t, cookies.gw1, 'POST', '/api/cases/notifications/read', {})).status).toBe(400);
  });
});
