import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { startTestApp, type TestApp } from '../../../../testing/app.js';
import { ensureDefaultCaseConfig } from '../../config.js';
import { hoursAfter, insertCase } from '../testing.js';

let t: TestApp;
let admin: string;
const ids: Record<string, string> = {};
const T0 = new Date('2026-03-10T02:00:00Z');

/**
 * The hand-built set (period March 2026, street 120114002):
 *  A g1a closed, responded in time, signed 2 h, on time, closed after 48 h, resolved, 满意
 *  B g1a closed, responded late, signed 4 h, late, one rework, closed after 96 h, not resolved, 不满意
 *  C g1b called back, responded in time, signed 6 h, on time, one delay, closed after 24 h, resolved, 基本满意
 *  D g1b in progress with an approved delay (缓办), responded in time, signed 1 h
 *  E g2a dispatched, never responded
 *  F g2a rejected · G g1a merged · H g1a reported (not yet accepted)
 *  I in the neighbouring street (out of scope) · J g1a in May (out of the period)
 */
beforeAll(async () => {
  t = await startTestApp();
  admin = await t.login('admin');
  await ensureDefaultCaseConfig(t.owner.db, ['120114002', '120114003']);
  const cat = await t.owner.db.selectFrom('case_categories').select(['id', 'code', 'tenant_code']).where('code', '=', 'environment').execute();
  const catOf = (tenant: string) => cat.find((c) => c.tenant_code === tenant)!;
  const o = t.fixture.orgs;
  const c = catOf('120114002');
  const responded = { responded_at: hoursAfter(T0, 3), respond_due: hoursAfter(T0, 24) };
  const signedAfter = (h: number) => ({ dispatched_at: hoursAfter(T0, 1), signed_at: hoursAfter(T0, 1 + h) });
  const closedAfter = (h: number) => ({ handled_at: hoursAfter(T0, h - 1), closed_at: hoursAfter(T0, h), accepted_at: hoursAfter(T0, 1) });
  ids.A = (await insertCase(t.owner.db, o.g1a, c, { state: 'closed', ...responded, ...signedAfter(2), ...closedAfter(48), handled_on_time: true, resolved: true, satisfaction: 'satisfied', callback_at: hoursAfter(T0, 50) })).id;
  ids.B = (await insertCase(t.owner.db, o.g1a, c, { state: 'closed', responded_at: hoursAfter(T0, 30), respond_due: hoursAfter(T0, 24), ...signedAfter(4), ...closedAfter(96), handled_on_time: false, rework_count: 1, resolved: false, satisfaction: 'unsatisfied', callback_at: hoursAfter(T0, 100) })).id;
  ids.C = (await insertCase(t.owner.db, o.g1b, c, { state: 'called_back', ...responded, ...signedAfter(6), ...closedAfter(24), handled_on_time: true, delay_count: 1, resolved: true, satisfaction: 'basically_satisfied', callback_at: hoursAfter(T0, 30) })).id;
  ids.D = (await insertCase(t.owner.db, o.g1b, c, { state: 'in_progress', ...responded, ...signedAfter(1), delay_count: 1, accepted_at: hoursAfter(T0, 1) })).id;
  ids.E = (await insertCase(t.owner.db, o.g2a, c, { state: 'dispatched', dispatched_at: hoursAfter(T0, 1), respond_due: hoursAfter(T0, 24), accepted_at: hoursAfter(T0, 1) })).id;
  ids.F = (await insertCase(t.owner.db, o.g2a, c, { state: 'rejected' })).id;
  ids.G = (await insertCase(t.owner.db, o.g1a, c, { state: 'merged' })).id;
  ids.H = (await insertCase(t.owner.db, o.g1a, c, { state: 'reported' })).id;
  ids.I = (await insertCase(t.owner.db, o.g3a, catOf('120114003'), { state: 'closed', ...closedAfter(10), resolved: true, satisfaction: 'satisfied' })).id;
  ids.J = (await insertCase(t.owner.db, o.g1a, c, { state: 'closed', ...closedAfter(10), created_at: new Date('2026-05-02T02:00:00Z'), satisfaction: 'satisfied' })).id;
});
afterAll(() => t?.close());

