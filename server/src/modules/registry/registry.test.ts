/**
 * The registry core through the API on a real database: housing, persons (validation,
 * duplicates, masking, history), residence events, households, tags and their visibility,
 * rentals, entities, search, scope.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InjectOptions } from 'fastify';
import { startTestApp, type TestApp } from '../../testing/app.js';
import { makeCitizenId } from '../../platform/validation/citizen-id.js';
import { makeUscc } from '../../platform/validation/uscc.js';

let t: TestApp;
const cookies: Record<string, string> = {};
const as = (account: string) => (opts: InjectOptions) =>
  t.server.app.inject({ ...opts, headers: { cookie: cookies[account], ...(opts.headers ?? {}) } });
let admin: ReturnType<typeof as>;

/** Anything shaped like a whole 18-digit citizen ID. */
const FULL_ID = /(?<![0-9A-Za-z])\d{17}[\dX](?![0-9A-Za-z])/;

const ids = {
  zhang: makeCitizenId('120114', '1956-03-08', 11), // male, 70
  li: makeCitizenId('120114', '1960-07-01', 22), // female
  child: makeCitizenId('120114', '2018-09-10', 33), // male, 7
  wang: makeCitizenId('120114', '1990-01-15', 44), // g2a person, female
  zhao: makeCitizenId('110105', '1985-12-31', 55), // floating, male
};

const w = { g1aBuilding: '', g2aBuilding: '', room101: '', room102: '', room201: '', g2aRoom: '', zhang: '', li: '', child: '', wang: '', zhao: '', household: '', g2aHousehold: '' };

beforeAll(async () => {
  t = await startTestApp();
  for (const a of ['admin', 'sec1', 'worker1', 'gw1', 'gw2', 'role_area_cadre', 'role_grid_worker_part']) cookies[a] = await t.login(a);
  admin = as('admin');
});
afterAll(() => t?.close());

describe('code tables', () => {
  it('serves the national code tables', async () => {
    const res = await admin({ url: '/api/registry/codes' });
    expect(res.statusCode).toBe(200);
    const c = res.json();
    expect(c.ethnicity.items.filter((i: { code: string }) => Number(i.code) <= 56)).toHaveLength(56);
    expect(c.gender.standard).toBe('GB/T 2261.1');
    expect(c.politicalStatus.items.find((i: { code: string }) => i.code === '13').zh).toBe('群众');
    expect(c.maritalStatus.items.length).toBeGreaterThan(5);
    expect(c.education.items.length).toBeGreaterThan(5);
  });
});

describe('housing', () => {
  it('registers a building with units and rooms in a grid and draws the drill-down', async () => {
    const b = await admin({ method: 'POST', url: '/api/registry/buildings', payload: {
      gridId: t.fixture.orgs.g1a.id, address: '天津市武清区下朱庄街道静湖花园3号楼', number: '3', floors: 6, lng: 117.05, lat: 39.38, units: ['1', '2'],
    } });
    expect(b.statusCode).toBe(201);
    w.g1aBuilding = b.json().id;
    const [u1] = b.json().units;
    const mk = async (roomNo: string, floor: number, status?: string) => {
      const r = await admin({ method: 'POST', url: '/api/registry/rooms', payload: { buildingId: w.g1aBuilding, unitId: u1.id, floor, roomNo, area: 89.5, status } });
      expect(r.statusCode).toBe(201);
      return r.json();
    };
    const r101 = await mk('101', 1);
    expect(r101.address).toBe('天津市武清区下朱庄街道静湖花园3号楼1单元101室');
    w.room101 = r101.id;
    w.room102 = (await mk('102', 1, 'vacant')).id;
    w.room201 = (await mk('201', 2)).id;
    const dup = await admin({ method: 'POST', url: '/api/registry/rooms', payload: { buildingId: w.g1aBuilding, unitId: u1.id, roomNo: '101' } });
    expect(dup.statusCode).toBe(409);
    const d = await admin({ url: `/api/registry/buildings/${w.g1aBuilding}` });
    expect(d.statusCode).toBe(200);
    const unit1 = d.json().units.find((u: { unitNo: string }) => u.unitNo === '1');
    expect(unit1.floors.map((f: { floor: number }) => f.floor)).toEqual([2, 1]);
    expect(d.json().statusCounts).toEqual({ self_occupied: 2, vacant: 1 });

    const b2 = await admin({ method: 'POST', url: '/api/registry/buildings', payload: { gridId: t.fixture.orgs.g2a.id, address: '天津市武清区下朱庄街道越秀园8号楼' } });
    w.g2aBuilding = b2.json().id;
    w.g2aRoom = (await admin({ method: 'POST', url: '/api/registry/rooms', payload: { buildingId: w.g2aBuilding, floor: 5, roomNo: '501' } })).json().id;
  });

  it('refuses a building outside a grid or outside the caller scope', async () => {
    const notGrid = await admin({ method: 'POST', url: '/api/registry/buildings', payload: { gridId: t.fixture.orgs.c1.id, address: 'x' } });
    expect(notGrid.statusCode).toBe(422);
    const outside = await as('gw1')({ method: 'POST', url: '/api/registry/buildings', payload: { gridId: t.fixture.orgs.g2a.id, address: 'y' } });
    expect(outside.statusCode).toBe(422);
    expect(outside.json().errors[0].path).toBe('body.gridId');
  });
});

