import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { ModuleRoutes } from '../../platform/http/app.js';
import { withAccess } from '../../platform/auth/access.js';
import { idempotent } from '../../platform/http/idempotency.js';
import {
  addMemberSchema, addTenantSchema, createEntitySchema, createHouseholdSchema, createRentalSchema, endRentalSchema, entityQuerySchema,
  householdQuerySchema, idParams, rentalQuerySchema, setHeadSchema, updateEntitySchema,
} from './schema.js';
import { addMember, createHousehold, getHousehold, listHouseholds, setHead } from './households.service.js';
import { addTenant, createRental, endRental, getRental, listRentals } from './rentals.service.js';
import { createEntity, getEntity, listEntities, updateEntity } from './entities.service.js';
import { completeReminder, listReminders } from './reminders.service.js';
import { withDuplicates } from './http.js';

const tags = ['registry'];

export const ledgerRoutes: ModuleRoutes = (base, ctx) => {
  const app = base.withTypeProvider<ZodTypeProvider>();
  // households
  app.get('/api/registry/households', { schema: { tags, summary: '户列表 Households', querystring: householdQuerySchema } },
    (req) => withAccess(ctx, req, 'registry.read', (p) => listHouseholds(ctx, p, req.query)));
  app.post('/api/registry/households', { schema: { tags, summary: '登记户 Create household', body: createHouseholdSchema } },
    (req, reply) => withAccess(ctx, req, 'registry.write', (p) => idempotent(ctx, req, reply, 201, () => createHousehold(ctx, p, req.body, req.ip))));
  app.get('/api/registry/households/:id', { schema: { tags, summary: '户（成员）Household with members', params: idParams } },
    (req) => withAccess(ctx, req, 'registry.read', (p) => getHousehold(ctx, p, req.params.id)));
  app.post('/api/registry/households/:id/members', { schema: { tags, summary: '加入成员 Add member', params: idParams, body: addMemberSchema } },
    (req) => withAccess(ctx, req, 'registry.write', (p) => addMember(ctx, p, req.params.id, req.body)));
  app.put('/api/registry/households/:id/head', { schema: { tags, summary: '设置户主 Set head', params: idParams, body: setHeadSchema } },
    (req) => withAccess(ctx, req, 'registry.write', (p) => setHead(ctx, p, req.params.id, req.body.personId)));
  // rentals
  app.get('/api/registry/rentals', { schema: { tags, summary: '出租房屋台账 Rental ledger', querystring: rentalQuerySchema } },
    (req) => withAccess(ctx, req, 'registry.read', (p) => listRentals(ctx, p, req.query)));
  app.post('/api/registry/rentals', { schema: { tags, summary: '登记出租房屋 Create rental', body: createRentalSchema } },
    (req, reply) => withAccess(ctx, req, 'registry.write', (p) => idempotent(ctx, req, reply, 201, () => createRental(ctx, p, req.body, req.ip))));
  app.get('/api/registry/rentals/:id', { schema: { tags, summary: '出租房屋（房间、租户）Rental', params: idParams } },
    (req) => withAccess(ctx, req, 'registry.read', (p) => getRental(ctx, p, req.params.id)));
  app.post('/api/registry/rentals/:id/tenants', { schema: { tags, summary: '登记租户 Add tenant', params: idParams, body: addTenantSchema } },
    (req) => withAccess(ctx, req, 'registry.write', (p) => addTenant(ctx, p, req.params.id, req.body)));
  app.post('/api/registry/rentals/:id/end', { schema: { tags, summary: '结束出租 End rental', params: idParams, body: endRentalSchema } },
    (req) => withAccess(ctx, req, 'registry.write', (p) => endRental(ctx, p, req.params.id, req.body.date)));
  // entities
  app.get('/api/registry/entities', { schema: { tags, summary: '实有单位 Entities', querystring: entityQuerySchema } },
    (req) => withAccess(ctx, req, 'registry.read', (p) => listEntities(ctx, p, req.query)));
  app.post('/api/registry/entities', { schema: { tags, summary: '登记单位 Create entity', body: createEntitySchema } },
    (req, reply) => withDuplicates(reply, () => withAccess(ctx, req, 'registry.write',
      (p) => idempotent(ctx, req, reply, 201, () => createEntity(ctx, p, req.body, req.ip)))));
  app.get('/api/registry/entities/:id', { schema: { tags, summary: '单位 Entity', params: idParams } },
    (req) => withAccess(ctx, req, 'registry.read', (p) => getEntity(ctx, p, req.params.id)));
  app.patch('/api/registry/entities/:id', { schema: { tags, summary: '修改单位 Update entity', params: idParams, body: updateEntitySchema } },
    (req, reply) => withDuplicates(reply, () => withAccess(ctx, req, 'registry.write', (p) => updateEntity(ctx, p, req.params.id, req.body))));
  // reminders
  app.get('/api/registry/reminders', { schema: { tags, summary: '到期提醒（居住证）Reminders' } },
    (req) => withAccess(ctx, req, 'registry.read', (p) => listReminders(ctx, p)));
  app.post('/api/registry/reminders/:id/done', { schema: { tags, summary: '提醒已处理 Reminder done', params: idParams } },
    (req) => withAccess(ctx, req, 'registry.write', (p) => completeReminder(ctx, p, req.params.id)));
};
