import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../../testing/app.js';
import { verifyAuditChain } from './verify.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
  const admin = await t.login('admin');
  for (let i = 0; i < 3; i++) {
    await t.server.app.inject({ method: 'POST', url: '/api/orgs', headers: { cookie: admin }, payload: { parentId: t.fixture.orgs.c1.id, kind: 'grid', name: `审计网格${i}` } });
  }
});
afterAll(() => t?.close());

/** Tampering needs the owner and the append-only trigger switched off: exactly what an attacker with DB access does. */
async function tamper(statement: ReturnType<typeof sql>) {
  await sql`ALTER TABLE audit_log DISABLE TRIGGER audit_no_update`.execute(t.owner.db);
  await statement.execute(t.owner.db);
  await sql`ALTER TABLE audit_log ENABLE TRIGGER audit_no_update`.execute(t.owner.db);
}

describe('audit chain', () => {
  it('records logins and org changes in an intact chain', async () => {
    const actions = (await t.owner.db.selectFrom('audit_log').select('action').execute()).map((r) => r.action);
    expect(actions).toContain('auth.login');
    expect(actions).toContain('org.create');
    const result = await verifyAuditChain(t.owner.db);
    expect(result).toMatchObject({ ok: true, problems: [] });
    expect(result.checked).toBe(actions.length);
  });

  it('shows the audit log to a scoped viewer with filters', async () => {
    const admin = await t.login('admin');
    const res = await t.server.app.inject({ url: '/api/audit?action=org.create&pageSize=2', headers: { cookie: admin } });
    expect(res.statusCode).toBe(200);
    expect(res.json().items).toHaveLength(2);
    expect(res.json().total).toBe(3);
  });

  it('detects a changed row', async () => {
    const row = await t.owner.db.selectFrom('audit_log').select('seq').where('action', '=', 'org.create').orderBy('seq').executeTakeFirstOrThrow();
    await tamper(sql`UPDATE audit_log SET actor_name = '别人' WHERE seq = ${row.seq}`);
    const result = await verifyAuditChain(t.owner.db);
    expect(result.ok).toBe(false);
    expect(result.problems.map((p) => p.seq)).toContain(row.seq);
  });

  it('detects a deleted row', async () => {
    const rows = await t.owner.db.selectFrom('audit_log').select('seq').orderBy('seq').execute();
    const victim = rows[1].seq;
    await tamper(sql`DELETE FROM audit_log WHERE seq = ${victim}`);
    const result = await verifyAuditChain(t.owner.db);
    expect(result.ok).toBe(false);
    expect(result.problems.some((p) => p.seq === rows[2].seq && p.problem.includes('deleted'))).toBe(true);
  });
});
