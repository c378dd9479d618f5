/**
 * Open311 GeoReport v2, JSON only, under /open311/v2. Errors use the Open311 error array
 * (`[{ code, description }]`), not problem+json: that is what Open311 clients parse.
 * POST needs an api_key (issued under /api/open311/keys); GETs are public and carry no
 * personal data.
 */
import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { sql, type SqlBool } from 'kysely';
import { z } from 'zod';
import type { AppContext } from '../../../../platform/context.js';
import { runAsSystem } from '../../../../platform/db/scope-context.js';
import { AppError } from '../../../../platform/http/errors.js';
import { idempotent } from '../../../../platform/http/idempotency.js';
import { tenantConfig } from '../../config.js';
import type { CaseState } from '../../tables.js';
import { createIntakeCase } from '../create.js';
import { resolveKey } from './keys.js';
import {
  collectAttributes, csv, open311Error, Open311Failure, open311PostSchema, parseForm, titleFor, toOpen311Request,
  validationErrors, type Open311Error,
} from './mapping.js';

const SPEC = 'http://wiki.open311.org/GeoReport_v2';
const CHANGESET = '2026-01-01T00:00:00+08:00';
const MAX_RESULTS = 1000;

/** The attributes every service takes (service definition); values map onto case fields. */
const ATTRIBUTES = [
  {
    variable: true, code: 'urgency', datatype: 'singlevaluelist', required: false, datatype_description: null, order: 1,
    description: '紧急程度 Urgency',
    values: [{ key: 'normal', name: '一般 Normal' }, { key: 'urgent', name: '紧急 Urgent' }, { key: 'emergency', name: '危及生命财产 Emergency' }],
  },
  {
    variable: true, code: 'people_involved', datatype: 'number', required: false, datatype_description: '涉及人数 Number of people involved',
    order: 2, description: '涉及人数 People involved', values: [],
  },
] as const;

function sendErrors(reply: FastifyReply, status: number, errors: Open311Error[]) {
  return reply.status(status).type('application/json; charset=utf-8').send(errors);
}

/** Which street a GET is about: jurisdiction_id, else the only street there is. */
async function jurisdiction(ctx: AppContext, jurisdictionId: string | undefined) {
  return runAsSystem(async () => {
    let q = ctx.db.selectFrom('org_units').select(['id', 'code', 'name', 'path', 'tenant_code']).where('kind', '=', 'street').where('status', '=', 'active');
    if (jurisdictionId) q = q.where('code', '=', jurisdictionId);
    const streets = await q.limit(2).execute();
    if (jurisdictionId && streets.length === 0) throw open311Error(404, 'jurisdiction_id not found', '未找到该辖区（街道代码）');
    if (streets.length !== 1) throw open311Error(400, 'jurisdiction_id is required (the 9-digit street code)', '请提供 jurisdiction_id（9 位街道代码）');
    return streets[0];
  });
}

const listQuery = z.object({
  jurisdiction_id: z.string().max(64).optional(),
  service_request_id: z.string().max(4000).optional(),
  service_code: z.string().max(1000).optional(),
  start_date: z.iso.datetime({ offset: true }).optional(),
  end_date: z.iso.datetime({ offset: true }).optional(),
  status: z.string().regex(/^(open|closed)(,(open|closed))*$/).optional(),
});

