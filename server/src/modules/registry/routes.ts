import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { ModuleRoutes } from '../../platform/http/app.js';
import { withAccess } from '../../platform/auth/access.js';
import { searchQuerySchema } from './schema.js';
import { CODE_TABLES } from './codes.js';
import { SEARCH_KINDS, searchRegistry, type SearchKind } from './search.js';
import { housingRoutes } from './housing.routes.js';
import { personRoutes } from './persons.routes.js';
import { ledgerRoutes } from './ledgers.routes.js';
import { tagRoutes } from './tags.routes.js';

const tags = ['registry'];

/** Routes of the registry (一标三实): housing, persons, households, rentals, entities, tags, search. */
export const registryRoutes: ModuleRoutes = async (base, ctx) => {
  const app = base.withTypeProvider<ZodTypeProvider>();
  app.get('/api/registry/codes', { schema: { tags, summary: '国家标准代码表 Code tables (GB/T 2261.1, 3304, 4762, 4658, 2261.2)' } },
    (req) => withAccess(ctx, req, 'registry.read', async () => CODE_TABLES));
  app.get('/api/registry/search', { schema: { tags, summary: '综合搜索（姓名、拼音、身份证后几位、电话、地址）Search', querystring: searchQuerySchema } },
    (req) => withAccess(ctx, req, 'registry.read', (p) => {
      const kinds = req.query.kinds ? req.query.kinds.split(',').filter((k): k is SearchKind => (SEARCH_KINDS as string[]).includes(k)) : SEARCH_KINDS;
      return searchRegistry(ctx, p, req.query.q, req.query.limit, kinds);
    }));
  await housingRoutes(base, ctx);
  await personRoutes(base, ctx);
  await ledgerRoutes(base, ctx);
  await tagRoutes(base, ctx);
};
