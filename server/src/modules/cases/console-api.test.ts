import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

// a real database; a busy machine must not fail these on time alone
vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });
import { startTestApp, type TestApp } from '../../testing/app.js';
import { ensureDefaultCaseConfig } from './config.js';
import { act, api, createVia } from './testing.js';

/**
 * What the console's newer pages rely on: the category tree (parent_id validated), the
 * notifications list (kind filter, case numbers), and a resident's photos of their own cases.
 */
let t: TestApp;
let dataDir: string;
const cookies: Record<string, string> = {};
beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rz-cases-ui-'));
  t = await startTestApp({ dataDir });
  await ensureDefaultCaseConfig(t.owner.db);
  for (const u of ['admin', 'sec1', 'gw1', 'resident1', 'target_g1a']) cookies[u] = await t.login(u);
});
afterAll(async () => {
  await t?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const SLA = {
  acceptLimit: 1, acceptRed: 2, acceptUnit: 'working_days', respondLimit: 7, respondUnit: 'days', handleLimit: 5, handleRed: 10,
  handleUnit: 'working_days', verifyLimit: 2, verifyUnit: 'working_days',
};
const category = (code: string, parentId: string | null, extra: Record<string, unknown> = {}) =>
  ({ code, nameZh: `分类${code}`, nameEn: `Category ${code}`, parentId, ...SLA, ...extra });

describe('category tree', () => {
  it('creates a child under a parent and lists parentId; the child keeps its own SLA', async () => {
    const cats = (await api(t, cookies.admin, 'GET', '/api/case-config/categories')).body.items as Array<{ id: string; code: string }>;
    const env = cats.find((c) => c.code === 'environment')!;
    const child = await api(t, cookies.admin, 'POST', '/api/case-config/categories', category('environment.lamp', env.id, { handleLimit: 3, handleRed: 6 }), { 'idempotency-key': 'cat-1' });
    expect(child.status, JSON.stringify(child.body)).toBe(201);
    expect(child.body).toMatchObject({ parentId: env.id, handleLimit: 3, handleRed: 6 });
    const grand = await api(t, cookies.admin, 'POST', '/api/case-config/categories', category('environment.lamp.pole', child.body.id), { 'idempotency-key': 'cat-2' });
    expect(grand.status).toBe(201);
    const list = (await api(t, cookies.admin, 'GET', '/api/case-config/categories')).body.items as Array<{ id: string; parentId: string | null }>;
    expect(list.find((c) => c.id === grand.body.id)?.parentId).toBe(child.body.id);
    // the portal offers the child too, with both names
    const portal = await api(t, '', 'GET', '/api/portal/categories?communityCode=120114002001');
    expect(portal.body.items.find((c: { code: string }) => c.code === 'environment.lamp')).toMatchObject({ parentId: env.id, nameZh: '分类environment.lamp', nameEn: 'Category environment.lamp' });

    // editing the SLA of a child changes only the child
    const put = await api(t, cookies.admin, 'PUT', `/api/case-config/categories/${child.body.id}`, category('environment.lamp', env.id, { handleLimit: 2, handleRed: 4 }));
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    const after = (await api(t, cookies.admin, 'GET', '/api/case-config/categories')).body.items as Array<{ id: string; handleLimit: number }>;
    expect(after.find((c) => c.id === child.body.id)?.handleLimit).toBe(2);
    expect(after.find((c) => c.id === env.id)?.handleLimit).toBe(5);

    // no cycles: a category cannot move under itself or under its own descendant
    const self = await api(t, cookies.admin, 'PUT', `/api/case-config/categories/${child.body.id}`, category('environment.lamp', child.body.id));
    expect(self.status).toBe(422);
    const cycle = await api(t, cookies.admin, 'PUT', `/api/case-config/categories/${env.id}`, category('environment', grand.body.id));
    expect(cycle.status).toBe(422);
    expect(JSON.stringify(cycle.body)).toContain('parentId');
  });

  it('refuses a parent that does not exist or belongs to another street', async () => {
    const unknown = await api(t, cookies.admin, 'POST', '/api/case-config/categories', category('x.unknown', '0190a0a0-0000-7000-8000-000000000000'), { 'idempotency-key': 'cat-3' });
    expect(unknown.status).toBe(422);
    const other = await t.owner.db.selectFrom('case_categories').select('id').where('tenant_code', '=', t.fixture.orgs.street2.tenant).executeTakeFirst();
    expect(other, 'the other street has its default categories').toBeTruthy();
    const foreign = await api(t, cookies.admin, 'POST', '/api/case-config/categories', category('x.foreign', other!.id), { 'idempotency-key': 'cat-4' });
    expect(foreign.status).toBe(422);
    const none = await t.owner.db.selectFrom('case_categories').select('id').where('code', 'in', ['x.unknown', 'x.foreign']).execute();
    expect(none).toEqual([]);
  });
});

describe('notifications', () => {
  it('filters by kind, names the case number, and marks read', async () => {
    const { case: c } = await createVia(t, cookies.admin, { category: 'property', title: '通知测试', description: '通知测试', location: { gridId: t.fixture.orgs.g1a.id } });
    await act(t, cookies.sec1, c.id, { action: 'accept', targetOrgId: t.fixture.orgs.g1a.id });
    const all = await api(t, cookies.gw1, 'GET', '/api/cases/notifications');
    expect(all.status).toBe(200);
    const mine = all.body.items.find((n: { caseId: string }) => n.caseId === c.id);
    expect(mine).toMatchObject({ kind: 'todo', caseNumber: c.number, read: false });
    expect(all.body.unreadByKind.todo).toBeGreaterThanOrEqual(1);
    const todo = await api(t, cookies.gw1, 'GET', '/api/cases/notifications?kind=todo');
    expect(todo.body.items.every((n: { kind: string }) => n.kind === 'todo')).toBe(true);
    const sup = await api(t, cookies.gw1, 'GET', '/api/cases/notifications?kind=supervision');
    expect(sup.body.items.some((n: { caseId: string }) => n.caseId === c.id)).toBe(false);
    expect((await api(t, cookies.gw1, 'GET', '/api/cases/notifications?kind=nonsense')).status).toBe(400);

    const read = await api(t, cookies.gw1, 'POST', '/api/cases/notifications/read', { ids: [mine.id] });
    expect(read.body.updated).toBe(1);
    const unread = await api(t, cookies.gw1, 'GET', '/api/cases/notifications?unread=true');
    expect(unread.body.items.some((n: { id: string }) => n.id === mine.id)).toBe(false);
  });
});

describe("a resident's photos", () => {
  // a 1×1 PNG
  const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
  it('serves the photos of the reporter’s own case, and nothing else', async () => {
    const res = await t.server.app.inject({
      method: 'POST', url: '/api/portal/cases', headers: { cookie: cookies.resident1 },
      payload: { category: 'property', description: '楼道灯坏了', location: { gridCode: t.fixture.orgs.g1a.code }, photos: [{ dataBase64: PNG }] },
    });
    expect(res.statusCode).toBe(201);
    const caseId = res.json().id;
    const view = await api(t, cookies.resident1, 'GET', `/api/portal/cases/${caseId}`);
    expect(view.body.case.category).toMatchObject({ nameZh: '物业管理', nameEn: 'Property management' });
    expect(view.body.photoIds).toHaveLength(1);
    const url = `/api/portal/cases/${caseId}/attachments/${view.body.photoIds[0]}`;

    const own = await t.server.app.inject({ method: 'GET', url, headers: { cookie: cookies.resident1 } });
    expect(own.statusCode).toBe(200);
    expect(own.headers['content-type']).toBe('image/png');
    expect(own.rawPayload.equals(Buffer.from(PNG, 'base64'))).toBe(true);

    // another resident, no login, a staff session on the resident route, a photo of another case: not found / refused
    expect((await t.server.app.inject({ method: 'GET', url, headers: { cookie: cookies.target_g1a } })).statusCode).toBe(404);
    expect((await t.server.app.inject({ method: 'GET', url })).statusCode).toBe(401);
    expect((await t.server.app.inject({ method: 'GET', url, headers: { cookie: cookies.gw1 } })).statusCode).toBe(403);
    const other = await t.server.app.inject({
      method: 'POST', url: '/api/portal/cases', headers: { cookie: cookies.target_g1a },
      payload: { category: 'property', description: '别人的诉求', location: { gridCode: t.fixture.orgs.g1a.code }, photos: [{ dataBase64: PNG }] },
    });
    const otherPhoto = (await api(t, cookies.target_g1a, 'GET', `/api/portal/cases/${other.json().id}`)).body.photoIds[0];
    // the resident's own case id with someone else's photo id
    expect((await t.server.app.inject({ method: 'GET', url: `/api/portal/cases/${caseId}/attachments/${otherPhoto}`, headers: { cookie: cookies.resident1 } })).statusCode).toBe(404);
    // the list names the category in both languages
    const list = await api(t, cookies.resident1, 'GET', '/api/portal/cases');
    expect(list.body.items[0].category).toMatchObject({ nameZh: '物业管理', nameEn: 'Property management' });
  });
});
