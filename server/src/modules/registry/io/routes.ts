import { PassThrough, type Readable } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ModuleRoutes } from '../../../platform/http/app.js';
import { withAccess } from '../../../platform/auth/access.js';
import { invalid } from '../../../platform/http/errors.js';
import { registryStats } from './stats.js';
import { getImportJob, importReport, listImportJobs, previewImport, startImport, waitForImport } from './import-service.js';
import { templateCsv, templateXlsx } from './spreadsheet.js';
import { IMPORT_KINDS } from './templates.js';
import { DownloadClosed, EXPORT_KINDS, exportList, exportQuerySchema } from './export.js';
import { householdCardData, householdCardHtml } from './card.js';
import { SHEETS } from './templates.js';
import type { ImportKind } from './tables.js';

const tags = ['registry'];
const UPLOAD_LIMIT = 100 * 1024 * 1024;
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const kindParams = z.object({ kind: z.enum(IMPORT_KINDS as [ImportKind, ...ImportKind[]]) });
const uploadQuery = z.object({
  orgId: z.uuid().optional(),
  format: z.enum(['xlsx', 'csv']).optional(),
  fileName: z.string().max(200).optional(),
  /** wait for the job to finish before answering (small files, scripts, tests) */
  wait: z.stringbool().default(false),
});
const idParams = z.object({ id: z.uuid() });

function download(reply: FastifyReply, name: string, type: string, body: Buffer | string | Readable) {
  return reply
    .header('content-type', type)
    .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(name)}`)
    .header('cache-control', 'no-store')
    .send(body);
}

function fileOf(req: FastifyRequest): Buffer {
  const b = req.body;
  if (Buffer.isBuffer(b) && b.length > 0) return b;
  if (typeof b === 'string' && b.length > 0) return Buffer.from(b, 'utf8');
  throw invalid('Upload the file as the request body', '请上传文件（请求体为 .xlsx 或 CSV 文件内容）', [
    { path: 'body', message: 'send the file bytes with content-type xlsx, text/csv or application/octet-stream', message_zh: '请求体应为文件内容' },
  ]);
}

/** Registry import/export, the household card (一户一卡) and statistics. */
export const registryIoRoutes: ModuleRoutes = (base, ctx) => {
  const app = base.withTypeProvider<ZodTypeProvider>();
  // uploads arrive as the raw request body (no multipart needed); parsers are local to this plugin
  for (const type of [XLSX, 'text/csv', 'application/octet-stream', 'application/vnd.ms-excel']) {
    app.addContentTypeParser(type, { parseAs: 'buffer', bodyLimit: UPLOAD_LIMIT }, (_req, body, done) => done(null, body));
  }

  app.get('/api/registry/stats', {
    schema: { tags, summary: '人房统计 Registry statistics (grid / community / street)', querystring: z.object({ orgId: z.uuid().optional() }) },
  }, (req) => withAccess(ctx, req, 'registry.read', (p) => registryStats(ctx.db, p, req.query.orgId)));

  // ── import ──
  app.get('/api/registry/import/templates/:file', {
    schema: { tags, summary: '导入模板 Import template (persons|households|rooms|rentals|entities).(xlsx|csv)', params: z.object({ file: z.string().regex(/^(persons|households|rooms|rentals|entities)\.(xlsx|csv)$/) }) },
  }, (req, reply) => withAccess(ctx, req, 'registry.import', async () => {
    const [kind, format] = req.params.file.split('.') as [ImportKind, 'xlsx' | 'csv'];
    const name = `${SHEETS[kind].title}导入模板.${format}`;
    return format === 'xlsx'
      ? download(reply, name, XLSX, await templateXlsx(kind))
      : download(reply, name, 'text/csv; charset=utf-8', templateCsv(kind));
  }));

  app.post('/api/registry/import/:kind/preview', {
    schema: { tags, summary: '导入预览（不写入）Preview an import (writes nothing)', params: kindParams, querystring: uploadQuery },
    bodyLimit: UPLOAD_LIMIT,
  }, (req) => withAccess(ctx, req, 'registry.import', (p) => previewImport(ctx, p, req.params.kind, fileOf(req), req.query)));

  app.post('/api/registry/import/:kind', {
    schema: { tags, summary: '导入（后台任务）Start an import job', params: kindParams, querystring: uploadQuery },
    bodyLimit: UPLOAD_LIMIT,
  }, (req, reply) => withAccess(ctx, req, 'registry.import', async (p) => {
    const id = await startImport(ctx, p, req.params.kind, fileOf(req), req.query, req.ip);
    if (req.query.wait) await waitForImport(id);
    return reply.status(req.query.wait ? 200 : 202).send(await getImportJob(ctx, p, id));
  }));

  app.get('/api/registry/import/jobs', { schema: { tags, summary: '导入任务 Import jobs' } },
    (req) => withAccess(ctx, req, 'registry.import', (p) => listImportJobs(ctx, p)));
  app.get('/api/registry/import/jobs/:id', { schema: { tags, summary: '导入进度与结果 Import job progress and result', params: idParams } },
    (req) => withAccess(ctx, req, 'registry.import', (p) => getImportJob(ctx, p, req.params.id)));
  app.get('/api/registry/import/jobs/:id/report', {
    schema: { tags, summary: '问题行下载 Bad rows report', params: idParams, querystring: z.object({ format: z.enum(['xlsx', 'csv']).default('xlsx') }) },
  }, (req, reply) => withAccess(ctx, req, 'registry.import', async (p) => {
    const r = await importReport(ctx, p, req.params.id, req.query.format);
    return download(reply, r.name, req.query.format === 'csv' ? 'text/csv; charset=utf-8' : XLSX, r.body);
  }));

  // ── export ──
  app.get('/api/registry/export/:kind', {
    schema: { tags, summary: '导出（默认脱敏，留痕）Export a filtered list (masked by default, audited)', params: z.object({ kind: z.enum(EXPORT_KINDS) }), querystring: exportQuerySchema },
  }, (req, reply) => withAccess(ctx, req, 'registry.export', async (p) => {
    const file = await exportList(ctx, p, req.params.kind, req.query, req.ip);
    // streamed: written as the rows are read; a failure midway can only cut the download short
    const body = new PassThrough();
    file.write(body).catch((err) => {
      if (err instanceof DownloadClosed) ctx.log.info({ kind: req.params.kind }, 'registry export ended: the download was closed');
      else ctx.log.error({ err, kind: req.params.kind }, 'registry export failed');
      body.destroy(err as Error);
    });
    return download(reply, file.name, file.type, body);
  }));

  // ── 一户一卡 ──
  app.get('/api/registry/households/:id/card.html', { schema: { tags, summary: '一户一卡（打印）Household card (printable HTML)', params: idParams } },
    (req, reply) => withAccess(ctx, req, 'registry.read', async (p) => reply
      .header('content-type', 'text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'")
      .send(await householdCardHtml(ctx, p, req.params.id))));
  app.get('/api/registry/households/:id/card', { schema: { tags, summary: '一户一卡数据 Household card data', params: idParams } },
    (req) => withAccess(ctx, req, 'registry.read', (p) => householdCardData(ctx, p, req.params.id)));
};
