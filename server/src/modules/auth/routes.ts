import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { ModuleRoutes } from '../../platform/http/app.js';
import { SESSION_COOKIE } from '../../platform/auth/sessions.js';
import { AppError } from '../../platform/http/errors.js';
import type { Principal } from '../../platform/auth/principal.js';
import { RateLimiter } from './rate-limit.js';
import { changeOwnPassword, login, logout, requirePrincipal } from './service.js';

export function presentMe(p: Principal) {
  return {
    id: p.userId, name: p.name, account: p.account, kind: p.kind, roles: p.roles,
    permissions: [...p.permissions].sort(), scopes: p.scopes, homeOrgId: p.homeOrgId,
    mustChangePassword: p.mustChangePassword,
  };
}

export const authRoutes: ModuleRoutes = (base, ctx) => {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const limiter = new RateLimiter(ctx.config.loginRateLimit.perMinute, 60_000);
  const cookieOptions = {
    path: '/', httpOnly: true, sameSite: 'lax' as const, secure: ctx.config.session.cookieSecure,
    maxAge: ctx.config.session.absoluteHours * 3600,
  };

  app.post('/api/auth/login', {
    schema: {
      tags: ['auth'], summary: '登录 Log in (account or mobile + password)',
      body: z.object({ login: z.string().trim().min(1).max(100), password: z.string().min(1).max(200) }),
    },
  }, async (req, reply) => {
    if (!limiter.hit(req.ip)) {
      throw new AppError(429, 'rate_limited', 'Too many login attempts, try again in a minute', '登录尝试过于频繁，请一分钟后再试');
    }
    const { login: who, password } = req.body;
    const { token, principal } = await login(ctx, who, password, req.ip, req.headers['user-agent']);
    reply.setCookie(SESSION_COOKIE, token, cookieOptions);
    return { user: presentMe(principal) };
  });

  app.post('/api/auth/logout', { schema: { tags: ['auth'], summary: '退出 Log out' } }, async (req, reply) => {
    if (req.principal) await logout(ctx, req.principal, req.ip);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.status(204).send();
  });

  app.get('/api/auth/me', { schema: { tags: ['auth'], summary: '当前用户 Current user' } }, async (req) =>
    presentMe(requirePrincipal(req.principal)),
  );

  app.post('/api/auth/password', {
    schema: {
      tags: ['auth'], summary: '修改密码 Change own password',
      body: z.object({ oldPassword: z.string().min(1).max(200), newPassword: z.string().min(1).max(200) }),
    },
  }, async (req, reply) => {
    const { oldPassword, newPassword } = req.body;
    await changeOwnPassword(ctx, requirePrincipal(req.principal), oldPassword, newPassword, req.ip);
    return reply.status(204).send();
  });
};
