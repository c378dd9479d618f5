/** Buildings → units → rooms: registration, lists by grid, the drill-down grid of rooms. */
import { sql, type Selectable } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { AppContext } from '../../platform/context.js';
import type { Principal } from '../../platform/auth/principal.js';
import { inScope } from '../../platform/db/scope-sql.js';
import { recordAudit } from '../../platform/audit/audit.js';
import { conflict, notFound } from '../../platform/http/errors.js';
import { maskIdNumber } from '../../platform/privacy/mask.js';
import { actorOf, isUniqueViolation, likeEscape, now, pageOf, requireBuilding, requireGrid, requireOrg, requireRoom, type Db, scopeRanges, startsWith, cappedCount } from './common.js';
import { diff, recordChanges } from './changes.js';
import { codeLabel } from './codes.js';
import { ageOf, isChild } from './present.js';
import type { RegBuildingsTable, RegRoomsTable } from './tables.js';
import type { BuildingQuery, CreateBuildingInput, CreateRoomInput, UpdateBuildingInput, UpdateRoomInput } from './schema.js';

type BuildingRow = Selectable<RegBuildingsTable>;
type RoomRow = Selectable<RegRoomsTable>;

export function presentBuilding(b: BuildingRow) {
  return {
    id: b.id, gridId: b.grid_id, address: b.address, name: b.name, number: b.number, lng: b.lng, lat: b.lat,
    floors: b.floors, use: b.use, useLabel: codeLabel('buildingUse', b.use), createdAt: b.created_at, updatedAt: b.updated_at,
  };
}

export function presentRoom(r: RoomRow) {
  return {
    id: r.id, buildingId: r.building_id, unitId: r.unit_id, floor: r.floor, roomNo: r.room_no,
    area: r.area === null ? null : Number(r.area), use: r.use, useLabel: codeLabel('roomUse', r.use),
    ownership: r.ownership, ownershipLabel: codeLabel('roomOwnership', r.ownership),
    status: r.status, statusLabel: codeLabel('roomStatus', r.status), address: r.address,
  };
}

/** The full address of a room: building address + unit + room number. */
export function roomAddress(buildingAddress: string, unitNo: string | null, roomNo: string) {
  return `${buildingAddress}${unitNo ? `${unitNo}单元` : ''}${roomNo}室`;
}

const duplicateAddress = () => conflict('A building with this address exists', '该标准地址的楼栋已存在');
const duplicateRoom = () => conflict('This room number exists in the building/unit', '该楼栋（单元）下已有此房号');

export async function createBuilding(ctx: AppContext, p: Principal, input: CreateBuildingInput, ip?: string) {
  try {
    return await ctx.db.transaction().execute(async (tx) => {
      const grid = await requireGrid(tx, p, input.gridId, 'body.gridId');
      const b = await tx.insertInto('reg_buildings').values({
        tenant_code: grid.tenant_code, id: uuidv7(), grid_id: grid.id, path: grid.path, address: input.address,
        name: input.name ?? null, number: input.number ?? null, lng: input.lng ?? null, lat: input.lat ?? null,
        floors: input.floors ?? null, use: input.use,
      }).returningAll().executeTakeFirstOrThrow();
      const units = [...new Set(input.units ?? [])];
      if (units.length) {
        await tx.insertInto('reg_units').values(units.map((u) => ({ tenant_code: b.tenant_code, id: uuidv7(), building_id: b.id, path: b.path, unit_no: u }))).execute();
      }
      await recordAudit(tx, { action: 'registry.building.create', actor: actorOf(p), tenantCode: b.tenant_code, path: b.path, objectType: 'building', objectId: b.id, objectLabel: b.address, ip });
      return { ...presentBuilding(b), units: await listUnits(tx, b.id) };
    });
  } catch (e) {
    if (isUniqueViolation(e, 'reg_buildings_tenant_code_address')) throw duplicateAddress();
    throw e;
  }
}

export async function updateBuilding(ctx: AppContext, p: Principal, id: string, input: UpdateBuildingInput) {
  try {
    return await ctx.db.transaction().execute(async (tx) => {
      const before = await requireBuilding(tx, p, id);
      const after = await tx.updateTable('reg_buildings').set({
        ...(input.address !== undefined && { address: input.address }),
        ...(input.name !== undefined && { name: input.name }),
        ...(input.number !== undefined && { number: input.number }),
        ...(input.lng !== undefined && { lng: input.lng }),
        ...(input.lat !== undefined && { lat: input.lat }),
        ...(input.floors !== undefined && { floors: input.floors }),
        ...(input.use !== undefined && { use: input.use }),
        updated_at: now(),
      }).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
      if (after.address !== before.address) {
        // rooms carry the full address for search: rebuild it
        await sql`UPDATE reg_rooms r SET updated_at = now(),
            address = ${after.address} || coalesce((SELECT u.unit_no || '单元' FROM reg_units u WHERE u.id = r.unit_id), '') || r.room_no || '室'
          WHERE r.building_id = ${id}`.execute(tx);
        await sql`UPDATE reg_households h SET address = r.address, updated_at = now() FROM reg_rooms r
          WHERE h.room_id = r.id AND r.building_id = ${id}`.execute(tx);
      }
      await recordChanges(tx, p, { tenantCode: after.tenant_code, path: after.path, entityType: 'building', entityId: id },
        diff(before, after, ['address', 'name', 'number', 'lng', 'lat', 'floors', 'use']));
      return presentBuilding(after);
    });
  } catch (e) {
    if (isUniqueViolation(e, 'reg_buildings_tenant_code_address')) throw duplicateAddress();
    throw e;
  }
}

