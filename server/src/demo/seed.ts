import { sql, type Insertable, type Kysely } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type {
  DB, GeoJsonPolygon, StaffGridLinksTable, StaffTable, UserRolesTable, UserScopesTable, UsersTable,
} from '../platform/db/schema.js';
import { ensureBuiltinRoles } from '../platform/auth/builtin-roles.js';
import { hashPassword } from '../platform/auth/passwords.js';
import { importDivisions } from '../modules/divisions/import.js';
import { childPath, depthOf, insertOrgUnits, recordOrgUpdate, type NewOrgUnit } from '../modules/divisions/org-insert.js';
import { chineseNumber, createRng, mobile, personName, servicePhone, type Rng } from './names.js';

/**
 * The demo: 下朱庄街道 (120114002, 天津市武清区) with its 16 real communities, grids of
 * 300–500 households laid out as non-overlapping blocks around 武清, microgrids (楼栋),
 * departments, staff following "1+2+2+X", and one login per kind of user.
 */

export const DEMO_STREET_CODE = '120114002';
export const DEMO_PASSWORD = 'Rongzhi@2026';

export interface DemoAccount {
  account: string;
  password: string;
  role: string;
  zh: string;
  en: string;
  /** zh / en, for printing */
  description: string;
}

const account = (a: Omit<DemoAccount, 'description'>): DemoAccount => ({ ...a, description: `${a.zh} / ${a.en}` });

export const DEMO_ACCOUNTS: DemoAccount[] = [
  account({ account: 'admin', password: DEMO_PASSWORD, role: 'street_admin', zh: '街道管理员（下朱庄街道，全街道范围）', en: 'Street administrator (whole street)' }),
  account({ account: 'sq_admin', password: DEMO_PASSWORD, role: 'community_secretary', zh: '社区书记（静湖花园社区）', en: 'Community secretary (静湖花园社区)' }),
  account({ account: 'sq_worker', password: DEMO_PASSWORD, role: 'community_worker', zh: '社区工作者（静湖花园社区）', en: 'Community worker (静湖花园社区)' }),
  account({ account: 'wgy', password: DEMO_PASSWORD, role: 'grid_worker_full', zh: '专职网格员（静湖花园社区，负责所联系的网格）', en: 'Full-time grid worker (their linked grids)' }),
  account({ account: 'resident', password: DEMO_PASSWORD, role: 'resident', zh: '居民（也可用手机号 13800000001 登录）', en: 'Resident (or log in with mobile 13800000001)' }),
];

const RESIDENT_MOBILE = '13800000001';

/** Built-in roles live with the permission table (platform/auth); re-exported for the composition root. */
export { ensureBuiltinRoles };

export interface SeedSummary {
  skipped: boolean;
  street: { code: string; name: string };
  communities: number;
  grids: number;
  microgrids: number;
  departments: number;
  staff: number;
  links: number;
  users: number;
}

// ---- geometry ---------------------------------------------------------------------------

const CENTER = { lng: 117.04, lat: 39.38 };
const BLOCK = { w: 0.011, h: 0.0085, gap: 0.0009 }; // ≈ 950 m × 950 m per community, roads between
const round6 = (x: number) => Math.round(x * 1e6) / 1e6;

interface Box { west: number; south: number; east: number; north: number }

/** A quadrilateral inside the box: every corner pulled inwards a little, ring closed, counter-clockwise. */
function jitteredQuad(box: Box, rng: Rng, maxFraction = 0.05): GeoJsonPolygon {
  const dx = (box.east - box.west) * maxFraction;
  const dy = (box.north - box.south) * maxFraction;
  const j = (d: number) => rng.next() * d;
  const sw = [box.west + j(dx), box.south + j(dy)];
  const se = [box.east - j(dx), box.south + j(dy)];
  const ne = [box.east - j(dx), box.north - j(dy)];
  const nw = [box.west + j(dx), box.north - j(dy)];
  const ring = [sw, se, ne, nw, sw].map(([x, y]) => [round6(x!), round6(y!)]);
  return { type: 'Polygon', coordinates: [ring] };
}

function rectangle(box: Box): GeoJsonPolygon {
  const ring = [[box.west, box.south], [box.east, box.south], [box.east, box.north], [box.west, box.north], [box.west, box.south]];
  return { type: 'Polygon', coordinates: [ring.map(([x, y]) => [round6(x!), round6(y!)])] };
}

