import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import type { AppContext } from '../context.js';
import { SESSION_COOKIE } from '../auth/sessions.js';
import { registerProblemHandlers, sendRouteNotFound } from './problem.js';
import { runAsSystem } from '../db/scope-context.js';

export type App = FastifyInstance;
export type ModuleRoutes = (app: FastifyInstance, ctx: AppContext) => void | Promise<void>;

const WEB_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../web/dist');

/**
 * Builds the HTTP application: conventions (problem+json, zod validation, OpenAPI, sessions)
 * and then every module's routes. Used by main.ts, the tests (inject) and the benchmarks.
 */
export async function buildApp(ctx: AppContext, modules: ModuleRoutes[], opts: { serveWeb?: boolean } = {}): Promise<App> {
  const app = Fastify({
    loggerInstance: ctx.log as FastifyBaseLogger,
    trustProxy: process.env.TRUST_PROXY === 'true',
    bodyLimit: 2 * 1024 * 1024,
    disableRequestLogging: process.env.LOG_REQUESTS !== 'true',
    return503OnClosing: true,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerProblemHandlers(app);

  await app.register(cookie);
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: 'Rongzhi 融治 API', version: '0.1.0', description: '基层社区治理平台 API · grassroots community governance API' },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE } } },
      security: [{ session: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });

  // Resolve the session (if any) before every request; routes decide what they require.
  app.addHook('onRequest', async (req) => {
    const token = req.cookies[SESSION_COOKIE];
    if (token) req.principal = await ctx.sessions.resolve(token);
  });
  // Security headers for the console and the API alike.
  app.addHook('onSend', async (_req, reply) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('x-frame-options', 'DENY');
    reply.header('referrer-policy', 'same-origin');
  });

  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { schema: { hide: true } }, async (_req, reply) => {
    try {
      await runAsSystem(() => sql`SELECT 1`.execute(ctx.db));
      return { status: 'ready' };
    } catch {
      return reply.status(503).send({ status: 'unavailable' });
    }
  });

  for (const register of modules) {
    await app.register(async (scope) => register(scope, ctx));
  }

  const serveWeb = opts.serveWeb !== false && fs.existsSync(path.join(WEB_DIST, 'index.html'));
  // wildcard: files are looked up per request, so a rebuilt console is served without a restart
  if (serveWeb) await app.register(fastifyStatic, { root: WEB_DIST, wildcard: true, index: ['index.html'] });
  app.setNotFoundHandler((req, reply) => {
    // The console is a single-page app: unknown non-API pages get index.html.
    if (serveWeb && req.method === 'GET' && !req.url.startsWith('/api/') && (req.headers.accept ?? '').includes('text/html')) {
      return reply.sendFile('index.html');
    }
    return sendRouteNotFound(req, reply);
  });
  return app;
}
