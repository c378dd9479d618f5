import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError, type FieldError } from './errors.js';

export interface Problem {
  type: string;
  title: string;
  title_zh: string;
  status: number;
  detail?: string;
  errors?: FieldError[];
}

export function sendProblem(reply: FastifyReply, p: Omit<Problem, 'type'> & { code: string }) {
  const { code, ...rest } = p;
  return reply
    .status(p.status)
    .type('application/problem+json')
    .send({ type: `https://rongzhi.org/problems/${code}`, ...rest });
}

interface ZodIssueLike {
  code?: string;
  message: string;
  minimum?: unknown;
  maximum?: unknown;
  origin?: string;
  format?: string;
  expected?: string;
}

/** Chinese wording for the zod issue a form can produce (zod's own messages are English only). */
export function zhMessage(issue: ZodIssueLike): string {
  const isText = issue.origin === 'string';
  switch (issue.code) {
    case 'invalid_type': return issue.expected === 'undefined' ? '不允许填写此项' : '缺少此项或类型不正确';
    case 'too_small': return isText ? (issue.minimum === 1 ? '不能为空' : `长度至少 ${String(issue.minimum)} 个字符`) : issue.origin === 'array' ? `至少需要 ${String(issue.minimum)} 项` : `不能小于 ${String(issue.minimum)}`;
    case 'too_big': return isText ? `长度不能超过 ${String(issue.maximum)} 个字符` : issue.origin === 'array' ? `最多 ${String(issue.maximum)} 项` : `不能大于 ${String(issue.maximum)}`;
    case 'invalid_format': return issue.format === 'uuid' ? '编号格式不正确' : issue.format === 'datetime' ? '日期时间格式不正确' : '格式不正确';
    case 'invalid_value': return '取值不在允许范围内';
    case 'unrecognized_keys': return '包含不允许的字段';
    case 'custom': return issue.message;
    default: return '内容不符合要求';
  }
}

export function registerProblemHandlers(app: FastifyInstance) {
  app.setErrorHandler((err: FastifyError | AppError, req, reply) => {
    if (err instanceof AppError) {
      return sendProblem(reply, {
        code: err.code, status: err.status, title: err.title, title_zh: err.titleZh, detail: err.detail, errors: err.errors,
      });
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      const errors = err.validation.map((v) => {
        // fastify-type-provider-zod puts the zod issue code in `keyword`, its details in `params`
        const issue: ZodIssueLike = { ...(v.params as object), code: v.keyword, message: v.message ?? 'invalid' };
        const where = v.instancePath.replace(/^\//, '').replace(/\//g, '.');
        return { path: `${err.validationContext ?? 'body'}${where ? '.' + where : ''}`, message: issue.message, message_zh: zhMessage(issue) };
      });
      return sendProblem(reply, {
        code: 'validation', status: 400, title: 'The request is not valid', title_zh: '请求内容不符合要求', errors,
      });
    }
    const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 500;
    if (status === 500) req.log.error({ err }, 'unhandled error');
    if (status === 429) {
      return sendProblem(reply, { code: 'rate_limited', status, title: 'Too many requests, try again later', title_zh: '请求过于频繁，请稍后再试' });
    }
    if (status === 415 || status === 400) {
      return sendProblem(reply, { code: 'bad_request', status, title: 'The request could not be read', title_zh: '无法解析请求', detail: err.message });
    }
    return sendProblem(reply, {
      code: status === 500 ? 'internal' : 'error', status,
      title: status === 500 ? 'Internal server error' : err.message,
      title_zh: status === 500 ? '服务器内部错误' : '请求失败',
    });
  });
}

export function sendRouteNotFound(req: FastifyRequest, reply: FastifyReply) {
  return sendProblem(reply, { code: 'not_found', status: 404, title: 'Not found', title_zh: '未找到', detail: `${req.method} ${req.url.split('?')[0]}` });
}