describe('persons: validation, duplicates, masking', () => {
  it('registers persons in rooms and masks ID and phones', async () => {
    const res = await admin({ method: 'POST', url: '/api/registry/persons', payload: {
      name: '張三', idNumber: ids.zhang, phones: ['13812345678'], ethnicity: '01', roomId: w.room101, relationToHead: '02', skills: ['电工'], fromDate: '1980-01-01',
    } });
    expect(res.statusCode).toBe(201);
    const p = res.json();
    w.zhang = p.id;
    expect(p.name).toBe('張三');
    expect(p.idNumberMasked).toBe(`120***********${ids.zhang.slice(-4)}`);
    expect(p.phonesMasked).toEqual(['138****5678']);
    expect(p.birthDate).toBe('1956-03-08');
    expect(p.gender).toBe('1');
    expect(p.namePinyin).toBe('zhangsan');
    expect(res.body).not.toMatch(FULL_ID);
    expect(res.body).not.toContain('13812345678');

    w.li = (await admin({ method: 'POST', url: '/api/registry/persons', payload: { name: '李梅', idNumber: ids.li, roomId: w.room101, relationToHead: '10', phones: ['022-29001234'], fromDate: '1985-01-01' } })).json().id;
    const child = await admin({ method: 'POST', url: '/api/registry/persons', payload: { name: '张小宝', idNumber: ids.child, roomId: w.room101, relationToHead: '20' } });
    w.child = child.json().id;
    expect(child.json().sensitive).toBe(true);
    expect(p.sensitive).toBe(false);
    w.wang = (await admin({ method: 'POST', url: '/api/registry/persons', payload: { name: '王芳', idNumber: ids.wang, roomId: w.g2aRoom, phones: ['13900001111'] } })).json().id;
  });

  it('rejects a bad ID, a birth date or sex that contradicts it, bad phones and codes — all at once', async () => {
    const bad = ids.zhang.slice(0, 17) + (ids.zhang[17] === '0' ? '1' : '0');
    const r1 = await admin({ method: 'POST', url: '/api/registry/persons', payload: { name: '甲', idNumber: bad, gridId: t.fixture.orgs.g1a.id } });
    expect(r1.statusCode).toBe(422);
    expect(r1.json().errors[0]).toMatchObject({ path: 'body.idNumber' });
    expect(r1.json().errors[0].message_zh).toMatch(/校验位/);
    const id = makeCitizenId('120114', '1970-01-01', 101);
    const r2 = await admin({ method: 'POST', url: '/api/registry/persons', payload: {
      name: '乙', idNumber: id, birthDate: '1970-01-02', gender: '2', phones: ['12345'], ethnicity: '77', gridId: t.fixture.orgs.g1a.id,
    } });
    expect(r2.statusCode).toBe(422);
    expect(r2.json().errors.map((e: { path: string }) => e.path).sort()).toEqual(['body.birthDate', 'body.ethnicity', 'body.gender', 'body.phones.0']);
    const r3 = await admin({ method: 'POST', url: '/api/registry/persons', payload: { name: '丙', birthDate: '2023-02-29', gridId: t.fixture.orgs.g1a.id } });
    expect(r3.statusCode).toBe(400);
  });

  it('accepts a legacy 15-digit number and stores it upgraded', async () => {
    const res = await admin({ method: 'POST', url: '/api/registry/persons', payload: { name: '丁一', idNumber: '120114650203121', gridId: t.fixture.orgs.g1b.id } });
    expect(res.statusCode).toBe(201);
    expect(res.json().warnings[0].code).toBe('id_upgraded');
    expect(res.json().birthDate).toBe('1965-02-03');
    const row = await t.owner.db.selectFrom('reg_persons').select('id_number').where('id', '=', res.json().id).executeTakeFirstOrThrow();
    expect(row.id_number).toHaveLength(18);
  });

  it('answers a duplicate ID with the existing record in scope, and with nothing out of scope', async () => {
    const inScope = await admin({ method: 'POST', url: '/api/registry/persons', payload: { name: '王芳', idNumber: ids.wang, gridId: t.fixture.orgs.g2a.id } });
    expect(inScope.statusCode).toBe(409);
    expect(inScope.json().existingId).toBe(w.wang);
    const outOfScope = await as('gw1')({ method: 'POST', url: '/api/registry/persons', payload: { name: '王芳', idNumber: ids.wang, gridId: t.fixture.orgs.g1a.id } });
    expect(outOfScope.statusCode).toBe(409);
    expect(outOfScope.json().existingId).toBeUndefined();
    expect(outOfScope.body).not.toContain(w.wang);
    // a 15-digit form of an existing 18-digit number is the same person
    const legacy = await admin({ method: 'POST', url: '/api/registry/persons', payload: { name: '丁一', idNumber: '120114650203121', gridId: t.fixture.orgs.g1a.id } });
    expect(legacy.statusCode).toBe(409);
    const count = await t.owner.db.selectFrom('reg_persons').select((eb) => eb.fn.countAll<number>().as('n')).where('name', '=', '王芳').executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(1);
  });

  it('unmasks for a permitted role only, and audits each look', async () => {
    const denied = await as('worker1')({ method: 'POST', url: `/api/registry/persons/${w.zhang}/unmask`, payload: { field: 'idNumber' } });
    expect(denied.statusCode).toBe(403);
    const ok = await as('sec1')({ method: 'POST', url: `/api/registry/persons/${w.zhang}/unmask`, payload: { field: 'idNumber' } });
    expect(ok.json().idNumber).toBe(ids.zhang);
    const phones = await admin({ method: 'POST', url: `/api/registry/persons/${w.zhang}/unmask`, payload: { field: 'phones' } });
    expect(phones.json().phones).toEqual(['13812345678']);
    const audits = await t.owner.db.selectFrom('audit_log').select(['detail', 'object_id']).where('action', '=', 'personal.unmask').where('object_id', '=', w.zhang).execute();
    expect(audits).toHaveLength(2);
    expect(JSON.stringify(audits)).not.toContain(ids.zhang);
  });
});

