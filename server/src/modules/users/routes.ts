import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { ModuleRoutes } from '../../platform/http/app.js';
import { withAccess } from '../../platform/auth/access.js';
import { idempotent } from '../../platform/http/idempotency.js';
import { idParams } from '../orgs/schema.js';
import { createUserSchema, resetPasswordSchema, roleParams, updateRoleSchema, updateUserSchema, userQuerySchema } from './schema.js';
import { createUser, getUser, listPermissions, listRoles, listUsers, resetPassword, revokeSessions, updateRole, updateUser } from './service.js';

const tags = ['users'];

export const userRoutes: ModuleRoutes = (base, ctx) => {
  const app = base.withTypeProvider<ZodTypeProvider>();
  app.get('/api/users', { schema: { tags, summary: '用户列表 Users', querystring: userQuerySchema } },
    (req) => withAccess(ctx, req, 'user.read', (p) => listUsers(ctx, p, req.query)));
  app.get('/api/users/:id', { schema: { tags, summary: '用户 User', params: idParams } },
    (req) => withAccess(ctx, req, 'user.read', (p) => getUser(ctx, p, req.params.id)));
  app.post('/api/users', { schema: { tags, summary: '新建用户 Create user', body: createUserSchema } },
    (req, reply) => withAccess(ctx, req, 'user.write', (p) => idempotent(ctx, req, reply, 201, () => createUser(ctx, p, req.body, req.ip))));
  app.patch('/api/users/:id', { schema: { tags, summary: '修改用户 Update user', params: idParams, body: updateUserSchema } },
    (req) => withAccess(ctx, req, 'user.write', (p) => updateUser(ctx, p, req.params.id, req.body, req.ip)));
  app.post('/api/users/:id/password', { schema: { tags, summary: '重置密码 Reset password', params: idParams, body: resetPasswordSchema } },
    async (req, reply) => {
      await withAccess(ctx, req, 'user.write', (p) => resetPassword(ctx, p, req.params.id, req.body.password, req.ip));
      return reply.status(204).send();
    });
  app.post('/api/users/:id/revoke-sessions', { schema: { tags, summary: '注销会话 Revoke sessions', params: idParams } },
    (req) => withAccess(ctx, req, 'user.write', (p) => revokeSessions(ctx, p, req.params.id, req.ip)));

  app.get('/api/roles', { schema: { tags: ['roles'], summary: '角色 Roles' } },
    (req) => withAccess(ctx, req, 'role.read', () => listRoles(ctx)));
  app.put('/api/roles/:code', { schema: { tags: ['roles'], summary: '修改角色权限 Update role', params: roleParams, body: updateRoleSchema } },
    (req) => withAccess(ctx, req, 'role.write', (p) => updateRole(ctx, p, req.params.code, req.body.permissions, req.ip)));
  app.get('/api/permissions', { schema: { tags: ['roles'], summary: '权限 Permissions' } },
    (req) => withAccess(ctx, req, 'role.read', async () => listPermissions()));
};
