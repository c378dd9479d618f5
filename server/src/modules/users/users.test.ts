import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../testing/app.js';

let t: TestApp;
beforeAll(async () => { t = await startTestApp(); });
afterAll(() => t?.close());

describe('users and roles', () => {
  it('creates a user in scope who can then log in', async () => {
    const sec = await t.login('sec1');
    const res = await t.server.app.inject({
      method: 'POST', url: '/api/users', headers: { cookie: sec },
      payload: { kind: 'staff', account: 'newworker', mobile: '13600001111', name: '新社工', password: 'Start#2026a', roles: ['community_worker'], scopeOrgIds: [t.fixture.orgs.c1.id] },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().mobileMasked).toBe('136****1111');
    expect(res.body).not.toContain('13600001111');
    const cookie = await t.login('newworker', 'Start#2026a');
    const me = await t.server.app.inject({ url: '/api/auth/me', headers: { cookie } });
    expect(me.json().mustChangePassword).toBe(true);
    expect(me.json().scopes[0].name).toBe('静湖花园社区');
  });

  it('refuses to grant a role with more permissions than the granter holds', async () => {
    const sec = await t.login('sec1');
    const res = await t.server.app.inject({
      method: 'POST', url: '/api/users', headers: { cookie: sec },
      payload: { kind: 'staff', account: 'escalate', name: '越权', password: 'Start#2026a', roles: ['street_admin'], scopeOrgIds: [t.fixture.orgs.c1.id] },
    });
    expect(res.statusCode).toBe(403);
  });

  it('refuses a scope outside the granter scope', async () => {
    const sec = await t.login('sec1');
    const res = await t.server.app.inject({
      method: 'POST', url: '/api/users', headers: { cookie: sec },
      payload: { kind: 'staff', account: 'wide', name: '越界', password: 'Start#2026a', roles: ['community_worker'], scopeOrgIds: [t.fixture.orgs.c2.id] },
    });
    expect(res.statusCode).toBe(422);
  });

  it('disabling a user ends their sessions at once', async () => {
    const victim = await t.login('worker1');
    const admin = await t.login('admin');
    const res = await t.server.app.inject({ method: 'PATCH', url: `/api/users/${t.fixture.users.worker1.id}`, headers: { cookie: admin }, payload: { status: 'disabled' } });
    expect(res.statusCode).toBe(200);
    expect((await t.server.app.inject({ url: '/api/auth/me', headers: { cookie: victim } })).statusCode).toBe(401);
  });

  it('changing a role permission applies to its holders', async () => {
    const admin = await t.login('admin');
    const gw = await t.login('gw1');
    expect((await t.server.app.inject({ url: '/api/staff', headers: { cookie: gw } })).statusCode).toBe(200);
    const res = await t.server.app.inject({ method: 'PUT', url: '/api/roles/grid_worker_full', headers: { cookie: admin }, payload: { permissions: ['org.read'] } });
    expect(res.statusCode).toBe(200);
    expect((await t.server.app.inject({ url: '/api/staff', headers: { cookie: gw } })).statusCode).toBe(403);
  });
});
