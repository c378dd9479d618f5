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

/** Chinese wording for the zod issue codes a form can produce. */
function zhMessage(issue: { code?: string; message: string; minimum?: unknown; maximum?: unknown }): string {
  switch (issue.code) {
    case 'invalid_type': return '类型不正确或缺少该项';
    case 'too_small': return `长度或数值过小（最小 ${String(issue.minimum)}）`;
    case 'too_big': return `长度或数值过大（最大 ${String(issue.maximum)}）`;
    case 'invalid_format': return '格式不正确';
    case 'invalid_value': return '取值不在允许范围内';
    case 'unrecognized_keys': return '包含不允许的字段';
    default: return issue.message;
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
        const params = v.params as { issue?: { code?: string; message: string; minimum?: unknown; maximum?: unknown; path?: PropertyKey[] } };
        const issue = params.issue ?? { message: v.message ?? 'invalid' };
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