export async function open311Routes(base: FastifyInstance, ctx: AppContext) {
  await base.register(async (scope) => {
    const app = scope.withTypeProvider<ZodTypeProvider>();
    // Open311 clients post form-encoded bodies (the spec's default) as well as JSON.
    app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
      try {
        done(null, parseForm(body as string));
      } catch (e) {
        done(e as Error, undefined);
      }
    });
    app.setErrorHandler((err: FastifyError | AppError | Open311Failure, req, reply) => {
      if (err instanceof Open311Failure) return sendErrors(reply, err.status, err.errors);
      if (err instanceof AppError) {
        const detail = (err.errors ?? []).map((e) => ({ code: err.status, description: `${e.path}: ${e.message} / ${e.message_zh}` }));
        return sendErrors(reply, err.status, detail.length ? detail : [{ code: err.status, description: `${err.title} / ${err.titleZh}` }]);
      }
      if (hasZodFastifySchemaValidationErrors(err)) {
        return sendErrors(reply, 400, err.validation.map((v) => ({
          code: 400, description: `${v.instancePath.replace(/^\//, '') || err.validationContext}: ${v.message ?? 'invalid'} / 参数不符合要求`,
        })));
      }
      const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 500;
      if (status === 500) req.log.error({ err }, 'open311 error');
      return sendErrors(reply, status, [{ code: status, description: status === 500 ? 'Internal server error / 服务器内部错误' : `${err.message} / 请求无法处理` }]);
    });
    app.setNotFoundHandler((req, reply) => sendErrors(reply, 404, [{
      code: 404, description: `${req.method} ${req.url.split('?')[0]} not found (only the JSON format is supported) / 未找到（仅支持 JSON 格式）`,
    }]));

    app.get('/discovery.json', { schema: { tags: ['open311'], summary: 'Open311 discovery', security: [] } }, async (req) => {
      const root = `${req.protocol}://${req.host}/open311/v2`;
      return {
        changeset: CHANGESET,
        contact: '融治 Rongzhi · 请联系所在街道办事处 Contact your street office',
        key_service: 'API keys are issued by the street office (POST /api/open311/keys) / 接口密钥由街道办事处签发',
        endpoints: [{ specification: SPEC, url: root, changeset: CHANGESET, type: 'production', formats: ['application/json'] }],
      };
    });

    app.get('/services.json', {
      schema: { tags: ['open311'], summary: 'Open311 service list', security: [], querystring: z.object({ jurisdiction_id: z.string().max(64).optional() }) },
    }, async (req) => {
      const street = await jurisdiction(ctx, req.query.jurisdiction_id);
      const cfg = await tenantConfig(ctx.db, street.tenant_code);
      const byId = new Map(cfg.categories.map((c) => [c.id, c]));
      return cfg.categories.filter((c) => c.active).map((c) => ({
        service_code: c.code,
        service_name: c.name_zh,
        description: `${c.name_zh} ${c.name_en}`,
        metadata: true,
        type: 'realtime',
        keywords: [c.name_en.toLowerCase()].join(','),
        group: c.parent_id ? (byId.get(c.parent_id)?.name_zh ?? '') : c.name_zh,
      }));
    });

    app.get('/services/:file', {
      schema: { tags: ['open311'], summary: 'Open311 service definition', security: [], params: z.object({ file: z.string().max(80) }), querystring: z.object({ jurisdiction_id: z.string().max(64).optional() }) },
    }, async (req) => {
      const code = req.params.file.replace(/\.json$/, '');
      if (code === req.params.file) throw open311Error(404, 'Only the JSON format is supported', '仅支持 JSON 格式');
      const street = await jurisdiction(ctx, req.query.jurisdiction_id);
      const cfg = await tenantConfig(ctx.db, street.tenant_code);
      if (!cfg.categories.some((c) => c.active && c.code === code)) throw open311Error(404, `service_code ${code} not found`, `未找到事项代码 ${code}`);
      return { service_code: code, attributes: ATTRIBUTES };
    });

    app.post('/requests.json', { schema: { tags: ['open311'], summary: 'Open311 create service request', security: [] } }, (req, reply) => {
      const raw = { ...((req.query ?? {}) as Record<string, unknown>), ...((req.body ?? {}) as Record<string, unknown>) };
      const apiKey = typeof raw.api_key === 'string' ? raw.api_key : '';
      return idempotent(ctx, req, reply, 201, async () => {
        if (!apiKey) throw open311Error(403, 'api_key is required', '缺少 api_key');
        const key = await resolveKey(ctx, apiKey);
        if (!key) throw open311Error(403, 'api_key is invalid or revoked', 'api_key 无效或已被吊销');
        const parsed = open311PostSchema.safeParse(raw);
        if (!parsed.success) throw validationErrors(parsed.error);
        const r = parsed.data;
        if (r.jurisdiction_id && r.jurisdiction_id !== key.tenant_code) {
          throw open311Error(400, 'jurisdiction_id does not match the api_key', 'jurisdiction_id 与密钥所属街道不一致');
        }
        const cfg = await tenantConfig(ctx.db, key.tenant_code);
        const category = cfg.categories.find((c) => c.active && c.code === r.service_code);
        if (!category) throw open311Error(400, `service_code ${r.service_code} not found`, `未找到事项代码 ${r.service_code}`);
        const attributes = collectAttributes(raw);
        const urgency = attributes.urgency;
        if (urgency !== undefined && !['normal', 'urgent', 'emergency'].includes(String(urgency))) {
          throw open311Error(400, 'attribute[urgency] must be normal, urgent or emergency', 'attribute[urgency] 取值应为 normal / urgent / emergency');
        }
        const people = attributes.people_involved;
        if (people !== undefined && !/^\d{1,6}$/.test(String(people))) {
          throw open311Error(400, 'attribute[people_involved] must be a whole number', 'attribute[people_involved] 应为整数');
        }
        const name = [r.last_name, r.first_name].filter(Boolean).join('') || undefined;
        const created = await createIntakeCase(ctx, {
          kind: 'client', clientName: key.client_name, tenantCode: key.tenant_code, streetPath: key.path,
        }, {
          channel: 'open311',
          category: category.id,
          title: titleFor(category.name_zh, r.description),
          description: r.description ?? category.name_zh,
          location: { lng: r.long, lat: r.lat, address: r.address_string, streetCode: key.tenant_code },
          reporter: { name, phone: r.phone },
          urgency: (urgency as 'normal' | 'urgent' | 'emergency' | undefined) ?? 'normal',
          peopleInvolved: people !== undefined ? Number(people) : 1,
        }, {
          open311: {
            api_key_id: key.id, email: r.email ?? null, device_id: r.device_id ?? null, account_id: r.account_id ?? null,
            address_id: r.address_id ?? null, media_url: r.media_url ?? null,
            attributes: JSON.stringify(attributes),
          },
        });
        return [{ service_request_id: created.number, service_notice: '', account_id: r.account_id ?? null }];
      });
    });

    app.get('/requests.json', { schema: { tags: ['open311'], summary: 'Open311 service requests', security: [], querystring: listQuery } }, async (req) => {
      const q = req.query;
      const street = await jurisdiction(ctx, q.jurisdiction_id);
      const ids = csv(q.service_request_id);
      const conds = [sql<SqlBool>`c.tenant_code = ${street.tenant_code}`, sql<SqlBool>`c.state <> 'merged'`];
      if (ids.length) {
        conds.push(sql<SqlBool>`c.number = ANY(${ids}::text[])`);
      } else {
        // the spec's default window: the last 90 days unless dates are given
        const end = q.end_date ? new Date(q.end_date) : new Date();
        const start = q.start_date ? new Date(q.start_date) : new Date(end.getTime() - 90 * 86_400_000);
        conds.push(sql<SqlBool>`c.created_at >= ${start}`, sql<SqlBool>`c.created_at <= ${end}`);
        const codes = csv(q.service_code);
        if (codes.length) conds.push(sql<SqlBool>`c.category_code = ANY(${codes}::text[])`);
        const statuses = new Set(csv(q.status));
        const closed = sql<SqlBool>`c.state IN ('rejected','closed','called_back','archived')`;
        if (statuses.size === 1) conds.push(statuses.has('closed') ? closed : sql<SqlBool>`NOT ${closed}`);
      }
      return listRequests(ctx, sql.join(conds, sql` AND `) as ReturnType<typeof sql<SqlBool>>);
    });

    app.get('/requests/:file', {
      schema: { tags: ['open311'], summary: 'Open311 one service request', security: [], params: z.object({ file: z.string().max(80) }), querystring: z.object({ jurisdiction_id: z.string().max(64).optional() }) },
    }, async (req) => {
      const number = req.params.file.replace(/\.json$/, '');
      if (number === req.params.file) throw open311Error(404, 'Only the JSON format is supported', '仅支持 JSON 格式');
      const rows = await listRequests(ctx, sql<SqlBool>`c.number = ${number} AND c.state <> 'merged'`);
      if (rows.length === 0) throw open311Error(404, `service_request_id ${number} not found`, `未找到诉求 ${number}`);
      return rows;
    });
  }, { prefix: '/open311/v2' });
}

