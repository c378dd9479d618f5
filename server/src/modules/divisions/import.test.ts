import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../testing/db.js';
import { openOwnerDatabase, type Database } from '../../platform/db/database.js';
import { communityDisplayName, DivisionImportError, importDivisions } from './import.js';

describe('communityDisplayName', () => {
  it('strips the committee suffix', () => {
    expect(communityDisplayName('静湖花园社区居委会')).toBe('静湖花园社区');
    expect(communityDisplayName('龙湾城社区居民委员会')).toBe('龙湾城社区');
    expect(communityDisplayName('张庄村民委员会')).toBe('张庄村');
    expect(communityDisplayName('张庄村村委会')).toBe('张庄村');
    expect(communityDisplayName('东庄居委会')).toBe('东庄社区');
    expect(communityDisplayName('翠林一里社区')).toBe('翠林一里社区');
  });
});

describe('importDivisions', () => {
  let t: TestDatabase;
  let owner: Database;
  beforeAll(async () => {
    t = await createTestDatabase();
    owner = openOwnerDatabase(t.ownerUrl);
  });
  afterAll(async () => {
    await owner?.close();
    await t?.drop();
  });

  it('rejects malformed and unknown street codes', async () => {
    await expect(importDivisions(owner.db, '12011400')).rejects.toBeInstanceOf(DivisionImportError);
    await expect(importDivisions(owner.db, '12011400x')).rejects.toThrow(/9 digits/);
    await expect(importDivisions(owner.db, '999999999')).rejects.toThrow(/Unknown street code/);
  });

  it('imports 下朱庄街道 with its 16 communities, and a second run changes nothing', async () => {
    const first = await importDivisions(owner.db, '120114002');
    expect(first.street).toMatchObject({ code: '120114002', name: '下朱庄街道' });
    expect(first.district).toMatchObject({ code: '120114', name: '武清区' });
    expect(first.communities).toBe(16);
    expect(first.created).toBe(18); // district + street + 16 communities

    const db = owner.db;
    const divisions = await db.selectFrom('divisions').selectAll().orderBy('code').execute();
    expect(divisions.map((d) => d.level)).toEqual(['province', 'city', 'district', 'street', ...Array(16).fill('community')]);
    expect(divisions.find((d) => d.code === '120114002001')).toMatchObject({ name: '静湖花园社区居委会', parent_code: '120114002' });

    const orgs = await db.selectFrom('org_units').selectAll().orderBy('depth').orderBy('code').execute();
    const [district, street, ...communities] = orgs;
    expect(district).toMatchObject({ kind: 'district', code: '120114', tenant_code: '120114', depth: 0, parent_id: null, path: `/${district!.id}/` });
    expect(street).toMatchObject({ kind: 'street', code: '120114002', tenant_code: '120114002', depth: 1, parent_id: district!.id,
      path: `/${district!.id}/${street!.id}/`, division_code: '120114002' });
    expect(communities).toHaveLength(16);
    for (const c of communities) {
      expect(c).toMatchObject({ kind: 'community', tenant_code: '120114002', depth: 2, parent_id: street!.id, path: `${street!.path}${c.id}/` });
      expect(c.code).toMatch(/^120114002\d{3}$/);
      expect(c.division_code).toBe(c.code);
      expect(c.name).toMatch(/社区$/);
    }
    expect(communities.find((c) => c.code === '120114002001')?.name).toBe('静湖花园社区');
    expect(communities.find((c) => c.code === '120114002002')?.name).toBe('越秀园社区');

    const history = await db.selectFrom('org_unit_history').selectAll().execute();
    expect(history).toHaveLength(18);
    expect(history.every((h) => h.action === 'create' && h.after !== null)).toBe(true);

    const second = await importDivisions(owner.db, '120114002');
    expect(second).toMatchObject({ communities: 16, created: 0, divisionsChanged: 0 });
    expect(second.street.id).toBe(street!.id);
    const counts = await db.selectFrom('org_units').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(counts.n).toBe(18);
    const h2 = await db.selectFrom('org_unit_history').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(h2.n).toBe(18);
  });
});
