import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../../../platform/context.js';
import { actorOf, withAccess } from '../../../../platform/auth/access.js';
import { recordAudit } from '../../../../platform/audit/audit.js';
import { configSchema, drillQuerySchema, indicatorQuerySchema } from './schema.js';
import { drillDown, getConfig, indicatorTable, putConfig, resolveOrg } from './service.js';
import { indicatorWorkbook } from './export.js';

const tags = ['indicators'];

export function indicatorRoutes(base: FastifyInstance, ctx: AppContext) {
  const app = base.withTypeProvider<ZodTypeProvider>();

  app.get('/api/indicators', { schema: { tags, summary: '考评指标表 Indicator table', querystring: indicatorQuerySchema } },
    (req) => withAccess(ctx, req, 'indicator.read', (p) => indicatorTable(ctx, p, req.query)));

  app.get('/api/indicators/cases', { schema: { tags, summary: '指标下钻：数字背后的工单 Drill-down', querystring: drillQuerySchema } },
    (req) => withAccess(ctx, req, 'indicator.read', (p) => drillDown(ctx, p, req.query)));

  app.get('/api/indicators/export.xlsx', { schema: { tags, summary: '导出考评指标（Excel）Export', querystring: indicatorQuerySchema } },
    (req, reply) => withAccess(ctx, req, 'indicator.read', async (p) => {
      const table = await indicatorTable(ctx, p, req.query);
      const buf = await indicatorWorkbook(table);
      const org = await resolveOrg(ctx.db, p, req.query.orgId);
      await recordAudit(ctx.db, {
        action: 'indicator.export', actor: actorOf(p), tenantCode: org.tenant_code, path: org.path, ip: req.ip,
        objectType: 'org_unit', objectId: org.id, objectLabel: org.name, detail: { from: req.query.from, to: req.query.to, groupBy: req.query.groupBy },
      });
      return reply
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename="indicators-${req.query.from}-${req.query.to}.xlsx"`)
        .send(buf);
    }));

  app.get('/api/indicators/config', { schema: { tags, summary: '指标口径与权重 Indicator settings', querystring: z.object({ orgId: z.uuid().optional() }) } },
    (req) => withAccess(ctx, req, 'indicator.read', (p) => getConfig(ctx, p, req.query.orgId)));

  app.put('/api/indicators/config', { schema: { tags, summary: '修改指标权重 Change indicator settings', body: configSchema } },
    (req) => withAccess(ctx, req, 'case.config', (p) => putConfig(ctx, p, req.body, req.ip)));
}
