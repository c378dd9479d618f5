/**
 * The authorization matrix, generated from the permission table (permissions.ts):
 * every built-in role × every guarded action × an object inside / outside the role's scope.
 * Expected: no permission → 403; permission but object out of scope → 404; otherwise allowed.
 * A denied answer must not carry anything of the object (its id, name or code).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InjectOptions } from 'fastify';
import { startTestApp, type TestApp } from '../../testing/app.js';
import { ROLES, type Permission } from './permissions.js';
import { pathInScope } from './principal.js';

type GridKey = 'g1a' | 'g2a' | 'g3a';
interface Target { id: string; name: string; code?: string; path: string }
interface Action {
  name: string;
  permission: Permission;
  /** objects acted on; null = an action with no object (scope does not apply) */
  target: ((t: TestApp, key: GridKey) => Target) | null;
  request: (t: TestApp, target: Target | null) => InjectOptions;
}

const grid = (t: TestApp, key: GridKey): Target => t.fixture.orgs[key];
const staff = (t: TestApp, key: GridKey): Target => t.fixture.staff[key];
const user = (t: TestApp, key: GridKey): Target => ({ ...t.fixture.users[`target_${key}`], name: `测试target_${key}`, path: t.fixture.orgs[key].path });

const ACTIONS: Action[] = [
  { name: 'read org', permission: 'org.read', target: grid, request: (_t, o) => ({ url: `/api/orgs/${o!.id}` }) },
  { name: 'read org history', permission: 'org.read', target: grid, request: (_t, o) => ({ url: `/api/orgs/${o!.id}/history` }) },
  { name: 'update org', permission: 'org.write', target: grid, request: (_t, o) => ({ method: 'PATCH', url: `/api/orgs/${o!.id}`, payload: { address: '某路1号' } }) },
  { name: 'create grid', permission: 'org.write', target: (t, k) => t.fixture.orgs[k === 'g1a' ? 'c1' : k === 'g2a' ? 'c2' : 'c3'],
    request: (_t, o) => ({ method: 'POST', url: '/api/orgs', payload: { parentId: o!.id, kind: 'grid', name: '矩阵网格', targetHouseholds: 300 } }) },
  { name: 'read staff', permission: 'staff.read', target: staff, request: (_t, o) => ({ url: `/api/staff/${o!.id}` }) },
  { name: 'update staff', permission: 'staff.write', target: staff, request: (_t, o) => ({ method: 'PATCH', url: `/api/staff/${o!.id}`, payload: { servicePhone: '022-29000001' } }) },
  { name: 'unmask staff mobile', permission: 'personal.unmask', target: staff, request: (_t, o) => ({ method: 'POST', url: `/api/staff/${o!.id}/unmask` }) },
  { name: 'read user', permission: 'user.read', target: user, request: (_t, o) => ({ url: `/api/users/${o!.id}` }) },
  { name: 'revoke user sessions', permission: 'user.write', target: user, request: (_t, o) => ({ method: 'POST', url: `/api/users/${o!.id}/revoke-sessions` }) },
  { name: 'read audit', permission: 'audit.read', target: null, request: () => ({ url: '/api/audit' }) },
  { name: 'read roles', permission: 'role.read', target: null, request: () => ({ url: '/api/roles' }) },
];

let t: TestApp;
const cookies = new Map<string, string>();
beforeAll(async () => {
  t = await startTestApp();
  for (const r of ROLES) cookies.set(r.code, await t.login(`role_${r.code}`));
});
afterAll(() => t?.close());

const SCOPE_OF_LEVEL = { street: 'street', community: 'c1', grid: 'g1a', resident: 'g1a' } as const;

interface Case { role: string; action: Action; key: GridKey | null }
function cases(): Case[] {
  const out: Case[] = [];
  for (const role of ROLES) {
    for (const action of ACTIONS) {
      const keys: (GridKey | null)[] = action.target ? ['g1a', 'g2a', 'g3a'] : [null];
      for (const key of keys) out.push({ role: role.code, action, key });
    }
  }
  return out;
}

describe('authorization matrix', () => {
  it.each(cases().map((c) => [`${c.role} · ${c.action.name} · ${c.key ?? '-'}`, c] as const))('%s', async (_label, c) => {
    const role = ROLES.find((r) => r.code === c.role)!;
    const scopePath = t.fixture.orgs[SCOPE_OF_LEVEL[role.level]].path;
    const target = c.action.target && c.key ? c.action.target(t, c.key) : null;
    const allowedByRole = role.permissions.includes(c.action.permission);
    const inScope = target === null || pathInScope({ scopePaths: [scopePath] }, target.path);
    const expected = !allowedByRole ? 403 : !inScope ? 404 : 'allow';

    const req = c.action.request(t, target);
    const res = await t.server.app.inject({ ...req, headers: { cookie: cookies.get(c.role)! } });
    if (expected === 'allow') {
      expect(res.statusCode, res.body).toBeGreaterThanOrEqual(200);
      expect(res.statusCode, res.body).toBeLessThan(300);
    } else {
      expect(res.statusCode, res.body).toBe(expected);
      expect(res.headers['content-type']).toContain('application/problem+json');
      if (target) {
        for (const secret of [target.id, target.name, target.code].filter(Boolean) as string[]) {
          expect(res.body).not.toContain(secret);
        }
      }
    }
  });

  it('answers 401 without a session', async () => {
    const res = await t.server.app.inject({ url: `/api/orgs/${t.fixture.orgs.g1a.id}` });
    expect(res.statusCode).toBe(401);
  });

  it('audits permission denials', async () => {
    const rows = await t.owner.db.selectFrom('audit_log').select(['action', 'outcome']).where('action', '=', 'access.denied').execute();
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.outcome === 'denied')).toBe(true);
  });
});