function listUnits(db: Db, buildingId: string) {
  return db.selectFrom('reg_units').select(['id', 'unit_no as unitNo']).where('building_id', '=', buildingId)
    .orderBy(sql`length(unit_no)`).orderBy('unit_no').execute();
}

export async function listBuildings(ctx: AppContext, p: Principal, q: BuildingQuery) {
  let query = ctx.db.selectFrom('reg_buildings').where(inScope('path', p.scopePaths)).where(scopeRanges('path', p.scopePaths));
  if (q.orgId) query = query.where(startsWith('path', (await requireOrg(ctx.db, p, q.orgId)).path));
  if (q.q) query = query.where('address', 'like', `%${likeEscape(q.q)}%`);
  const { limit, offset } = pageOf(q);
  const [rows, total] = await Promise.all([
    query.selectAll().orderBy('address').limit(limit).offset(offset).execute(),
    cappedCount(ctx.db, query),
  ]);
  const counts = rows.length ? await ctx.db.selectFrom('reg_rooms').select(['building_id', 'status', (eb) => eb.fn.countAll<number>().as('n')])
    .where('building_id', 'in', rows.map((r) => r.id)).groupBy(['building_id', 'status']).execute() : [];
  return {
    items: rows.map((b) => ({
      ...presentBuilding(b),
      rooms: Object.fromEntries(counts.filter((c) => c.building_id === b.id).map((c) => [c.status, Number(c.n)])),
    })),
    ...total, page: q.page, pageSize: q.pageSize,
  };
}

export async function createUnit(ctx: AppContext, p: Principal, buildingId: string, unitNo: string) {
  const b = await requireBuilding(ctx.db, p, buildingId);
  try {
    const u = await ctx.db.insertInto('reg_units').values({ tenant_code: b.tenant_code, id: uuidv7(), building_id: b.id, path: b.path, unit_no: unitNo })
      .returning(['id', 'unit_no as unitNo']).executeTakeFirstOrThrow();
    return u;
  } catch (e) {
    if (isUniqueViolation(e)) throw conflict('This unit exists in the building', '该楼栋已有此单元');
    throw e;
  }
}

export async function createRoom(ctx: AppContext, p: Principal, input: CreateRoomInput, db: Db = ctx.db) {
  const b = await requireBuilding(db, p, input.buildingId, 'body.buildingId');
  let unitNo: string | null = null;
  if (input.unitId) {
    const u = await db.selectFrom('reg_units').select(['id', 'unit_no']).where('id', '=', input.unitId).where('building_id', '=', b.id).executeTakeFirst();
    if (!u) throw notFound('Unit', '单元');
    unitNo = u.unit_no;
  }
  try {
    const r = await db.insertInto('reg_rooms').values({
      tenant_code: b.tenant_code, id: uuidv7(), building_id: b.id, unit_id: input.unitId ?? null, path: b.path,
      floor: input.floor ?? null, room_no: input.roomNo, area: input.area ?? null, use: input.use,
      ownership: input.ownership ?? null, status: input.status, address: roomAddress(b.address, unitNo, input.roomNo),
    }).returningAll().executeTakeFirstOrThrow();
    return presentRoom(r);
  } catch (e) {
    if (isUniqueViolation(e, 'reg_rooms')) throw duplicateRoom();
    throw e;
  }
}

export async function updateRoom(ctx: AppContext, p: Principal, id: string, input: UpdateRoomInput) {
  return ctx.db.transaction().execute(async (tx) => {
    const before = await requireRoom(tx, p, id);
    const after = await tx.updateTable('reg_rooms').set({
      ...(input.floor !== undefined && { floor: input.floor }),
      ...(input.area !== undefined && { area: input.area }),
      ...(input.use !== undefined && { use: input.use }),
      ...(input.ownership !== undefined && { ownership: input.ownership }),
      ...(input.status !== undefined && { status: input.status }),
      updated_at: now(),
    }).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
    await recordChanges(tx, p, { tenantCode: after.tenant_code, path: after.path, entityType: 'room', entityId: id },
      diff({ ...before, area: before.area === null ? null : Number(before.area) }, { ...after, area: after.area === null ? null : Number(after.area) },
        ['floor', 'area', 'use', 'ownership', 'status']));
    return presentRoom(after);
  });
}

