import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { ModuleRoutes } from '../../platform/http/app.js';
import { withAccess } from '../../platform/auth/access.js';
import { idempotent } from '../../platform/http/idempotency.js';
import { AppError, forbidden, notFound } from '../../platform/http/errors.js';
import { runAsSystem } from '../../platform/db/scope-context.js';
import {
  actionSchema, calendarPutSchema, calendarQuerySchema, caseListQuerySchema, categorySchema, createCaseSchema, idParams,
  routingRuleSchema, settingsSchema,
} from './schema.js';
import { actOnCase, actorFromPrincipal, caseNotFound, createParsedCase, getCaseDetail, unmaskReporter } from './service.js';
import { countUnreadNotifications, inboxCounts, listCases, listNotifications, markNotificationsRead, NOTIFICATION_KINDS } from './inbox.js';
import { findDuplicates } from './duplicates.js';
import { findVisibleCase } from './repo.js';
import { tenantConfig } from './config.js';
import { MAX_ATTACHMENT_BYTES, readAttachment, storeAttachment } from './attachments.js';
import {
  createCategory, createRule, deleteRule, getCalendar, getSettings, listCategories, listRules, patchSettings, putCalendar,
  updateCategory, updateRule,
} from './config-service.js';

const tags = ['cases'];
const configTags = ['case-config'];
const IMAGE_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'application/octet-stream'];

