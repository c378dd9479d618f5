import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../../../platform/context.js';
import { withAccess } from '../../../../platform/auth/access.js';
import { runAsSystem } from '../../../../platform/db/scope-context.js';
import { AppError, notFound } from '../../../../platform/http/errors.js';
import { idempotent } from '../../../../platform/http/idempotency.js';
import { RateLimiter } from '../../../auth/rate-limit.js';
import { tenantConfig } from '../../config.js';
import { idParams } from '../../schema.js';
import { reporterAttachment } from '../../resident.js';
import { anonymousReportSchema, categoriesQuerySchema, lookupSchema, ratingSchema, residentReportSchema } from './schema.js';
import { anonymousReport, lookupCase, myCase, myCases, rateMyCase, residentReport } from './service.js';

const tags = ['portal'];
/** Photos travel inline: up to 4 images of 5 MB, base64 (× 4/3). */
const PHOTO_BODY_LIMIT = 30 * 1024 * 1024;

const tooMany = () => new AppError(429, 'rate_limited', 'Too many reports from this address, try again later', '提交过于频繁，请稍后再试');

export function portalRoutes(base: FastifyInstance, ctx: AppContext) {
  const app = base.withTypeProvider<ZodTypeProvider>();
  // Per client address, in memory (per instance): enough to stop a script flooding the anonymous form.
  const reportLimiter = new RateLimiter(Number(process.env.ANON_REPORTS_PER_HOUR ?? 5), 3600_000);
  const lookupLimiter = new RateLimiter(30, 600_000);
  const limit = (limiter: RateLimiter, req: FastifyRequest) => {
    if (!limiter.hit(req.ip)) throw tooMany();
  };

  app.get('/api/portal/categories', {
    schema: { tags, summary: '可反映的事项分类 Categories residents can report', security: [], querystring: categoriesQuerySchema },
  }, (req) => runAsSystem(async () => {
    const code = req.query.gridCode ?? req.query.communityCode;
    let tenant = req.query.streetCode;
    if (!tenant && code) {
      tenant = (await ctx.db.selectFrom('org_units').select('tenant_code').where('code', '=', code).where('status', '=', 'active').executeTakeFirst())?.tenant_code;
    }
    if (!tenant) throw notFound('Street', '街道');
    const cfg = await tenantConfig(ctx.db, tenant);
    return { items: cfg.categories.filter((c) => c.active).map((c) => ({ id: c.id, code: c.code, nameZh: c.name_zh, nameEn: c.name_en, parentId: c.parent_id })) };
  }));

  app.post('/api/portal/cases', { bodyLimit: PHOTO_BODY_LIMIT, schema: { tags, summary: '居民提交诉求 Report (resident)', body: residentReportSchema } },
    (req, reply) => withAccess(ctx, req, 'case.report', (p) => idempotent(ctx, req, reply, 201, () => residentReport(ctx, p, req.body, req.ip))));

  app.get('/api/portal/cases', { schema: { tags, summary: '我的诉求 My cases' } },
    (req) => withAccess(ctx, req, 'case.report', (p) => myCases(ctx, p)));

  app.get('/api/portal/cases/:id', { schema: { tags, summary: '诉求进度 My case with its timeline', params: idParams } },
    (req) => withAccess(ctx, req, 'case.report', (p) => myCase(ctx, p, req.params.id)));

  app.get('/api/portal/cases/:id/attachments/:attachmentId', {
    schema: { tags, summary: '我的诉求的照片 A photo of my case', params: z.object({ id: z.uuid(), attachmentId: z.uuid() }) },
  }, (req, reply) => withAccess(ctx, req, 'case.report', async (p) => {
    // only a photo of a case this resident reported; anything else is "not found", never "forbidden"
    const a = p.userId ? await reporterAttachment(ctx, p.userId, req.params.id, req.params.attachmentId) : null;
    if (!a) throw notFound('Attachment', '附件');
    return reply.type(a.mime).header('cache-control', 'private, max-age=3600').header('content-disposition', 'inline')
      .header('x-content-type-options', 'nosniff').send(a.bytes);
  }));

  app.post('/api/portal/cases/:id/rating', { schema: { tags, summary: '评价办理结果（回访）Rate the outcome', params: idParams, body: ratingSchema } },
    (req) => withAccess(ctx, req, 'case.report', (p) => rateMyCase(ctx, p, req.params.id, req.body, req.ip)));

  app.post('/api/portal/anonymous/cases', {
    bodyLimit: PHOTO_BODY_LIMIT,
    schema: { tags, summary: '免登录提交诉求（留手机号）Report without an account', security: [], body: anonymousReportSchema },
  }, (req, reply) => idempotent(ctx, req, reply, 201, async () => {
    // counted inside idempotent(): a replayed answer does not use up the allowance
    limit(reportLimiter, req);
    return anonymousReport(ctx, req.body, req.ip);
  }));

  app.post('/api/portal/lookup', { schema: { tags, summary: '凭编号和查询码查询进度 Look a case up by number and code', security: [], body: lookupSchema } },
    (req) => {
      limit(lookupLimiter, req);
      return lookupCase(ctx, req.body.number, req.body.code);
    });
}
