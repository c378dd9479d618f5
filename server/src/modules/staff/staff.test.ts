import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InjectOptions } from 'fastify';
import { startTestApp, type TestApp } from '../../testing/app.js';

let t: TestApp;
let admin: string;
beforeAll(async () => {
  t = await startTestApp();
  admin = await t.login('admin');
});
afterAll(() => t?.close());

const inject = (opts: InjectOptions) => t.server.app.inject({ ...opts, headers: { cookie: admin, ...(opts.headers ?? {}) } });

describe('staff and grid links', () => {
  let staffId: string;

  it('creates a staff member and masks the mobile in every answer', async () => {
    const res = await inject({
      method: 'POST', url: '/api/staff',
      payload: { orgId: t.fixture.orgs.c1.id, name: '王芳', gender: '2', post: 'grid_worker_full', mobile: '13712345678', servicePhone: '022-29001234' },
    });
    expect(res.statusCode).toBe(201);
    staffId = res.json().id;
    expect(res.json().mobileMasked).toBe('137****5678');
    expect(res.body).not.toContain('13712345678');
    const list = await inject({ url: `/api/staff?orgId=${t.fixture.orgs.c1.id}` });
    expect(list.body).not.toContain('13712345678');
  });

  it('links one worker to several grids and warns outside 2–4 ("1+2+2+X")', async () => {
    const one = await inject({ method: 'PUT', url: `/api/staff/${staffId}/grids`, payload: { links: [{ gridId: t.fixture.orgs.g1a.id, role: 'grid_worker_full' }] } });
    expect(one.statusCode).toBe(200);
    expect(one.json().warnings[0].code).toBe('worker_grid_count');
    const two = await inject({
      method: 'PUT', url: `/api/staff/${staffId}/grids`,
      payload: { links: [{ gridId: t.fixture.orgs.g1a.id, role: 'grid_worker_full' }, { gridId: t.fixture.orgs.g1b.id, role: 'grid_worker_full' }] },
    });
    expect(two.json().warnings).toEqual([]);
    expect(two.json().staff.grids.map((g: { gridCode: string }) => g.gridCode)).toEqual(['120114002001001', '120114002001002']);
  });

  it('refuses to link a grid outside the caller scope', async () => {
    const sec = await t.login('sec1');
    const res = await t.server.app.inject({
      method: 'PUT', url: `/api/staff/${staffId}/grids`, headers: { cookie: sec },
      payload: { links: [{ gridId: t.fixture.orgs.g2a.id, role: 'grid_worker_full' }] },
    });
    expect(res.statusCode).toBe(422);
  });

  it('unmasks the mobile for a permitted role and audits it', async () => {
    const res = await inject({ method: 'POST', url: `/api/staff/${staffId}/unmask` });
    expect(res.json().mobile).toBe('13712345678');
    const rows = await t.owner.db.selectFrom('audit_log').select(['action', 'detail']).where('action', '=', 'personal.unmask').execute();
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows[0].detail)).not.toContain('13712345678');
  });

  it('shows linked staff on the public grid card without login, never a personal mobile', async () => {
    const res = await t.server.app.inject({ url: `/api/public/grids/${t.fixture.orgs.g1a.code}` });
    expect(res.statusCode).toBe(200);
    const card = res.json();
    expect(card.communityName).toBe('静湖花园社区');
    expect(card.staff.map((s: { name: string }) => s.name)).toContain('王芳');
    expect(card.staff[0].postZh).toBe('专职网格员');
    expect(res.body).not.toContain('13712345678');
  });

  it('deactivating ends the links and keeps the record', async () => {
    const res = await inject({ method: 'DELETE', url: `/api/staff/${staffId}` });
    expect(res.json().active).toBe(false);
    expect(res.json().grids).toEqual([]);
    const card = await t.server.app.inject({ url: `/api/public/grids/${t.fixture.orgs.g1a.code}` });
    expect(card.json().staff.map((s: { name: string }) => s.name)).not.toContain('王芳');
  });
});
