/** Entities (实有单位): USCC checked (a failure is a warning: kept and flagged), located in a grid/building/room. */
import { v7 as uuidv7 } from 'uuid';
import type { Selectable } from 'kysely';
import type { AppContext } from '../../platform/context.js';
import type { Principal } from '../../platform/auth/principal.js';
import { inScope } from '../../platform/db/scope-sql.js';
import { runAsSystem } from '../../platform/db/scope-context.js';
import { pathInScope } from '../../platform/auth/principal.js';
import { recordAudit } from '../../platform/audit/audit.js';
import { AppError, invalid, notFound, type FieldError } from '../../platform/http/errors.js';
import { maskPhone } from '../../platform/privacy/mask.js';
import { checkUscc, usccMessage } from '../../platform/validation/uscc.js';
import { actorOf, gridIdOfPath, isUniqueViolation, likeEscape, now, pageOf, requireBuilding, requireGrid, requireOrg, requireRoom, scopeRanges, startsWith, cappedCount } from './common.js';
import { diff, recordChanges } from './changes.js';
import { codeLabel } from './codes.js';
import { normalisePhones } from './person-input.js';
import type { RegEntitiesTable } from './tables.js';
import type { CreateEntityInput, EntityQuery, UpdateEntityInput } from './schema.js';

type EntityRow = Selectable<RegEntitiesTable>;

export class DuplicateEntityError extends AppError {
  constructor(readonly existingId: string | null) {
    super(409, 'duplicate_entity', 'An entity with this credit code is already registered in this street', '本街道已登记该统一社会信用代码的单位',
      existingId ? `existing entity: ${existingId}` : undefined);
  }
}

export function presentEntity(e: EntityRow) {
  return {
    id: e.id, gridId: e.grid_id, buildingId: e.building_id, roomId: e.room_id, uscc: e.uscc, usccValid: e.uscc_valid, name: e.name,
    type: e.type, typeLabel: codeLabel('entityType', e.type), legalRep: e.legal_rep, phoneMasked: maskPhone(e.phone), employees: e.employees,
    keyUnit: e.key_unit, address: e.address, status: e.status, createdAt: e.created_at, updatedAt: e.updated_at,
  };
}

function usccWarnings(uscc: string | null | undefined) {
  if (!uscc) return { code: null, valid: true, warnings: [] as Array<{ code: string; path: string; message: string; message_zh: string }> };
  const r = checkUscc(uscc);
  if (r.valid) return { code: r.code, valid: true, warnings: [] };
  const m = usccMessage(r.problem);
  return { code: r.code, valid: false, warnings: [{ code: `uscc_${r.problem}`, path: 'body.uscc', message: m.en, message_zh: m.zh }] };
}

async function duplicateOf(ctx: AppContext, p: Principal, tenantCode: string, uscc: string) {
  const row = await runAsSystem(() => ctx.db.selectFrom('reg_entities').select(['id', 'path']).where('tenant_code', '=', tenantCode).where('uscc', '=', uscc).executeTakeFirst());
  return row ? new DuplicateEntityError(pathInScope(p, row.path) ? row.id : null) : null;
}

export async function createEntity(ctx: AppContext, p: Principal, input: CreateEntityInput, ip?: string) {
  const errors: FieldError[] = [];
  const phone = input.phone ? normalisePhones([input.phone], 'body', errors)[0] ?? null : null;
  if (errors.length) throw invalid('The entity is not valid', '单位信息有误', errors.map((e) => ({ ...e, path: 'body.phone' })));
  const u = usccWarnings(input.uscc);
  try {
    return await ctx.db.transaction().execute(async (tx) => {
      const room = input.roomId ? await requireRoom(tx, p, input.roomId, 'body.roomId') : null;
      const building = input.buildingId ? await requireBuilding(tx, p, input.buildingId, 'body.buildingId')
        : room ? await requireBuilding(tx, p, room.building_id, 'body.roomId') : null;
      const grid = !building && input.gridId ? await requireGrid(tx, p, input.gridId, 'body.gridId') : null;
      if (!building && !grid) throw invalid('Say where the entity is', '请指定单位所在的网格、楼栋或房屋', [{ path: 'body.gridId', message: 'gridId, buildingId or roomId is required', message_zh: '网格、楼栋或房屋至少填写一项' }]);
      const path = building?.path ?? grid!.path;
      const tenantCode = building?.tenant_code ?? grid!.tenant_code;
      if (u.code) {
        const dup = await duplicateOf(ctx, p, tenantCode, u.code);
        if (dup) throw dup;
      }
      const e = await tx.insertInto('reg_entities').values({
        tenant_code: tenantCode, id: uuidv7(), path, grid_id: building?.grid_id ?? grid!.id, building_id: building?.id ?? null, room_id: room?.id ?? null,
        uscc: u.code, uscc_valid: u.valid, name: input.name, type: input.type, legal_rep: input.legalRep ?? null, phone,
        employees: input.employees ?? null, key_unit: input.keyUnit ?? false, address: input.address ?? room?.address ?? building?.address ?? null,
      }).returningAll().executeTakeFirstOrThrow();
      await recordChanges(tx, p, { tenantCode, path, entityType: 'entity', entityId: e.id }, [{ field: 'record', old: null, new: 'created' }]);
      await recordAudit(tx, { action: 'registry.entity.create', actor: actorOf(p), tenantCode, path, objectType: 'entity', objectId: e.id, objectLabel: e.name, ip, detail: { usccValid: u.valid } });
      return { ...presentEntity(e), warnings: u.warnings };
    });
  } catch (e) {
    if (u.code && isUniqueViolation(e, 'uscc')) throw new DuplicateEntityError(null);
    throw e;
  }
}

