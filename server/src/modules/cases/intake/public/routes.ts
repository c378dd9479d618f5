/**
 * 诉求公开: a community's cases for everyone, no login. Anonymised by construction — the query
 * selects only number, category, state, grid and dates: no title or description (residents write
 * names and room numbers into them), no reporter, no address, no room.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { sql, type SqlBool } from 'kysely';
import { z } from 'zod';
import type { AppContext } from '../../../../platform/context.js';
import { runAsSystem } from '../../../../platform/db/scope-context.js';
import { notFound } from '../../../../platform/http/errors.js';
import { loadConfig, periodBounds } from '../indicators/service.js';
import { countCases } from '../indicators/sources.js';
import { computeRates, emptyCounts } from '../indicators/definitions.js';
import { publicStatus, STATE_LABELS } from '../states.js';
import type { CaseState } from '../../tables.js';

const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const querySchema = z.object({
  from: isoDay.optional(),
  to: isoDay.optional(),
  status: z.enum(['open', 'closed']).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});

/** Today and a year back, as Asia/Shanghai days. */
function defaultPeriod(now = new Date()): { from: string; to: string } {
  const local = new Date(now.getTime() + 8 * 3600_000);
  const to = local.toISOString().slice(0, 10);
  const back = new Date(local);
  back.setUTCFullYear(back.getUTCFullYear() - 1);
  back.setUTCDate(back.getUTCDate() + 1);
  return { from: back.toISOString().slice(0, 10), to };
}

export function publicCaseRoutes(base: FastifyInstance, ctx: AppContext) {
  const app = base.withTypeProvider<ZodTypeProvider>();

  app.get('/api/public/communities/:code/cases', {
    schema: {
      tags: ['public'], summary: '社区诉求公开 Public case list of a community', security: [],
      params: z.object({ code: z.string().regex(/^\d{12}$/) }), querystring: querySchema,
    },
  }, (req, reply) => runAsSystem(async () => {
    const community = await ctx.db.selectFrom('org_units').select(['id', 'name', 'code', 'path', 'tenant_code'])
      .where('code', '=', req.params.code).where('kind', '=', 'community').where('status', '=', 'active').executeTakeFirst();
    if (!community) throw notFound('Community', '社区');
    const period = { ...defaultPeriod(), ...Object.fromEntries(Object.entries({ from: req.query.from, to: req.query.to }).filter(([, v]) => v)) };
    const [start, end] = periodBounds(period.from, period.to);
    const where = sql<SqlBool>`c.tenant_code = ${community.tenant_code} AND c.path LIKE ${community.path + '%'}
      AND c.created_at >= ${start} AND c.created_at < ${end} AND c.state <> 'merged'`;
    const finished = sql<SqlBool>`c.state IN ('rejected','closed','called_back','archived')`;
    const listWhere = req.query.status === 'closed' ? sql<SqlBool>`${where} AND ${finished}`
      : req.query.status === 'open' ? sql<SqlBool>`${where} AND NOT ${finished}` : where;
    const [agg, cfg, list, count] = await Promise.all([
      countCases(ctx.db, where, sql<string>`'all'`),
      loadConfig(ctx.db, community.tenant_code),
      sql<{ number: string; state: CaseState; category: string | null; category_en: string | null; grid: string | null; created_at: Date; closed_at: Date | null }>`
        SELECT c.number, c.state, k.name_zh AS category, k.name_en AS category_en, g.name AS grid, c.created_at, c.closed_at
        FROM cases c LEFT JOIN case_categories k ON k.id = c.category_id LEFT JOIN org_units g ON g.id = c.grid_id
        WHERE ${listWhere} ORDER BY c.created_at DESC, c.id LIMIT ${req.query.pageSize} OFFSET ${(req.query.page - 1) * req.query.pageSize}`.execute(ctx.db),
      sql<{ n: number }>`SELECT count(*)::int AS n FROM cases c WHERE ${listWhere}`.execute(ctx.db),
    ]);
    const counts = agg[0]?.counts ?? emptyCounts();
    const rates = computeRates(counts, agg[0]?.sums ?? { sign_hours: 0, close_hours: 0 }, cfg);
    reply.header('cache-control', 'public, max-age=300');
    return {
      community: { code: community.code, name: community.name },
      period,
      received: counts.received,
      closed: counts.closed,
      rates: { response_rate: rates.response_rate, resolution_rate: rates.resolution_rate, satisfaction_rate: rates.satisfaction_rate },
      total: count.rows[0].n,
      items: list.rows.map((c) => ({
        number: c.number, category: c.category, categoryEn: c.category_en ?? c.category, gridName: c.grid, status: publicStatus(c.state), state: c.state,
        stateZh: STATE_LABELS[c.state].zh, stateEn: STATE_LABELS[c.state].en, receivedAt: c.created_at, closedAt: c.closed_at,
      })),
    };
  }));
}
