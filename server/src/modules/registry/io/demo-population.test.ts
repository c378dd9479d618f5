import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../testing/app.js';
import { seedDemoPopulation } from '../../../demo/population.js';
import { parseCitizenId } from '../../../platform/validation/index.js';
import { addDays, todayIso } from '../../../platform/validation/dates.js';
import { sql } from 'kysely';

let t: TestApp;
beforeAll(async () => { t = await startTestApp(); });
afterAll(() => t?.close());

describe('demo population', () => {
  it('fills the street once with the requested number of valid persons, counted by the statistics', async () => {
    const first = await seedDemoPopulation(t.owner.db, { persons: 3000 });
    expect(first).toMatchObject({ skipped: false, persons: 3000 });
    expect(await seedDemoPopulation(t.owner.db, { persons: 3000 })).toMatchObject({ skipped: true });
    const ids = await t.owner.db.selectFrom('reg_persons').select(['id_number', 'birth_date', 'gender']).execute();
    expect(ids.every((p) => parseCitizenId(p.id_number!).ok)).toBe(true);
    expect(ids.filter((p) => p.id_number!.startsWith('120114')).length).toBeGreaterThan(2500);
    // loaded as of today: residence permits from last month on, some expiring within 30 days
    const today = todayIso();
    const permits = (await t.owner.db.selectFrom('reg_floating').select(sql<string>`permit_expiry::text`.as('d')).where('permit_expiry', 'is not', null).execute()).map((f) => f.d);
    expect(permits.every((d) => d >= addDays(today, -30))).toBe(true);
    expect(permits.some((d) => d >= today && d <= addDays(today, 30))).toBe(true);
    const admin = await t.login('admin');
    const stats = (await t.server.app.inject({ method: 'GET', url: `/api/registry/stats?orgId=${t.fixture.orgs.street!.id}`, headers: { cookie: admin } })).json();
    expect(stats.persons.total).toBe(3000);
    expect(stats.households).toBe(first.households);
    // a grid worker's search finds generated people through R1's search
    const gw = await t.login('gw1');
    const list = await t.server.app.inject({ method: 'GET', url: '/api/registry/export/households?format=csv', headers: { cookie: gw } });
    expect(list.statusCode).toBe(403); // grid workers may not export
  });
});
