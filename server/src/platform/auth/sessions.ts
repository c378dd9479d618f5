import crypto from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { runAsSystem } from '../db/scope-context.js';
import type { Config } from '../config.js';
import type { Permission } from './permissions.js';
import type { Principal } from './principal.js';

export const SESSION_COOKIE = 'rz_session';
const CACHE_TTL_MS = 5_000;
const TOUCH_EVERY_MS = 60_000;

export const hashToken = (token: string) => crypto.createHash('sha256').update(token).digest('hex');

interface CachedSession {
  principal: Principal;
  loadedAt: number;
  lastTouched: number;
}

/**
 * Server-side sessions. The cookie holds a random token; the table holds its hash, so a
 * leaked database does not leak live sessions. A resolved session is cached for a few
 * seconds per instance (revocation on this instance clears it at once; other instances
 * notice within CACHE_TTL_MS), and last_seen_at is written at most once a minute.
 */
export class SessionStore {
  private cache = new Map<string, CachedSession>();

  constructor(private db: Kysely<DB>, private config: Config['session']) {}

  async create(userId: string, ip: string, userAgent: string | undefined): Promise<string> {
    const token = crypto.randomBytes(32).toString('base64url');
    await runAsSystem(() =>
      this.db.insertInto('sessions').values({
        token_hash: hashToken(token),
        user_id: userId,
        expires_at: new Date(Date.now() + this.config.absoluteHours * 3600_000),
        ip,
        user_agent: userAgent?.slice(0, 300) ?? null,
      }).execute(),
    );
    return token;
  }

  /** The principal of a live session, or undefined when absent, revoked, idle or expired. */
  async resolve(token: string, now = Date.now()): Promise<Principal | undefined> {
    const tokenHash = hashToken(token);
    const cached = this.cache.get(tokenHash);
    if (cached && now - cached.loadedAt < CACHE_TTL_MS) {
      if (now - cached.lastTouched > TOUCH_EVERY_MS) {
        cached.lastTouched = now;
        await this.touch(tokenHash);
      }
      return cached.principal;
    }
    const principal = await runAsSystem(() => this.load(tokenHash, now));
    if (!principal) {
      this.cache.delete(tokenHash);
      return undefined;
    }
    const lastTouched = cached?.lastTouched ?? 0;
    const entry = { principal, loadedAt: now, lastTouched };
    if (now - lastTouched > TOUCH_EVERY_MS) {
      entry.lastTouched = now;
      await this.touch(tokenHash);
    }
    this.cache.set(tokenHash, entry);
    return principal;
  }

  private touch(tokenHash: string) {
    return runAsSystem(() =>
      this.db.updateTable('sessions').set({ last_seen_at: sql`now()` }).where('token_hash', '=', tokenHash).execute(),
    );
  }

  private async load(tokenHash: string, now: number): Promise<Principal | undefined> {
    const s = await this.db
      .selectFrom('sessions')
      .innerJoin('users', 'users.id', 'sessions.user_id')
      .select([
        'sessions.user_id', 'sessions.last_seen_at', 'sessions.expires_at', 'sessions.revoked_at',
        'users.name', 'users.account', 'users.kind', 'users.tenant_code', 'users.home_org_id', 'users.status',
        'users.must_change_password',
      ])
      .where('sessions.token_hash', '=', tokenHash)
      .executeTakeFirst();
    if (!s || s.revoked_at || s.status !== 'active') return undefined;
    const idleLimit = new Date(s.last_seen_at).getTime() + this.config.idleMinutes * 60_000;
    if (now > idleLimit || now > new Date(s.expires_at).getTime()) return undefined;
    return this.loadPrincipal(s.user_id, tokenHash, s);
  }

  async loadPrincipal(
    userId: string,
    sessionHash: string,
    u: { name: string; account: string | null; kind: 'staff' | 'resident'; tenant_code: string; home_org_id: string; must_change_password: boolean },
  ): Promise<Principal> {
    const [roles, scopes] = await Promise.all([
      this.db.selectFrom('user_roles').innerJoin('roles', 'roles.code', 'user_roles.role_code')
        .select(['roles.code', 'roles.permissions']).where('user_roles.user_id', '=', userId).execute(),
      this.db.selectFrom('user_scopes').innerJoin('org_units', 'org_units.id', 'user_scopes.org_id')
        .select(['org_units.id', 'org_units.name', 'org_units.kind', 'org_units.path', 'org_units.code', 'org_units.tenant_code'])
        .where('user_scopes.user_id', '=', userId).where('org_units.status', '=', 'active').execute(),
    ]);
    return {
      userId,
      name: u.name,
      account: u.account,
      kind: u.kind,
      tenantCode: u.tenant_code,
      homeOrgId: u.home_org_id,
      roles: roles.map((r) => r.code),
      permissions: new Set(roles.flatMap((r) => r.permissions) as Permission[]),
      scopePaths: scopes.map((s) => s.path),
      scopes: scopes.map((s) => ({ orgId: s.id, name: s.name, kind: s.kind, path: s.path, code: s.code, streetCode: s.tenant_code })),
      mustChangePassword: u.must_change_password,
      sessionHash,
    };
  }

  async revoke(tokenHash: string) {
    this.cache.delete(tokenHash);
    await runAsSystem(() =>
      this.db.updateTable('sessions').set({ revoked_at: sql`now()` }).where('token_hash', '=', tokenHash).execute(),
    );
  }

  async revokeAllOf(userId: string): Promise<number> {
    for (const [k, v] of this.cache) if (v.principal.userId === userId) this.cache.delete(k);
    const r = await runAsSystem(() =>
      this.db.updateTable('sessions').set({ revoked_at: sql`now()` })
        .where('user_id', '=', userId).where('revoked_at', 'is', null).executeTakeFirst(),
    );
    return Number(r.numUpdatedRows);
  }

  /** Roles or scopes changed: drop cached principals so the change applies at once here. */
  forgetUser(userId: string) {
    for (const [k, v] of this.cache) if (v.principal.userId === userId) this.cache.delete(k);
  }

  forgetAll() {
    this.cache.clear();
  }
}