/** Community blocks tiled 4 wide, row 0 in the north, centred on 武清. */
function communityBlock(index: number, count: number): Box {
  const cols = 4;
  const rows = Math.ceil(count / cols);
  const totalW = cols * BLOCK.w + (cols - 1) * BLOCK.gap;
  const totalH = rows * BLOCK.h + (rows - 1) * BLOCK.gap;
  const col = index % cols;
  const row = Math.floor(index / cols);
  const west = CENTER.lng - totalW / 2 + col * (BLOCK.w + BLOCK.gap);
  const north = CENTER.lat + totalH / 2 - row * (BLOCK.h + BLOCK.gap);
  return { west, east: west + BLOCK.w, north, south: north - BLOCK.h };
}

/** Splits a community block into n grid cells: one row up to 3, otherwise two rows. */
function gridCells(block: Box, n: number): Box[] {
  const rows = n <= 3 ? 1 : 2;
  const top = Math.ceil(n / rows);
  const counts = rows === 1 ? [n] : [top, n - top];
  const h = (block.north - block.south) / rows;
  const cells: Box[] = [];
  counts.forEach((c, r) => {
    const w = (block.east - block.west) / c;
    for (let i = 0; i < c; i++) {
      cells.push({ west: block.west + i * w, east: block.west + (i + 1) * w, north: block.north - r * h, south: block.north - (r + 1) * h });
    }
  });
  return cells;
}

/** A building strip inside a grid cell, well away from the cell's jittered edges. */
function buildingBox(cell: Box, k: number, of: number): Box {
  const mx = (cell.east - cell.west) * 0.15;
  const my = (cell.north - cell.south) * 0.15;
  const inner = { west: cell.west + mx, east: cell.east - mx, south: cell.south + my, north: cell.north - my };
  const w = (inner.east - inner.west) / of;
  return { west: inner.west + k * w + w * 0.1, east: inner.west + (k + 1) * w - w * 0.1, south: inner.south, north: inner.north };
}

/** Splits n grids into consecutive runs of 2–4 for the full-time workers (n ≥ 2). */
export function partitionGrids(n: number): number[][] {
  const k = Math.max(1, Math.ceil(n / 3));
  const out: number[][] = [];
  let start = 0;
  for (let i = 0; i < k; i++) {
    const size = Math.floor(n / k) + (i < n % k ? 1 : 0);
    out.push(Array.from({ length: size }, (_, j) => start + j));
    start += size;
  }
  return out;
}

// ---- the seed ---------------------------------------------------------------------------

