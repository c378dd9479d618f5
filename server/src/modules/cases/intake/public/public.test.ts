import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../../testing/app.js';
import { ensureDefaultCaseConfig } from '../../config.js';
import { hoursAfter, insertCase } from '../testing.js';

let t: TestApp;
const now = new Date();
const ROOM = '01a00000-0000-7000-8000-000000000001';

beforeAll(async () => {
  t = await startTestApp();
  await ensureDefaultCaseConfig(t.owner.db, ['120114002']);
  const c = await t.owner.db.selectFrom('case_categories').select(['id', 'code']).where('tenant_code', '=', '120114002').where('code', '=', 'property').executeTakeFirstOrThrow();
  const o = t.fixture.orgs;
  const personal = {
    reporter_name: '王小明', reporter_phone: '13912340000', title: '王小明家3号楼2单元301漏水', description: '联系电话13912340000，身份证120114199001011234',
    address: '静湖花园3号楼2单元301室', room_id: ROOM, created_at: hoursAfter(now, -48),
  };
  await insertCase(t.owner.db, o.g1a, c, { state: 'archived', ...personal, responded_at: hoursAfter(now, -47), respond_due: hoursAfter(now, -24), closed_at: hoursAfter(now, -24), resolved: true, satisfaction: 'satisfied' });
  await insertCase(t.owner.db, o.g1b, c, { state: 'in_progress', ...personal });
  await insertCase(t.owner.db, o.g2a, c, { state: 'dispatched', ...personal }); // the other community
  await insertCase(t.owner.db, o.g1a, c, { state: 'merged', ...personal }); // a duplicate: not listed twice
});
afterAll(() => t?.close());

describe('public case page of a community', () => {
  it('lists received and closed cases with category and status, and the three rates, without login', async () => {
    const res = await t.server.app.inject({ method: 'GET', url: '/api/public/communities/120114002001/cases' });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.community).toEqual({ code: '120114002001', name: '静湖花园社区' });
    expect(body.received).toBe(2);
    expect(body.closed).toBe(1);
    expect(body.rates).toEqual({ response_rate: 0.5, resolution_rate: 1, satisfaction_rate: 1 });
    expect(body.total).toBe(2);
    expect(body.items.map((i: { status: string }) => i.status).sort()).toEqual(['closed', 'open']);
    for (const item of body.items) {
      expect(Object.keys(item).sort()).toEqual(['category', 'categoryEn', 'closedAt', 'gridName', 'number', 'receivedAt', 'state', 'stateEn', 'stateZh', 'status'].sort());
      expect(item.category).toBe('物业管理');
      expect(item.categoryEn).toBe('Property management');
    }
    const closedOnly = await t.server.app.inject({ method: 'GET', url: '/api/public/communities/120114002001/cases?status=closed' });
    expect(closedOnly.json().total).toBe(1);
  });

  it('carries no personal data: no names, phones, ID numbers, rooms, titles or descriptions', async () => {
    const res = await t.server.app.inject({ method: 'GET', url: '/api/public/communities/120114002001/cases' });
    for (const secret of ['王小明', '13912340000', '139****0000', '120114199001011234', '2单元301', '漏水', ROOM, '联系电话']) {
      expect(res.body, secret).not.toContain(secret);
    }
  });

  it('answers 404 for an unknown community', async () => {
    const res = await t.server.app.inject({ method: 'GET', url: '/api/public/communities/999999999999/cases' });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toContain('application/problem+json');
  });
});