describe('updates keep history', () => {
  it('writes one history row per changed field, personal values masked', async () => {
    const res = await admin({ method: 'PATCH', url: `/api/registry/persons/${w.zhang}`, payload: { occupation: '退休', phones: ['13812345678', '13700002222'], maritalStatus: '20' } });
    expect(res.statusCode).toBe(200);
    const again = await admin({ method: 'PATCH', url: `/api/registry/persons/${w.zhang}`, payload: { occupation: '退休' } });
    expect(again.statusCode).toBe(200);
    const detail = (await admin({ url: `/api/registry/persons/${w.zhang}` })).json();
    const fields = detail.history.map((h: { field: string }) => h.field);
    expect(fields.filter((f: string) => f === 'occupation')).toHaveLength(1);
    expect(fields).toContain('phones');
    expect(fields).toContain('maritalStatus');
    const phoneRow = detail.history.find((h: { field: string }) => h.field === 'phones');
    expect(phoneRow.newValue).toBe('138****5678,137****2222');
    expect(phoneRow.actorName).toBe('测试admin');
    const rows = await t.owner.db.selectFrom('reg_changes').selectAll().execute();
    expect(JSON.stringify(rows)).not.toContain('13700002222');
    expect(JSON.stringify(rows)).not.toMatch(FULL_ID);
  });

  it('opens every history with the registration: by the form, or from the record itself when loaded outside the app', async () => {
    const first = (await admin({ url: `/api/registry/persons/${w.zhang}` })).json().history.at(-1);
    expect(first).toMatchObject({ entityType: 'person', field: 'record', oldValue: null, newValue: 'created', actorName: '测试admin' });
    // a person loaded with COPY (the demo street, an earlier system's data) has no registration row
    const li = await t.owner.db.selectFrom('reg_persons').select('created_at').where('id', '=', w.li).executeTakeFirstOrThrow();
    await t.owner.db.deleteFrom('reg_changes').where('person_id', '=', w.li).where('entity_type', '=', 'person').where('field', '=', 'record').execute();
    const history = (await admin({ url: `/api/registry/persons/${w.li}` })).json().history;
    expect(history.filter((h: { field: string }) => h.field === 'record')).toHaveLength(1);
    expect(history.at(-1)).toMatchObject({ entityType: 'person', field: 'record', newValue: 'created', actorName: null, at: li.created_at.toISOString() });
  });

  it('refuses an update whose birth date contradicts the ID', async () => {
    const res = await admin({ method: 'PATCH', url: `/api/registry/persons/${w.zhang}`, payload: { birthDate: '1956-03-09' } });
    expect(res.statusCode).toBe(422);
    expect(res.json().errors[0].path).toBe('body.birthDate');
  });
});

