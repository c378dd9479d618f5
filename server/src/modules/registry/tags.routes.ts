import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { ModuleRoutes } from '../../platform/http/app.js';
import { withAccess } from '../../platform/auth/access.js';
import { addTagSchema, codeParams, endTagSchema, idParams, tagParams, tagTypeSchema, updateTagSchema, updateTagTypeSchema } from './schema.js';
import { addTag, createTagType, endTag, listTagTypes, updateTag, updateTagType } from './tags.service.js';

const tags = ['registry'];

export const tagRoutes: ModuleRoutes = (base, ctx) => {
  const app = base.withTypeProvider<ZodTypeProvider>();
  app.get('/api/registry/tag-types', { schema: { tags, summary: '标签类型 Tag types' } },
    (req) => withAccess(ctx, req, 'registry.read', (p) => listTagTypes(ctx, p)));
  app.post('/api/registry/tag-types', { schema: { tags, summary: '新增标签类型 Create tag type', body: tagTypeSchema } },
    (req, reply) => withAccess(ctx, req, 'tag.manage', async (p) => { reply.status(201); return createTagType(ctx, p, req.body, req.ip); }));
  app.patch('/api/registry/tag-types/:code', { schema: { tags, summary: '修改标签类型（敏感、可见角色）Update tag type', params: codeParams, body: updateTagTypeSchema } },
    (req) => withAccess(ctx, req, 'tag.manage', (p) => updateTagType(ctx, p, req.params.code, req.body, req.ip)));
  app.post('/api/registry/persons/:id/tags', { schema: { tags, summary: '添加标签 Add tag', params: idParams, body: addTagSchema } },
    (req, reply) => withAccess(ctx, req, 'registry.write', async (p) => { const t = await addTag(ctx, p, req.params.id, req.body, req.ip); reply.status(t.existing ? 200 : 201); return t; }));
  app.patch('/api/registry/persons/:id/tags/:tagId', { schema: { tags, summary: '修改标签（等级、原因、责任人）Update tag', params: tagParams, body: updateTagSchema } },
    (req) => withAccess(ctx, req, 'registry.write', (p) => updateTag(ctx, p, req.params.id, req.params.tagId, req.body)));
  app.post('/api/registry/persons/:id/tags/:tagId/end', { schema: { tags, summary: '结束标签 End tag', params: tagParams, body: endTagSchema } },
    (req) => withAccess(ctx, req, 'registry.write', (p) => endTag(ctx, p, req.params.id, req.params.tagId, req.body)));
};
