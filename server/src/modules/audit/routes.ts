import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { ModuleRoutes } from '../../platform/http/app.js';
import { withAccess } from '../../platform/auth/access.js';
import type { AppContext } from '../../platform/context.js';
import type { Principal } from '../../platform/auth/principal.js';
import { inScope } from '../../platform/db/scope-sql.js';

const auditQuerySchema = z.object({
  action: z.string().max(60).optional(),
  outcome: z.enum(['success', 'failure', 'denied']).optional(),
  actor: z.string().trim().max(50).optional(),
  objectType: z.string().max(40).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

/** The audit viewer: the rows of the caller's scope, newest first, filtered and paged. */
async function searchAudit(ctx: AppContext, p: Principal, q: z.infer<typeof auditQuerySchema>) {
  let base = ctx.db.selectFrom('audit_log').where(inScope('path', p.scopePaths));
  if (q.action) base = base.where('action', '=', q.action);
  if (q.outcome) base = base.where('outcome', '=', q.outcome);
  if (q.actor) base = base.where('actor_name', 'like', `%${q.actor.replace(/[%_\\]/g, '\\$&')}%`);
  if (q.objectType) base = base.where('object_type', '=', q.objectType);
  if (q.from) base = base.where('at', '>=', new Date(q.from));
  if (q.to) base = base.where('at', '<', new Date(q.to));
  const [rows, count] = await Promise.all([
    base.select(['seq', 'at', 'actor_name', 'action', 'outcome', 'object_type', 'object_id', 'object_label', 'ip', 'detail'])
      .orderBy('seq', 'desc').limit(q.pageSize).offset((q.page - 1) * q.pageSize).execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return {
    items: rows.map((r) => ({
      seq: r.seq, at: r.at, actorName: r.actor_name, action: r.action, outcome: r.outcome, objectType: r.object_type,
      objectId: r.object_id, objectLabel: r.object_label, ip: r.ip, detail: r.detail,
    })),
    total: count.n,
  };
}

export const auditRoutes: ModuleRoutes = (base, ctx) => {
  const app = base.withTypeProvider<ZodTypeProvider>();
  app.get('/api/audit', { schema: { tags: ['audit'], summary: '审计日志 Audit log', querystring: auditQuerySchema } },
    (req) => withAccess(ctx, req, 'audit.read', (p) => searchAudit(ctx, p, req.query)));
  app.get('/api/audit/actions', { schema: { tags: ['audit'], summary: '审计动作 Audit action names' } },
    (req) => withAccess(ctx, req, 'audit.read', async (p) => {
      const rows = await ctx.db.selectFrom('audit_log').select('action').distinct().where(inScope('path', p.scopePaths)).orderBy('action').execute();
      return { items: rows.map((r) => r.action) };
    }));
};
