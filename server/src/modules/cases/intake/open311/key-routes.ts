import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../../../platform/context.js';
import { withAccess } from '../../../../platform/auth/access.js';
import { idParams } from '../../schema.js';
import { issueKeySchema, issueKey, listKeys, revokeKey } from './keys.js';

const tags = ['open311'];

/** Staff manage the Open311 clients' keys (open311.manage); every issue and revocation is audited. */
export function open311KeyRoutes(base: FastifyInstance, ctx: AppContext) {
  const app = base.withTypeProvider<ZodTypeProvider>();
  app.get('/api/open311/keys', { schema: { tags, summary: '开放接口密钥列表 Open311 API keys' } },
    (req) => withAccess(ctx, req, 'open311.manage', (p) => listKeys(ctx, p)));
  app.post('/api/open311/keys', { schema: { tags, summary: '签发开放接口密钥（仅显示一次）Issue an Open311 API key (shown once)', body: issueKeySchema } },
    // No Idempotency-Key here on purpose: a replay store would keep the plaintext key, which is shown once and stored only hashed.
    (req, reply) => withAccess(ctx, req, 'open311.manage', async (p) => {
      const key = await issueKey(ctx, p, req.body, req.ip);
      reply.status(201);
      return key;
    }));
  app.delete('/api/open311/keys/:id', { schema: { tags, summary: '吊销开放接口密钥 Revoke an Open311 API key', params: idParams } },
    (req) => withAccess(ctx, req, 'open311.manage', (p) => revokeKey(ctx, p, req.params.id, req.ip)));
}
