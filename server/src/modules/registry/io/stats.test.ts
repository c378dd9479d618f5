import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, ageOn, isoDate, todayIso, yearsBefore } from '../../../platform/validation/dates.js';
import { startTestApp, type TestApp } from '../../../testing/app.js';
import { AGE_BANDS } from './stats.js';
import { createXiheCommunity, XIHE_FIGURES } from './xihe-fixture.js';

let t: TestApp;
let xihe: Awaited<ReturnType<typeof createXiheCommunity>>;
let admin: string;

beforeAll(async () => {
  t = await startTestApp();
  xihe = await createXiheCommunity(t.owner, t.fixture.orgs.street!);
  admin = await t.login('admin');
});
afterAll(() => t?.close());

const stats = async (cookie: string, orgId?: string) => {
  const res = await t.server.app.inject({ method: 'GET', url: `/api/registry/stats${orgId ? `?orgId=${orgId}` : ''}`, headers: { cookie } });
  return { status: res.statusCode, body: res.json() };
};

describe('registry statistics', () => {
  it('shows exactly the figures of 西河社区 (seed 001)', async () => {
    const { status, body } = await stats(admin, xihe.id);
    expect(status).toBe(200);
    expect(body.org.name).toBe('西河社区');
    expect(body.grids).toBe(XIHE_FIGURES.grids);
    expect(body.households).toBe(XIHE_FIGURES.households);
    expect(body.persons.total).toBe(XIHE_FIGURES.persons);
    expect(body.floating).toBe(XIHE_FIGURES.floating);
    expect(body.rentals).toEqual({ households: 34, rooms: 179, tenants: 268 });
    expect(body.keyPersons).toBe(XIHE_FIGURES.keyPersons);
    expect(body.entities.total).toBe(XIHE_FIGURES.entities);
    expect(body.children).toHaveLength(6);
    expect(body.children.reduce((s: number, c: { persons: number }) => s + c.persons, 0)).toBe(3203);
    expect(body.children.reduce((s: number, c: { households: number }) => s + c.households, 0)).toBe(1006);
    const pyramid = body.agePyramid.reduce((s: number, b: { male: number; female: number }) => s + b.male + b.female, 0);
    expect(pyramid).toBe(3203);
    const key = body.tags.reduce((s: number, x: { key: number }) => s + x.key, 0);
    expect(key).toBe(5);
  });

  it('counts a grid and the street the same way', async () => {
    const grid = await stats(admin, xihe.grids[0]!.id);
    expect(grid.body.grids).toBe(1);
    expect(grid.body.persons.total).toBeGreaterThan(400);
    const street = await stats(admin, t.fixture.orgs.street!.id);
    expect(street.body.persons.total).toBe(3203);
    expect(street.body.children.find((c: { name: string }) => c.name === '西河社区').households).toBe(1006);
  });

  it('puts every person in the 5-year band of their age today, birthdays on the day and 29 February included', async () => {
    const today = todayIso();
    const grid = t.fixture.orgs.g1a!;
    const births = [
      yearsBefore(today, 5), addDays(yearsBefore(today, 5), 1), yearsBefore(today, 90), addDays(yearsBefore(today, 90), 1),
      yearsBefore(today, 37), addDays(yearsBefore(today, 40), -1), '2000-02-29', '1964-02-29', today,
    ];
    await t.owner.db.insertInto('reg_persons').values(births.map((b, i) => ({
      tenant_code: grid.tenant, id: uuidv7(), path: grid.path, grid_id: grid.id, name: `年龄${i}`, name_simplified: `年龄${i}`,
      gender: i % 2 ? '2' : '1', birth_date: b,
    }))).execute();
    const street = t.fixture.orgs.street!;
    const { body } = await stats(admin, street.id);
    // the same bands from the app's own age (ageOn), person by person
    const expected = AGE_BANDS.map((band) => ({ band, male: 0, female: 0 }));
    const persons = await t.owner.db.selectFrom('reg_persons').select(['gender', 'birth_date'])
      .where('status', '=', 'active').where(sql<boolean>`path LIKE ${street.path + '%'}`).execute();
    for (const p of persons) {
      if (!p.birth_date) continue;
      const band = expected[Math.min(18, Math.max(0, Math.floor(ageOn(isoDate(p.birth_date)!, today) / 5)))]!;
      if (p.gender === '1') band.male += 1;
      else if (p.gender === '2') band.female += 1;
    }
    expect(body.agePyramid).toEqual(expected);
  });

  it('stops counting the open tags of a person who moves out (the tag stays, the person is no longer active)', async () => {
    const before = (await stats(admin, xihe.id)).body;
    const keyTag = await t.owner.db.selectFrom('reg_person_tags as t').innerJoin('reg_persons as pe', 'pe.id', 't.person_id')
      .select(['t.person_id', 't.tag_code']).where('t.level', '=', 'key').where('t.end_date', 'is', null).where('pe.path', 'like', `${xihe.path}%`)
      .orderBy('t.person_id').executeTakeFirstOrThrow();
    const openTags = await t.owner.db.selectFrom('reg_person_tags').select('tag_code').where('person_id', '=', keyTag.person_id).where('end_date', 'is', null).execute();
    const res = await t.server.app.inject({ method: 'POST', url: `/api/registry/persons/${keyTag.person_id}/events`, headers: { cookie: admin }, payload: { kind: 'move_out', date: todayIso(), destination: '北京' } });
    expect(res.statusCode).toBe(200);
    const after = (await stats(admin, xihe.id)).body;
    expect(after.keyPersons).toBe(before.keyPersons - 1);
    const total = (b: { tags: Array<{ total: number }> }) => b.tags.reduce((n, x) => n + x.total, 0);
    expect(total(after)).toBe(total(before) - openTags.length);
    expect(after.persons.total).toBe(before.persons.total - 1);
  });

  it('hides sensitive tags from roles that may not see them, in counts too', async () => {
    // a community worker of 静湖花园 sees nothing of 西河 — and an org outside the scope is refused
    const worker = await t.login('worker1');
    const outside = await stats(worker, xihe.id);
    expect(outside.status).toBe(422);
    const own = await stats(worker);
    expect(own.status).toBe(200);
    expect(own.body.tags.find((x: { code: string }) => x.code === 'community_correction')).toBeUndefined();
  });
});
