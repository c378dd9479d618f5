import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

// a real database; a busy machine must not fail these on time alone
vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });
import { startTestApp, type TestApp } from '../../testing/app.js';
import { ensureDefaultCaseConfig } from './config.js';
import { api, createVia } from './testing.js';

/**
 * A case whose reporter named only a community (portal: communityCode; staff: communityId) lies at
 * that community: path = the community's, community_id set, no grid. The community sees it, its
 * public page lists it, routing rules without a target send it there, the indicators count it
 * under the community. Open311 requests are placed by their coordinates (a grid, else a community
 * with a boundary drawn) or by an address that names one registry building (its grid), else at
 * the street of the key.
 */
let t: TestApp;
let apiKey: string;
const cookies: Record<string, string> = {};
beforeAll(async () => {
  t = await startTestApp();
  await ensureDefaultCaseConfig(t.owner.db);
  for (const u of ['admin', 'sec1', 'worker1', 'gw1', 'gw2', 'resident1']) cookies[u] = await t.login(u);
  const key = await api(t, cookies.admin, 'POST', '/api/open311/keys', { orgId: t.fixture.orgs.street.id, clientName: '随手拍' });
  expect(key.status, JSON.stringify(key.body)).toBe(201);
  apiKey = key.body.key;
});
afterAll(() => t?.close());

const caseRow = (where: { number?: string; id?: string }) => {
  let q = t.owner.db.selectFrom('cases').select(['id', 'number', 'path', 'grid_id', 'community_id', 'route_org_id', 'state', 'address']);
  if (where.number) q = q.where('number', '=', where.number);
  if (where.id) q = q.where('id', '=', where.id);
  return q.executeTakeFirstOrThrow();
};
const publicNumbers = async (code: string) => {
  const res = await api(t, '', 'GET', `/api/public/communities/${code}/cases?pageSize=100`);
  expect(res.status).toBe(200);
  return (res.body.items as Array<{ number: string }>).map((i) => i.number);
};
const visible = async (cookie: string, id: string) => (await api(t, cookie, 'GET', `/api/cases/${id}`)).status === 200;
const postOpen311 = (fields: Record<string, string>) => t.server.app.inject({
  method: 'POST', url: '/open311/v2/requests.json', headers: { 'content-type': 'application/x-www-form-urlencoded' },
  payload: new URLSearchParams({ api_key: apiKey, service_code: 'environment', ...fields }).toString(),
});

