/** Tags for care and attention groups: configure types (tag.manage), add/change/end a person's tag. */
import { v7 as uuidv7 } from 'uuid';
import { sql } from 'kysely';
import { runAsSystem } from '../../platform/db/scope-context.js';
import type { AppContext } from '../../platform/context.js';
import type { Principal } from '../../platform/auth/principal.js';
import { inScope } from '../../platform/db/scope-sql.js';
import { recordAudit } from '../../platform/audit/audit.js';
import { conflict, forbidden, invalid, notFound } from '../../platform/http/errors.js';
import { todayIso } from '../../platform/validation/dates.js';
import { ROLES } from '../../platform/auth/permissions.js';
import { actorOf, isUniqueViolation, now, requirePerson, requireStaffInScope, type Db } from './common.js';
import { recordChanges } from './changes.js';
import { codeLabel } from './codes.js';
import { presentTag } from './persons.service.js';
import { canSeeTagType, loadTagTypes, type TagType } from './tag-visibility.js';
import type { AddTagInput, EndTagInput, TagTypeInput, UpdateTagInput, UpdateTagTypeInput } from './schema.js';

function presentTagType(t: TagType) {
  return { code: t.code, nameZh: t.name_zh, nameEn: t.name_en, sensitive: t.sensitive, visibleRoles: t.visible_roles, active: t.active, sort: t.sort };
}

/** Tag types the caller may see (all of them for tag.manage, to configure). */
export async function listTagTypes(ctx: AppContext, p: Principal) {
  const all = await loadTagTypes(ctx.db);
  const manage = p.permissions.has('tag.manage');
  return { items: all.filter((t) => manage || (t.active && canSeeTagType(p, t))).map(presentTagType), levels: [['normal', codeLabel('tagLevel', 'normal')], ['attention', codeLabel('tagLevel', 'attention')], ['key', codeLabel('tagLevel', 'key')]].map(([code, zh]) => ({ code, zh })) };
}

function checkRoles(roles: string[] | undefined) {
  const known = new Set(ROLES.map((r) => r.code));
  const bad = (roles ?? []).filter((r) => !known.has(r));
  if (bad.length) throw invalid('Unknown roles', '角色不存在', [{ path: 'body.visibleRoles', message: `unknown: ${bad.join(', ')}`, message_zh: `未知角色：${bad.join('、')}` }]);
}

export async function createTagType(ctx: AppContext, p: Principal, input: TagTypeInput, ip?: string) {
  checkRoles(input.visibleRoles);
  try {
    const t = await ctx.db.insertInto('reg_tag_types').values({
      code: input.code, name_zh: input.nameZh, name_en: input.nameEn, sensitive: input.sensitive, visible_roles: input.visibleRoles,
      ...(input.active !== undefined && { active: input.active }), ...(input.sort !== undefined && { sort: input.sort }),
    }).returningAll().executeTakeFirstOrThrow();
    await recordAudit(ctx.db, { action: 'registry.tag_type.create', actor: actorOf(p), tenantCode: p.tenantCode, path: p.scopePaths[0] ?? null, objectType: 'tag_type', objectLabel: t.code, ip, detail: { sensitive: t.sensitive, visibleRoles: t.visible_roles } });
    return presentTagType(t);
  } catch (e) {
    if (isUniqueViolation(e)) throw conflict('This tag code exists', '标签代码已存在');
    throw e;
  }
}

export async function updateTagType(ctx: AppContext, p: Principal, code: string, input: UpdateTagTypeInput, ip?: string) {
  checkRoles(input.visibleRoles);
  const t = await ctx.db.updateTable('reg_tag_types').set({
    ...(input.nameZh !== undefined && { name_zh: input.nameZh }), ...(input.nameEn !== undefined && { name_en: input.nameEn }),
    ...(input.sensitive !== undefined && { sensitive: input.sensitive }), ...(input.visibleRoles !== undefined && { visible_roles: input.visibleRoles }),
    ...(input.active !== undefined && { active: input.active }), ...(input.sort !== undefined && { sort: input.sort }),
    updated_at: now(),
  }).where('code', '=', code).returningAll().executeTakeFirst();
  if (!t) throw notFound('Tag type', '标签类型');
  await recordAudit(ctx.db, { action: 'registry.tag_type.update', actor: actorOf(p), tenantCode: p.tenantCode, path: p.scopePaths[0] ?? null, objectType: 'tag_type', objectLabel: code, ip, detail: { changed: Object.keys(input) } });
  return presentTagType(t);
}

/** A tag type the caller may see and use; a hidden sensitive type is "forbidden", not revealed. */
async function requireUsableTagType(ctx: AppContext, p: Principal, code: string) {
  const t = await ctx.db.selectFrom('reg_tag_types').selectAll().where('code', '=', code).executeTakeFirst();
  if (!t || !t.active) throw invalid('Unknown tag', '标签不存在', [{ path: 'body.tagCode', message: 'no such tag type', message_zh: '没有该标签类型' }]);
  if (!canSeeTagType(p, t)) throw forbidden();
  return t;
}

/**
 * Adds a tag. A person has at most one open tag of a type: adding it again changes nothing and
 * answers with the open one (`existing: true`), also when two adds race.
 */