/**
 * Public rows only: the reporter is never selected. Descriptions are published for requests that
 * came in through Open311 itself (the client knows they are public); a case from another channel
 * shows its service name instead of the resident's own words.
 */
async function listRequests(ctx: AppContext, where: ReturnType<typeof sql<SqlBool>>) {
  const rows = await runAsSystem(() => sql<{
    number: string; state: CaseState; channel: string; category_code: string; category_name: string; description: string; address: string | null;
    room_id: string | null; lat: number | null; lng: number | null; agency: string | null; created_at: Date; updated_at: Date;
    handle_due: Date | null; address_id: string | null; media_url: string | null;
  }>`SELECT c.number, c.state, c.channel, c.category_code, k.name_zh AS category_name, c.description, c.address, c.room_id, c.lat, c.lng,
       h.name AS agency, c.created_at, c.updated_at, c.handle_due, o.address_id, o.media_url
     FROM cases c
     LEFT JOIN case_categories k ON k.id = c.category_id
     LEFT JOIN org_units h ON h.id = coalesce(c.handler_org_id, c.owner_org_id)
     LEFT JOIN open311_requests o ON o.case_id = c.id
     WHERE ${where} ORDER BY c.created_at DESC LIMIT ${MAX_RESULTS}`.execute(ctx.db));
  return rows.rows.map((c) => toOpen311Request({ ...c, description: c.channel === 'open311' ? c.description : c.category_name }));
}