const get = (url: string, cookie = admin) => t.server.app.inject({ method: 'GET', url, headers: { cookie } });
const period = 'from=2026-03-01&to=2026-03-31';

describe('indicators on a hand-built set of cases', () => {
  it('counts every figure of the street exactly', async () => {
    const res = await get(`/api/indicators?orgId=${t.fixture.orgs.street.id}&${period}`);
    expect(res.statusCode).toBe(200);
    const { total } = res.json();
    expect(total.counts).toEqual({
      received: 8, rejected: 1, accepted: 5, deferred: 1, close_base: 4, closed: 3, closed_on_time: 2, responded_on_time: 3,
      called_back: 3, resolved: 2, rated: 3, satisfied: 1, basically_satisfied: 1, unsatisfied: 1, handled: 3, reworked: 1,
      delayed: 2, signed: 4, overdue: 0,
    });
    expect(total.rates).toEqual({
      response_rate: 0.6, resolution_rate: 0.6667, satisfaction_rate: 0.6, score: 63,
      close_rate: 0.75, on_time_close_rate: 0.5, rework_rate: 0.3333, delay_rate: 0.4,
      avg_sign_hours: 3.25, avg_close_hours: 56,
    });
  });

  it('breaks the street down by community, and a community secretary sees only theirs', async () => {
    const res = await get(`/api/indicators?orgId=${t.fixture.orgs.street.id}&${period}&groupBy=org`);
    const rows = res.json().rows as Array<{ key: string; label: string; counts: { received: number; closed: number } }>;
    expect(rows.map((r) => [r.label, r.counts.received, r.counts.closed]).sort()).toEqual([['越秀园社区', 2, 0], ['静湖花园社区', 6, 3]]);
    const sec = await t.login('sec1');
    const own = await get(`/api/indicators?${period}`, sec);
    expect(own.json().org.name).toBe('静湖花园社区');
    expect(own.json().total.counts.received).toBe(6);
    expect((await get(`/api/indicators?orgId=${t.fixture.orgs.c2.id}&${period}`, sec)).statusCode).toBe(404);
  });

  it('groups by grid, channel and month', async () => {
    const byGrid = (await get(`/api/indicators?orgId=${t.fixture.orgs.street.id}&${period}&groupBy=grid`)).json();
    expect(Object.fromEntries(byGrid.rows.map((r: { label: string; counts: { received: number } }) => [r.label, r.counts.received])))
      .toEqual({ 静湖第一网格: 4, 静湖第二网格: 2, 越秀第一网格: 2 });
    const byChannel = (await get(`/api/indicators?orgId=${t.fixture.orgs.street.id}&${period}&groupBy=channel`)).json();
    expect(byChannel.rows).toHaveLength(1);
    expect(byChannel.rows[0].label).toBe('居民端');
    const byMonth = (await get(`/api/indicators?orgId=${t.fixture.orgs.street.id}&from=2026-01-01&to=2026-12-31&groupBy=month`)).json();
    expect(byMonth.rows.map((r: { key: string; counts: { received: number } }) => [r.key, r.counts.received])).toEqual([['2026-03', 8], ['2026-05', 1]]);
  });

  it('drills down to exactly the cases behind a figure', async () => {
    const drill = async (figure: string, extra = '') => {
      const res = await get(`/api/indicators/cases?orgId=${t.fixture.orgs.street.id}&${period}&figure=${figure}${extra}`);
      expect(res.statusCode).toBe(200);
      const body = res.json();
      expect(body.total).toBe(body.items.length);
      return (body.items as Array<{ id: string }>).map((i) => i.id).sort();
    };
    const of = (...keys: string[]) => keys.map((k) => ids[k]).sort();
    expect(await drill('closed')).toEqual(of('A', 'B', 'C'));
    expect(await drill('deferred')).toEqual(of('D'));
    expect(await drill('close_base')).toEqual(of('A', 'B', 'C', 'E'));
    expect(await drill('responded_on_time')).toEqual(of('A', 'C', 'D'));
    expect(await drill('reworked')).toEqual(of('B'));
    expect(await drill('received')).toEqual(of('A', 'B', 'C', 'D', 'E', 'F', 'G', 'H'));
    expect(await drill('responded_on_time', `&groupBy=org&key=${t.fixture.orgs.c1.id}`)).toEqual(of('A', 'C', 'D'));
    // every figure's drill-down total equals the figure in the table
    const table = (await get(`/api/indicators?orgId=${t.fixture.orgs.street.id}&${period}&groupBy=org`)).json();
    for (const row of table.rows) {
      for (const [figure, n] of Object.entries(row.counts as Record<string, number>)) {
        const res = await get(`/api/indicators/cases?orgId=${t.fixture.orgs.street.id}&${period}&figure=${figure}&groupBy=org&key=${row.key}`);
        expect(res.json().total, `${row.label} ${figure}`).toBe(n);
      }
    }
  });

  it('applies the configured weights, audits the change, and refuses it without case.config', async () => {
    const put = await t.server.app.inject({
      method: 'PUT', url: '/api/indicators/config', headers: { cookie: admin },
      payload: { orgId: t.fixture.orgs.street.id, weights: { response: 0, resolution: 1, satisfaction: 1 }, scores: { satisfied: 1, basically_satisfied: 1, unsatisfied: 0 } },
    });
    expect(put.statusCode).toBe(200);
    const { total } = (await get(`/api/indicators?orgId=${t.fixture.orgs.street.id}&${period}`)).json();
    expect(total.rates.satisfaction_rate).toBe(0.6667);
    expect(total.rates.score).toBe(66.67);
    const audit = await t.owner.db.selectFrom('audit_log').select('action').where('action', '=', 'indicator.config').execute();
    expect(audit).toHaveLength(1);
    const sec = await t.login('sec1');
    const denied = await t.server.app.inject({
      method: 'PUT', url: '/api/indicators/config', headers: { cookie: sec },
      payload: { orgId: t.fixture.orgs.street.id, weights: { response: 1, resolution: 1, satisfaction: 1 }, scores: { satisfied: 1, basically_satisfied: 1, unsatisfied: 0 } },
    });
    expect(denied.statusCode).toBe(403);
    // back to the defaults for the other tests
    await t.server.app.inject({
      method: 'PUT', url: '/api/indicators/config', headers: { cookie: admin },
      payload: { orgId: t.fixture.orgs.street.id, weights: { response: 0.1, resolution: 0.45, satisfaction: 0.45 }, scores: { satisfied: 1, basically_satisfied: 0.8, unsatisfied: 0 } },
    });
  });

  it('exports the table to Excel (audited)', async () => {
    const res = await get(`/api/indicators/export.xlsx?orgId=${t.fixture.orgs.street.id}&${period}&groupBy=org`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('考评指标')!;
    const last = ws.getRow(ws.rowCount);
    expect(last.getCell(1).value).toBe('合计');
    expect(last.getCell(2).value).toBe(0.6); // 响应率
    expect(await t.owner.db.selectFrom('audit_log').select('action').where('action', '=', 'indicator.export').execute()).toHaveLength(1);
  });

  it('refuses a caller without indicator.read and validates the period', async () => {
    const gw = await t.login('gw1');
    expect((await get(`/api/indicators?${period}`, gw)).statusCode).toBe(403);
    const bad = await get('/api/indicators?from=2026-03-31&to=2026-03-01');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].message_zh).toBeTruthy();
  });
});