/** Current residents of rooms: open residences joined to their persons (masked). */
async function residentsOfRooms(db: Db, p: Principal, roomIds: string[]) {
  if (!roomIds.length) return [];
  return db.selectFrom('reg_residences as r').innerJoin('reg_persons as x', 'x.id', 'r.person_id')
    .select(['r.room_id', 'r.household_id', 'r.type', 'r.relation_to_head', 'x.id', 'x.name', 'x.gender', 'x.birth_date', 'x.id_number', 'x.status'])
    .where('r.room_id', 'in', roomIds).where('r.to_date', 'is', null)
    .where(inScope('x.path', p.scopePaths)).orderBy('x.name').execute();
}

/** Building → units → rooms with status and occupant counts: the coloured grid of rooms. */
export async function getBuilding(ctx: AppContext, p: Principal, id: string) {
  const b = await requireBuilding(ctx.db, p, id);
  const [units, rooms, occupants, grid] = await Promise.all([
    listUnits(ctx.db, id),
    ctx.db.selectFrom('reg_rooms').selectAll().where('building_id', '=', id).where(inScope('path', p.scopePaths))
      .orderBy('unit_id').orderBy('floor', 'desc').orderBy(sql`length(room_no)`).orderBy('room_no').execute(),
    ctx.db.selectFrom('reg_residences').select(['room_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('room_id', 'in', sql<string>`(SELECT id FROM reg_rooms WHERE building_id = ${id})`).where('to_date', 'is', null)
      .where(inScope('path', p.scopePaths)).groupBy('room_id').execute(),
    ctx.db.selectFrom('org_units').select(['id', 'name']).where('id', '=', b.grid_id).executeTakeFirst(),
  ]);
  const occ = new Map(occupants.map((o) => [o.room_id, Number(o.n)]));
  const present = (r: RoomRow) => ({ ...presentRoom(r), occupants: occ.get(r.id) ?? 0 });
  const noUnit = rooms.filter((r) => !r.unit_id);
  return {
    ...presentBuilding(b),
    gridName: grid?.name ?? null,
    units: [
      ...units.map((u) => ({ id: u.id, unitNo: u.unitNo, floors: groupByFloor(rooms.filter((r) => r.unit_id === u.id).map(present)) })),
      ...(noUnit.length ? [{ id: null, unitNo: null, floors: groupByFloor(noUnit.map(present)) }] : []),
    ],
    statusCounts: rooms.reduce<Record<string, number>>((acc, r) => ({ ...acc, [r.status]: (acc[r.status] ?? 0) + 1 }), {}),
  };
}

function groupByFloor<T extends { floor: number | null }>(rooms: T[]) {
  const floors = new Map<number | null, T[]>();
  for (const r of rooms) floors.set(r.floor, [...(floors.get(r.floor) ?? []), r]);
  return [...floors.entries()].map(([floor, list]) => ({ floor, rooms: list }));
}

/** A room with its households and current residents (masked). */
export async function getRoom(ctx: AppContext, p: Principal, id: string) {
  const r = await requireRoom(ctx.db, p, id);
  const [households, residents, rentals] = await Promise.all([
    ctx.db.selectFrom('reg_households').select(['id', 'household_no', 'kind', 'head_person_id', 'status'])
      .where('room_id', '=', id).where(inScope('path', p.scopePaths)).execute(),
    residentsOfRooms(ctx.db, p, [id]),
    ctx.db.selectFrom('reg_rental_rooms as rr').innerJoin('reg_rentals as x', 'x.id', 'rr.rental_id')
      .select(['x.id', 'x.landlord_name', 'x.contract_from', 'x.contract_to', 'x.status'])
      .where('rr.room_id', '=', id).where(inScope('x.path', p.scopePaths)).execute(),
  ]);
  return {
    ...presentRoom(r),
    households: households.map((h) => ({ id: h.id, householdNo: h.household_no, kind: h.kind, headPersonId: h.head_person_id, status: h.status })),
    residents: residents.map((x) => {
      const age = ageOf(x.birth_date);
      return {
        id: x.id, name: x.name, gender: x.gender, age, sensitive: isChild(age), idNumberMasked: maskIdNumber(x.id_number),
        householdId: x.household_id, residenceType: x.type, relationToHead: x.relation_to_head, relationLabel: codeLabel('relationToHead', x.relation_to_head),
      };
    }),
    rentals: rentals.map((x) => ({ id: x.id, landlordName: x.landlord_name, status: x.status })),
  };
}

/**
 * Where a room is, for other modules (a case located in a room): address, grid and the org
 * path that scopes anything attached to it. 404 outside the caller's scope.
 */
export async function locateRoom(ctx: AppContext, p: Principal, roomId: string) {
  const r = await ctx.db.selectFrom('reg_rooms as r').innerJoin('reg_buildings as b', 'b.id', 'r.building_id')
    .select(['r.id', 'r.address', 'r.path', 'b.grid_id', 'r.tenant_code'])
    .where('r.id', '=', roomId).where(inScope('r.path', p.scopePaths)).executeTakeFirst();
  if (!r) throw notFound('Room', '房屋');
  return { roomId: r.id, address: r.address, gridId: r.grid_id, path: r.path, tenantCode: r.tenant_code };
}
