/**
 * Per-street case configuration (categories with SLA, routing rules, calendar, settings),
 * loaded together and cached briefly: creating a case needs all of it and it changes rarely.
 * Writes through config-service.ts drop the cache of their street at once; other instances
 * see a change within CACHE_MS.
 */
import { sql, type Kysely, type Selectable } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { DB } from '../../platform/db/schema.js';
import { runAsSystem } from '../../platform/db/scope-context.js';
import { makeCalendar, type WorkCalendar } from './calendar.js';
import { DEFAULT_CATEGORIES } from './defaults.js';
import type { CategoryRow } from './sla.js';
import type { CaseRoutingRulesTable, CaseSettingsTable } from './tables.js';

const CACHE_MS = 30_000;

export type RuleRow = Selectable<CaseRoutingRulesTable>;
export type SettingsRow = Selectable<CaseSettingsTable>;

export interface TenantConfig {
  tenantCode: string;
  categories: CategoryRow[];
  rules: RuleRow[];
  settings: SettingsRow;
  calendar: WorkCalendar;
  calendarDays: Array<{ day: string; kind: 'holiday' | 'workday'; name: string | null }>;
}

const cache = new Map<string, { at: number; config: Promise<TenantConfig> }>();

export function invalidateCaseConfig(tenantCode?: string) {
  if (tenantCode) cache.delete(tenantCode);
  else cache.clear();
}

const DEFAULT_SETTINGS = (tenantCode: string): SettingsRow => ({
  tenant_code: tenantCode, duplicate_radius_m: 100, recurrence_threshold: 5, recurrence_window_days: 30,
  sensitive_tags: ['elderly_alone', 'disabled', 'dibao', 'hardship', 'left_behind_child', 'distressed_child', 'mental_disorder'],
  updated_at: new Date(0),
});

async function load(db: Kysely<DB>, tenantCode: string): Promise<TenantConfig> {
  return runAsSystem(async () => {
    let categories = await db.selectFrom('case_categories').selectAll().where('tenant_code', '=', tenantCode).orderBy('sort').orderBy('code').execute();
    if (categories.length === 0) {
      // a street created after start-up gets the defaults the first time it is used
      await ensureDefaultCaseConfig(db, [tenantCode]);
      categories = await db.selectFrom('case_categories').selectAll().where('tenant_code', '=', tenantCode).orderBy('sort').orderBy('code').execute();
    }
    const [rules, settings, days] = await Promise.all([
      db.selectFrom('case_routing_rules').selectAll().where('tenant_code', '=', tenantCode).where('active', '=', true)
        .orderBy('priority').orderBy('created_at').execute(),
      db.selectFrom('case_settings').selectAll().where('tenant_code', '=', tenantCode).executeTakeFirst(),
      db.selectFrom('case_calendar_days').select([sql<string>`to_char(day, 'YYYY-MM-DD')`.as('day'), 'kind', 'name'])
        .where('tenant_code', '=', tenantCode).orderBy('day').execute(),
    ]);
    return {
      tenantCode, categories, rules, settings: settings ?? DEFAULT_SETTINGS(tenantCode),
      calendar: makeCalendar(days), calendarDays: days,
    };
  });
}

export function tenantConfig(db: Kysely<DB>, tenantCode: string, now = Date.now()): Promise<TenantConfig> {
  const hit = cache.get(tenantCode);
  if (hit && now - hit.at < CACHE_MS) return hit.config;
  const config = load(db, tenantCode);
  cache.set(tenantCode, { at: now, config });
  config.catch(() => cache.delete(tenantCode));
  return config;
}

/** The category and its ancestors' ids (routing rules on a parent apply to its children). */
export function categoryLineage(categories: CategoryRow[], id: string): string[] {
  const byId = new Map(categories.map((c) => [c.id, c]));
  const out: string[] = [];
  let cur = byId.get(id);
  while (cur && !out.includes(cur.id)) {
    out.push(cur.id);
    cur = cur.parent_id ? byId.get(cur.parent_id) : undefined;
  }
  return out;
}

/**
 * Seeds the default categories and settings for every street (or the given ones) that lacks
 * them. Idempotent; the lead calls it at start-up, and a new street gets them on first use.
 */
export async function ensureDefaultCaseConfig(db: Kysely<DB>, tenantCodes?: string[]): Promise<void> {
  await runAsSystem(async () => {
    const tenants = tenantCodes ?? (await db.selectFrom('org_units').select('code').where('kind', '=', 'street').where('status', '=', 'active').execute())
      .map((r) => r.code);
    for (const tenant of tenants) {
      await db.insertInto('case_categories').values(DEFAULT_CATEGORIES.map((c, i) => ({
        tenant_code: tenant, id: uuidv7(), parent_id: null, code: c.code, name_zh: c.zh, name_en: c.en, sort: (i + 1) * 10,
        accept_limit: c.accept[0], accept_red: c.accept[1], accept_unit: c.accept[2],
        respond_limit: c.respond[0], respond_unit: c.respond[1],
        handle_limit: c.handle[0], handle_red: c.handle[1], handle_unit: c.handle[2],
        verify_limit: c.verify[0], verify_unit: c.verify[1], escalate_on_red: c.escalateOnRed ?? false,
      }))).onConflict((oc) => oc.columns(['tenant_code', 'code']).doNothing()).execute();
      await db.insertInto('case_settings').values({ tenant_code: tenant }).onConflict((oc) => oc.column('tenant_code').doNothing()).execute();
      invalidateCaseConfig(tenant);
    }
  });
}
