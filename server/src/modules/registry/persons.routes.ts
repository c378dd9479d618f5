import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { ModuleRoutes } from '../../platform/http/app.js';
import { withAccess } from '../../platform/auth/access.js';
import { idempotent } from '../../platform/http/idempotency.js';
import { createPersonSchema, floatingQuerySchema, floatingSchema, idParams, personEventSchema, personQuerySchema, unmaskSchema, updatePersonSchema } from './schema.js';
import { createPerson, getPerson, listPersons, unmaskPerson, updatePerson } from './persons.service.js';
import { applyPersonEvent } from './residence.service.js';
import { listFloating, setFloating } from './floating.service.js';
import { withDuplicates } from './http.js';

const tags = ['registry'];

export const personRoutes: ModuleRoutes = (base, ctx) => {
  const app = base.withTypeProvider<ZodTypeProvider>();
  app.get('/api/registry/persons', { schema: { tags, summary: '人员列表（筛选、列选择）Persons', querystring: personQuerySchema } },
    (req) => withAccess(ctx, req, 'registry.read', (p) => listPersons(ctx, p, req.query)));
  app.post('/api/registry/persons', { schema: { tags, summary: '登记人员 Register person', body: createPersonSchema } },
    (req, reply) => withDuplicates(reply, () => withAccess(ctx, req, 'registry.write',
      (p) => idempotent(ctx, req, reply, 201, () => createPerson(ctx, p, req.body, { ip: req.ip })))));
  app.get('/api/registry/persons/:id', { schema: { tags, summary: '人员详情（基本、居住、户、标签、流动、变更）Person with tabs', params: idParams } },
    (req) => withAccess(ctx, req, 'registry.read', (p) => getPerson(ctx, p, req.params.id)));
  app.patch('/api/registry/persons/:id', { schema: { tags, summary: '修改人员 Update person', params: idParams, body: updatePersonSchema } },
    (req, reply) => withDuplicates(reply, () => withAccess(ctx, req, 'registry.write', (p) => updatePerson(ctx, p, req.params.id, req.body, req.ip))));
  app.post('/api/registry/persons/:id/events', { schema: { tags, summary: '迁入、迁出、死亡、外住、返回 Residence events', params: idParams, body: personEventSchema } },
    (req) => withAccess(ctx, req, 'registry.write', (p) => applyPersonEvent(ctx, p, req.params.id, req.body, req.ip)));
  app.put('/api/registry/persons/:id/floating', { schema: { tags, summary: '流动人口信息 Floating-population data', params: idParams, body: floatingSchema } },
    (req) => withAccess(ctx, req, 'registry.write', (p) => setFloating(ctx, p, req.params.id, req.body)));
  app.post('/api/registry/persons/:id/unmask', { schema: { tags, summary: '查看完整身份号码或电话（留痕）Unmask (audited)', params: idParams, body: unmaskSchema } },
    (req) => withAccess(ctx, req, 'personal.unmask', (p) => unmaskPerson(ctx, p, req.params.id, req.body.field, req.ip)));
  app.get('/api/registry/floating', { schema: { tags, summary: '流动人口台账 Floating population', querystring: floatingQuerySchema } },
    (req) => withAccess(ctx, req, 'registry.read', (p) => listFloating(ctx, p, req.query)));
};
