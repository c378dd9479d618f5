import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

// these tests drive a real database; a busy machine must not fail them on time alone
vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });
import { startTestApp, type TestApp } from '../../testing/app.js';
import { ensureDefaultCaseConfig } from './config.js';
import { createCase, SYSTEM_ACTOR } from './service.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
  await ensureDefaultCaseConfig(t.owner.db);
});
afterAll(async () => {
  await t?.close();
});

describe('group commit of concurrent creates', () => {
  it('commits concurrent creates together; a failing one is rolled back alone with its own error', async () => {
    const system = { ...SYSTEM_ACTOR, tenantCode: t.fixture.tenant };
    const body = (i: number, extra: Record<string, unknown> = {}) => ({
      channel: 'hotline' as const, category: 'environment', title: `并发${i}`, description: '并发登记', location: { gridId: t.fixture.orgs.g1a.id }, ...extra,
    });
    const results = await Promise.allSettled(Array.from({ length: 12 }, (_, i) => createCase(t.server.ctx, system,
      body(i, i === 5 ? { attachmentIds: ['01900000-0000-7000-8000-000000000000'] } : {}))));
    expect(results[5].status).toBe('rejected');
    expect((results[5] as PromiseRejectedResult).reason.status).toBe(422);
    const ok = results.filter((r): r is PromiseFulfilledResult<Awaited<ReturnType<typeof createCase>>> => r.status === 'fulfilled').map((r) => r.value.case);
    expect(ok).toHaveLength(11);
    expect(new Set(ok.map((c) => c.number)).size).toBe(11);
    // every committed case has its timeline event, inbox row and audit row; the failed one left nothing
    const ids = ok.map((c) => c.id);
    const events = await t.owner.db.selectFrom('case_events').select('case_id').where('case_id', 'in', ids).where('action', '=', 'report').execute();
    expect(events).toHaveLength(11);
    const inbox = await t.owner.db.selectFrom('case_notifications').select('case_id').where('case_id', 'in', ids).execute();
    expect(inbox).toHaveLength(11);
    const audits = await t.owner.db.selectFrom('audit_log').select('object_label').where('action', '=', 'case.create').where('object_id', 'in', ids).execute();
    expect(audits.map((a) => a.object_label).sort()).toEqual(ok.map((c) => c.number).sort());
    const failed = await t.owner.db.selectFrom('cases').select('id').where('title', '=', '并发5').execute();
    expect(failed).toHaveLength(0);
  });

  it('answers with the case exactly as stored (the row is not read back after the insert)', async () => {
    const cookie = await t.login('admin');
    const created = await t.server.app.inject({
      method: 'POST', url: '/api/cases', headers: { cookie },
      payload: {
        channel: 'hotline', category: 'environment', title: '楼道堆物', description: '三楼楼道堆放杂物', urgency: 'urgent', importance: 'important', peopleInvolved: 3,
        location: { gridId: t.fixture.orgs.g1a.id, address: '静湖花园 3 号楼', lng: 117.2, lat: 39.1 }, reporter: { name: '王女士', phone: '13900000003' },
      },
    });
    expect(created.statusCode).toBe(201);
    const answered = created.json().case;
    const stored = (await t.server.app.inject({ method: 'GET', url: `/api/cases/${answered.id}`, headers: { cookie } })).json().case;
    expect(answered).toEqual(stored);
    expect(answered.number).toMatch(new RegExp(`^${t.fixture.tenant}-\\d{8}-\\d{4,}$`));
  });
});
