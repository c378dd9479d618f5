import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { ModuleRoutes } from '../../platform/http/app.js';
import { withAccess } from '../../platform/auth/access.js';
import { idempotent } from '../../platform/http/idempotency.js';
import { idParams } from '../orgs/schema.js';
import { createStaffSchema, gridLinksSchema, staffQuerySchema, updateStaffSchema } from './schema.js';
import { createStaff, deactivateStaff, getStaff, listStaff, setGridLinks, unmaskStaffMobile, updateStaff } from './service.js';

const tags = ['staff'];

export const staffRoutes: ModuleRoutes = (base, ctx) => {
  const app = base.withTypeProvider<ZodTypeProvider>();
  app.get('/api/staff', { schema: { tags, summary: '工作人员列表 Staff', querystring: staffQuerySchema } },
    (req) => withAccess(ctx, req, 'staff.read', (p) => listStaff(ctx, p, req.query)));
  app.get('/api/staff/:id', { schema: { tags, summary: '工作人员 Staff member', params: idParams } },
    (req) => withAccess(ctx, req, 'staff.read', (p) => getStaff(ctx, p, req.params.id)));
  app.post('/api/staff', { schema: { tags, summary: '新增工作人员 Create staff', body: createStaffSchema } },
    (req, reply) => withAccess(ctx, req, 'staff.write', (p) => idempotent(ctx, req, reply, 201, () => createStaff(ctx, p, req.body, req.ip))));
  app.patch('/api/staff/:id', { schema: { tags, summary: '修改工作人员 Update staff', params: idParams, body: updateStaffSchema } },
    (req) => withAccess(ctx, req, 'staff.write', (p) => updateStaff(ctx, p, req.params.id, req.body, req.ip)));
  app.delete('/api/staff/:id', { schema: { tags, summary: '停用工作人员 Deactivate staff', params: idParams } },
    (req) => withAccess(ctx, req, 'staff.write', (p) => deactivateStaff(ctx, p, req.params.id, req.ip)));
  app.put('/api/staff/:id/grids', { schema: { tags, summary: '分配网格 Set grid links', params: idParams, body: gridLinksSchema } },
    (req) => withAccess(ctx, req, 'staff.write', (p) => setGridLinks(ctx, p, req.params.id, req.body, req.ip)));
  app.post('/api/staff/:id/unmask', { schema: { tags, summary: '查看完整手机号（留痕）Unmask mobile (audited)', params: idParams } },
    (req) => withAccess(ctx, req, 'personal.unmask', (p) => unmaskStaffMobile(ctx, p, req.params.id, req.ip)));
};
