import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../testing/db.js';
import { openOwnerDatabase, type Database } from '../platform/db/database.js';
import { verifyPassword } from '../platform/auth/passwords.js';
import { ROLES } from '../platform/auth/permissions.js';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, partitionGrids, seedDemo } from './seed.js';

describe('partitionGrids', () => {
  it('gives every full-time worker 2–4 grids', () => {
    for (let n = 2; n <= 12; n++) {
      const parts = partitionGrids(n);
      expect(parts.flat()).toEqual(Array.from({ length: n }, (_, i) => i));
      for (const p of parts) expect(p.length).toBeGreaterThanOrEqual(2), expect(p.length).toBeLessThanOrEqual(4);
    }
  });
});

describe('seedDemo', () => {
  let t: TestDatabase;
  let owner: Database;
  beforeAll(async () => {
    t = await createTestDatabase();
    owner = openOwnerDatabase(t.ownerUrl);
  });
  afterAll(async () => {
    await owner?.close();
    await t?.drop();
  });

  it('loads 下朱庄街道 and is a no-op the second time', async () => {
    const started = Date.now();
    const first = await seedDemo(owner.db);
    expect(Date.now() - started).toBeLessThan(15_000); // ≈ 1–2 s alone; generous for a loaded CI machine
    expect(first).toMatchObject({ skipped: false, communities: 16, departments: 3, users: DEMO_ACCOUNTS.length });
    expect(first.grids).toBeGreaterThanOrEqual(16 * 3);
    expect(first.grids).toBeLessThanOrEqual(16 * 6);
    expect(first.microgrids).toBeGreaterThan(0);

    const count = async (table: 'org_units' | 'staff' | 'staff_grid_links' | 'users' | 'org_unit_history') =>
      (await owner.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n;
    const before = { orgs: await count('org_units'), staff: await count('staff'), links: await count('staff_grid_links'),
      users: await count('users'), history: await count('org_unit_history') };
    const second = await seedDemo(owner.db);
    expect(second.skipped).toBe(true);
    expect({ orgs: await count('org_units'), staff: await count('staff'), links: await count('staff_grid_links'),
      users: await count('users'), history: await count('org_unit_history') }).toEqual(before);
  });

  it('puts every grid in exactly one community, with 300–500 households and a closed boundary', async () => {
    const db = owner.db;
    const orgs = await db.selectFrom('org_units').selectAll().execute();
    const byId = new Map(orgs.map((o) => [o.id, o]));
    const grids = orgs.filter((o) => o.kind === 'grid');
    expect(grids.length).toBeGreaterThan(0);
    const codes = new Set<string>();
    for (const g of grids) {
      const parent = byId.get(g.parent_id!);
      expect(parent?.kind).toBe('community');
      expect(g.path).toBe(`${parent!.path}${g.id}/`);
      expect(g.depth).toBe(3);
      expect(g.tenant_code).toBe('120114002');
      expect(g.code).toMatch(new RegExp(`^${parent!.code}\\d{3}$`));
      expect(codes.has(g.code)).toBe(false);
      codes.add(g.code);
      expect(g.target_households).toBeGreaterThanOrEqual(300);
      expect(g.target_households).toBeLessThanOrEqual(500);
      expect(['comprehensive', 'dedicated']).toContain(g.grid_kind);
      const b = g.boundary as unknown as { type: string; coordinates: number[][][] };
      expect(b.type).toBe('Polygon');
      const ring = b.coordinates[0]!;
      expect(ring.length).toBeGreaterThanOrEqual(4);
      expect(ring[0]).toEqual(ring[ring.length - 1]);
      for (const [lng, lat] of ring) {
        expect(lng).toBeGreaterThan(116.9), expect(lng).toBeLessThan(117.2);
        expect(lat).toBeGreaterThan(39.3), expect(lat).toBeLessThan(39.5);
      }
      expect(g.leader_staff_id).not.toBeNull();
    }
    // boundaries of different grids do not overlap (bounding boxes are disjoint: they are quads inside disjoint cells)
    const boxes = grids.map((g) => {
      const ring = (g.boundary as unknown as { coordinates: number[][][] }).coordinates[0]!;
      const xs = ring.map((p) => p[0]!), ys = ring.map((p) => p[1]!);
      return { w: Math.min(...xs), e: Math.max(...xs), s: Math.min(...ys), n: Math.max(...ys) };
    });
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) {
        const a = boxes[i]!, b = boxes[j]!;
        expect(a.e <= b.w || b.e <= a.w || a.n <= b.s || b.n <= a.s).toBe(true);
      }
    }
    for (const m of orgs.filter((o) => o.kind === 'microgrid')) {
      expect(byId.get(m.parent_id!)?.kind).toBe('grid');
      expect(m.depth).toBe(4);
    }
    const departments = orgs.filter((o) => o.kind === 'department');
    expect(departments.map((d) => d.code).sort()).toEqual(['120114002D01', '120114002D02', '120114002D03']);
    // every org unit has its creation in the history
    const created = await db.selectFrom('org_unit_history').select('org_id').where('action', '=', 'create').execute();
    expect(new Set(created.map((h) => h.org_id))).toEqual(new Set(orgs.map((o) => o.id)));
  });

  it('staffs grids by "1+2+2+X": each full-time worker links 2–4 grids of one community', async () => {
    const db = owner.db;
    const staff = await db.selectFrom('staff').selectAll().execute();
    for (const s of staff) {
      expect(s.mobile).toMatch(/^1[3-9]\d{9}$/);
      expect(s.service_phone).toMatch(/^022-2\d{7}$/);
      expect(['1', '2']).toContain(s.gender);
      expect(s.name).toMatch(/^[\u4e00-\u9fa5]{2,3}$/);
    }
    const links = await db.selectFrom('staff_grid_links as l').innerJoin('org_units as g', 'g.id', 'l.grid_id')
      .select(['l.staff_id', 'l.role', 'g.parent_id', 'g.kind', 'l.path', 'g.path as grid_path']).execute();
    for (const l of links) {
      expect(l.kind).toBe('grid');
      expect(l.path).toBe(l.grid_path);
    }
    const fullTime = staff.filter((s) => s.post === 'grid_worker_full');
    expect(fullTime.length).toBeGreaterThan(0);
    for (const w of fullTime) {
      const mine = links.filter((l) => l.staff_id === w.id && l.role === 'grid_worker_full');
      expect(mine.length).toBeGreaterThanOrEqual(2);
      expect(mine.length).toBeLessThanOrEqual(4);
      expect(new Set(mine.map((l) => l.parent_id)).size).toBe(1);
    }
    // every grid has a leader, a full-time and a part-time worker
    const grids = await db.selectFrom('org_units').select(['id', 'leader_staff_id']).where('kind', '=', 'grid').execute();
    for (const g of grids) {
      const roles = new Set(links.filter((l) => l.parent_id && l.grid_path.endsWith(`${g.id}/`)).map((l) => l.role));
      for (const r of ['grid_leader', 'grid_worker_full', 'grid_worker_part']) expect(roles.has(r)).toBe(true);
      const leaderLink = links.find((l) => l.grid_path.endsWith(`${g.id}/`) && l.role === 'grid_leader');
      expect(leaderLink?.staff_id).toBe(g.leader_staff_id);
    }
  });

  it('creates the demo users with their roles, scopes and passwords', async () => {
    const db = owner.db;
    const roles = await db.selectFrom('roles').selectAll().execute();
    expect(roles.map((r) => r.code).sort()).toEqual(ROLES.map((r) => r.code).sort());
    expect(roles.every((r) => r.builtin)).toBe(true);

    const community = await db.selectFrom('org_units').selectAll().where('code', '=', '120114002001').executeTakeFirstOrThrow();
    const street = await db.selectFrom('org_units').selectAll().where('code', '=', '120114002').executeTakeFirstOrThrow();
    for (const a of DEMO_ACCOUNTS) {
      const u = await db.selectFrom('users').selectAll().where('account', '=', a.account).executeTakeFirstOrThrow();
      const r = await db.selectFrom('user_roles').select('role_code').where('user_id', '=', u.id).execute();
      expect(r.map((x) => x.role_code)).toEqual([a.role]);
      const home = await db.selectFrom('org_units').selectAll().where('id', '=', u.home_org_id).executeTakeFirstOrThrow();
      expect(u.path).toBe(home.path);
      const scopes = await db.selectFrom('user_scopes as s').innerJoin('org_units as o', 'o.id', 's.org_id')
        .select(['o.kind', 'o.path', 'o.id']).where('s.user_id', '=', u.id).execute();
      expect(scopes.length).toBeGreaterThan(0);
      if (a.account === 'admin') expect(scopes.map((s) => s.id)).toEqual([street.id]);
      if (a.account === 'sq_admin' || a.account === 'sq_worker') expect(scopes.map((s) => s.id)).toEqual([community.id]);
      if (a.account === 'wgy') {
        expect(scopes.length).toBeGreaterThanOrEqual(2);
        expect(scopes.length).toBeLessThanOrEqual(4);
        for (const s of scopes) expect(s.kind).toBe('grid'), expect(s.path.startsWith(community.path)).toBe(true);
        const links = await db.selectFrom('staff_grid_links').select('grid_id').where('staff_id', '=', u.staff_id!)
          .where('role', '=', 'grid_worker_full').execute();
        expect(new Set(links.map((l) => l.grid_id))).toEqual(new Set(scopes.map((s) => s.id)));
      }
      if (a.account === 'resident') {
        expect(u.kind).toBe('resident');
        expect(u.mobile).toBe('13800000001');
        expect(u.staff_id).toBeNull();
        expect(home.kind).toBe('grid');
        expect(home.parent_id).toBe(community.id);
      } else {
        expect(u.kind).toBe('staff');
        expect(u.staff_id).not.toBeNull();
        const s = await db.selectFrom('staff').selectAll().where('id', '=', u.staff_id!).executeTakeFirstOrThrow();
        expect(s.post).toBe(a.role);
        expect(s.name).toBe(u.name);
      }
    }
    const admin = await db.selectFrom('users').select('password_hash').where('account', '=', 'admin').executeTakeFirstOrThrow();
    expect(admin.password_hash.startsWith('$argon2id$')).toBe(true);
    expect(await verifyPassword(admin.password_hash, DEMO_PASSWORD)).toBe(true);
  });
});
