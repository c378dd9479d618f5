import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { ModuleRoutes } from '../../platform/http/app.js';
import { withAccess } from '../../platform/auth/access.js';
import { idempotent } from '../../platform/http/idempotency.js';
import { createOrgSchema, idParams, moveOrgSchema, splitOrgSchema, updateOrgSchema } from './schema.js';
import { createOrg, gridList, moveOrg, orgDetail, orgHistory, orgTree, retireOrg, splitOrg, updateOrg } from './service.js';

const tags = ['orgs'];

export const orgRoutes: ModuleRoutes = (base, ctx) => {
  const app = base.withTypeProvider<ZodTypeProvider>();

  app.get('/api/orgs/tree', {
    schema: { tags, summary: '组织树 Org tree of my scope', querystring: z.object({ includeRetired: z.stringbool().optional() }) },
  }, (req) => withAccess(ctx, req, 'org.read', (p) => orgTree(ctx, p, req.query.includeRetired ?? false)));

  app.get('/api/orgs/:id', { schema: { tags, summary: '组织详情 Org unit', params: idParams } },
    (req) => withAccess(ctx, req, 'org.read', (p) => orgDetail(ctx, p, req.params.id)));

  app.post('/api/orgs', { schema: { tags, summary: '新建组织或网格 Create org unit or grid', body: createOrgSchema } },
    (req, reply) => withAccess(ctx, req, 'org.write', (p) => idempotent(ctx, req, reply, 201, () => createOrg(ctx, p, req.body, req.ip))));

  app.patch('/api/orgs/:id', { schema: { tags, summary: '修改 Update org unit', params: idParams, body: updateOrgSchema } },
    (req) => withAccess(ctx, req, 'org.write', (p) => updateOrg(ctx, p, req.params.id, req.body, req.ip)));

  app.post('/api/orgs/:id/move', { schema: { tags, summary: '移动 Move org unit', params: idParams, body: moveOrgSchema } },
    (req) => withAccess(ctx, req, 'org.write', (p) => moveOrg(ctx, p, req.params.id, req.body.newParentId, req.ip)));

  app.post('/api/orgs/:id/split', { schema: { tags, summary: '拆分网格 Split grid', params: idParams, body: splitOrgSchema } },
    (req, reply) => withAccess(ctx, req, 'org.write', (p) => idempotent(ctx, req, reply, 201, () => splitOrg(ctx, p, req.params.id, req.body, req.ip))));

  app.delete('/api/orgs/:id', { schema: { tags, summary: '撤销 Retire org unit', params: idParams } },
    (req) => withAccess(ctx, req, 'org.write', (p) => retireOrg(ctx, p, req.params.id, req.ip)));

  app.get('/api/orgs/:id/history', { schema: { tags, summary: '变更历史 History', params: idParams } },
    (req) => withAccess(ctx, req, 'org.read', (p) => orgHistory(ctx, p, req.params.id)));

  app.get('/api/grids', {
    schema: { tags, summary: '网格列表 Grids of a street or community', querystring: z.object({ orgId: z.uuid().optional() }) },
  }, (req) => withAccess(ctx, req, 'org.read', (p) => gridList(ctx, p, req.query.orgId)));
};
