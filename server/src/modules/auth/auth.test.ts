import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../../testing/app.js';
import { FIXTURE_PASSWORD } from '../../testing/fixtures.js';

let t: TestApp;
beforeAll(async () => { t = await startTestApp({ loginRateLimit: { perMinute: 1000 } }); });
afterAll(() => t?.close());

const login = (login: string, password: string, ip?: string) =>
  t.server.app.inject({ method: 'POST', url: '/api/auth/login', payload: { login, password }, ...(ip && { remoteAddress: ip }) });

describe('login and sessions', () => {
  it('logs in by account and sets a hardened session cookie', async () => {
    const res = await login('admin', FIXTURE_PASSWORD);
    expect(res.statusCode).toBe(200);
    const cookie = res.cookies.find((c) => c.name === 'rz_session')!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe('Lax');
    expect(res.json().user.permissions).toContain('org.write');
  });

  it('logs in by mobile number', async () => {
    const res = await login('13800000009', FIXTURE_PASSWORD);
    expect(res.statusCode).toBe(200);
    expect(res.json().user.kind).toBe('resident');
  });

  it('answers a wrong password and an unknown account alike, and audits both', async () => {
    const a = await login('worker1', 'wrong-Password1');
    const b = await login('nobody-here', 'wrong-Password1');
    expect(a.statusCode).toBe(401);
    expect(b.statusCode).toBe(401);
    expect(a.json().title).toBe(b.json().title);
    const failures = await t.owner.db.selectFrom('audit_log').select('detail').where('action', '=', 'auth.login').where('outcome', '=', 'failure').execute();
    expect(failures.length).toBeGreaterThanOrEqual(2);
  });

  it('locks an account after 5 failures in 15 minutes, even with the right password', async () => {
    for (let i = 0; i < 5; i++) await login('gw2', 'wrong-Password1');
    const res = await login('gw2', FIXTURE_PASSWORD);
    expect(res.statusCode).toBe(423);
    expect(res.json().title_zh).toContain('锁定');
  });

  it('logout revokes the session on the server', async () => {
    const cookie = await t.login('sec1');
    expect((await t.server.app.inject({ url: '/api/auth/me', headers: { cookie } })).statusCode).toBe(200);
    await t.server.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie } });
    expect((await t.server.app.inject({ url: '/api/auth/me', headers: { cookie } })).statusCode).toBe(401);
  });

  it('expires a session idle for longer than the idle timeout', async () => {
    const cookie = await t.login('worker1');
    await t.owner.db.updateTable('sessions').set({ last_seen_at: sql`now() - interval '31 minutes'` }).execute();
    t.server.ctx.sessions.forgetAll();
    expect((await t.server.app.inject({ url: '/api/auth/me', headers: { cookie } })).statusCode).toBe(401);
  });

  it('expires a session past its absolute lifetime', async () => {
    const cookie = await t.login('worker1');
    await t.owner.db.updateTable('sessions').set({ expires_at: sql`now() - interval '1 second'` }).execute();
    t.server.ctx.sessions.forgetAll();
    expect((await t.server.app.inject({ url: '/api/auth/me', headers: { cookie } })).statusCode).toBe(401);
  });

  it('refuses a weak password with a Chinese and an English reason', async () => {
    const admin = await t.login('admin');
    const res = await t.server.app.inject({
      method: 'POST', url: '/api/users', headers: { cookie: admin },
      payload: { kind: 'staff', account: 'weakling', name: '弱密码', password: 'abcdefgh', roles: ['community_worker'], scopeOrgIds: [t.fixture.orgs.c1.id] },
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().errors[0].message_zh).toContain('至少');
  });
});

describe('login rate limit', () => {
  it('answers 429 past the per-address limit', async () => {
    const limited = await startTestApp({ loginRateLimit: { perMinute: 3 } });
    try {
      const codes = [];
      for (let i = 0; i < 5; i++) {
        codes.push((await limited.server.app.inject({ method: 'POST', url: '/api/auth/login', payload: { login: 'x', password: 'y' } })).statusCode);
      }
      expect(codes.slice(0, 3).every((c) => c === 401)).toBe(true);
      expect(codes.slice(3)).toEqual([429, 429]);
    } finally {
      await limited.close();
    }
  });
});
