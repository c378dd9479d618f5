/**
 * Scoped look-ups shared by the registry's services. Every one adds the scope predicate, so
 * an object outside the caller's scope is simply "not found" (404 for the object addressed,
 * 422 for an object referenced from a body).
 */
import { sql, type Kysely, type SelectQueryBuilder, type SqlBool } from 'kysely';
import type { DB } from '../../platform/db/schema.js';
import type { Principal } from '../../platform/auth/principal.js';
import { actorOf } from '../../platform/auth/access.js';
import { inScope } from '../../platform/db/scope-sql.js';
import { invalid, notFound, type FieldError } from '../../platform/http/errors.js';

export type Db = Kysely<DB>;

/** Escapes LIKE wildcards in user text. */
export const likeEscape = (s: string) => s.replace(/[%_\\]/g, '\\$&');

/** The grid id is the last id of an org path ('/d/s/c/g/' → g). */
export const gridIdOfPath = (path: string) => path.split('/').filter(Boolean).at(-1)!;

export const refError = (field: string, en: string, zh: string): FieldError => ({ path: field, message: en, message_zh: zh });

export function invalidRef(field: string, what: string, whatZh: string) {
  return invalid(`Unknown ${what}`, `${whatZh}不存在或不在您的管辖范围内`, [
    refError(field, `no such ${what} in your scope`, `未找到该${whatZh}`),
  ]);
}

/** A grid (or microgrid) in scope, by id; the org unit a building or person is registered to. */
export async function requireGrid(db: Db, p: Principal, gridId: string, field: string) {
  const g = await db.selectFrom('org_units').select(['id', 'tenant_code', 'path', 'kind', 'status', 'name', 'code'])
    .where('id', '=', gridId).where(inScope('path', p.scopePaths)).executeTakeFirst();
  if (!g || g.status !== 'active') throw invalidRef(field, 'grid', '网格');
  if (g.kind !== 'grid' && g.kind !== 'microgrid') {
    throw invalid('Registry objects belong to a grid', '人房信息必须登记到网格', [refError(field, 'not a grid', '不是网格')]);
  }
  return g;
}

/** An org unit in scope whose subtree filters a list. */
export async function requireOrg(db: Db, p: Principal, orgId: string, field = 'query.orgId') {
  const o = await db.selectFrom('org_units').select(['id', 'path', 'tenant_code', 'kind', 'name'])
    .where('id', '=', orgId).where(inScope('path', p.scopePaths)).executeTakeFirst();
  if (!o) throw invalidRef(field, 'org unit', '组织或网格');
  return o;
}

export async function requireBuilding(db: Db, p: Principal, id: string, field?: string) {
  const b = await db.selectFrom('reg_buildings').selectAll().where('id', '=', id).where(inScope('path', p.scopePaths)).executeTakeFirst();
  if (!b) throw field ? invalidRef(field, 'building', '楼栋') : notFound('Building', '楼栋');
  return b;
}

export async function requireRoom(db: Db, p: Principal, id: string, field?: string) {
  const r = await db.selectFrom('reg_rooms').selectAll().where('id', '=', id).where(inScope('path', p.scopePaths)).executeTakeFirst();
  if (!r) throw field ? invalidRef(field, 'room', '房屋') : notFound('Room', '房屋');
  return r;
}

export async function requireHousehold(db: Db, p: Principal, id: string, field?: string) {
  const h = await db.selectFrom('reg_households').selectAll().where('id', '=', id).where(inScope('path', p.scopePaths)).executeTakeFirst();
  if (!h) throw field ? invalidRef(field, 'household', '户') : notFound('Household', '户');
  return h;
}

export async function requirePerson(db: Db, p: Principal, id: string, field?: string, opts: { forUpdate?: boolean } = {}) {
  let q = db.selectFrom('reg_persons').selectAll().where('id', '=', id).where(inScope('path', p.scopePaths));
  if (opts.forUpdate) q = q.forUpdate();
  const r = await q.executeTakeFirst();
  if (!r) throw field ? invalidRef(field, 'person', '人员') : notFound('Person', '人员');
  return r;
}

export async function requireStaffInScope(db: Db, p: Principal, id: string, field: string) {
  const s = await db.selectFrom('staff').select(['id', 'name']).where('id', '=', id).where(inScope('path', p.scopePaths)).executeTakeFirst();
  if (!s) throw invalidRef(field, 'staff member', '工作人员');
  return s;
}

/** Offset paging; returns the page's rows plus the total. */
export function pageOf(q: { page: number; pageSize: number }) {
  return { limit: q.pageSize, offset: (q.page - 1) * q.pageSize };
}

export const now = () => sql<Date>`now()`;

export { actorOf };

/** Postgres unique violation (23505) on the given constraint/index name fragment. */
export function isUniqueViolation(e: unknown, name?: string): boolean {
  const err = e as { code?: string; constraint?: string };
  return err?.code === '23505' && (!name || (err.constraint ?? '').includes(name));
}

/** The smallest string greater than every string starting with `s` (last code point + 1). */
export function prefixUpperBound(s: string): string {
  const cps = [...s];
  const last = cps.pop()!;
  return cps.join('') + String.fromCodePoint(last.codePointAt(0)! + 1);
}

/**
 * `col` starts with `prefix`, written with the leakproof text_pattern operators (~>=~, ~<~):
 * under row-level security PostgreSQL only lets LEAKPROOF operators drive an index, and LIKE
 * is not one, so `path LIKE 'x%'` would scan the whole table.
 */
export function startsWith(col: string, prefix: string) {
  return sql<SqlBool>`(${sql.ref(col)} ~>=~ ${prefix} AND ${sql.ref(col)} ~<~ ${prefixUpperBound(prefix)})`;
}

/**
 * The caller's scope as index ranges on `col` (same rows as inScope/RLS): added next to
 * inScope() on big tables so that a grid worker's query reads their grids through the path
 * index instead of filtering a whole district.
 */
export function scopeRanges(col: string, scopePaths: readonly string[]) {
  if (scopePaths.length === 0) return sql<SqlBool>`false`;
  return sql<SqlBool>`(${sql.join(scopePaths.map((s) => startsWith(col, s)), sql` OR `)})`;
}

/** Lists count at most this many rows: an exact total of a whole district would cost more than the page. */
export const COUNT_CAP = 10_000;

/** `{ total, totalCapped }` of a filtered list, counting no further than COUNT_CAP (+1 to know it was reached). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function cappedCount(db: Db, query: SelectQueryBuilder<DB, any, object>) {
  const r = await db.selectFrom(query.select(sql<number>`1`.as('one')).limit(COUNT_CAP + 1).as('c'))
    .select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const n = Number(r.n);
  return { total: Math.min(n, COUNT_CAP), totalCapped: n > COUNT_CAP };
}