export async function addTag(ctx: AppContext, p: Principal, personId: string, input: AddTagInput, ip?: string) {
  const type = await requireUsableTagType(ctx, p, input.tagCode);
  const openTag = (db: Db, person: { tenant_code: string; id: string }) => db.selectFrom('reg_person_tags').selectAll()
    .where('tenant_code', '=', person.tenant_code).where('person_id', '=', person.id).where('tag_code', '=', type.code).where('end_date', 'is', null)
    .executeTakeFirst();
  try {
    return await ctx.db.transaction().execute(async (tx) => {
      const person = await requirePerson(tx, p, personId);
      const open = await openTag(tx, person);
      if (open) return { ...presentTag(open, type), existing: true };
      if (input.responsibleStaffId) await requireStaffInScope(tx, p, input.responsibleStaffId, 'body.responsibleStaffId');
      const row = await tx.insertInto('reg_person_tags').values({
        tenant_code: person.tenant_code, id: uuidv7(), person_id: person.id, tag_code: type.code, path: person.path, level: input.level,
        reason: input.reason ?? null, start_date: input.startDate ?? todayIso(), responsible_staff_id: input.responsibleStaffId ?? null,
        created_by: p.userId,
      }).returningAll().executeTakeFirstOrThrow();
      await recordChanges(tx, p, { tenantCode: person.tenant_code, path: person.path, entityType: 'tag', entityId: row.id, personId: person.id },
        [{ field: `tag.${type.code}`, old: null, new: input.level }]);
      // the audit row names the object, never the (possibly sensitive) tag
      await recordAudit(tx, { action: 'registry.tag.add', actor: actorOf(p), tenantCode: person.tenant_code, path: person.path, objectType: 'person', objectId: person.id, ip, detail: { sensitive: type.sensitive } });
      return { ...presentTag(row, type), existing: false };
    });
  } catch (e) {
    if (!isUniqueViolation(e, 'reg_person_tags_open')) throw e;
    // another add of the same tag committed first: answer with it
    const open = await openTag(ctx.db, await requirePerson(ctx.db, p, personId));
    if (!open) throw conflict('The person already has this tag', '该人员已有此标签');
    return { ...presentTag(open, type), existing: true };
  }
}

async function requireTag(ctx: AppContext, p: Principal, personId: string, tagId: string) {
  const row = await ctx.db.selectFrom('reg_person_tags').selectAll().where('id', '=', tagId).where('person_id', '=', personId)
    .where(inScope('path', p.scopePaths)).executeTakeFirst();
  if (!row) throw notFound('Tag', '标签');
  const type = await ctx.db.selectFrom('reg_tag_types').selectAll().where('code', '=', row.tag_code).executeTakeFirstOrThrow();
  // a hidden tag does not exist for this caller
  if (!canSeeTagType(p, type)) throw notFound('Tag', '标签');
  return { row, type };
}

export async function updateTag(ctx: AppContext, p: Principal, personId: string, tagId: string, input: UpdateTagInput) {
  const { row, type } = await requireTag(ctx, p, personId, tagId);
  if (row.end_date) throw conflict('The tag has ended', '该标签已结束');
  return ctx.db.transaction().execute(async (tx) => {
    if (input.responsibleStaffId) await requireStaffInScope(tx, p, input.responsibleStaffId, 'body.responsibleStaffId');
    const after = await tx.updateTable('reg_person_tags').set({
      ...(input.level !== undefined && { level: input.level }), ...(input.reason !== undefined && { reason: input.reason }),
      ...(input.responsibleStaffId !== undefined && { responsible_staff_id: input.responsibleStaffId }), updated_at: now(),
    }).where('id', '=', tagId).returningAll().executeTakeFirstOrThrow();
    await recordChanges(tx, p, { tenantCode: row.tenant_code, path: row.path, entityType: 'tag', entityId: row.id, personId }, [
      { field: `tag.${type.code}.level`, old: row.level, new: after.level },
      { field: `tag.${type.code}.reason`, old: row.reason, new: after.reason },
      { field: `tag.${type.code}.responsibleStaffId`, old: row.responsible_staff_id, new: after.responsible_staff_id },
    ]);
    return presentTag(after, type);
  });
}

/** Ends a tag: it stays in the record with its end date. */
export async function endTag(ctx: AppContext, p: Principal, personId: string, tagId: string, input: EndTagInput) {
  const { row, type } = await requireTag(ctx, p, personId, tagId);
  if (row.end_date) throw conflict('The tag has ended', '该标签已结束');
  const endDate = input.endDate ?? todayIso();
  return ctx.db.transaction().execute(async (tx) => {
    const after = await tx.updateTable('reg_person_tags').set({ end_date: endDate, updated_at: now(), ...(input.reason && { reason: input.reason }) })
      .where('id', '=', tagId).returningAll().executeTakeFirstOrThrow();
    await recordChanges(tx, p, { tenantCode: row.tenant_code, path: row.path, entityType: 'tag', entityId: row.id, personId },
      [{ field: `tag.${type.code}`, old: row.level, new: `ended ${endDate}` }]);
    return presentTag(after, type);
  }).catch((e) => {
    if ((e as { code?: string }).code === '23514') throw invalid('The end date is before the start', '结束日期早于开始日期', [{ path: 'body.endDate', message: 'before the start date', message_zh: '早于开始日期' }]);
    throw e;
  });
}

/**
 * The care-group tags a person holds today, for the platform's own use (proactive discovery
 * in the case module). Runs in the system scope and returns codes only: whoever shows them
 * must apply tag visibility (tag-visibility.ts).
 */
export async function activeTagCodes(ctx: AppContext, personId: string): Promise<string[]> {
  const rows = await runAsSystem(() => ctx.db.selectFrom('reg_person_tags').select('tag_code').distinct()
    .where('person_id', '=', personId)
    .where((eb) => eb.or([eb('end_date', 'is', null), eb('end_date', '>=', sql<Date>`current_date`)]))
    .execute());
  return rows.map((r) => r.tag_code);
}