describe('households and residence events', () => {
  it('creates a household, adds members, sets the head', async () => {
    const h = await admin({ method: 'POST', url: '/api/registry/households', payload: { householdNo: '1201140020010001', roomId: w.room101, headPersonId: w.zhang } });
    expect(h.statusCode).toBe(201);
    w.household = h.json().id;
    expect(h.json().headPersonId).toBe(w.zhang);
    await admin({ method: 'POST', url: `/api/registry/households/${w.household}/members`, payload: { personId: w.li, relationToHead: '10', fromDate: '1985-01-01' } });
    const m = await admin({ method: 'POST', url: `/api/registry/households/${w.household}/members`, payload: { personId: w.child, relationToHead: '20' } });
    expect(m.json().members).toHaveLength(3);
    expect(m.json().members.find((x: { id: string }) => x.id === w.child).sensitive).toBe(true);
    expect(m.body).not.toMatch(FULL_ID);
    const notMember = await admin({ method: 'PUT', url: `/api/registry/households/${w.household}/head`, payload: { personId: w.wang } });
    expect(notMember.statusCode).toBe(422);
    const head = await admin({ method: 'PUT', url: `/api/registry/households/${w.household}/head`, payload: { personId: w.li } });
    expect(head.json().headPersonId).toBe(w.li);
    const dupNo = await admin({ method: 'POST', url: '/api/registry/households', payload: { householdNo: '1201140020010001', roomId: w.room102 } });
    expect(dupNo.statusCode).toBe(409);
    w.g2aHousehold = (await admin({ method: 'POST', url: '/api/registry/households', payload: { roomId: w.g2aRoom, headPersonId: w.wang } })).json().id;
  });

  it('moving, death and living elsewhere are dated states — nothing is deleted', async () => {
    const before = await t.owner.db.selectFrom('reg_residences').select((eb) => eb.fn.countAll<number>().as('n')).where('person_id', '=', w.zhang).executeTakeFirstOrThrow();
    const moved = await admin({ method: 'POST', url: `/api/registry/persons/${w.zhang}/events`, payload: { kind: 'move_in', date: '2025-03-01', roomId: w.room201, type: 'living' } });
    expect(moved.statusCode).toBe(200);
    const living = moved.json().residences.filter((r: { type: string }) => r.type === 'living');
    expect(living.length).toBeGreaterThanOrEqual(1);
    const elsewhere = await admin({ method: 'POST', url: `/api/registry/persons/${w.zhang}/events`, payload: { kind: 'elsewhere', date: '2025-06-01', place: '北京' } });
    expect(elsewhere.json().basic.status).toBe('elsewhere');
    expect(elsewhere.json().residences.find((r: { type: string; current: boolean }) => r.type === 'hukou' && r.current)).toBeTruthy();
    const death = await admin({ method: 'POST', url: `/api/registry/persons/${w.zhang}/events`, payload: { kind: 'death', date: '2025-09-01' } });
    expect(death.json().basic).toMatchObject({ status: 'deceased', statusDate: '2025-09-01' });
    expect(death.json().residences.every((r: { current: boolean }) => !r.current)).toBe(true);
    const after = await t.owner.db.selectFrom('reg_residences').select((eb) => eb.fn.countAll<number>().as('n')).where('person_id', '=', w.zhang).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBeGreaterThan(Number(before.n));
    const still = await admin({ url: `/api/registry/persons/${w.zhang}` });
    expect(still.statusCode).toBe(200);
    expect(still.json().history.map((h: { field: string }) => h.field)).toContain('status');
    const tooEarly = await admin({ method: 'POST', url: `/api/registry/persons/${w.li}/events`, payload: { kind: 'move_out', date: '1984-01-01' } });
    expect(tooEarly.statusCode).toBe(422);
    const twice = await admin({ method: 'POST', url: `/api/registry/persons/${w.zhang}/events`, payload: { kind: 'move_out', date: '2025-10-01' } });
    expect(twice.statusCode).toBe(409);
    const out = await admin({ method: 'POST', url: `/api/registry/persons/${w.li}/events`, payload: { kind: 'move_out', date: '2025-10-01', destination: '河北省' } });
    expect(out.json().basic.status).toBe('moved_out');
    const list = await admin({ url: '/api/registry/persons?status=all&fields=name,status' });
    expect(list.json().items.map((i: { name: string }) => i.name)).toEqual(expect.arrayContaining(['張三', '李梅']));
    const active = await admin({ url: '/api/registry/persons?fields=name' });
    expect(active.json().items.map((i: { name: string }) => i.name)).not.toContain('李梅');
  });
});

