import { sql, type Kysely } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { AppContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import type { Principal } from '../../platform/auth/principal.js';
import { pathInScope } from '../../platform/auth/principal.js';
import { actorOf } from '../../platform/auth/access.js';
import { recordAudit } from '../../platform/audit/audit.js';
import { conflict, invalid, notFound } from '../../platform/http/errors.js';
import { CHILD_KINDS, expectedCodePattern, gridSizeWarnings, nextChildCode, type Warning } from './rules.js';
import { activeChildCount, childCodes, findOrg, listGrids, listOrgs, rewritePaths, type OrgRow } from './repo.js';
import { presentOrg, snapshot } from './presenter.js';
import type { CreateOrgInput, SplitOrgInput, UpdateOrgInput } from './schema.js';

const orgNotFound = () => notFound('Org unit', '组织或网格');

async function requireOrg(db: Kysely<DB>, p: Principal, id: string): Promise<OrgRow> {
  const org = await findOrg(db, p.scopePaths, id);
  if (!org) throw orgNotFound();
  return org;
}

async function record(db: Kysely<DB>, p: Principal, ip: string, action: string, before: OrgRow | null, after: OrgRow | null) {
  const org = (after ?? before)!;
  await db.insertInto('org_unit_history').values({
    tenant_code: org.tenant_code, id: uuidv7(), org_id: org.id, path: org.path, action,
    before: before ? JSON.stringify(snapshot(before)) : null, after: after ? JSON.stringify(snapshot(after)) : null,
    actor_id: p.userId, actor_name: p.name,
  }).execute();
  await recordAudit(db, {
    action: `org.${action}`, actor: actorOf(p), tenantCode: org.tenant_code, path: org.path, objectType: 'org_unit',
    objectId: org.id, objectLabel: `${org.code} ${org.name}`, ip,
    detail: before && after ? { changed: changedFields(before, after) } : { kind: org.kind },
  });
}

function changedFields(a: OrgRow, b: OrgRow): string[] {
  const sa = snapshot(a) as Record<string, unknown>;
  const sb = snapshot(b) as Record<string, unknown>;
  return Object.keys(sb).filter((k) => JSON.stringify(sa[k]) !== JSON.stringify(sb[k]));
}

async function leaderName(db: Kysely<DB>, staffId: string | null) {
  if (!staffId) return null;
  const s = await db.selectFrom('staff').select('name').where('id', '=', staffId).executeTakeFirst();
  return s?.name ?? null;
}

/** A leader must be an active staff member the caller can see. */
async function checkLeader(db: Kysely<DB>, p: Principal, staffId: string | null | undefined) {
  if (!staffId) return;
  const s = await db.selectFrom('staff').select(['path', 'active']).where('id', '=', staffId).executeTakeFirst();
  if (!s || !s.active || !pathInScope(p, s.path)) {
    throw invalid('Unknown leader', '网格长不存在或不在您的管辖范围内', [
      { path: 'body.leaderStaffId', message: 'no such active staff member in your scope', message_zh: '未找到该工作人员' },
    ]);
  }
}

export async function orgTree(ctx: AppContext, p: Principal, includeRetired: boolean) {
  const rows = await listOrgs(ctx.db, p.scopePaths, includeRetired);
  return { items: rows.map((o) => presentOrg(o)) };
}

export async function orgDetail(ctx: AppContext, p: Principal, id: string) {
  const org = await requireOrg(ctx.db, p, id);
  const [parent, children, leader, staff] = await Promise.all([
    org.parent_id ? ctx.db.selectFrom('org_units').select('name').where('id', '=', org.parent_id).executeTakeFirst() : undefined,
    activeChildCount(ctx.db, id),
    leaderName(ctx.db, org.leader_staff_id),
    ctx.db.selectFrom('staff_grid_links as k').innerJoin('staff as s', 's.id', 'k.staff_id')
      .select(['s.id', 's.name', 's.post', 'k.role', 's.service_phone']).where('k.grid_id', '=', id)
      .where('s.active', '=', true).orderBy('s.name').execute(),
  ]);
  return {
    ...presentOrg(org, leader), parentName: parent?.name ?? null, childCount: children,
    staff: staff.map((s) => ({ id: s.id, name: s.name, post: s.post, role: s.role, servicePhone: s.service_phone })),
  };
}

export async function createOrg(ctx: AppContext, p: Principal, input: CreateOrgInput, ip: string) {
  return ctx.db.transaction().execute(async (tx) => {
    const parent = await requireOrg(tx, p, input.parentId);
    if (parent.status !== 'active') throw conflict('The parent unit is retired', '上级单位已撤销');
    if (!CHILD_KINDS[parent.kind].includes(input.kind)) {
      throw invalid(`A ${input.kind} cannot belong to a ${parent.kind}`, '上下级类型不匹配（网格只能属于社区）', [{
        path: 'body.kind', message: `allowed under ${parent.kind}: ${CHILD_KINDS[parent.kind].join(', ') || 'none'}`,
        message_zh: '该上级下不能建立此类单位',
      }]);
    }
    await checkLeader(tx, p, input.leaderStaffId);
    // serialise code allocation under one parent
    await sql`SELECT pg_advisory_xact_lock(hashtext(${parent.id}))`.execute(tx);
    const code = input.code ?? nextChildCode(input.kind, parent.code, await childCodes(tx, parent.id));
    const pattern = expectedCodePattern(input.kind);
    if (!code || (pattern && !pattern.test(code))) {
      throw invalid('Code missing or malformed', '编码缺失或格式不正确', [{
        path: 'body.code', message: 'streets need 9 digits, communities 12 (统计用区划代码)', message_zh: '街道编码 9 位，社区编码 12 位',
      }]);
    }
    const taken = await tx.selectFrom('org_units').select('id').where('code', '=', code).where('status', '=', 'active').executeTakeFirst();
    if (taken) throw conflict('Code already in use', '编码已被使用', code);
    const id = uuidv7();
    const row = await tx.insertInto('org_units').values({
      tenant_code: parent.kind === 'district' ? code : parent.tenant_code,
      id, parent_id: parent.id, kind: input.kind, code, name: input.name,
      path: `${parent.path}${id}/`, depth: parent.depth + 1,
      division_code: input.kind === 'community' || input.kind === 'street' ? code : null,
      grid_kind: input.kind === 'grid' ? input.gridKind ?? 'comprehensive' : input.gridKind ?? null,
      boundary: input.boundary ? JSON.stringify(input.boundary) : null,
      target_households: input.targetHouseholds ?? null, leader_staff_id: input.leaderStaffId ?? null,
      address: input.address ?? null, phone: input.phone ?? null,
    }).returningAll().executeTakeFirstOrThrow();
    await record(tx, p, ip, 'create', null, row);
    return { org: presentOrg(row, await leaderName(tx, row.leader_staff_id)), warnings: gridSizeWarnings(row.kind, row.target_households) };
  });
}

export async function updateOrg(ctx: AppContext, p: Principal, id: string, input: UpdateOrgInput, ip: string) {
  return ctx.db.transaction().execute(async (tx) => {
    const before = await requireOrg(tx, p, id);
    if (before.status !== 'active') throw conflict('A retired unit cannot be edited', '已撤销的单位不能修改');
    await checkLeader(tx, p, input.leaderStaffId);
    const after = await tx.updateTable('org_units').set({
      ...(input.name !== undefined && { name: input.name }),
      ...(input.gridKind !== undefined && { grid_kind: input.gridKind }),
      ...(input.boundary !== undefined && { boundary: input.boundary ? JSON.stringify(input.boundary) : null }),
      ...(input.targetHouseholds !== undefined && { target_households: input.targetHouseholds }),
      ...(input.leaderStaffId !== undefined && { leader_staff_id: input.leaderStaffId }),
      ...(input.address !== undefined && { address: input.address }),
      ...(input.phone !== undefined && { phone: input.phone }),
      updated_at: sql`now()`,
    }).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
    await record(tx, p, ip, 'update', before, after);
    return { org: presentOrg(after, await leaderName(tx, after.leader_staff_id)), warnings: gridSizeWarnings(after.kind, after.target_households) };
  });
}

/**
 * Moves a unit (typically a grid to another community of the same street). Ids stay; the
 * paths of the whole subtree and of everything attached to it follow; a grid takes the
 * next code in its new community and its microgrids are renumbered under it.
 */
export async function moveOrg(ctx: AppContext, p: Principal, id: string, newParentId: string, ip: string) {
  return ctx.db.transaction().execute(async (tx) => {
    const before = await requireOrg(tx, p, id);
    const parent = await requireOrg(tx, p, newParentId);
    if (before.status !== 'active' || parent.status !== 'active') throw conflict('Retired units cannot be moved', '已撤销的单位不能移动');
    if (!CHILD_KINDS[parent.kind].includes(before.kind)) {
      throw invalid(`A ${before.kind} cannot belong to a ${parent.kind}`, '上下级类型不匹配', [{
        path: 'body.newParentId', message: 'wrong kind of parent', message_zh: '目标上级类型不正确',
      }]);
    }
    if (parent.path.startsWith(before.path)) throw invalid('Cannot move a unit under itself', '不能移动到自身之下');
    if (parent.tenant_code !== before.tenant_code && before.kind !== 'street') {
      throw invalid('Units move within their street only', '只能在本街道范围内移动');
    }
    if (parent.id === before.parent_id) return { org: presentOrg(before, await leaderName(tx, before.leader_staff_id)), warnings: [] as Warning[] };
    await sql`SELECT pg_advisory_xact_lock(hashtext(${parent.id}))`.execute(tx);
    const newPath = `${parent.path}${id}/`;
    await rewritePaths(tx, before.path, newPath, parent.depth + 1 - before.depth);
    const code = nextChildCode(before.kind, parent.code, await childCodes(tx, parent.id)) ?? before.code;
    const after = await tx.updateTable('org_units')
      .set({ parent_id: parent.id, code, updated_at: sql`now()` })
      .where('id', '=', id).returningAll().executeTakeFirstOrThrow();
    if (code !== before.code) {
      await sql`UPDATE org_units SET code = ${code} || substr(code, ${before.code.length + 1})
                WHERE parent_id = ${id}`.execute(tx);
    }
    await record(tx, p, ip, 'move', before, after);
    return { org: presentOrg(after, await leaderName(tx, after.leader_staff_id)), warnings: gridSizeWarnings(after.kind, after.target_households) };
  });
}

async function retireRow(tx: Kysely<DB>, id: string) {
  await tx.deleteFrom('staff_grid_links').where('grid_id', '=', id).execute();
  return tx.updateTable('org_units').set({ status: 'retired', valid_to: sql`now()`, updated_at: sql`now()` })
    .where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

export async function retireOrg(ctx: AppContext, p: Principal, id: string, ip: string) {
  return ctx.db.transaction().execute(async (tx) => {
    const before = await requireOrg(tx, p, id);
    if (before.status !== 'active') throw conflict('Already retired', '该单位已撤销');
    if (before.path === p.scopePaths.find((s) => s === before.path)) {
      throw conflict('You cannot retire the root of your own scope', '不能撤销您自己管辖范围的根单位');
    }
    if (await activeChildCount(tx, id)) throw conflict('Retire or move its sub-units first', '请先撤销或移走其下级单位');
    const after = await retireRow(tx, id);
    await record(tx, p, ip, 'retire', before, after);
    return { org: presentOrg(after) };
  });
}

/**
 * Splits a grid into parts: the original is retired (kept, with its history) and each part
 * is a new grid in the same community that remembers where it came from. Staff links of the
 * old grid end; its workers are re-linked to the parts by whoever does the split.
 */
export async function splitOrg(ctx: AppContext, p: Principal, id: string, input: SplitOrgInput, ip: string) {
  const result = await ctx.db.transaction().execute(async (tx) => {
    const before = await requireOrg(tx, p, id);
    if (before.kind !== 'grid') throw invalid('Only grids can be split', '只有网格可以拆分');
    if (before.status !== 'active') throw conflict('A retired grid cannot be split', '已撤销的网格不能拆分');
    if (await activeChildCount(tx, id)) throw conflict('Move its microgrids out first', '请先移走其下的微网格');
    const parent = (await tx.selectFrom('org_units').selectAll().where('id', '=', before.parent_id!).executeTakeFirstOrThrow());
    await sql`SELECT pg_advisory_xact_lock(hashtext(${parent.id}))`.execute(tx);
    const retired = await retireRow(tx, id);
    await record(tx, p, ip, 'split', before, retired);
    const created: OrgRow[] = [];
    for (const part of input.parts) {
      const code = nextChildCode('grid', parent.code, await childCodes(tx, parent.id));
      if (!code) throw conflict('No grid codes left in this community', '该社区网格编码已用尽');
      const newId = uuidv7();
      const row = await tx.insertInto('org_units').values({
        tenant_code: before.tenant_code, id: newId, parent_id: parent.id, kind: 'grid', code, name: part.name,
        path: `${parent.path}${newId}/`, depth: before.depth, grid_kind: before.grid_kind,
        boundary: part.boundary ? JSON.stringify(part.boundary) : null,
        target_households: part.targetHouseholds ?? null, split_from_id: before.id,
        division_code: null, leader_staff_id: null, address: null, phone: null,
      }).returningAll().executeTakeFirstOrThrow();
      await record(tx, p, ip, 'create', null, row);
      created.push(row);
    }
    return { retired, created };
  });
  return {
    retired: presentOrg(result.retired),
    created: result.created.map((o) => presentOrg(o)),
    warnings: result.created.flatMap((o) => gridSizeWarnings(o.kind, o.target_households)),
  };
}

export async function orgHistory(ctx: AppContext, p: Principal, id: string) {
  await requireOrg(ctx.db, p, id);
  const rows = await ctx.db.selectFrom('org_unit_history').selectAll().where('org_id', '=', id).orderBy('at', 'desc').execute();
  return {
    items: rows.map((h) => ({ id: h.id, action: h.action, at: h.at, actorName: h.actor_name, before: h.before, after: h.after })),
  };
}

export async function gridList(ctx: AppContext, p: Principal, orgId: string | undefined) {
  const rows = await listGrids(ctx.db, p.scopePaths, orgId ?? null);
  // an empty answer may mean the org is outside the scope: that is a 404, not an empty list
  if (rows.length === 0 && orgId) await requireOrg(ctx.db, p, orgId);
  return {
    items: rows.map((g) => ({
      id: g.id, code: g.code, name: g.name, communityId: g.community_id, communityName: g.community_name,
      gridKind: g.grid_kind, targetHouseholds: g.target_households, leaderName: g.leader_name,
      workerCount: g.worker_count, status: g.status,
    })),
    total: rows.length,
  };
}

