import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../testing/app.js';
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
