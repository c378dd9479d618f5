import { sql, type Kysely, type Selectable } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { AppContext } from '../../platform/context.js';
import type { DB, UsersTable } from '../../platform/db/schema.js';
import type { Principal } from '../../platform/auth/principal.js';
import { actorOf } from '../../platform/auth/access.js';
import { inScope } from '../../platform/db/scope-sql.js';
import { runAsSystem } from '../../platform/db/scope-context.js';
import { recordAudit } from '../../platform/audit/audit.js';
import { checkPasswordPolicy, hashPassword } from '../../platform/auth/passwords.js';
import { maskPhone } from '../../platform/privacy/mask.js';
import { AppError, conflict, forbidden, invalid, notFound } from '../../platform/http/errors.js';
import { PERMISSIONS } from '../../platform/auth/permissions.js';
import type { CreateUserInput, UpdateUserInput } from './schema.js';

type UserRow = Selectable<UsersTable>;
const userNotFound = () => notFound('User', '用户');

async function requireUser(db: Kysely<DB>, p: Principal, id: string): Promise<UserRow> {
  const u = await db.selectFrom('users').selectAll().where('id', '=', id).where(inScope('path', p.scopePaths)).executeTakeFirst();
  if (!u) throw userNotFound();
  return u;
}

/** No one hands out more than they hold: every permission of every role granted must be the granter's. */
async function checkGrantableRoles(db: Kysely<DB>, p: Principal, codes: string[]) {
  const roles = await db.selectFrom('roles').select(['code', 'permissions']).where('code', 'in', codes).execute();
  const unknown = codes.filter((c) => !roles.some((r) => r.code === c));
  if (unknown.length) {
    throw invalid('Unknown role', '角色不存在', [{ path: 'body.roles', message: `unknown: ${unknown.join(', ')}`, message_zh: `不存在的角色：${unknown.join('、')}` }]);
  }
  const beyond = roles.filter((r) => r.permissions.some((perm) => !p.permissions.has(perm as keyof typeof PERMISSIONS)));
  if (beyond.length) throw forbidden();
}

async function scopeOrgs(db: Kysely<DB>, p: Principal, ids: string[]) {
  const orgs = await db.selectFrom('org_units').select(['id', 'path', 'tenant_code', 'name'])
    .where('id', 'in', ids).where('status', '=', 'active').where(inScope('path', p.scopePaths)).execute();
  if (orgs.length !== new Set(ids).size) {
    throw invalid('Scope outside your own', '数据范围超出您的管辖范围', [
      { path: 'body.scopeOrgIds', message: 'every scope must lie within yours', message_zh: '所选单位必须在您的管辖范围内' },
    ]);
  }
  return orgs;
}

async function present(db: Kysely<DB>, rows: UserRow[]) {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const [roles, scopes] = await Promise.all([
    db.selectFrom('user_roles').select(['user_id', 'role_code']).where('user_id', 'in', ids).execute(),
    db.selectFrom('user_scopes as s').innerJoin('org_units as o', 'o.id', 's.org_id')
      .select(['s.user_id', 'o.id', 'o.name']).where('s.user_id', 'in', ids).execute(),
  ]);
  return rows.map((u) => ({
    id: u.id, kind: u.kind, account: u.account, mobileMasked: maskPhone(u.mobile), name: u.name, status: u.status,
    roles: roles.filter((r) => r.user_id === u.id).map((r) => r.role_code),
    scopes: scopes.filter((s) => s.user_id === u.id).map((s) => ({ orgId: s.id, name: s.name })),
    homeOrgId: u.home_org_id, staffId: u.staff_id, lockedUntil: u.locked_until, createdAt: u.created_at,
  }));
}

export async function listUsers(ctx: AppContext, p: Principal, q: { q?: string; role?: string }) {
  let query = ctx.db.selectFrom('users').selectAll().where(inScope('path', p.scopePaths));
  if (q.q) {
    const like = `%${q.q.replace(/[%_\\]/g, '\\$&')}%`;
    query = query.where((eb) => eb.or([eb('name', 'like', like), eb('account', 'ilike', like)]));
  }
  if (q.role) {
    query = query.where((eb) => eb.exists(eb.selectFrom('user_roles').select('user_id')
      .whereRef('user_roles.user_id', '=', 'users.id').where('user_roles.role_code', '=', q.role!)));
  }
  const items = await present(ctx.db, await query.orderBy('created_at').limit(1000).execute());
  return { items, total: items.length };
}