/** Routes of the cases module: staff console API and configuration (the portal and Open311 live in intake/). */
export const caseRoutes: ModuleRoutes = (base, ctx) => {
  const app = base.withTypeProvider<ZodTypeProvider>();
  // photos arrive as the raw image body; the bytes are checked, not this header (attachments.ts)
  app.addContentTypeParser(IMAGE_TYPES, { parseAs: 'buffer', bodyLimit: MAX_ATTACHMENT_BYTES * 2 }, (_req, body, done) => done(null, body));

  app.post('/api/cases', { schema: { tags, summary: '登记工单（来电、巡查上报、上级交办）Register a case', body: createCaseSchema } },
    (req, reply) => withAccess(ctx, req, 'case.create', (p) => idempotent(ctx, req, reply, 201,
      () => createParsedCase(ctx, actorFromPrincipal(p), req.body, { ip: req.ip }))));

  app.get('/api/cases', { schema: { tags, summary: '工单列表与收件箱（待办/已办/超期/督办）Cases and inbox', querystring: caseListQuerySchema } },
    (req) => withAccess(ctx, req, 'case.read', (p) => listCases(ctx, actorFromPrincipal(p), req.query)));

  app.get('/api/cases/inbox/counts', { schema: { tags, summary: '收件箱计数 Inbox counts' } },
    (req) => withAccess(ctx, req, 'case.read', (p) => inboxCounts(ctx, actorFromPrincipal(p))));

  app.get('/api/cases/notifications', {
    schema: {
      tags, summary: '消息通知（待办/超期/督办/提醒），分页，最新在前 Notifications, paged, newest first',
      querystring: z.object({
        unread: z.stringbool().optional(),
        kind: z.enum(NOTIFICATION_KINDS).optional(),
        page: z.coerce.number().int().min(1).max(10_000).default(1),
        pageSize: z.coerce.number().int().min(1).max(100).default(20),
      }),
    },
  }, (req) => withAccess(ctx, req, 'case.read', (p) => listNotifications(ctx, actorFromPrincipal(p), req.query)));

  app.get('/api/cases/notifications/unread-count', { schema: { tags, summary: '未读消息数（菜单角标）Unread notifications count' } },
    (req) => withAccess(ctx, req, 'case.read', (p) => countUnreadNotifications(ctx, actorFromPrincipal(p))));

  app.post('/api/cases/notifications/read', {
    schema: {
      tags, summary: '标记已读（指定消息，或全部/某类全部）Mark read (these, or all of a kind)',
      body: z.union([
        z.object({ ids: z.array(z.uuid()).min(1).max(500) }),
        z.object({ all: z.literal(true), kind: z.enum(NOTIFICATION_KINDS).optional() }),
      ]),
    },
  }, (req) => withAccess(ctx, req, 'case.read', (p) => markNotificationsRead(ctx, actorFromPrincipal(p),
    'ids' in req.body ? req.body.ids : { all: true, kind: req.body.kind })));

  app.post('/api/cases/attachments', {
    bodyLimit: MAX_ATTACHMENT_BYTES * 2,
    schema: { tags, summary: '上传图片（JPEG/PNG/WebP，≤5 MB，原始字节）Upload a photo (raw image body)' },
  }, (req, reply) => withAccess(ctx, req, null, async (p) => {
    if (!p.permissions.has('case.create') && !p.permissions.has('case.handle')) throw forbidden();
    const body = req.body;
    if (!Buffer.isBuffer(body)) {
      throw new AppError(415, 'unsupported_media', 'Send the image bytes as the body (Content-Type image/*)', '请以图片原始字节上传（Content-Type 为 image/*）');
    }
    const stored = await storeAttachment(ctx, p.tenantCode, p.userId, body);
    reply.status(201);
    return stored;
  }));

  app.get('/api/cases/:id', { schema: { tags, summary: '工单详情（含时间线和当前可执行操作）Case detail', params: idParams } },
    (req) => withAccess(ctx, req, 'case.read', (p) => getCaseDetail(ctx, actorFromPrincipal(p), req.params.id)));

  app.post('/api/cases/:id/actions', { schema: { tags, summary: '办理操作（受理、派遣、签收、退单、转办、延期、上报、办结、核查、回访、重办、督办、合并）Act on a case', params: idParams, body: actionSchema } },
    (req) => withAccess(ctx, req, 'case.read', (p) => actOnCase(ctx, actorFromPrincipal(p), req.params.id, req.body, { ip: req.ip })));

  app.post('/api/cases/:id/dispatch', {
    schema: { tags, summary: '派遣 Dispatch', params: idParams, body: z.object({ targetOrgId: z.uuid().optional(), note: z.string().trim().max(2000).optional(), version: z.number().int().optional() }) },
  }, (req) => withAccess(ctx, req, 'case.dispatch', (p) => actOnCase(ctx, actorFromPrincipal(p), req.params.id, { action: 'dispatch', ...req.body }, { ip: req.ip })));

  app.get('/api/cases/:id/duplicates', { schema: { tags, summary: '疑似重复件 Suggested duplicates', params: idParams } },
    (req) => withAccess(ctx, req, 'case.read', async (p) => {
      const actor = actorFromPrincipal(p);
      const c = await findVisibleCase(ctx.db, actor, req.params.id);
      if (!c) throw caseNotFound();
      const items = await findDuplicates(ctx, c, await tenantConfig(ctx.db, c.tenant_code), actor.scopePaths);
      return { items, total: items.length };
    }));

  app.post('/api/cases/:id/unmask', { schema: { tags, summary: '查看诉求人完整电话（留痕）Unmask reporter phone (audited)', params: idParams } },
    (req) => withAccess(ctx, req, 'personal.unmask', (p) => unmaskReporter(ctx, p, req.params.id, req.ip)));

  app.get('/api/cases/:id/attachments/:attachmentId', {
    schema: { tags, summary: '查看图片 Photo', params: z.object({ id: z.uuid(), attachmentId: z.uuid() }) },
  }, (req, reply) => withAccess(ctx, req, 'case.read', async (p) => {
    const c = await findVisibleCase(ctx.db, actorFromPrincipal(p), req.params.id);
    if (!c) throw caseNotFound();
    const a = await runAsSystem(() => ctx.db.selectFrom('case_attachments').select(['mime', 'storage_key'])
      .where('id', '=', req.params.attachmentId).where('case_id', '=', c.id).executeTakeFirst());
    if (!a) throw notFound('Attachment', '附件');
    const bytes = await readAttachment(ctx, a.storage_key);
    return reply.type(a.mime).header('cache-control', 'private, max-age=3600').header('content-disposition', 'inline').send(bytes);
  }));

  // configuration: reading is for everyone who works on cases (the dispatch dialog needs it)
  app.get('/api/case-config/categories', { schema: { tags: configTags, summary: '事项分类与时限 Categories and SLA' } },
    (req) => withAccess(ctx, req, 'case.read', (p) => listCategories(ctx, p)));
  app.post('/api/case-config/categories', { schema: { tags: configTags, summary: '新增分类 Create category', body: categorySchema } },
    (req, reply) => withAccess(ctx, req, 'case.config', (p) => idempotent(ctx, req, reply, 201, () => createCategory(ctx, p, req.body, req.ip))));
  app.put('/api/case-config/categories/:id', { schema: { tags: configTags, summary: '修改分类 Update category', params: idParams, body: categorySchema } },
    (req) => withAccess(ctx, req, 'case.config', (p) => updateCategory(ctx, p, req.params.id, req.body, req.ip)));
  app.get('/api/case-config/routing-rules', { schema: { tags: configTags, summary: '派单规则 Routing rules' } },
    (req) => withAccess(ctx, req, 'case.read', (p) => listRules(ctx, p)));
  app.post('/api/case-config/routing-rules', { schema: { tags: configTags, summary: '新增派单规则 Create rule', body: routingRuleSchema } },
    (req, reply) => withAccess(ctx, req, 'case.config', (p) => idempotent(ctx, req, reply, 201, () => createRule(ctx, p, req.body, req.ip))));
  app.put('/api/case-config/routing-rules/:id', { schema: { tags: configTags, summary: '修改派单规则 Update rule', params: idParams, body: routingRuleSchema } },
    (req) => withAccess(ctx, req, 'case.config', (p) => updateRule(ctx, p, req.params.id, req.body, req.ip)));
  app.delete('/api/case-config/routing-rules/:id', { schema: { tags: configTags, summary: '删除派单规则 Delete rule', params: idParams } },
    (req) => withAccess(ctx, req, 'case.config', (p) => deleteRule(ctx, p, req.params.id, req.ip)));
  app.get('/api/case-config/calendar', { schema: { tags: configTags, summary: '工作日历 Working calendar', querystring: calendarQuerySchema } },
    (req) => withAccess(ctx, req, 'case.read', (p) => getCalendar(ctx, p, req.query.year)));
  app.put('/api/case-config/calendar', { schema: { tags: configTags, summary: '维护节假日与调休 Holidays and make-up days', body: calendarPutSchema } },
    (req) => withAccess(ctx, req, 'case.config', (p) => putCalendar(ctx, p, req.body, req.ip)));
  app.get('/api/case-config/settings', { schema: { tags: configTags, summary: '重复件与未诉先办参数 Settings' } },
    (req) => withAccess(ctx, req, 'case.read', (p) => getSettings(ctx, p)));
  app.patch('/api/case-config/settings', { schema: { tags: configTags, summary: '修改参数 Update settings', body: settingsSchema } },
    (req) => withAccess(ctx, req, 'case.config', (p) => patchSettings(ctx, p, req.body, req.ip)));
};
