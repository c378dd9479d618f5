import { sql, type Kysely, type Selectable } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { AppContext } from '../../platform/context.js';
import type { DB, StaffTable } from '../../platform/db/schema.js';
import type { Principal } from '../../platform/auth/principal.js';
import { actorOf } from '../../platform/auth/access.js';
import { inScope } from '../../platform/db/scope-sql.js';
import { recordAudit } from '../../platform/audit/audit.js';
import { maskPhone } from '../../platform/privacy/mask.js';
import { conflict, invalid, notFound } from '../../platform/http/errors.js';
import type { CreateStaffInput, GridLinksInput, StaffQuery, UpdateStaffInput } from './schema.js';

type StaffRow = Selectable<StaffTable>;
const staffNotFound = () => notFound('Staff member', '工作人员');

/** "1+2+2+X": a grid worker serves 2–4 grids. Outside that we warn; the save still happens. */
const GRID_WORKER_POSTS = new Set(['grid_worker_full', 'grid_worker_part']);
export function gridCountWarnings(post: string, count: number) {
  if (!GRID_WORKER_POSTS.has(post) || (count >= 2 && count <= 4)) return [];
  return [{
    code: 'worker_grid_count',
    message: `A grid worker usually links 2–4 grids ("1+2+2+X"); this one links ${count}`,
    message_zh: `按“1+2+2+X”要求，网格员一般联系 2–4 个网格，当前为 ${count} 个`,
  }];
}

async function requireStaff(db: Kysely<DB>, p: Principal, id: string): Promise<StaffRow> {
  const s = await db.selectFrom('staff').selectAll().where('id', '=', id).where(inScope('path', p.scopePaths)).executeTakeFirst();
  if (!s) throw staffNotFound();
  return s;
}

async function requireOrgInScope(db: Kysely<DB>, p: Principal, orgId: string, field: string) {
  const org = await db.selectFrom('org_units').select(['id', 'path', 'tenant_code', 'kind', 'status', 'name', 'code'])
    .where('id', '=', orgId).where(inScope('path', p.scopePaths)).executeTakeFirst();
  if (!org || org.status !== 'active') {
    throw invalid('Unknown org unit', '组织或网格不存在或不在您的管辖范围内', [
      { path: field, message: 'no such active org unit in your scope', message_zh: '未找到该单位' },
    ]);
  }
  return org;
}

/** Staff rows with their org name, grid links and user account, in one round of queries. */
async function present(db: Kysely<DB>, rows: StaffRow[]) {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const [orgs, links, users] = await Promise.all([
    db.selectFrom('org_units').select(['id', 'name']).where('id', 'in', [...new Set(rows.map((r) => r.org_id))]).execute(),
    db.selectFrom('staff_grid_links as k').innerJoin('org_units as g', 'g.id', 'k.grid_id')
      .select(['k.staff_id', 'k.grid_id', 'k.role', 'g.name', 'g.code']).where('k.staff_id', 'in', ids).orderBy('g.code').execute(),
    db.selectFrom('users').select(['id', 'staff_id']).where('staff_id', 'in', ids).execute(),
  ]);
  const orgName = new Map(orgs.map((o) => [o.id, o.name]));
  return rows.map((s) => ({
    id: s.id, orgId: s.org_id, orgName: orgName.get(s.org_id) ?? null, name: s.name, gender: s.gender, post: s.post,
    mobileMasked: maskPhone(s.mobile), servicePhone: s.service_phone, photoUrl: s.photo_url, publicCard: s.public_card,
    active: s.active,
    grids: links.filter((k) => k.staff_id === s.id).map((k) => ({ gridId: k.grid_id, gridName: k.name, gridCode: k.code, role: k.role })),
    userId: users.find((u) => u.staff_id === s.id)?.id ?? null,
  }));
}

export async function listStaff(ctx: AppContext, p: Principal, q: StaffQuery) {
  let query = ctx.db.selectFrom('staff').selectAll().where(inScope('path', p.scopePaths));
  if (q.orgId) {
    const org = await requireOrgInScope(ctx.db, p, q.orgId, 'query.orgId');
    query = query.where('path', 'like', `${org.path}%`);
  }
  if (!q.includeInactive) query = query.where('active', '=', true);
  if (q.post) query = query.where('post', '=', q.post);
  if (q.q) query = query.where('name', 'like', `%${q.q.replace(/[%_\\]/g, '\\$&')}%`);
  const rows = await query.orderBy('path').orderBy('name').limit(1000).execute();
  const items = await present(ctx.db, rows);
  return { items, total: items.length };
}

export async function getStaff(ctx: AppContext, p: Principal, id: string) {
  return (await present(ctx.db, [await requireStaff(ctx.db, p, id)]))[0];
}