export async function getUser(ctx: AppContext, p: Principal, id: string) {
  return (await present(ctx.db, [await requireUser(ctx.db, p, id)]))[0];
}

function audit(db: Kysely<DB>, p: Principal, ip: string, action: string, u: UserRow, detail: Record<string, unknown> = {}) {
  return recordAudit(db, {
    action, actor: actorOf(p), tenantCode: u.tenant_code, path: u.path, objectType: 'user', objectId: u.id,
    objectLabel: u.account ?? u.name, ip, detail,
  });
}

/** Account and mobile are unique across the whole platform, whoever can see the other user. */
async function checkUnique(account: string | undefined, mobile: string | undefined, db: Kysely<DB>) {
  const clash = await runAsSystem(() => db.selectFrom('users').select('id').where((eb) => eb.or([
    ...(account ? [eb(sql`lower(account)`, '=', account.toLowerCase())] : []),
    ...(mobile ? [eb('mobile', '=', mobile)] : []),
  ])).executeTakeFirst());
  if (clash) throw conflict('Account or mobile already registered', '账号或手机号已被注册');
}

export async function createUser(ctx: AppContext, p: Principal, input: CreateUserInput, ip: string) {
  checkPasswordPolicy(input.password, ctx.config.password);
  const passwordHash = await hashPassword(input.password);
  return ctx.db.transaction().execute(async (tx) => {
    await checkGrantableRoles(tx, p, input.roles);
    const scopes = await scopeOrgs(tx, p, input.scopeOrgIds);
    const home = input.homeOrgId ? (await scopeOrgs(tx, p, [input.homeOrgId]))[0] : scopes[0];
    if (input.staffId) {
      const s = await tx.selectFrom('staff').select('id').where('id', '=', input.staffId).where(inScope('path', p.scopePaths)).executeTakeFirst();
      if (!s) throw invalid('Unknown staff member', '工作人员不存在', [{ path: 'body.staffId', message: 'not found in your scope', message_zh: '未找到' }]);
    }
    await checkUnique(input.account, input.mobile, tx);
    const id = uuidv7();
    const row = await tx.insertInto('users').values({
      tenant_code: home.tenant_code, id, path: home.path, home_org_id: home.id, kind: input.kind,
      account: input.account ?? null, mobile: input.mobile ?? null, name: input.name, password_hash: passwordHash,
      staff_id: input.staffId ?? null, locked_until: null, must_change_password: true,
    }).returningAll().executeTakeFirstOrThrow();
    await tx.insertInto('user_roles').values(input.roles.map((r) => ({ tenant_code: row.tenant_code, user_id: id, role_code: r }))).execute();
    await tx.insertInto('user_scopes').values(scopes.map((s) => ({ tenant_code: row.tenant_code, user_id: id, org_id: s.id }))).execute();
    await audit(tx, p, ip, 'user.create', row, { roles: input.roles, scopes: scopes.map((s) => s.name) });
    return (await present(tx, [row]))[0];
  });
}