describe('a report that names only a community', () => {
  let residentCase: { id: string; number: string };

  it('lies at the community (its path, no grid) and shows on that community’s public page only', async () => {
    const res = await t.server.app.inject({
      method: 'POST', url: '/api/portal/cases', headers: { cookie: cookies.resident1 },
      payload: { category: 'environment', description: '小区东门垃圾堆放', location: { communityCode: t.fixture.orgs.c1.code } },
    });
    expect(res.statusCode, res.body).toBe(201);
    residentCase = res.json();
    const row = await caseRow({ id: residentCase.id });
    expect(row).toMatchObject({ path: t.fixture.orgs.c1.path, community_id: t.fixture.orgs.c1.id, grid_id: null, state: 'reported', address: '静湖花园社区' });
    // no rule: the street still decides (兜底)
    expect(row.route_org_id).toBe(t.fixture.orgs.street.id);
    expect(await publicNumbers(t.fixture.orgs.c1.code)).toContain(residentCase.number);
    expect(await publicNumbers(t.fixture.orgs.c2.code)).not.toContain(residentCase.number);
  });

  it('is seen by the community and the street, not by grid workers; the console names the community', async () => {
    expect(await visible(cookies.sec1, residentCase.id)).toBe(true);
    expect(await visible(cookies.worker1, residentCase.id)).toBe(true);
    expect(await visible(cookies.admin, residentCase.id)).toBe(true);
    expect(await visible(cookies.gw1, residentCase.id)).toBe(false);
    expect(await visible(cookies.gw2, residentCase.id)).toBe(false);
    const detail = await api(t, cookies.sec1, 'GET', `/api/cases/${residentCase.id}`);
    expect(detail.body.case?.location ?? detail.body.location).toMatchObject({ communityId: t.fixture.orgs.c1.id, communityName: '静湖花园社区', gridId: null });
    const list = await api(t, cookies.sec1, 'GET', '/api/cases?box=all&pageSize=200');
    expect(list.body.items.some((c: { id: string }) => c.id === residentCase.id)).toBe(true);
    const gridList = await api(t, cookies.gw1, 'GET', '/api/cases?box=all&pageSize=200');
    expect(gridList.body.items.some((c: { id: string }) => c.id === residentCase.id)).toBe(false);
    // the street's to-do: it accepts and dispatches the case to the community
    const todo = await api(t, cookies.admin, 'GET', '/api/cases?box=todo&pageSize=200');
    expect(todo.body.items.some((c: { id: string }) => c.id === residentCase.id)).toBe(true);
  });

  it('an anonymous report with a community and an address lies at the community too', async () => {
    const res = await t.server.app.inject({
      method: 'POST', url: '/api/portal/anonymous/cases',
      payload: { category: 'environment', description: '北门路灯不亮', phone: '13700002222', location: { communityCode: t.fixture.orgs.c2.code, address: '北门' } },
    });
    expect(res.statusCode, res.body).toBe(201);
    const row = await caseRow({ number: res.json().number });
    expect(row).toMatchObject({ path: t.fixture.orgs.c2.path, community_id: t.fixture.orgs.c2.id, grid_id: null, address: '越秀园社区 北门' });
    expect(await publicNumbers(t.fixture.orgs.c2.code)).toContain(row.number);
  });

  it('a community and a street that do not belong together are refused', async () => {
    const res = await t.server.app.inject({
      method: 'POST', url: '/api/portal/cases', headers: { cookie: cookies.resident1 },
      payload: { category: 'environment', description: '不匹配', location: { communityCode: t.fixture.orgs.c1.code, streetCode: t.fixture.orgs.street2.code } },
    });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('body.location.streetCode');
  });

  it('a grid code still wins over the community', async () => {
    const res = await t.server.app.inject({
      method: 'POST', url: '/api/portal/cases', headers: { cookie: cookies.resident1 },
      payload: { category: 'environment', description: '网格优先', location: { gridCode: t.fixture.orgs.g2a.code, communityCode: t.fixture.orgs.c1.code } },
    });
    expect(res.statusCode, res.body).toBe(201);
    const row = await caseRow({ id: res.json().id });
    expect(row).toMatchObject({ path: t.fixture.orgs.g2a.path, grid_id: t.fixture.orgs.g2a.id, community_id: t.fixture.orgs.c2.id });
  });

  it('staff may place a case at a community in their scope, not at another one', async () => {
    const { case: c } = await createVia(t, cookies.sec1, { category: 'environment', title: '社区级工单', description: '社区级工单', location: { communityId: t.fixture.orgs.c1.id } });
    expect(await caseRow({ id: c.id })).toMatchObject({ path: t.fixture.orgs.c1.path, community_id: t.fixture.orgs.c1.id, grid_id: null });
    const other = await api(t, cookies.sec1, 'POST', '/api/cases', { category: 'environment', title: '别的社区', description: '别的社区', location: { communityId: t.fixture.orgs.c2.id } });
    expect(other.status).toBe(422);
    const notCommunity = await api(t, cookies.admin, 'POST', '/api/cases', { category: 'environment', title: '不是社区', description: '不是社区', location: { communityId: t.fixture.orgs.g1a.id } });
    expect(notCommunity.status).toBe(422);
    expect(JSON.stringify(notCommunity.body)).toContain('body.location.communityId');
  });

  it('the indicators count it under the community (by org) and as not located in a grid (by grid)', async () => {
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const byOrg = await api(t, cookies.admin, 'GET', `/api/indicators?orgId=${t.fixture.orgs.street.id}&from=${today}&to=${today}&groupBy=org`);
    expect(byOrg.status, JSON.stringify(byOrg.body)).toBe(200);
    const rows = byOrg.body.rows as Array<{ key: string; counts: { received: number } }>;
    const c1 = rows.find((r) => r.key === t.fixture.orgs.c1.id);
    // the resident's case and the staff case lie at 静湖花园社区 itself; nothing falls to the street's own row
    expect(c1?.counts.received).toBe(2);
    expect(rows.find((r) => r.key === '')).toBeUndefined();
    const inCommunity = await api(t, cookies.sec1, 'GET', `/api/indicators?orgId=${t.fixture.orgs.c1.id}&from=${today}&to=${today}&groupBy=org`);
    expect((inCommunity.body.rows as Array<{ key: string; counts: { received: number } }>).find((r) => r.key === '')?.counts.received).toBe(2);
  });

  it('a rule without a target sends it to the community it lies at', async () => {
    const rule = await api(t, cookies.admin, 'POST', '/api/case-config/routing-rules',
      { priority: 1, areaOrgId: t.fixture.orgs.c1.id, autoDispatch: true, note: '静湖花园社区的诉求派到所在地' }, { 'idempotency-key': 'rule-here' });
    expect(rule.status, JSON.stringify(rule.body)).toBe(201);
    try {
      const atCommunity = await t.server.app.inject({
        method: 'POST', url: '/api/portal/cases', headers: { cookie: cookies.resident1 },
        payload: { category: 'environment', description: '自动派到社区', location: { communityCode: t.fixture.orgs.c1.code } },
      });
      expect(atCommunity.statusCode, atCommunity.body).toBe(201);
      const row = await caseRow({ id: atCommunity.json().id });
      expect(row).toMatchObject({ route_org_id: t.fixture.orgs.c1.id, state: 'dispatched', path: t.fixture.orgs.c1.path });
      const note = await t.owner.db.selectFrom('case_notifications').select(['recipient_org_id', 'kind']).where('case_id', '=', row.id).execute();
      expect(note).toEqual([{ recipient_org_id: t.fixture.orgs.c1.id, kind: 'todo' }]);
      // the community's worker finds it in the to-do box
      const todo = await api(t, cookies.worker1, 'GET', '/api/cases?box=todo&pageSize=200');
      expect(todo.body.items.some((c: { id: string }) => c.id === row.id)).toBe(true);
      // a grid case under the same rule still goes to its grid
      const inGrid = await t.server.app.inject({
        method: 'POST', url: '/api/portal/cases', headers: { cookie: cookies.resident1 },
        payload: { category: 'environment', description: '自动派到网格', location: { gridCode: t.fixture.orgs.g1b.code } },
      });
      expect((await caseRow({ id: inGrid.json().id })).route_org_id).toBe(t.fixture.orgs.g1b.id);
    } finally {
      await api(t, cookies.admin, 'DELETE', `/api/case-config/routing-rules/${rule.body.id}`);
    }
  });
});

