import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../testing/app.js';

let t: TestApp;
let admin: string;
beforeAll(async () => {
  t = await startTestApp();
  admin = await t.login('admin');
});
afterAll(() => t?.close());

const polygon = { type: 'Polygon', coordinates: [[[117.0, 39.0], [117.01, 39.0], [117.01, 39.01], [117.0, 39.01], [117.0, 39.0]]] };

describe('org units and grids', () => {
  it('lists the tree of the caller scope', async () => {
    const res = await t.server.app.inject({ url: '/api/orgs/tree', headers: { cookie: admin } });
    expect(res.statusCode).toBe(200);
    const names = res.json().items.map((o: { name: string }) => o.name);
    expect(names).toContain('静湖花园社区');
    expect(names).not.toContain('武清区'); // above the street admin's scope
  });

  it('creates a grid with a generated code and warns above 500 households', async () => {
    const res = await t.server.app.inject({
      method: 'POST', url: '/api/orgs', headers: { cookie: admin },
      payload: { parentId: t.fixture.orgs.c1.id, kind: 'grid', name: '静湖第三网格', boundary: polygon, targetHouseholds: 620 },
    });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body.org.code).toBe('120114002001003');
    expect(body.warnings.map((w: { code: string }) => w.code)).toEqual(['grid_over_500_households']);
  });

  it('refuses a grid directly under the street', async () => {
    const res = await t.server.app.inject({
      method: 'POST', url: '/api/orgs', headers: { cookie: admin },
      payload: { parentId: t.fixture.orgs.street.id, kind: 'grid', name: '错误网格' },
    });
    expect(res.statusCode).toBe(422);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json().title_zh).toBeTruthy();
  });

  it('rejects an open polygon with field-level problem details', async () => {
    const res = await t.server.app.inject({
      method: 'POST', url: '/api/orgs', headers: { cookie: admin },
      payload: { parentId: t.fixture.orgs.c1.id, kind: 'grid', name: 'x', boundary: { type: 'Polygon', coordinates: [[[1, 1], [2, 2], [3, 3], [4, 4]]] } },
    });
    expect(res.statusCode).toBe(400);
    const body = res.json();
    expect(body.errors[0].path).toContain('boundary');
    expect(body.errors[0].message_zh).toBeTruthy();
  });

  it('replays a create with the same Idempotency-Key and refuses another body', async () => {
    const payload = { parentId: t.fixture.orgs.c2.id, kind: 'grid', name: '越秀第二网格', targetHouseholds: 400 };
    const headers = { cookie: admin, 'idempotency-key': 'k-grid-1' };
    const a = await t.server.app.inject({ method: 'POST', url: '/api/orgs', headers, payload });
    const b = await t.server.app.inject({ method: 'POST', url: '/api/orgs', headers, payload });
    expect(a.statusCode).toBe(201);
    expect(b.statusCode).toBe(201);
    expect(b.json().org.id).toBe(a.json().org.id);
    const c = await t.server.app.inject({ method: 'POST', url: '/api/orgs', headers, payload: { ...payload, name: '别的' } });
    expect(c.statusCode).toBe(422);
    const count = await t.owner.db.selectFrom('org_units').select((eb) => eb.fn.countAll<number>().as('n')).where('name', '=', '越秀第二网格').executeTakeFirstOrThrow();
    expect(count.n).toBe(1);
  });

  it('moves a grid to another community, renumbers it and keeps its history', async () => {
    const g = t.fixture.orgs.g1b;
    const res = await t.server.app.inject({ method: 'POST', url: `/api/orgs/${g.id}/move`, headers: { cookie: admin }, payload: { newParentId: t.fixture.orgs.c2.id } });
    expect(res.statusCode).toBe(200);
    const org = res.json().org;
    expect(org.code.startsWith('120114002002')).toBe(true);
    expect(org.path).toBe(`${t.fixture.orgs.c2.path}${g.id}/`);
    const hist = await t.server.app.inject({ url: `/api/orgs/${g.id}/history`, headers: { cookie: admin } });
    const actions = hist.json().items.map((h: { action: string }) => h.action);
    expect(actions).toContain('move');
    expect(hist.json().items[0].before.code).toBe('120114002001002');
  });

  it('splits a grid: the original is retired, the parts remember it', async () => {
    const g = t.fixture.orgs.g2a;
    const res = await t.server.app.inject({
      method: 'POST', url: `/api/orgs/${g.id}/split`, headers: { cookie: admin },
      payload: { parts: [{ name: '越秀一网格东', targetHouseholds: 220 }, { name: '越秀一网格西', targetHouseholds: 230 }] },
    });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body.retired.status).toBe('retired');
    expect(body.created).toHaveLength(2);
    expect(body.created.every((o: { splitFromId: string }) => o.splitFromId === g.id)).toBe(true);
    const detail = await t.server.app.inject({ url: `/api/orgs/${g.id}`, headers: { cookie: admin } });
    expect(detail.json().status).toBe('retired');
  });

  it('lists the grids of the street with their community', async () => {
    const res = await t.server.app.inject({ url: `/api/grids?orgId=${t.fixture.orgs.street.id}`, headers: { cookie: admin } });
    expect(res.statusCode).toBe(200);
    expect(res.json().items.length).toBeGreaterThanOrEqual(3);
    expect(res.json().items[0].communityName).toBeTruthy();
  });
});

describe('validation messages', () => {
  it('explains every invalid field in Chinese as well as English', async () => {
    const res = await t.server.app.inject({
      method: 'POST', url: '/api/orgs', headers: { cookie: admin }, payload: { parentId: 'not-a-uuid', kind: 'grid', name: '' },
    });
    expect(res.statusCode).toBe(400);
    const byPath = Object.fromEntries(res.json().errors.map((e: { path: string; message_zh: string }) => [e.path, e.message_zh]));
    expect(byPath['body.parentId']).toBe('编号格式不正确');
    expect(byPath['body.name']).toBe('不能为空');
  });
});
