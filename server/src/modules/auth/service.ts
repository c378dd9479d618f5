import { sql } from 'kysely';
import type { AppContext } from '../../platform/context.js';
import { runAsSystem } from '../../platform/db/scope-context.js';
import { recordAudit } from '../../platform/audit/audit.js';
import { checkPasswordPolicy, dummyPasswordHash, hashPassword, verifyPassword } from '../../platform/auth/passwords.js';
import { AppError, unauthorized } from '../../platform/http/errors.js';
import { hashToken } from '../../platform/auth/sessions.js';
import type { Principal } from '../../platform/auth/principal.js';

const badCredentials = () => new AppError(401, 'bad_credentials', 'Wrong account or password', '账号或密码错误');
const locked = () => new AppError(423, 'account_locked', 'Too many failed attempts; the account is locked for a while',
  '密码错误次数过多，账号已暂时锁定，请稍后再试');

/** Mobile numbers and accounts share one login box; accounts compare case-insensitively. */
const loginKey = (login: string) => login.trim().toLowerCase();

export interface LoginResult {
  token: string;
  principal: Principal;
}

export async function login(ctx: AppContext, login: string, password: string, ip: string, userAgent?: string): Promise<LoginResult> {
  const key = loginKey(login);
  return runAsSystem(async () => {
    const { maxFailures, windowMinutes } = ctx.config.lockout;
    const failures = await ctx.db.selectFrom('login_failures').select((eb) => eb.fn.countAll<number>().as('n'))
      .where('login_key', '=', key).where('at', '>', sql<Date>`now() - make_interval(mins => ${windowMinutes})`)
      .executeTakeFirstOrThrow();
    const user = await ctx.db.selectFrom('users').selectAll()
      .where((eb) => eb.or([eb(sql`lower(account)`, '=', key), eb('mobile', '=', key)]))
      .executeTakeFirst();
    const audit = (outcome: 'success' | 'failure', reason?: string) => recordAudit(ctx.db, {
      action: 'auth.login', outcome, actor: user ? { id: user.id, name: user.name } : null,
      tenantCode: user?.tenant_code, path: user?.path, objectType: 'user', objectId: user?.id,
      objectLabel: user ? user.account ?? user.name : undefined, ip, detail: reason ? { reason } : {},
    });
    if (failures.n >= maxFailures) {
      await audit('failure', 'locked');
      throw locked();
    }
    const ok = user
      ? user.status === 'active' && (await verifyPassword(user.password_hash, password))
      : await verifyPassword(await dummyPasswordHash(), password).then(() => false);
    if (!user || !ok) {
      await ctx.db.insertInto('login_failures').values({ login_key: key }).execute();
      await audit('failure', user ? (user.status === 'active' ? 'bad_password' : 'disabled') : 'unknown_account');
      if (failures.n + 1 >= maxFailures) throw locked();
      throw badCredentials();
    }
    await ctx.db.deleteFrom('login_failures').where('login_key', '=', key).execute();
    const token = await ctx.sessions.create(user.id, ip, userAgent);
    await audit('success');
    const principal = await ctx.sessions.loadPrincipal(user.id, hashToken(token), user);
    return { token, principal };
  });
}

export async function logout(ctx: AppContext, principal: Principal, ip: string) {
  await ctx.sessions.revoke(principal.sessionHash);
  await recordAudit(ctx.db, {
    action: 'auth.logout', actor: { id: principal.userId, name: principal.name }, tenantCode: principal.tenantCode,
    objectType: 'user', objectId: principal.userId, ip,
  });
}

export async function changeOwnPassword(ctx: AppContext, principal: Principal, oldPassword: string, newPassword: string, ip: string) {
  checkPasswordPolicy(newPassword, ctx.config.password);
  await runAsSystem(async () => {
    const user = await ctx.db.selectFrom('users').select(['password_hash', 'path']).where('id', '=', principal.userId).executeTakeFirst();
    if (!user || !(await verifyPassword(user.password_hash, oldPassword))) throw badCredentials();
    await ctx.db.updateTable('users')
      .set({ password_hash: await hashPassword(newPassword), must_change_password: false, updated_at: sql`now()` })
      .where('id', '=', principal.userId).execute();
    await recordAudit(ctx.db, {
      action: 'user.password_change', actor: { id: principal.userId, name: principal.name }, tenantCode: principal.tenantCode,
      path: user.path, objectType: 'user', objectId: principal.userId, ip,
    });
  });
  ctx.sessions.forgetUser(principal.userId);
}

export function requirePrincipal(p: Principal | undefined): Principal {
  if (!p) throw unauthorized();
  return p;
}
