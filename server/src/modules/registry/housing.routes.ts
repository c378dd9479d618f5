import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { ModuleRoutes } from '../../platform/http/app.js';
import { withAccess } from '../../platform/auth/access.js';
import { idempotent } from '../../platform/http/idempotency.js';
import { buildingQuerySchema, createBuildingSchema, createRoomSchema, createUnitSchema, idParams, updateBuildingSchema, updateRoomSchema } from './schema.js';
import { createBuilding, createRoom, createUnit, getBuilding, getRoom, listBuildings, updateBuilding, updateRoom } from './housing.service.js';

const tags = ['registry'];

export const housingRoutes: ModuleRoutes = (base, ctx) => {
  const app = base.withTypeProvider<ZodTypeProvider>();
  app.get('/api/registry/buildings', { schema: { tags, summary: '楼栋列表 Buildings', querystring: buildingQuerySchema } },
    (req) => withAccess(ctx, req, 'registry.read', (p) => listBuildings(ctx, p, req.query)));
  app.post('/api/registry/buildings', { schema: { tags, summary: '登记楼栋 Create building', body: createBuildingSchema } },
    (req, reply) => withAccess(ctx, req, 'registry.write', (p) => idempotent(ctx, req, reply, 201, () => createBuilding(ctx, p, req.body, req.ip))));
  app.get('/api/registry/buildings/:id', { schema: { tags, summary: '楼栋（单元、房屋）Building with units and rooms', params: idParams } },
    (req) => withAccess(ctx, req, 'registry.read', (p) => getBuilding(ctx, p, req.params.id)));
  app.patch('/api/registry/buildings/:id', { schema: { tags, summary: '修改楼栋 Update building', params: idParams, body: updateBuildingSchema } },
    (req) => withAccess(ctx, req, 'registry.write', (p) => updateBuilding(ctx, p, req.params.id, req.body)));
  app.post('/api/registry/buildings/:id/units', { schema: { tags, summary: '新增单元 Add unit', params: idParams, body: createUnitSchema } },
    (req, reply) => withAccess(ctx, req, 'registry.write', (p) => idempotent(ctx, req, reply, 201, () => createUnit(ctx, p, req.params.id, req.body.unitNo))));
  app.post('/api/registry/rooms', { schema: { tags, summary: '登记房屋 Create room', body: createRoomSchema } },
    (req, reply) => withAccess(ctx, req, 'registry.write', (p) => idempotent(ctx, req, reply, 201, () => createRoom(ctx, p, req.body))));
  app.get('/api/registry/rooms/:id', { schema: { tags, summary: '房屋（住户）Room with residents', params: idParams } },
    (req) => withAccess(ctx, req, 'registry.read', (p) => getRoom(ctx, p, req.params.id)));
  app.patch('/api/registry/rooms/:id', { schema: { tags, summary: '修改房屋（状态）Update room', params: idParams, body: updateRoomSchema } },
    (req) => withAccess(ctx, req, 'registry.write', (p) => updateRoom(ctx, p, req.params.id, req.body)));
};