describe('Open311 requests are placed by their coordinates', () => {
  it('inside a grid: the grid, so its community’s public page lists it', async () => {
    const res = await postOpen311({ lat: '39.002', long: '117.008', description: '井盖缺失' });
    expect(res.statusCode, res.body).toBe(201);
    const row = await caseRow({ number: res.json()[0].service_request_id });
    // every fixture grid has the same triangle; the street's first by code is 静湖第一网格
    expect(row).toMatchObject({ grid_id: t.fixture.orgs.g1a.id, community_id: t.fixture.orgs.c1.id, path: t.fixture.orgs.g1a.path });
    expect(await publicNumbers(t.fixture.orgs.c1.code)).toContain(row.number);
  });

  it('outside every grid, or an address only: the street of the key, which sorts it out', async () => {
    for (const fields of [{ lat: '39.5', long: '117.5' }, { address_string: '下朱庄街道某路口' }] as Array<Record<string, string>>) {
      const res = await postOpen311({ ...fields, description: '路面坑洼' });
      expect(res.statusCode, res.body).toBe(201);
      const row = await caseRow({ number: res.json()[0].service_request_id });
      expect(row).toMatchObject({ grid_id: null, community_id: null, path: t.fixture.orgs.street.path, route_org_id: t.fixture.orgs.street.id });
    }
  });

  it('an address that names one registry building: that building and its grid; two buildings or too little: the street', async () => {
    const building = async (gridKey: string, address: string) => {
      const res = await api(t, cookies.admin, 'POST', '/api/registry/buildings', { gridId: t.fixture.orgs[gridKey].id, address });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      return res.body.id as string;
    };
    const yuexiu = await building('g2a', '天津市津南区下朱庄街道越秀园12号楼');
    await building('g1a', '天津市津南区下朱庄街道静湖花园12号楼');
    // the part after the street, in full-width digits and traditional characters, inside a longer text
    const res = await postOpen311({ address_string: '越秀園１２号楼 东侧', description: '楼下垃圾桶满了' });
    expect(res.statusCode, res.body).toBe(201);
    const row = await caseRow({ number: res.json()[0].service_request_id });
    expect(row).toMatchObject({ grid_id: t.fixture.orgs.g2a.id, community_id: t.fixture.orgs.c2.id, path: t.fixture.orgs.g2a.path });
    expect((await t.owner.db.selectFrom('cases').select('building_id').where('id', '=', row.id).executeTakeFirstOrThrow()).building_id).toBe(yuexiu);
    expect(await publicNumbers(t.fixture.orgs.c2.code)).toContain(row.number);
    const twice = await postOpen311({ address_string: '静湖花园12号楼和越秀园12号楼之间', description: '路灯不亮' });
    expect(await caseRow({ number: twice.json()[0].service_request_id })).toMatchObject({ grid_id: null, path: t.fixture.orgs.street.path });
    // too little to name one building ("12号楼" is in every estate)
    const vague = await postOpen311({ address_string: '12号楼', description: '路灯不亮' });
    expect(await caseRow({ number: vague.json()[0].service_request_id })).toMatchObject({ grid_id: null, path: t.fixture.orgs.street.path });
  });

  it('an address whose building lies in a retired grid: the street, not a refusal', async () => {
    const grid = await api(t, cookies.admin, 'POST', '/api/orgs', { parentId: t.fixture.orgs.c1.id, kind: 'grid', name: '静湖临时网格' });
    expect(grid.status, JSON.stringify(grid.body)).toBe(201);
    const b = await api(t, cookies.admin, 'POST', '/api/registry/buildings', { gridId: grid.body.org.id, address: '天津市津南区下朱庄街道静湖临时安置楼' });
    expect(b.status, JSON.stringify(b.body)).toBe(201);
    await t.owner.db.updateTable('org_units').set({ status: 'retired' }).where('id', '=', grid.body.org.id).execute();
    const res = await postOpen311({ address_string: '静湖临时安置楼门口', description: '积水' });
    expect(res.statusCode, res.body).toBe(201);
    expect(await caseRow({ number: res.json()[0].service_request_id })).toMatchObject({ grid_id: null, path: t.fixture.orgs.street.path });
  });

  it('outside every grid but inside a community’s drawn boundary: that community', async () => {
    const square = { type: 'Polygon', coordinates: [[[117.4, 39.4], [117.6, 39.4], [117.6, 39.6], [117.4, 39.6], [117.4, 39.4]]] };
    await t.owner.db.updateTable('org_units').set({ boundary: JSON.stringify(square) }).where('id', '=', t.fixture.orgs.c2.id).execute();
    try {
      const res = await postOpen311({ lat: '39.5', long: '117.5', description: '社区范围内' });
      expect(res.statusCode, res.body).toBe(201);
      const row = await caseRow({ number: res.json()[0].service_request_id });
      expect(row).toMatchObject({ grid_id: null, community_id: t.fixture.orgs.c2.id, path: t.fixture.orgs.c2.path });
      expect(await publicNumbers(t.fixture.orgs.c2.code)).toContain(row.number);
    } finally {
      await t.owner.db.updateTable('org_units').set({ boundary: null }).where('id', '=', t.fixture.orgs.c2.id).execute();
    }
  });
});