describe('tags and their visibility', () => {
  let sensitiveTagId = '';
  it('adds a normal and a sensitive tag; the sensitive one is visible only to permitted roles', async () => {
    const elderly = await as('gw1')({ method: 'POST', url: `/api/registry/persons/${w.child}/tags`, payload: { tagCode: 'child_in_distress', level: 'attention', reason: '父母外出务工' } });
    expect(elderly.statusCode).toBe(201);
    const denied = await as('gw1')({ method: 'POST', url: `/api/registry/persons/${w.child}/tags`, payload: { tagCode: 'mental_disorder', level: 'key' } });
    expect(denied.statusCode).toBe(403);
    const s = await as('sec1')({ method: 'POST', url: `/api/registry/persons/${w.child}/tags`, payload: { tagCode: 'key_youth', level: 'key', reason: '敏感原因' } });
    expect(s.statusCode).toBe(201);
    sensitiveTagId = s.json().id;
    const bySec = (await as('sec1')({ url: `/api/registry/persons/${w.child}` })).json();
    expect(bySec.tags.map((x: { tagCode: string }) => x.tagCode).sort()).toEqual(['child_in_distress', 'key_youth']);
    for (const account of ['gw1', 'worker1']) {
      const res = await as(account)({ url: `/api/registry/persons/${w.child}` });
      expect(res.json().tags.map((x: { tagCode: string }) => x.tagCode)).toEqual(['child_in_distress']);
      expect(res.body).not.toContain('key_youth');
      expect(res.body).not.toContain('敏感原因');
      const list = await as(account)({ url: '/api/registry/persons?fields=name,tags' });
      expect(list.body).not.toContain('key_youth');
      const filter = await as(account)({ url: '/api/registry/persons?tag=key_youth' });
      expect(filter.statusCode).toBe(403);
      const direct = await as(account)({ method: 'POST', url: `/api/registry/persons/${w.child}/tags/${sensitiveTagId}/end`, payload: {} });
      expect(direct.statusCode).toBe(404);
    }
    const filtered = await as('sec1')({ url: '/api/registry/persons?tag=key_youth&level=key&fields=name' });
    expect(filtered.json().items.map((i: { name: string }) => i.name)).toEqual(['张小宝']);
  });

  it('tag types are configurable with tag.manage: making a tag sensitive hides it', async () => {
    const denied = await as('sec1')({ method: 'PATCH', url: '/api/registry/tag-types/child_in_distress', payload: { sensitive: true } });
    expect(denied.statusCode).toBe(403);
    const ok = await admin({ method: 'PATCH', url: '/api/registry/tag-types/child_in_distress', payload: { sensitive: true, visibleRoles: ['community_secretary'] } });
    expect(ok.statusCode).toBe(200);
    const gw = await as('gw1')({ url: `/api/registry/persons/${w.child}` });
    expect(gw.json().tags).toEqual([]);
    expect(gw.json().history.some((h: { field: string }) => h.field.startsWith('tag.'))).toBe(false);
    await admin({ method: 'PATCH', url: '/api/registry/tag-types/child_in_distress', payload: { sensitive: false, visibleRoles: [] } });
    const created = await admin({ method: 'POST', url: '/api/registry/tag-types', payload: { code: 'lonely_youth', nameZh: '留守青少年', nameEn: 'Left-behind youth' } });
    expect(created.statusCode).toBe(201);
    const types = await as('gw1')({ url: '/api/registry/tag-types' });
    expect(types.json().items.map((x: { code: string }) => x.code)).toContain('lonely_youth');
    expect(types.json().items.map((x: { code: string }) => x.code)).not.toContain('mental_disorder');
  });

  it('adding an open tag again answers with the open one and adds nothing', async () => {
    const url = `/api/registry/persons/${w.zhang}/tags`;
    const first = await as('sec1')({ method: 'POST', url, payload: { tagCode: 'elderly_alone', level: 'attention', reason: '独居' } });
    expect(first.statusCode).toBe(201);
    expect(first.json().existing).toBe(false);
    const again = await as('sec1')({ method: 'POST', url, payload: { tagCode: 'elderly_alone', level: 'key', reason: '再次添加' } });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ id: first.json().id, existing: true, level: 'attention' });
    // two adds at once: one tag, both answers name it
    const raced = await Promise.all([1, 2].map(() => as('sec1')({ method: 'POST', url, payload: { tagCode: 'disabled', level: 'normal' } })));
    expect(raced.map((r) => r.statusCode).sort()).toEqual([200, 201]);
    expect(new Set(raced.map((r) => r.json().id)).size).toBe(1);
    const tags = (await as('sec1')({ url: `/api/registry/persons/${w.zhang}` })).json().tags as Array<{ tagCode: string }>;
    expect(tags.filter((x) => x.tagCode === 'elderly_alone')).toHaveLength(1);
    expect(tags.filter((x) => x.tagCode === 'disabled')).toHaveLength(1);
  });

  it('changing and ending a tag keeps the record and its history', async () => {
    const gw = as('gw1');
    const tag = (await gw({ url: `/api/registry/persons/${w.child}` })).json().tags[0];
    const up = await gw({ method: 'PATCH', url: `/api/registry/persons/${w.child}/tags/${tag.id}`, payload: { level: 'key', responsibleStaffId: t.fixture.staff.g1a.id } });
    expect(up.json()).toMatchObject({ level: 'key', responsibleStaffName: null });
    const end = await gw({ method: 'POST', url: `/api/registry/persons/${w.child}/tags/${tag.id}/end`, payload: { endDate: '2099-01-01' } });
    expect(end.json()).toMatchObject({ active: false, endDate: '2099-01-01' });
    const d = (await gw({ url: `/api/registry/persons/${w.child}` })).json();
    expect(d.tags[0].active).toBe(false);
    expect(d.history.filter((h: { field: string }) => h.field.startsWith('tag.child_in_distress')).length).toBeGreaterThanOrEqual(3);
  });
});

