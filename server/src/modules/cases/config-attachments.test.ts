import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

// these tests drive a real database; a busy machine must not fail them on time alone
vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });
import { startTestApp, type TestApp } from '../../testing/app.js';
import { ensureDefaultCaseConfig } from './config.js';
import { createCase, SYSTEM_ACTOR } from './service.js';
import { api, sh } from './testing.js';

let t: TestApp;
let dataDir: string;
const cookies: Record<string, string> = {};
beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rz-cases-'));
  t = await startTestApp({ dataDir });
  await ensureDefaultCaseConfig(t.owner.db);
  for (const u of ['admin', 'sec1', 'gw1', 'gw2']) cookies[u] = await t.login(u);
});
afterAll(async () => {
  await t?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 1)]);
const upload = (cookie: string, body: Buffer, type = 'image/png') =>
  t.server.app.inject({ method: 'POST', url: '/api/cases/attachments', payload: body, headers: { cookie, 'content-type': type } });

describe('configuration', () => {
  it('seeds the default categories with the DOMAIN.md limits', async () => {
    const res = await api(t, cookies.gw1, 'GET', '/api/case-config/categories');
    expect(res.body.items.map((c: { nameZh: string }) => c.nameZh)).toEqual(
      ['市容环境', '物业管理', '水电气热', '邻里纠纷', '治安隐患', '公共设施', '民政救助', '其他']);
    const env = res.body.items.find((c: { code: string }) => c.code === 'environment');
    expect(env).toMatchObject({ acceptLimit: 1, acceptRed: 2, acceptUnit: 'working_days', handleLimit: 5, handleRed: 10, respondLimit: 7, respondUnit: 'days' });
    const util = res.body.items.find((c: { code: string }) => c.code === 'utilities');
    expect(util).toMatchObject({ respondLimit: 24, respondUnit: 'hours' });
  });

  it('only case.config holders of the whole street change configuration', async () => {
    const cal = { days: [{ day: '2035-10-01', kind: 'holiday', name: '国庆节' }] };
    expect((await api(t, cookies.sec1, 'PUT', '/api/case-config/calendar', cal)).status).toBe(403);
    expect((await api(t, cookies.gw1, 'PUT', '/api/case-config/calendar', cal)).status).toBe(403);
  });

  it('holidays and make-up days entered by the street move deadlines', async () => {
    // 2035-10-01 is a Monday: a national-day week off, Saturday 10-06 a make-up working day
    const days = ['01', '02', '03', '04', '05'].map((d) => ({ day: `2035-10-${d}`, kind: 'holiday', name: '国庆节' }));
    const put = await api(t, cookies.admin, 'PUT', '/api/case-config/calendar', { days: [...days, { day: '2035-10-06', kind: 'workday', name: '调休上班' }] });
    expect(put.status).toBe(200);
    expect((await api(t, cookies.gw1, 'GET', '/api/case-config/calendar?year=2035')).body.total).toBe(6);
    const bad = await api(t, cookies.admin, 'PUT', '/api/case-config/calendar', { days: [{ day: '2035-02-30', kind: 'holiday' }] });
    expect(bad.status).toBe(422);
    const { case: c } = await createCase(t.server.ctx, { ...SYSTEM_ACTOR, tenantCode: t.fixture.tenant }, {
      category: 'environment', title: '节前上报', description: '国庆前一天', location: { gridId: t.fixture.orgs.g1a.id },
    }, { now: sh('2035-09-28T15:00:00') }); // Friday
    // Friday 15:00 + 1 working day: weekend, then the holiday week, then Saturday 10-06 (make-up) 15:00
    expect(c.deadlines.acceptDue).toBe(sh('2035-10-06T15:00:00').toISOString());
    await api(t, cookies.admin, 'PUT', '/api/case-config/calendar', { days: [], remove: ['2035-10-06'] });
    expect((await api(t, cookies.gw1, 'GET', '/api/case-config/calendar?year=2035')).body.total).toBe(5);
  });

  it('edits a category SLA and creates a sub-category', async () => {
    const cats = (await api(t, cookies.admin, 'GET', '/api/case-config/categories')).body.items;
    const env = cats.find((c: { code: string }) => c.code === 'environment');
    const created = await api(t, cookies.admin, 'POST', '/api/case-config/categories', {
      parentId: env.id, code: 'environment.garbage', nameZh: '垃圾清运', nameEn: 'Garbage collection',
      acceptLimit: 4, acceptRed: 8, acceptUnit: 'working_hours', respondLimit: 24, respondUnit: 'hours',
      handleLimit: 1, handleRed: 2, handleUnit: 'working_days', verifyLimit: 1, verifyUnit: 'working_days',
    });
    expect(created.status).toBe(201);
    const badRed = await api(t, cookies.admin, 'PUT', `/api/case-config/categories/${created.body.id}`, {
      code: 'environment.garbage', nameZh: '垃圾清运', nameEn: 'Garbage', acceptLimit: 4, acceptRed: 2, acceptUnit: 'hours',
      respondLimit: 24, respondUnit: 'hours', handleLimit: 1, handleUnit: 'days', verifyLimit: 1, verifyUnit: 'days',
    });
    expect(badRed.status).toBe(400);
    const dup = await api(t, cookies.admin, 'POST', '/api/case-config/categories', { ...created.body, parentId: env.id, code: 'environment.garbage' });
    expect(dup.status).toBe(409);
  });
});