async function requireEntity(ctx: AppContext, p: Principal, id: string) {
  const e = await ctx.db.selectFrom('reg_entities').selectAll().where('id', '=', id).where(inScope('path', p.scopePaths)).executeTakeFirst();
  if (!e) throw notFound('Entity', '单位');
  return e;
}

export async function getEntity(ctx: AppContext, p: Principal, id: string) {
  const e = await requireEntity(ctx, p, id);
  const grid = await ctx.db.selectFrom('org_units').select('name').where('id', '=', gridIdOfPath(e.path)).executeTakeFirst();
  const warnings = usccWarnings(e.uscc).warnings;
  return { ...presentEntity(e), gridName: grid?.name ?? null, warnings };
}

export async function updateEntity(ctx: AppContext, p: Principal, id: string, input: UpdateEntityInput) {
  const before = await requireEntity(ctx, p, id);
  const errors: FieldError[] = [];
  const phone = input.phone ? normalisePhones([input.phone], 'body', errors)[0] ?? null : input.phone;
  if (errors.length) throw invalid('The entity is not valid', '单位信息有误', errors.map((e) => ({ ...e, path: 'body.phone' })));
  const u = input.uscc !== undefined ? usccWarnings(input.uscc) : null;
  if (u?.code && u.code !== before.uscc) {
    const dup = await duplicateOf(ctx, p, before.tenant_code, u.code);
    if (dup) throw dup;
  }
  return ctx.db.transaction().execute(async (tx) => {
    const after = await tx.updateTable('reg_entities').set({
      ...(u && { uscc: u.code, uscc_valid: u.valid }),
      ...(input.name !== undefined && { name: input.name }), ...(input.type !== undefined && { type: input.type }),
      ...(input.legalRep !== undefined && { legal_rep: input.legalRep }), ...(phone !== undefined && { phone }),
      ...(input.employees !== undefined && { employees: input.employees }), ...(input.keyUnit !== undefined && { key_unit: input.keyUnit }),
      ...(input.address !== undefined && { address: input.address }), ...(input.status !== undefined && { status: input.status }),
      updated_at: now(),
    }).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
    await recordChanges(tx, p, { tenantCode: after.tenant_code, path: after.path, entityType: 'entity', entityId: id },
      diff(before, after, ['uscc', 'name', 'type', 'legal_rep', 'phone', 'employees', 'key_unit', 'address', 'status']));
    return { ...presentEntity(after), warnings: u?.warnings ?? [] };
  });
}

export async function listEntities(ctx: AppContext, p: Principal, q: EntityQuery) {
  let query = ctx.db.selectFrom('reg_entities').where(inScope('path', p.scopePaths)).where(scopeRanges('path', p.scopePaths));
  if (q.orgId) query = query.where(startsWith('path', (await requireOrg(ctx.db, p, q.orgId)).path));
  if (q.type) query = query.where('type', '=', q.type);
  if (q.keyUnit !== undefined) query = query.where('key_unit', '=', q.keyUnit);
  if (q.q) query = query.where((eb) => eb.or([eb('name', 'like', `%${likeEscape(q.q!)}%`), eb('uscc', 'like', `${likeEscape(q.q!.toUpperCase())}%`)]));
  const { limit, offset } = pageOf(q);
  const [rows, total] = await Promise.all([
    query.selectAll().orderBy('name').limit(limit).offset(offset).execute(),
    cappedCount(ctx.db, query),
  ]);
  return { items: rows.map(presentEntity), ...total, page: q.page, pageSize: q.pageSize };
}
