import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../context.js';
import { runInScope } from '../db/scope-context.js';
import { recordAudit } from '../audit/audit.js';
import { forbidden, unauthorized } from '../http/errors.js';
import type { Permission } from './permissions.js';
import type { Principal } from './principal.js';

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
  }
}

/**
 * The one gate of every scoped route: the caller must be logged in and hold `permission`;
 * `work` then runs inside the caller's data scope, so every query it makes — through the
 * repositories' scope predicate and through row-level security — sees only that scope.
 * A denial is audited.
 */
export async function withAccess<T>(
  ctx: AppContext,
  req: FastifyRequest,
  permission: Permission | null,
  work: (principal: Principal) => Promise<T>,
): Promise<T> {
  const principal = req.principal;
  if (!principal) throw unauthorized();
  if (permission && !principal.permissions.has(permission)) {
    await recordAudit(ctx.db, {
      action: 'access.denied', outcome: 'denied', actor: { id: principal.userId, name: principal.name },
      tenantCode: principal.tenantCode, path: principal.scopePaths[0] ?? null, ip: req.ip,
      detail: { permission, route: `${req.method} ${req.routeOptions.url}` },
    });
    throw forbidden();
  }
  return runInScope(principal.scopePaths, () => work(principal));
}

export function actorOf(p: Principal) {
  return { id: p.userId, name: p.name };
}
