import { v7 as uuidv7 } from 'uuid';
import type { Kysely } from 'kysely';
import type { DB, OrgKind } from '../platform/db/schema.js';
import { ensureBuiltinRoles } from '../platform/auth/builtin-roles.js';
import { hashPassword } from '../platform/auth/passwords.js';
import { ROLES } from '../platform/auth/permissions.js';

export const FIXTURE_PASSWORD = 'Fixture#2026';

export interface FixtureOrg {
  id: string;
  tenant: string;
  code: string;
  path: string;
  name: string;
}

/**
 * A small street for tests: district → street → two communities → grids, one user per
 * typical role. Written with the owner connection, bypassing the services on purpose:
 * tests of the services must not depend on the services to set themselves up.
 */
export async function createFixtureStreet(db: Kysely<DB>) {
  await ensureBuiltinRoles(db);
  const tenant = '120114002';
  const orgs: Record<string, FixtureOrg> = {};
  const add = async (key: string, kind: OrgKind, code: string, name: string, parentKey?: string, extra: { target_households?: number } = {}) => {
    const id = uuidv7();
    const parent = parentKey ? orgs[parentKey] : undefined;
    const path = `${parent?.path ?? '/'}${id}/`;
    const orgTenant = kind === 'district' || kind === 'street' ? code : parent!.tenant;
    await db.insertInto('org_units').values({
      tenant_code: orgTenant, id, parent_id: parent?.id ?? null, kind, code, name, path,
      depth: path.split('/').length - 3, division_code: null, grid_kind: kind === 'grid' ? 'comprehensive' : null,
      boundary: kind === 'grid' ? JSON.stringify({ type: 'Polygon', coordinates: [[[117, 39], [117.01, 39], [117.01, 39.01], [117, 39]]] }) : null,
      target_households: extra.target_households ?? null, leader_staff_id: null, address: null, phone: null, split_from_id: null,
    }).execute();
    orgs[key] = { id, tenant: orgTenant, code, path, name };
  };
  await add('district', 'district', '120114', '武清区');
  await add('street', 'street', tenant, '下朱庄街道', 'district');
  await add('c1', 'community', '120114002001', '静湖花园社区', 'street');
  await add('c2', 'community', '120114002002', '越秀园社区', 'street');
  await add('g1a', 'grid', '120114002001001', '静湖第一网格', 'c1', { target_households: 420 });
  await add('g1b', 'grid', '120114002001002', '静湖第二网格', 'c1', { target_households: 380 });
  await add('g2a', 'grid', '120114002002001', '越秀第一网格', 'c2', { target_households: 450 });
  // a neighbouring street of the same district: outside every street-level scope above
  await add('street2', 'street', '120114003', '杨村街道', 'district');
  await add('c3', 'community', '120114003001', '邻街社区', 'street2');
  await add('g3a', 'grid', '120114003001001', '邻街第一网格', 'c3', { target_households: 410 });

  const passwordHash = await hashPassword(FIXTURE_PASSWORD);
  const users: Record<string, { id: string; account: string }> = {};
  const addUser = async (account: string, role: string, scopeKeys: string[], kind: 'staff' | 'resident' = 'staff', mobile?: string) => {
    const id = uuidv7();
    const home = orgs[scopeKeys[0]];
    await db.insertInto('users').values({
      tenant_code: home.tenant, id, path: home.path, home_org_id: home.id, kind, account, mobile: mobile ?? null,
      name: `测试${account}`, password_hash: passwordHash, staff_id: null, locked_until: null,
    }).execute();
    await db.insertInto('user_roles').values({ user_id: id, role_code: role, tenant_code: home.tenant }).execute();
    await db.insertInto('user_scopes').values(scopeKeys.map((k) => ({ tenant_code: home.tenant, user_id: id, org_id: orgs[k].id }))).execute();
    users[account] = { id, account };
  };
  await addUser('admin', 'street_admin', ['street']);
  await addUser('sec1', 'community_secretary', ['c1']);
  await addUser('worker1', 'community_worker', ['c1']);
  await addUser('gw1', 'grid_worker_full', ['g1a', 'g1b']);
  await addUser('gw2', 'grid_worker_full', ['g2a']);
  await addUser('resident1', 'resident', ['g1a'], 'resident', '13800000009');
  // one account per built-in role, at the level the role normally works
  const levelScope = { street: 'street', community: 'c1', grid: 'g1a', resident: 'g1a' } as const;
  for (const r of ROLES) await addUser(`role_${r.code}`, r.code, [levelScope[r.level]], r.level === 'resident' ? 'resident' : 'staff');
  // objects to act on: a staff member and a user in each of three grids
  const staff: Record<string, { id: string; name: string; path: string }> = {};
  for (const key of ['g1a', 'g2a', 'g3a']) {
    const id = uuidv7();
    const name = `对象人员${key}`;
    await db.insertInto('staff').values({
      tenant_code: orgs[key].tenant, id, org_id: orgs[key].id, path: orgs[key].path, name, gender: '2',
      post: 'grid_worker_full', mobile: '13912345678', service_phone: '022-29000000', photo_url: null,
    }).execute();
    staff[key] = { id, name, path: orgs[key].path };
    await addUser(`target_${key}`, 'resident', [key], 'resident');
  }
  return { tenant, orgs, users, staff };
}

export type Fixture = Awaited<ReturnType<typeof createFixtureStreet>>;