export async function updateUser(ctx: AppContext, p: Principal, id: string, input: UpdateUserInput, ip: string) {
  if (id === p.userId && (input.roles || input.scopeOrgIds || input.status)) {
    throw new AppError(409, 'self_change', 'You cannot change your own roles, scope or status', '不能修改自己的角色、数据范围或状态');
  }
  const result = await ctx.db.transaction().execute(async (tx) => {
    const before = await requireUser(tx, p, id);
    if (input.roles) {
      await checkGrantableRoles(tx, p, input.roles);
      // neither may one take away roles one could not have granted
      const current = (await tx.selectFrom('user_roles').select('role_code').where('user_id', '=', id).execute()).map((r) => r.role_code);
      await checkGrantableRoles(tx, p, current);
      await tx.deleteFrom('user_roles').where('user_id', '=', id).execute();
      await tx.insertInto('user_roles').values(input.roles.map((r) => ({ tenant_code: before.tenant_code, user_id: id, role_code: r }))).execute();
    }
    if (input.scopeOrgIds) {
      const scopes = await scopeOrgs(tx, p, input.scopeOrgIds);
      await tx.deleteFrom('user_scopes').where('user_id', '=', id).execute();
      await tx.insertInto('user_scopes').values(scopes.map((s) => ({ tenant_code: before.tenant_code, user_id: id, org_id: s.id }))).execute();
    }
    const after = await tx.updateTable('users').set({
      ...(input.name !== undefined && { name: input.name }),
      ...(input.status !== undefined && { status: input.status }),
      updated_at: sql`now()`,
    }).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
    await audit(tx, p, ip, 'user.update', after, { changed: Object.keys(input), roles: input.roles });
    return (await present(tx, [after]))[0];
  });
  ctx.sessions.forgetUser(id);
  if (input.status === 'disabled') await ctx.sessions.revokeAllOf(id);
  return result;
}

export async function resetPassword(ctx: AppContext, p: Principal, id: string, password: string, ip: string) {
  checkPasswordPolicy(password, ctx.config.password);
  const passwordHash = await hashPassword(password);
  await ctx.db.transaction().execute(async (tx) => {
    const u = await requireUser(tx, p, id);
    await tx.updateTable('users').set({ password_hash: passwordHash, must_change_password: true, updated_at: sql`now()` }).where('id', '=', id).execute();
    await audit(tx, p, ip, 'user.password_reset', u);
  });
  await ctx.sessions.revokeAllOf(id);
}

export async function revokeSessions(ctx: AppContext, p: Principal, id: string, ip: string) {
  const u = await requireUser(ctx.db, p, id);
  const revoked = await ctx.sessions.revokeAllOf(id);
  await audit(ctx.db, p, ip, 'user.sessions_revoke', u, { revoked });
  return { revoked };
}

export async function listRoles(ctx: AppContext) {
  const rows = await ctx.db.selectFrom('roles').selectAll().orderBy('builtin', 'desc').orderBy('code').execute();
  return { items: rows.map((r) => ({ code: r.code, nameZh: r.name_zh, nameEn: r.name_en, permissions: r.permissions, builtin: r.builtin })) };
}

export function listPermissions() {
  return { items: Object.entries(PERMISSIONS).map(([code, t]) => ({ code, nameZh: t.zh, nameEn: t.en })) };
}

export async function updateRole(ctx: AppContext, p: Principal, code: string, permissions: string[], ip: string) {
  const unknown = permissions.filter((perm) => !(perm in PERMISSIONS));
  if (unknown.length) {
    throw invalid('Unknown permission', '权限不存在', [{ path: 'body.permissions', message: unknown.join(', '), message_zh: unknown.join('、') }]);
  }
  if (permissions.some((perm) => !p.permissions.has(perm as keyof typeof PERMISSIONS))) throw forbidden();
  if (p.roles.includes(code)) throw new AppError(409, 'self_change', 'You cannot change a role you hold', '不能修改自己所持有的角色');
  const row = await ctx.db.transaction().execute(async (tx) => {
    const before = await tx.selectFrom('roles').selectAll().where('code', '=', code).executeTakeFirst();
    if (!before) throw notFound('Role', '角色');
    const after = await tx.updateTable('roles').set({ permissions: sql`${[...new Set(permissions)]}::text[]` as unknown as string[], updated_at: sql`now()` })
      .where('code', '=', code).returningAll().executeTakeFirstOrThrow();
    await recordAudit(tx, {
      action: 'role.update', actor: actorOf(p), tenantCode: p.tenantCode, path: p.scopePaths[0], objectType: 'role', objectId: code,
      objectLabel: before.name_zh, ip, detail: { before: before.permissions, after: after.permissions },
    });
    return after;
  });
  ctx.sessions.forgetAll();
  return { code: row.code, nameZh: row.name_zh, nameEn: row.name_en, permissions: row.permissions, builtin: row.builtin };
}