describe('floating population, rentals, entities, reminders', () => {
  it('records a floating tenant in a rental and lists the ledger', async () => {
    const zhao = await admin({ method: 'POST', url: '/api/registry/persons', payload: {
      name: '赵六', idNumber: ids.zhao, gridId: t.fixture.orgs.g1a.id, phones: ['13600001234'],
      floating: { inflowReason: '务工', inflowDate: '2024-05-01', origin: '河北省保定市', permitNo: 'JZ2024001', permitExpiry: '2000-01-01' },
    } });
    expect(zhao.statusCode).toBe(201);
    w.zhao = zhao.json().id;
    expect(zhao.json().populationType).toBe('floating');
    const rental = await admin({ method: 'POST', url: '/api/registry/rentals', payload: {
      landlordName: '孙七', landlordPhone: '13500005678', contractFrom: '2024-05-01', contractTo: '2026-04-30', roomIds: [w.room102],
    } });
    expect(rental.statusCode).toBe(201);
    expect(rental.json().landlordPhoneMasked).toBe('135****5678');
    const tenant = await admin({ method: 'POST', url: `/api/registry/rentals/${rental.json().id}/tenants`, payload: { personId: w.zhao, roomId: w.room102, fromDate: '2024-05-01' } });
    expect(tenant.json().tenants).toHaveLength(1);
    expect(tenant.body).not.toMatch(FULL_ID);
    const room = (await admin({ url: `/api/registry/rooms/${w.room102}` })).json();
    expect(room.status).toBe('rented');
    expect(room.residents.map((r: { name: string }) => r.name)).toContain('赵六');
    const ledger = await admin({ url: '/api/registry/rentals' });
    expect(ledger.json().items[0]).toMatchObject({ landlordName: '孙七', rooms: 1, tenants: 1 });
    expect(ledger.body).not.toContain('13500005678');
    const floating = await admin({ url: '/api/registry/floating?expiringWithinDays=30' });
    expect(floating.json().items.map((i: { person: { name: string } }) => i.person.name)).toEqual(['赵六']);
  });

  it('an expiring permit is flagged once: at once by the save, not again by the job', async () => {
    const { remindPermitExpiry } = await import('./jobs.js');
    expect(await remindPermitExpiry(t.server.ctx, new Date())).toBe(0);
    const list = await as('gw1')({ url: '/api/registry/reminders' });
    expect(list.json().items).toHaveLength(1);
    expect(list.json().items[0].person.name).toBe('赵六');
    expect((await as('gw2')({ url: '/api/registry/reminders' })).json().items).toHaveLength(0);
    const done = await as('gw1')({ method: 'POST', url: `/api/registry/reminders/${list.json().items[0].id}/done` });
    expect(done.json().done).toBe(true);
  });

  it('keeps an entity with a failing credit code, flagged, and refuses a duplicate code', async () => {
    const good = makeUscc('91120114MA05L1234');
    const ok = await admin({ method: 'POST', url: '/api/registry/entities', payload: { name: '静湖便利店', uscc: good, buildingId: w.g1aBuilding, type: 'individual', keyUnit: false } });
    expect(ok.statusCode).toBe(201);
    expect(ok.json()).toMatchObject({ usccValid: true, warnings: [] });
    const bad = good.slice(0, 17) + (good[17] === '0' ? '1' : '0');
    const flagged = await admin({ method: 'POST', url: '/api/registry/entities', payload: { name: '越秀物业', uscc: bad, gridId: t.fixture.orgs.g2a.id, keyUnit: true } });
    expect(flagged.statusCode).toBe(201);
    expect(flagged.json().usccValid).toBe(false);
    expect(flagged.json().warnings[0].code).toBe('uscc_checksum');
    const dup = await admin({ method: 'POST', url: '/api/registry/entities', payload: { name: '重复', uscc: good, gridId: t.fixture.orgs.g1a.id } });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().existingId).toBe(ok.json().id);
  });
});