export async function seedDemo(db: Kysely<DB>, opts: { streetCode?: string } = {}): Promise<SeedSummary> {
  const streetCode = opts.streetCode ?? DEMO_STREET_CODE;
  // hash outside the transaction: argon2 is the slow part
  const passwordHashes = await Promise.all(DEMO_ACCOUNTS.map(() => hashPassword(DEMO_PASSWORD)));

  return db.transaction().execute(async (trx) => {
    await sql`SELECT pg_advisory_xact_lock(727100)`.execute(trx); // one seeder at a time
    await ensureBuiltinRoles(trx);
    const imported = await importDivisions(trx, streetCode);
    const street = await trx.selectFrom('org_units').selectAll().where('id', '=', imported.street.id).executeTakeFirstOrThrow();
    const communities = await trx.selectFrom('org_units').selectAll()
      .where('parent_id', '=', street.id).where('kind', '=', 'community').where('status', '=', 'active')
      .orderBy('code').execute();

    const summary: SeedSummary = {
      skipped: false, street: { code: street.code, name: street.name }, communities: communities.length,
      grids: 0, microgrids: 0, departments: 0, staff: 0, links: 0, users: 0,
    };
    const anyGrid = await trx.selectFrom('org_units').select('id')
      .where('path', 'like', street.path + '%').where('kind', '=', 'grid').limit(1).executeTakeFirst();
    if (anyGrid) return { ...summary, skipped: true };

    const rng = createRng(Number(streetCode) % 2147483647);
    const tenant = street.tenant_code;
    const usedMobiles = new Set<string>([RESIDENT_MOBILE]);
    const units: NewOrgUnit[] = [];
    const staff: Insertable<StaffTable>[] = [];
    const links: Insertable<StaffGridLinksTable>[] = [];

    const addStaff = (org: { id: string; path: string }, post: string) => {
      const p = personName(rng);
      const row = {
        tenant_code: tenant, id: uuidv7(), org_id: org.id, path: org.path, name: p.name, gender: p.gender, post,
        mobile: mobile(rng, usedMobiles), service_phone: servicePhone(rng), public_card: true, active: true,
      };
      staff.push(row);
      return row;
    };
    const link = (s: { id: string }, grid: { id: string; path: string }, role: string) =>
      links.push({ tenant_code: tenant, staff_id: s.id, grid_id: grid.id, path: grid.path, role });

    // departments (职能部门) under the street
    const deptCodes = new Set((await trx.selectFrom('org_units').select('code')
      .where('parent_id', '=', street.id).where('kind', '=', 'department').execute()).map((r) => r.code));
    let deptSeq = 0;
    for (const name of ['城管科', '综治中心', '民政科']) {
      let code: string;
      do code = `${street.code}D${String(++deptSeq).padStart(2, '0')}`; while (deptCodes.has(code));
      const id = uuidv7();
      const path = childPath(street.path, id);
      units.push({ id, tenant_code: tenant, parent_id: street.id, kind: 'department', code, name, path, depth: depthOf(path),
        address: `${street.address ?? street.name}`, phone: servicePhone(rng) });
      summary.departments++;
    }

    const streetAdmin = addStaff(street, 'street_admin');
    const demoCommunityCode = communities.find((c) => c.code === `${streetCode}001`)?.code ?? communities[0]?.code;
    let demo: {
      community: { id: string; path: string }; secretary: { id: string; name: string }; worker: { id: string; name: string };
      fullTime: { id: string; name: string; home: { id: string; path: string }; grids: Array<{ id: string; path: string }> };
      firstGrid: { id: string; path: string };
    } | undefined;

    communities.forEach((community, ci) => {
      // community details and its own staff
      const secretary = addStaff(community, 'community_secretary');
      const workers = [addStaff(community, 'community_worker'), addStaff(community, 'community_worker')];
      const cadre = addStaff(community, 'area_cadre');

      const n = rng.int(3, 6);
      const block = communityBlock(ci, communities.length);
      const cells = gridCells(block, n);
      const grids = cells.map((cell, gi) => {
        const id = uuidv7();
        const path = childPath(community.path, id);
        const dedicated = n >= 5 && gi === n - 1; // larger communities have a 专属网格 (school, park …)
        const leader = workers[gi % 2]!;
        const grid: NewOrgUnit = {
          id, tenant_code: tenant, parent_id: community.id, kind: 'grid',
          code: community.code + String(gi + 1).padStart(3, '0'),
          name: dedicated ? `第${chineseNumber(gi + 1)}网格（专属）` : `第${chineseNumber(gi + 1)}网格`,
          path, depth: depthOf(path), grid_kind: dedicated ? 'dedicated' : 'comprehensive',
          boundary: jitteredQuad(cell, rng), target_households: rng.int(300, 500), leader_staff_id: leader.id,
        };
        units.push(grid);
        summary.grids++;
        link(leader, grid, 'grid_leader');
        link(cadre, grid, 'area_cadre');
        link(addStaff(grid, 'grid_worker_part'), grid, 'grid_worker_part');
        return { unit: grid, cell };
      });

      // full-time grid workers: each serves 2–4 grids of this community ("1+2+2+X")
      const fullTimers = partitionGrids(n).map((idxs) => {
        const served = idxs.map((i) => grids[i]!.unit);
        const w = addStaff(served[0]!, 'grid_worker_full');
        for (const g of served) link(w, g, 'grid_worker_full');
        return { ...w, home: served[0]!, grids: served };
      });

      // microgrids (楼栋) under the first grid of every fourth community
      if (ci % 4 === 0) {
        const { unit: grid, cell } = grids[0]!;
        const count = ci === 0 ? 2 : 1;
        const numbers = new Set<number>();
        while (numbers.size < count) numbers.add(rng.int(1, 30));
        [...numbers].sort((a, b) => a - b).forEach((no, k) => {
          const id = uuidv7();
          const path = childPath(grid.path, id);
          const head = { id: uuidv7() };
          const micro: NewOrgUnit = {
            id, tenant_code: tenant, parent_id: grid.id, kind: 'microgrid', code: grid.code + String(k + 1).padStart(2, '0'),
            name: `${no}号楼`, path, depth: depthOf(path), boundary: rectangle(buildingBox(cell, k, count)),
            target_households: rng.int(40, 90), leader_staff_id: head.id,
          };
          units.push(micro);
          summary.microgrids++;
          const s = addStaff(micro, 'building_head');
          s.id = head.id;
          link(s, grid, 'building_head');
        });
      }

      if (community.code === demoCommunityCode) {
        demo = {
          community, secretary, worker: workers[0]!, fullTime: fullTimers[0]!, firstGrid: grids[0]!.unit,
        };
      }
    });

    await insertOrgUnits(trx, units, 'demo seed');
    // community address and phone (the rows came from the division import)
    for (const c of communities) {
      const after = await trx.updateTable('org_units').set({ address: c.address ?? `${street.address ?? street.name}${c.name}`, phone: c.phone ?? servicePhone(rng), updated_at: sql`now()` })
        .where('id', '=', c.id).returningAll().executeTakeFirstOrThrow();
      await recordOrgUpdate(trx, c, after, 'demo seed');
    }
    for (let i = 0; i < staff.length; i += 500) await trx.insertInto('staff').values(staff.slice(i, i + 500)).execute();
    for (let i = 0; i < links.length; i += 500) await trx.insertInto('staff_grid_links').values(links.slice(i, i + 500)).execute();
    summary.staff = staff.length;
    summary.links = links.length;

    // demo users
    if (demo) {
      const d = demo;
      const resident = personName(rng);
      const plan: Array<{ account: string; name: string; kind: 'staff' | 'resident'; role: string; home: { id: string; path: string };
        scopes: string[]; staffId: string | null; mobile: string | null }> = [
        { account: 'admin', name: streetAdmin.name, kind: 'staff', role: 'street_admin', home: street, scopes: [street.id], staffId: streetAdmin.id, mobile: streetAdmin.mobile },
        { account: 'sq_admin', name: d.secretary.name, kind: 'staff', role: 'community_secretary', home: d.community, scopes: [d.community.id], staffId: d.secretary.id, mobile: null },
        { account: 'sq_worker', name: d.worker.name, kind: 'staff', role: 'community_worker', home: d.community, scopes: [d.community.id], staffId: d.worker.id, mobile: null },
        { account: 'wgy', name: d.fullTime.name, kind: 'staff', role: 'grid_worker_full', home: d.fullTime.home, scopes: d.fullTime.grids.map((g) => g.id), staffId: d.fullTime.id, mobile: null },
        { account: 'resident', name: resident.name, kind: 'resident', role: 'resident', home: d.firstGrid, scopes: [d.firstGrid.id], staffId: null, mobile: RESIDENT_MOBILE },
      ];
      const taken = await trx.selectFrom('users').select(['account', 'mobile'])
        .where((eb) => eb.or([
          eb(sql`lower(account)`, 'in', plan.map((p) => p.account.toLowerCase())),
          eb('mobile', 'in', plan.map((p) => p.mobile).filter((m): m is string => !!m)),
        ])).execute();
      const takenAccounts = new Set(taken.map((t) => t.account?.toLowerCase()));
      const takenMobiles = new Set(taken.map((t) => t.mobile));
      const users: Insertable<UsersTable>[] = [];
      const roles: Insertable<UserRolesTable>[] = [];
      const scopes: Insertable<UserScopesTable>[] = [];
      plan.forEach((p, i) => {
        if (takenAccounts.has(p.account)) return;
        const id = uuidv7();
        users.push({
          tenant_code: tenant, id, path: p.home.path, home_org_id: p.home.id, kind: p.kind, account: p.account,
          mobile: p.mobile && !takenMobiles.has(p.mobile) ? p.mobile : null, name: p.name,
          password_hash: passwordHashes[i]!, staff_id: p.staffId,
        });
        roles.push({ tenant_code: tenant, user_id: id, role_code: p.role });
        for (const org of p.scopes) scopes.push({ tenant_code: tenant, user_id: id, org_id: org });
      });
      if (users.length) {
        await trx.insertInto('users').values(users).execute();
        await trx.insertInto('user_roles').values(roles).execute();
        await trx.insertInto('user_scopes').values(scopes).execute();
      }
      summary.users = users.length;
    }
    return summary;
  });
}
