import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

// a real database; a busy machine must not fail the test on time alone
vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });
import { startTestApp, type TestApp } from '../../testing/app.js';
import { ensureDefaultCaseConfig } from './config.js';
import { hoursAfter, insertCase } from './intake/testing.js';
import { inboxCounts, listCases } from './inbox.js';
import { caseListQuerySchema } from './schema.js';
import type { CaseActor } from './state-machine.js';

let t: TestApp;
const ids: Record<string, string> = {};
const T0 = new Date('2026-06-01T02:00:00Z');

/**
 * A street's inbox reads its own open cases newest first from one index and the cases it owns or
 * handles elsewhere from another (inbox.ts). Cases of both kinds, interleaved in time:
 *  A street 下朱庄 g1a, reported               (下朱庄's to-do)
 *  B 下朱庄 g1a, dispatched to 杨村's grid g3a (away: on 杨村's list as its handler)
 *  C 杨村 g3a, dispatched to g3a             (杨村's own)
 *  G 杨村 g3a, owned by 下朱庄, handled        (away: on 下朱庄's list to verify; on 杨村's as its own)
 *  D 杨村 g3a, escalated to the district     (away from 杨村: on the district's list only)
 *  E 下朱庄 g1b, dispatched to g1b; F 下朱庄 g1a, archived (not open)
 */
beforeAll(async () => {
  t = await startTestApp();
  await ensureDefaultCaseConfig(t.owner.db, ['120114002', '120114003']);
  const cats = await t.owner.db.selectFrom('case_categories').select(['id', 'code', 'tenant_code']).where('code', '=', 'environment').execute();
  const cat = (tenant: string) => cats.find((c) => c.tenant_code === tenant)!;
  const o = t.fixture.orgs;
  const handledBy = (org: typeof o.g1a) => ({ handler_org_id: org.id, handler_path: org.path, dispatched_at: T0 });
  ids.A = (await insertCase(t.owner.db, o.g1a, cat('120114002'), { state: 'reported', created_at: hoursAfter(T0, 1) })).id;
  ids.B = (await insertCase(t.owner.db, o.g1a, cat('120114002'), {
    state: 'dispatched', created_at: hoursAfter(T0, 2), owner_org_id: o.street.id, owner_path: o.street.path, ...handledBy(o.g3a),
  })).id;
  ids.C = (await insertCase(t.owner.db, o.g3a, cat('120114003'), { state: 'dispatched', created_at: hoursAfter(T0, 3), ...handledBy(o.g3a) })).id;
  ids.G = (await insertCase(t.owner.db, o.g3a, cat('120114003'), {
    state: 'handled', created_at: hoursAfter(T0, 3.5), owner_org_id: o.street.id, owner_path: o.street.path, handled_at: hoursAfter(T0, 10), ...handledBy(o.g3a),
  })).id;
  ids.D = (await insertCase(t.owner.db, o.g3a, cat('120114003'), {
    state: 'escalated', created_at: hoursAfter(T0, 4), owner_org_id: o.street2.id, owner_path: o.street2.path, ...handledBy(o.district),
  })).id;
  ids.E = (await insertCase(t.owner.db, o.g1b, cat('120114002'), { state: 'dispatched', created_at: hoursAfter(T0, 5), ...handledBy(o.g1b) })).id;
  ids.F = (await insertCase(t.owner.db, o.g1a, cat('120114002'), { state: 'archived', created_at: hoursAfter(T0, 6) })).id;
});
afterAll(() => t?.close());

const actor = (orgKey: string, tenantCode: string): CaseActor => {
  const org = t.fixture.orgs[orgKey]!;
  return {
    userId: null, name: '测试', kind: 'staff', permissions: new Set(['case.read', 'case.dispatch', 'case.handle']),
    scopePaths: [org.path], orgs: [{ id: org.id, path: org.path, kind: 'street', name: org.name }], tenantCode,
  };
};
const todo = async (a: CaseActor, page = 1, pageSize = 20) => {
  const r = await listCases(t.server.ctx, a, caseListQuerySchema.parse({ box: 'todo', page, pageSize }));
  const name = Object.fromEntries(Object.entries(ids).map(([k, v]) => [v, k]));
  return { keys: r.items.map((c) => name[c.id]), total: r.total };
};

describe('the inbox of a street: its own cases and those it owns or handles elsewhere', () => {
  it('lists both kinds newest first, with the total of both', async () => {
    expect(await todo(actor('street', '120114002'))).toEqual({ keys: ['E', 'G', 'A'], total: 3 });
    expect(await todo(actor('street2', '120114003'))).toEqual({ keys: ['G', 'C', 'B'], total: 3 });
  });

  it('pages across the two parts', async () => {
    const s = actor('street', '120114002');
    expect((await todo(s, 1, 2)).keys).toEqual(['E', 'G']);
    expect(await todo(s, 2, 2)).toEqual({ keys: ['A'], total: 3 });
  });

  it('the tab counts agree with the lists', async () => {
    expect((await inboxCounts(t.server.ctx, actor('street', '120114002'))).todo).toBe(3);
    expect((await inboxCounts(t.server.ctx, actor('street2', '120114003'))).todo).toBe(3);
    expect((await inboxCounts(t.server.ctx, actor('district', '120114'))).todo).toBe(6);
  });

  it('a district-wide caller reads in one part and sees the same cases', async () => {
    expect((await todo(actor('district', '120114'))).keys).toEqual(['E', 'D', 'G', 'C', 'B', 'A']);
  });
});