describe('search', () => {
  const names = async (account: string, q: string) => {
    const res = await as(account)({ url: `/api/registry/search?q=${encodeURIComponent(q)}` });
    expect(res.statusCode).toBe(200);
    expect(res.body).not.toMatch(FULL_ID);
    return res.json().items.map((i: { kind: string; title: string }) => `${i.kind}:${i.title}`);
  };

  it('finds by name, traditional characters, pinyin, initials, ID digits, phone and address', async () => {
    expect(await names('admin', '张三')).toContain('person:張三');
    expect(await names('admin', '張小寶')).toContain('person:张小宝');
    expect(await names('admin', 'zs')).toContain('person:張三');
    expect(await names('admin', 'zhangxiao')).toContain('person:张小宝');
    expect(await names('admin', 'zxb')).toContain('person:张小宝');
    expect(await names('admin', ids.child.slice(-6))).toContain('person:张小宝');
    expect(await names('admin', ids.child.slice(-4))).toContain('person:张小宝');
    expect(await names('admin', '13900001111')).toContain('person:王芳');
    expect(await names('admin', '小宝')).toContain('person:张小宝');
    const addr = await names('admin', '静湖花园3号楼');
    expect(addr).toEqual(expect.arrayContaining(['building:3', 'room:101', 'household:1201140020010001']));
    expect(await names('admin', '便利店')).toContain('entity:静湖便利店');
    expect(await names('admin', '1201140020010')).toContain('household:1201140020010001');
    // as a phone's input method types in Chinese mode: full-width digits and letters
    const full = (x: string) => x.replace(/[0-9a-z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
    expect(await names('admin', full('13900001111'))).toContain('person:王芳');
    expect(await names('admin', full(ids.child.slice(-6)))).toContain('person:张小宝');
    expect(await names('admin', full('zxb'))).toContain('person:张小宝');
    expect(await names('admin', `静湖花园${full('3')}号楼`)).toContain('building:3');
  });

  it('is scoped: a grid worker never finds people of other grids', async () => {
    expect(await names('gw1', '王芳')).toEqual([]);
    expect(await names('gw1', '13900001111')).toEqual([]);
    expect(await names('gw1', '越秀园')).toEqual([]);
    expect(await names('gw2', '王芳')).toContain('person:王芳');
    expect(await names('gw2', 'zs')).toEqual([]);
  });
});

describe('scope: a grid worker sees only the households and persons of their grids', () => {
  it('lists only g1a/g1b and answers 404 for objects of g2a', async () => {
    const gw = as('gw1');
    const persons = await gw({ url: '/api/registry/persons?status=all&fields=name,grid' });
    const grids = new Set(persons.json().items.map((i: { gridId: string }) => i.gridId));
    expect([...grids].every((g) => g === t.fixture.orgs.g1a.id || g === t.fixture.orgs.g1b.id)).toBe(true);
    expect(persons.json().items.map((i: { name: string }) => i.name)).not.toContain('王芳');
    const households = await gw({ url: '/api/registry/households' });
    expect(households.json().items.map((h: { id: string }) => h.id)).toEqual([w.household]);
    for (const url of [`/api/registry/persons/${w.wang}`, `/api/registry/households/${w.g2aHousehold}`, `/api/registry/rooms/${w.g2aRoom}`, `/api/registry/buildings/${w.g2aBuilding}`]) {
      const res = await gw({ url });
      expect(res.statusCode, url).toBe(404);
      expect(res.body).not.toContain('王芳');
    }
    const patch = await gw({ method: 'PATCH', url: `/api/registry/persons/${w.wang}`, payload: { occupation: 'x' } });
    expect(patch.statusCode).toBe(404);
    const unmask = await gw({ method: 'POST', url: `/api/registry/persons/${w.wang}/unmask`, payload: { field: 'idNumber' } });
    expect(unmask.statusCode).toBe(403); // grid workers may not unmask at all
    const orgOutside = await gw({ url: `/api/registry/persons?orgId=${t.fixture.orgs.c2.id}` });
    expect(orgOutside.statusCode).toBe(422);
  });

  it('a read-only role cannot write', async () => {
    const res = await as('role_area_cadre')({ method: 'POST', url: '/api/registry/persons', payload: { name: '某', gridId: t.fixture.orgs.g1a.id } });
    expect(res.statusCode).toBe(403);
  });
});

describe('lists', () => {
  it('filters by org subtree, population type, age and text, with chosen columns and paging', async () => {
    const c1 = await admin({ url: `/api/registry/persons?orgId=${t.fixture.orgs.c1.id}&status=all&fields=name,age,idNumber&pageSize=2&page=1` });
    expect(c1.json().items).toHaveLength(2);
    expect(c1.json().total).toBeGreaterThanOrEqual(4);
    expect(c1.json().totalCapped).toBe(false);
    expect(Object.keys(c1.json().items[0]).sort()).toEqual(['age', 'id', 'idNumberMasked', 'name', 'sensitive']);
    const children = await admin({ url: '/api/registry/persons?ageMax=13&fields=name' });
    expect(children.json().items.map((i: { name: string }) => i.name)).toEqual(['张小宝']);
    expect(children.json().items[0].sensitive).toBe(true);
    const floating = await admin({ url: '/api/registry/persons?populationType=floating&fields=name,address' });
    expect(floating.json().items).toEqual([expect.objectContaining({ name: '赵六', address: '天津市武清区下朱庄街道静湖花园3号楼1单元102室' })]);
    const text = await admin({ url: '/api/registry/persons?q=zl&fields=name' });
    expect(text.json().items.map((i: { name: string }) => i.name)).toEqual(['赵六']);
    // a text filter sorts its matches (PINYIN_ORDER_BY_SORT): the same order as the whole list
    const names = async (query: string) => (await admin({ url: `/api/registry/persons?status=all&fields=name&pageSize=100${query}` })).json().items.map((i: { name: string }) => i.name) as string[];
    const [everyone, z] = [await names(''), await names('&q=z')];
    expect(z.length).toBeGreaterThanOrEqual(2);
    expect(z).toEqual(everyone.filter((n) => z.includes(n)));
    const bad = await admin({ url: '/api/registry/persons?fields=name,password' });
    expect(bad.statusCode).toBe(422);
  });

  it('finds households by number, address or the head\'s name', async () => {
    const byHead = await admin({ url: `/api/registry/households?q=${encodeURIComponent('李梅')}` });
    expect(byHead.statusCode).toBe(200);
    expect(byHead.json().items.map((h: { id: string }) => h.id)).toEqual([w.household]);
    expect(byHead.json().items[0].headName).toBe('李梅');
    const byNo = await admin({ url: '/api/registry/households?q=120114002001' });
    expect(byNo.json().items.map((h: { id: string }) => h.id)).toContain(w.household);
    const none = await admin({ url: `/api/registry/households?q=${encodeURIComponent('无此人')}` });
    expect(none.json().items).toEqual([]);
    // the head is found as search finds persons: pinyin initials, the last digits of the ID
    for (const q of ['lm', ids.li.slice(-6)]) {
      const r = await admin({ url: `/api/registry/households?q=${q}` });
      expect(r.json().items.map((h: { id: string }) => h.id)).toContain(w.household);
    }
    const byAddress = await admin({ url: `/api/registry/households?q=${encodeURIComponent('3号楼1单元101')}` });
    expect(byAddress.json().items.map((h: { id: string }) => h.id)).toContain(w.household);
    // the head's name is matched within the caller's scope only
    const gw2 = await as('gw2')({ url: `/api/registry/households?q=${encodeURIComponent('李梅')}` });
    expect(gw2.json().items).toEqual([]);
  });

  it('no list or search response anywhere holds a whole ID number or phone', async () => {
    const urls = [
      '/api/registry/persons?status=all', '/api/registry/persons?status=all&fields=' + 'name,idNumber,phones,address,householdNo,tags',
      '/api/registry/households', `/api/registry/households/${w.household}`, '/api/registry/buildings', `/api/registry/buildings/${w.g1aBuilding}`,
      `/api/registry/rooms/${w.room101}`, `/api/registry/rooms/${w.room102}`, '/api/registry/rentals', '/api/registry/floating', '/api/registry/entities',
      '/api/registry/reminders', `/api/registry/persons/${w.zhang}`, `/api/registry/persons/${w.child}`, `/api/registry/persons/${w.zhao}`,
      '/api/registry/search?q=zhang', '/api/registry/search?q=' + ids.zhao.slice(-8), '/api/registry/search?q=13600001234',
    ];
    for (const url of urls) {
      const res = await admin({ url });
      expect(res.statusCode, url).toBe(200);
      expect(res.body, url).not.toMatch(FULL_ID);
      for (const phone of ['13812345678', '13700002222', '13900001111', '13600001234', '13500005678']) expect(res.body, url).not.toContain(phone);
    }
  });
});
