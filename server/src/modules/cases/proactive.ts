/**
 * Proactive discovery (未诉先办): the system raises a case for the community when
 *  - the same category recurs in one grid or one building beyond the street's threshold
 *    within its window (每月一题-style recurring problems), or
 *  - a case of a resident with a sensitive tag (elderly living alone, 低保, …) stays open past
 *    its handling deadline.
 * The raised case cites the cases behind it (source_case_ids). A mark per pattern, claimed
 * before raising, makes this at-most-once per window even with several instances.
 */
import { sql } from 'kysely';
import type { AppContext } from '../../platform/context.js';
import { runAsSystem } from '../../platform/db/scope-context.js';
import { OPEN_STATES, SYSTEM_ACTOR } from './state-machine.js';
import { createCase } from './service.js';
import { tenantConfig } from './config.js';
import { orgNames } from './repo.js';

const DAY_MS = 86_400_000;

async function claimMark(ctx: AppContext, tenant: string, key: string, now: Date, windowDays: number | null): Promise<boolean> {
  const again = windowDays === null ? sql<boolean>`false` : sql<boolean>`case_proactive_marks.raised_at < ${new Date(now.getTime() - windowDays * DAY_MS)}`;
  const row = await runAsSystem(() => ctx.db.insertInto('case_proactive_marks').values({ tenant_code: tenant, key, raised_at: now, case_id: null })
    .onConflict((oc) => oc.columns(['tenant_code', 'key']).doUpdateSet({ raised_at: now, case_id: null }).where(again))
    .returning('key').executeTakeFirst());
  return !!row;
}

async function raise(ctx: AppContext, tenant: string, key: string, now: Date, input: {
  categoryId: string; title: string; description: string; gridId: string | null; communityId: string | null; sources: string[];
}) {
  const created = await createCase(ctx, { ...SYSTEM_ACTOR, tenantCode: tenant }, {
    channel: 'proactive', category: input.categoryId, title: input.title, description: input.description,
    location: input.gridId ? { gridId: input.gridId } : { streetCode: tenant }, reporter: { name: '系统（未诉先办）' },
  }, { now, sourceCaseIds: input.sources, ...(input.communityId ? { dispatchTo: input.communityId } : {}) });
  await runAsSystem(() => ctx.db.updateTable('case_proactive_marks').set({ case_id: created.case.id }).where('tenant_code', '=', tenant).where('key', '=', key).execute());
  return created;
}

export async function runProactiveDiscovery(ctx: AppContext, now: Date): Promise<{ raised: number }> {
  let raised = 0;
  const tenants = await runAsSystem(() => ctx.db.selectFrom('case_settings').selectAll().execute());
  for (const s of tenants) {
    const cfg = await tenantConfig(ctx.db, s.tenant_code);
    const since = new Date(now.getTime() - s.recurrence_window_days * DAY_MS);
    for (const by of ['grid_id', 'building_id'] as const) {
      const groups = await runAsSystem(() => ctx.db.selectFrom('cases')
        .select([by, 'category_id', sql<string[]>`array_agg(id ORDER BY created_at)`.as('ids'), sql<string[]>`array_agg(number ORDER BY created_at)`.as('numbers'),
          sql<string | null>`min(grid_id::text)`.as('grid'), sql<string | null>`min(community_id::text)`.as('community')])
        .where('tenant_code', '=', s.tenant_code).where('created_at', '>=', since).where('created_at', '<=', now)
        .where('channel', '!=', 'proactive').where('state', 'not in', ['rejected', 'merged']).where(by, 'is not', null)
        .groupBy([by, 'category_id']).having(sql<number>`count(*)`, '>=', s.recurrence_threshold).execute());
      for (const g of groups) {
        const place = g[by] as string;
        const key = `recurring:${by === 'grid_id' ? 'grid' : 'building'}:${place}:${g.category_id}`;
        if (!(await claimMark(ctx, s.tenant_code, key, now, s.recurrence_window_days))) continue;
        const cat = cfg.categories.find((c) => c.id === g.category_id);
        const names = await orgNames(ctx.db, [g.grid]);
        const where = by === 'grid_id' ? names.get(place)?.name ?? '网格' : `${names.get(g.grid ?? '')?.name ?? ''}同一楼栋`;
        await raise(ctx, s.tenant_code, key, now, {
          categoryId: g.category_id, gridId: g.grid, communityId: g.community, sources: g.ids,
          title: `未诉先办：${where}“${cat?.name_zh ?? ''}”问题${s.recurrence_window_days}天内反复出现${g.ids.length}次`,
          description: `系统发现同类诉求反复出现，请社区主动排查根源。相关工单：${g.numbers.join('、')}`,
        });
        raised++;
      }
    }
    // sensitive-tag residents whose case is open past its handling deadline
    const late = await runAsSystem(() => ctx.db.selectFrom('cases').select(['id', 'number', 'category_id', 'grid_id', 'community_id', 'title'])
      .where('tenant_code', '=', s.tenant_code).where('state', 'in', [...OPEN_STATES]).where('handle_due', '<', now)
      .where('channel', '!=', 'proactive').where(sql<boolean>`reporter_tags && ${s.sensitive_tags}::text[]`).limit(500).execute());
    for (const c of late) {
      const key = `sensitive:${c.id}`;
      if (!(await claimMark(ctx, s.tenant_code, key, now, null))) continue;
      await raise(ctx, s.tenant_code, key, now, {
        categoryId: c.category_id, gridId: c.grid_id, communityId: c.community_id, sources: [c.id],
        title: `未诉先办：重点关爱对象诉求超期未办结（${c.number}）`,
        description: `重点关爱对象的诉求“${c.title}”已超过办理时限仍未办结，请社区主动上门了解情况。`,
      });
      raised++;
    }
  }
  return { raised };
}
