/**
 * Configuration use cases (case.config): categories with SLA profiles, routing rules, the
 * working-day calendar and the duplicate/proactive settings of the caller's street. Only a
 * user whose scope covers the whole street may change them; every change is audited and drops
 * the street's config cache.
 */
import { sql, type Kysely } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { z } from 'zod';
import type { AppContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import type { Principal } from '../../platform/auth/principal.js';
import { pathInScope } from '../../platform/auth/principal.js';
import { actorOf } from '../../platform/auth/access.js';
import { runAsSystem } from '../../platform/db/scope-context.js';
import { recordAudit } from '../../platform/audit/audit.js';
import { conflict, forbidden, invalid, notFound } from '../../platform/http/errors.js';
import { invalidateCaseConfig, tenantConfig } from './config.js';
import { findOrgAsSystem } from './location.js';
import type { CategoryRow } from './sla.js';
import type { calendarPutSchema, CategoryInput, RoutingRuleInput, settingsSchema } from './schema.js';

async function streetOf(ctx: AppContext, p: Principal, write: boolean) {
  const street = await runAsSystem(() => ctx.db.selectFrom('org_units').select(['id', 'path', 'code', 'name'])
    .where('code', '=', p.tenantCode).where('kind', '=', 'street').executeTakeFirst());
  if (!street) throw notFound('Street', '街道');
  if (write && !pathInScope(p, street.path)) throw forbidden();
  return street;
}

function audit(db: Kysely<DB>, p: Principal, ip: string, action: string, street: { path: string; code: string }, objectId: string, detail: Record<string, unknown> = {}) {
  return recordAudit(db, { action, actor: actorOf(p), tenantCode: street.code, path: street.path, objectType: 'case_config', objectId, ip, detail });
}

export function presentCategory(c: CategoryRow) {
  const n = (v: string | null) => (v === null ? null : Number(v));
  return {
    id: c.id, parentId: c.parent_id, code: c.code, nameZh: c.name_zh, nameEn: c.name_en, sort: c.sort, active: c.active,
    acceptLimit: Number(c.accept_limit), acceptRed: n(c.accept_red), acceptUnit: c.accept_unit,
    respondLimit: Number(c.respond_limit), respondUnit: c.respond_unit,
    handleLimit: Number(c.handle_limit), handleRed: n(c.handle_red), handleUnit: c.handle_unit,
    verifyLimit: Number(c.verify_limit), verifyUnit: c.verify_unit, warnRatio: Number(c.warn_ratio),
    escalateOnRed: c.escalate_on_red, duplicateWindowHours: c.duplicate_window_hours,
  };
}

function categoryValues(i: CategoryInput) {
  return {
    parent_id: i.parentId ?? null, code: i.code, name_zh: i.nameZh, name_en: i.nameEn, sort: i.sort, active: i.active,
    accept_limit: i.acceptLimit, accept_red: i.acceptRed, accept_unit: i.acceptUnit, respond_limit: i.respondLimit, respond_unit: i.respondUnit,
    handle_limit: i.handleLimit, handle_red: i.handleRed, handle_unit: i.handleUnit, verify_limit: i.verifyLimit, verify_unit: i.verifyUnit,
    warn_ratio: i.warnRatio, escalate_on_red: i.escalateOnRed, duplicate_window_hours: i.duplicateWindowHours,
  };
}

export async function listCategories(ctx: AppContext, p: Principal) {
  const cfg = await tenantConfig(ctx.db, p.tenantCode);
  return { items: cfg.categories.map(presentCategory), total: cfg.categories.length };
}

async function checkParent(ctx: AppContext, tenant: string, parentId: string | null | undefined, selfId?: string) {
  if (!parentId) return;
  const cfg = await tenantConfig(ctx.db, tenant);
  let cur = cfg.categories.find((c) => c.id === parentId);
  if (!cur) throw invalid('Unknown parent category', '上级分类不存在', [{ path: 'body.parentId', message: 'not found', message_zh: '未找到' }]);
  while (cur) {
    if (cur.id === selfId) throw invalid('A category cannot be its own ancestor', '分类不能成为自己的下级', [{ path: 'body.parentId', message: 'cycle', message_zh: '形成循环' }]);
    cur = cur.parent_id ? cfg.categories.find((c) => c.id === cur!.parent_id) : undefined;
  }
}

export async function createCategory(ctx: AppContext, p: Principal, input: CategoryInput, ip: string) {
  const street = await streetOf(ctx, p, true);
  await checkParent(ctx, street.code, input.parentId);
  const row = await runAsSystem(() => ctx.db.transaction().execute(async (tx) => {
    const r = await tx.insertInto('case_categories').values({ tenant_code: street.code, id: uuidv7(), ...categoryValues(input) })
      .onConflict((oc) => oc.columns(['tenant_code', 'code']).doNothing()).returningAll().executeTakeFirst();
    if (!r) throw conflict('A category with this code exists', '该分类代码已存在');
    await audit(tx, p, ip, 'case.config.category.create', street, r.id, { code: r.code });
    return r;
  }));
  invalidateCaseConfig(street.code);
  return presentCategory(row);
}

export async function updateCategory(ctx: AppContext, p: Principal, id: string, input: CategoryInput, ip: string) {
  const street = await streetOf(ctx, p, true);
  await checkParent(ctx, street.code, input.parentId, id);
  const row = await runAsSystem(() => ctx.db.transaction().execute(async (tx) => {
    const r = await tx.updateTable('case_categories').set({ ...categoryValues(input), updated_at: sql`now()` })
      .where('tenant_code', '=', street.code).where('id', '=', id).returningAll().executeTakeFirst();
    if (!r) throw notFound('Category', '分类');
    await audit(tx, p, ip, 'case.config.category.update', street, r.id, { code: r.code });
    return r;
  }));
  invalidateCaseConfig(street.code);
  return presentCategory(row);
}

function presentRule(r: { id: string; priority: number; category_id: string | null; area_org_id: string | null; target_org_id: string | null; auto_dispatch: boolean; active: boolean; note: string | null }) {
  return { id: r.id, priority: r.priority, categoryId: r.category_id, areaOrgId: r.area_org_id, targetOrgId: r.target_org_id, autoDispatch: r.auto_dispatch, active: r.active, note: r.note };
}

export async function listRules(ctx: AppContext, p: Principal) {
  const rows = await runAsSystem(() => ctx.db.selectFrom('case_routing_rules').selectAll().where('tenant_code', '=', p.tenantCode)
    .orderBy('priority').orderBy('created_at').execute());
  return { items: rows.map(presentRule), total: rows.length };
}

async function ruleValues(ctx: AppContext, street: { code: string; path: string }, i: RoutingRuleInput) {
  const bad = (path: string, zh: string) => invalid('Invalid routing rule', '派单规则有误', [{ path, message: 'not found in this street', message_zh: zh }]);
  if (i.categoryId) {
    const cfg = await tenantConfig(ctx.db, street.code);
    if (!cfg.categories.some((c) => c.id === i.categoryId)) throw bad('body.categoryId', '分类不存在');
  }
  let areaPath: string | null = null;
  if (i.areaOrgId) {
    const area = await findOrgAsSystem(ctx.db, i.areaOrgId);
    if (!area || !area.path.startsWith(street.path)) throw bad('body.areaOrgId', '区域不在本街道');
    areaPath = area.path;
  }
  if (i.targetOrgId) {
    const target = await findOrgAsSystem(ctx.db, i.targetOrgId);
    if (!target || !(target.path.startsWith(street.path) || street.path.startsWith(target.path))) throw bad('body.targetOrgId', '承办单位不在本街道');
  }
  return {
    priority: i.priority, category_id: i.categoryId, area_org_id: i.areaOrgId, area_path: areaPath, target_org_id: i.targetOrgId,
    auto_dispatch: i.autoDispatch, active: i.active, note: i.note,
  };
}

export async function createRule(ctx: AppContext, p: Principal, input: RoutingRuleInput, ip: string) {
  const street = await streetOf(ctx, p, true);
  const values = await ruleValues(ctx, street, input);
  const row = await runAsSystem(() => ctx.db.transaction().execute(async (tx) => {
    const r = await tx.insertInto('case_routing_rules').values({ tenant_code: street.code, id: uuidv7(), ...values }).returningAll().executeTakeFirstOrThrow();
    await audit(tx, p, ip, 'case.config.rule.create', street, r.id, { priority: r.priority });
    return r;
  }));
  invalidateCaseConfig(street.code);
  return presentRule(row);
}

export async function updateRule(ctx: AppContext, p: Principal, id: string, input: RoutingRuleInput, ip: string) {
  const street = await streetOf(ctx, p, true);
  const values = await ruleValues(ctx, street, input);
  const row = await runAsSystem(() => ctx.db.transaction().execute(async (tx) => {
    const r = await tx.updateTable('case_routing_rules').set(values).where('tenant_code', '=', street.code).where('id', '=', id).returningAll().executeTakeFirst();
    if (!r) throw notFound('Routing rule', '派单规则');
    await audit(tx, p, ip, 'case.config.rule.update', street, r.id, { priority: r.priority });
    return r;
  }));
  invalidateCaseConfig(street.code);
  return presentRule(row);
}

export async function deleteRule(ctx: AppContext, p: Principal, id: string, ip: string) {
  const street = await streetOf(ctx, p, true);
  await runAsSystem(() => ctx.db.transaction().execute(async (tx) => {
    const r = await tx.deleteFrom('case_routing_rules').where('tenant_code', '=', street.code).where('id', '=', id).returning('id').executeTakeFirst();
    if (!r) throw notFound('Routing rule', '派单规则');
    await audit(tx, p, ip, 'case.config.rule.delete', street, id);
  }));
  invalidateCaseConfig(street.code);
  return { deleted: id };
}

export async function getCalendar(ctx: AppContext, p: Principal, year?: number) {
  const cfg = await tenantConfig(ctx.db, p.tenantCode);
  const items = year ? cfg.calendarDays.filter((d) => d.day.startsWith(`${year}-`)) : cfg.calendarDays;
  return { items, total: items.length, note: 'Saturdays and Sundays are rest days unless listed as workday; weekdays are working days unless listed as holiday.' };
}

export async function putCalendar(ctx: AppContext, p: Principal, input: z.infer<typeof calendarPutSchema>, ip: string) {
  const street = await streetOf(ctx, p, true);
  const invalidDays = [...input.days.map((d) => d.day), ...input.remove].filter((d) => Number.isNaN(Date.parse(`${d}T00:00:00Z`)) || new Date(`${d}T00:00:00Z`).toISOString().slice(0, 10) !== d);
  if (invalidDays.length) throw invalid('Invalid date', '日期无效', invalidDays.map((d) => ({ path: 'body.days', message: `not a real date: ${d}`, message_zh: `不是有效日期：${d}` })));
  await runAsSystem(() => ctx.db.transaction().execute(async (tx) => {
    if (input.remove.length) await tx.deleteFrom('case_calendar_days').where('tenant_code', '=', street.code).where(sql<boolean>`day = ANY(${input.remove}::date[])`).execute();
    if (input.days.length) {
      await tx.insertInto('case_calendar_days').values(input.days.map((d) => ({ tenant_code: street.code, day: d.day, kind: d.kind, name: d.name })))
        .onConflict((oc) => oc.columns(['tenant_code', 'day']).doUpdateSet((eb) => ({ kind: eb.ref('excluded.kind'), name: eb.ref('excluded.name') }))).execute();
    }
    await audit(tx, p, ip, 'case.config.calendar', street, street.code, { upserted: input.days.length, removed: input.remove.length });
  }));
  invalidateCaseConfig(street.code);
  return getCalendar(ctx, p);
}

export async function getSettings(ctx: AppContext, p: Principal) {
  const s = (await tenantConfig(ctx.db, p.tenantCode)).settings;
  return { duplicateRadiusM: s.duplicate_radius_m, recurrenceThreshold: s.recurrence_threshold, recurrenceWindowDays: s.recurrence_window_days, sensitiveTags: s.sensitive_tags };
}

export async function patchSettings(ctx: AppContext, p: Principal, input: z.infer<typeof settingsSchema>, ip: string) {
  const street = await streetOf(ctx, p, true);
  await runAsSystem(() => ctx.db.transaction().execute(async (tx) => {
    await tx.insertInto('case_settings').values({ tenant_code: street.code }).onConflict((oc) => oc.column('tenant_code').doNothing()).execute();
    await tx.updateTable('case_settings').set({
      ...(input.duplicateRadiusM !== undefined && { duplicate_radius_m: input.duplicateRadiusM }),
      ...(input.recurrenceThreshold !== undefined && { recurrence_threshold: input.recurrenceThreshold }),
      ...(input.recurrenceWindowDays !== undefined && { recurrence_window_days: input.recurrenceWindowDays }),
      ...(input.sensitiveTags !== undefined && { sensitive_tags: input.sensitiveTags }),
      updated_at: sql`now()`,
    }).where('tenant_code', '=', street.code).execute();
    await audit(tx, p, ip, 'case.config.settings', street, street.code, { changed: Object.keys(input) });
  }));
  invalidateCaseConfig(street.code);
  return getSettings(ctx, p);
}