function audit(db: Kysely<DB>, p: Principal, ip: string, action: string, s: StaffRow, detail: Record<string, unknown> = {}) {
  return recordAudit(db, {
    action, actor: actorOf(p), tenantCode: s.tenant_code, path: s.path, objectType: 'staff', objectId: s.id,
    objectLabel: s.name, ip, detail,
  });
}

export async function createStaff(ctx: AppContext, p: Principal, input: CreateStaffInput, ip: string) {
  return ctx.db.transaction().execute(async (tx) => {
    const org = await requireOrgInScope(tx, p, input.orgId, 'body.orgId');
    const row = await tx.insertInto('staff').values({
      tenant_code: org.tenant_code, id: uuidv7(), org_id: org.id, path: org.path, name: input.name,
      gender: input.gender ?? null, post: input.post, mobile: input.mobile ?? null,
      service_phone: input.servicePhone ?? null, photo_url: null, public_card: input.publicCard ?? true,
    }).returningAll().executeTakeFirstOrThrow();
    await audit(tx, p, ip, 'staff.create', row, { post: row.post });
    return (await present(tx, [row]))[0];
  });
}

export async function updateStaff(ctx: AppContext, p: Principal, id: string, input: UpdateStaffInput, ip: string) {
  return ctx.db.transaction().execute(async (tx) => {
    await requireStaff(tx, p, id);
    const org = input.orgId ? await requireOrgInScope(tx, p, input.orgId, 'body.orgId') : undefined;
    const after = await tx.updateTable('staff').set({
      ...(org && { org_id: org.id, path: org.path }),
      ...(input.name !== undefined && { name: input.name }),
      ...(input.gender !== undefined && { gender: input.gender }),
      ...(input.post !== undefined && { post: input.post }),
      ...(input.mobile !== undefined && { mobile: input.mobile }),
      ...(input.servicePhone !== undefined && { service_phone: input.servicePhone }),
      ...(input.publicCard !== undefined && { public_card: input.publicCard }),
      updated_at: sql`now()`,
    }).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
    // record which fields changed, never the personal values themselves
    await audit(tx, p, ip, 'staff.update', after, { changed: Object.keys(input) });
    return (await present(tx, [after]))[0];
  });
}

export async function deactivateStaff(ctx: AppContext, p: Principal, id: string, ip: string) {
  return ctx.db.transaction().execute(async (tx) => {
    const s = await requireStaff(tx, p, id);
    if (!s.active) throw conflict('Already inactive', '该人员已停用');
    await tx.deleteFrom('staff_grid_links').where('staff_id', '=', id).execute();
    await tx.updateTable('org_units').set({ leader_staff_id: null }).where('leader_staff_id', '=', id).execute();
    const after = await tx.updateTable('staff').set({ active: false, updated_at: sql`now()` }).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
    await audit(tx, p, ip, 'staff.delete', after);
    return (await present(tx, [after]))[0];
  });
}

/** Replaces the staff member's grid links with the given set (every grid must be in scope). */
export async function setGridLinks(ctx: AppContext, p: Principal, id: string, input: GridLinksInput, ip: string) {
  return ctx.db.transaction().execute(async (tx) => {
    const s = await requireStaff(tx, p, id);
    if (!s.active) throw conflict('Inactive staff cannot be linked', '已停用人员不能分配网格');
    const grids = [];
    for (const [i, link] of input.links.entries()) {
      const g = await requireOrgInScope(tx, p, link.gridId, `body.links.${i}.gridId`);
      if (g.kind !== 'grid' && g.kind !== 'microgrid') {
        throw invalid('Only grids can be linked', '只能分配网格或微网格', [{ path: `body.links.${i}.gridId`, message: 'not a grid', message_zh: '不是网格' }]);
      }
      grids.push({ ...g, role: link.role });
    }
    await tx.deleteFrom('staff_grid_links').where('staff_id', '=', id).execute();
    if (grids.length) {
      await tx.insertInto('staff_grid_links')
        .values(grids.map((g) => ({ tenant_code: g.tenant_code, staff_id: id, grid_id: g.id, path: g.path, role: g.role })))
        .execute();
    }
    await audit(tx, p, ip, 'staff.grids', s, { grids: grids.map((g) => g.code) });
    return { staff: (await present(tx, [s]))[0], warnings: gridCountWarnings(s.post, grids.length) };
  });
}

/** The whole mobile number, for a caller allowed to see it; every look is audited. */
export async function unmaskStaffMobile(ctx: AppContext, p: Principal, id: string, ip: string) {
  const s = await requireStaff(ctx.db, p, id);
  await audit(ctx.db, p, ip, 'personal.unmask', s, { field: 'mobile' });
  return { mobile: s.mobile };
}