describe('attachments', () => {
  it('accepts a real image, refuses a disguised one and an oversized one, and serves it only to those who see the case', async () => {
    const ok = await upload(cookies.gw1, PNG);
    expect(ok.statusCode).toBe(201);
    const att = JSON.parse(ok.body);
    expect(att.mime).toBe('image/png');
    const fake = await upload(cookies.gw1, Buffer.from('<script>alert(1)</script>'), 'image/jpeg');
    expect(fake.statusCode).toBe(415);
    expect(JSON.parse(fake.body).title_zh).toContain('JPEG');
    const huge = await upload(cookies.gw1, Buffer.concat([PNG, Buffer.alloc(6 * 1024 * 1024)]));
    expect(huge.statusCode).toBe(413);
    // stored under the data dir, outside any web root
    const files = fs.readdirSync(path.join(dataDir, 'attachments'), { recursive: true }) as string[];
    expect(files.some((f) => f.endsWith(`${att.id}.png`))).toBe(true);

    const created = await api(t, cookies.gw1, 'POST', '/api/cases', {
      channel: 'grid_report', category: 'environment', title: '占道经营', description: '东门占道', location: { gridId: t.fixture.orgs.g1a.id }, attachmentIds: [att.id],
    });
    expect(created.status).toBe(201);
    // another user cannot reuse the same upload
    const reuse = await api(t, cookies.admin, 'POST', '/api/cases', {
      category: 'environment', title: 'x', description: 'y', location: { gridId: t.fixture.orgs.g1a.id }, attachmentIds: [att.id],
    });
    expect(reuse.status).toBe(422);
    const detail = await api(t, cookies.gw1, 'GET', `/api/cases/${created.body.case.id}`);
    expect(detail.body.attachments).toHaveLength(1);
    const img = await t.server.app.inject({ method: 'GET', url: detail.body.attachments[0].url, headers: { cookie: cookies.gw1 } });
    expect(img.statusCode).toBe(200);
    expect(img.headers['content-type']).toBe('image/png');
    expect(img.rawPayload.equals(PNG)).toBe(true);
    const other = await t.server.app.inject({ method: 'GET', url: detail.body.attachments[0].url, headers: { cookie: cookies.gw2 } });
    expect(other.statusCode).toBe(404);
  });

  it('unmasking the reporter phone needs the permission and is audited', async () => {
    const created = await api(t, cookies.admin, 'POST', '/api/cases', {
      category: 'other', title: 'x', description: 'y', location: { gridId: t.fixture.orgs.g1a.id }, reporter: { name: '李四', phone: '13711112222' },
    });
    expect((await api(t, cookies.gw1, 'POST', `/api/cases/${created.body.case.id}/unmask`)).status).toBe(403);
    const un = await api(t, cookies.sec1, 'POST', `/api/cases/${created.body.case.id}/unmask`);
    expect(un.body.phone).toBe('13711112222');
    const audit = await t.owner.db.selectFrom('audit_log').select('action').where('object_id', '=', created.body.case.id).execute();
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['case.create', 'personal.unmask']));
    const list = await api(t, cookies.sec1, 'GET', '/api/cases?pageSize=200');
    expect(JSON.stringify(list.body)).not.toContain('13711112222');
  });
});
