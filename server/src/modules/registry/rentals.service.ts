/** The rental ledger (出租房屋台账): households renting out rooms, the rooms, the tenants, the contract period. */
import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { AppContext } from '../../platform/context.js';
import type { Principal } from '../../platform/auth/principal.js';
import { inScope } from '../../platform/db/scope-sql.js';
import { recordAudit } from '../../platform/audit/audit.js';
import { conflict, invalid, notFound } from '../../platform/http/errors.js';
import { maskPhone } from '../../platform/privacy/mask.js';
import { isoDate, todayIso } from '../../platform/validation/dates.js';
import { actorOf, now, pageOf, requireHousehold, requireOrg, requirePerson, requireRoom, scopeRanges, startsWith, cappedCount } from './common.js';
import { recordChanges } from './changes.js';
import { normalisePhones } from './person-input.js';
import { personRef } from './present.js';
import { moveIn } from './residence.service.js';
import type { AddTenantInput, CreateRentalInput, RentalQuery } from './schema.js';
import type { FieldError } from '../../platform/http/errors.js';

export async function createRental(ctx: AppContext, p: Principal, input: CreateRentalInput, ip?: string) {
  if (input.contractFrom && input.contractTo && input.contractTo < input.contractFrom) {
    throw invalid('The contract ends before it starts', '合同结束日期早于开始日期', [{ path: 'body.contractTo', message: 'before contractFrom', message_zh: '早于开始日期' }]);
  }
  const errors: FieldError[] = [];
  const phone = input.landlordPhone ? normalisePhones([input.landlordPhone], 'body.landlordPhone', errors)[0] ?? null : null;
  if (errors.length) throw invalid('The rental is not valid', '出租信息有误', errors.map((e) => ({ ...e, path: 'body.landlordPhone' })));
  const id = await ctx.db.transaction().execute(async (tx) => {
    const landlord = input.landlordPersonId ? await requirePerson(tx, p, input.landlordPersonId, 'body.landlordPersonId') : null;
    if (!landlord && !input.landlordName) {
      throw invalid('Name the landlord', '请填写房东', [{ path: 'body.landlordName', message: 'landlordPersonId or landlordName is required', message_zh: '房东（登记人员或姓名）必填' }]);
    }
    const household = input.householdId ? await requireHousehold(tx, p, input.householdId, 'body.householdId') : null;
    const rooms = [];
    for (const [i, roomId] of [...new Set(input.roomIds)].entries()) rooms.push(await requireRoom(tx, p, roomId, `body.roomIds.${i}`));
    const path = rooms[0].path;
    const rental = await tx.insertInto('reg_rentals').values({
      tenant_code: rooms[0].tenant_code, id: uuidv7(), path, landlord_person_id: landlord?.id ?? null,
      landlord_name: landlord?.name ?? input.landlordName!, landlord_phone: phone ?? landlord?.phones[0] ?? null, household_id: household?.id ?? null,
      contract_from: input.contractFrom ?? null, contract_to: input.contractTo ?? null, note: input.note ?? null,
    }).returningAll().executeTakeFirstOrThrow();
    await tx.insertInto('reg_rental_rooms').values(rooms.map((r) => ({ tenant_code: r.tenant_code, rental_id: rental.id, room_id: r.id, path: r.path }))).execute();
    for (const r of rooms) {
      if (r.status !== 'rented') {
        await tx.updateTable('reg_rooms').set({ status: 'rented', updated_at: now() }).where('id', '=', r.id).execute();
        await recordChanges(tx, p, { tenantCode: r.tenant_code, path: r.path, entityType: 'room', entityId: r.id }, [{ field: 'status', old: r.status, new: 'rented' }]);
      }
    }
    await recordAudit(tx, { action: 'registry.rental.create', actor: actorOf(p), tenantCode: rental.tenant_code, path, objectType: 'rental', objectId: rental.id, objectLabel: rental.landlord_name, ip, detail: { rooms: rooms.length } });
    return rental.id;
  });
  return getRental(ctx, p, id);
}

async function requireRental(ctx: AppContext, p: Principal, id: string) {
  const r = await ctx.db.selectFrom('reg_rentals').selectAll().where('id', '=', id).where(inScope('path', p.scopePaths)).executeTakeFirst();
  if (!r) throw notFound('Rental', '出租房屋');
  return r;
}

export async function getRental(ctx: AppContext, p: Principal, id: string) {
  const r = await requireRental(ctx, p, id);
  const [rooms, tenants] = await Promise.all([
    ctx.db.selectFrom('reg_rental_rooms as rr').innerJoin('reg_rooms as m', 'm.id', 'rr.room_id')
      .select(['m.id', 'm.address', 'm.room_no', 'm.status', 'm.area']).where('rr.rental_id', '=', id).where(inScope('rr.path', p.scopePaths)).execute(),
    ctx.db.selectFrom('reg_rental_tenants as t').innerJoin('reg_persons as x', 'x.id', 't.person_id')
      .select(['t.id as tenancy_id', 't.room_id', 't.from_date', 't.to_date', 'x.id', 'x.name', 'x.gender', 'x.birth_date', 'x.id_number', 'x.status', 'x.population_type'])
      .where('t.rental_id', '=', id).where(inScope('t.path', p.scopePaths)).orderBy('t.from_date').execute(),
  ]);
  return {
    id: r.id, landlordPersonId: r.landlord_person_id, landlordName: r.landlord_name, landlordPhoneMasked: maskPhone(r.landlord_phone),
    householdId: r.household_id, contractFrom: isoDate(r.contract_from), contractTo: isoDate(r.contract_to), status: r.status, note: r.note,
    rooms: rooms.map((m) => ({ id: m.id, address: m.address, roomNo: m.room_no, status: m.status, area: m.area === null ? null : Number(m.area) })),
    tenants: tenants.map((t) => ({
      tenancyId: t.tenancy_id, roomId: t.room_id, fromDate: isoDate(t.from_date), toDate: isoDate(t.to_date), current: t.to_date === null,
      populationType: t.population_type, ...personRef(t),
    })),
  };
}

/** Adds a tenant; with a room, the tenant also gets a 'renting' residence there. */
export async function addTenant(ctx: AppContext, p: Principal, rentalId: string, input: AddTenantInput) {
  const rental = await requireRental(ctx, p, rentalId);
  if (rental.status !== 'active') throw conflict('The rental has ended', '该出租记录已结束');
  await ctx.db.transaction().execute(async (tx) => {
    const person = await requirePerson(tx, p, input.personId, 'body.personId', { forUpdate: true });
    if (input.roomId) {
      const inRental = await tx.selectFrom('reg_rental_rooms').select('room_id').where('rental_id', '=', rentalId).where('room_id', '=', input.roomId).executeTakeFirst();
      if (!inRental) throw invalid('The room is not part of this rental', '该房屋不在此出租记录中', [{ path: 'body.roomId', message: 'not a room of this rental', message_zh: '不是本出租房屋' }]);
    }
    const current = await tx.selectFrom('reg_rental_tenants').select('id').where('rental_id', '=', rentalId).where('person_id', '=', person.id).where('to_date', 'is', null).executeTakeFirst();
    if (current) throw conflict('Already a tenant here', '该人员已是本出租房屋的租户');
    const fromDate = input.fromDate ?? todayIso();
    const id = uuidv7();
    await tx.insertInto('reg_rental_tenants').values({
      tenant_code: rental.tenant_code, id, rental_id: rentalId, room_id: input.roomId ?? null, person_id: person.id, path: rental.path, from_date: fromDate,
    }).execute();
    if (input.roomId) await moveIn(tx, p, person, { date: fromDate, roomId: input.roomId, type: 'renting' });
    await recordChanges(tx, p, { tenantCode: rental.tenant_code, path: rental.path, entityType: 'rental', entityId: rentalId, personId: person.id },
      [{ field: 'tenant', old: null, new: `${rental.landlord_name} ${fromDate}` }]);
  });
  return getRental(ctx, p, rentalId);
}

/** Ends a rental and its tenancies on a date; rooms become vacant unless rented again. */
export async function endRental(ctx: AppContext, p: Principal, rentalId: string, date: string) {
  const rental = await requireRental(ctx, p, rentalId);
  if (rental.status !== 'active') throw conflict('The rental has ended', '该出租记录已结束');
  await ctx.db.transaction().execute(async (tx) => {
    await tx.updateTable('reg_rentals').set({ status: 'ended', contract_to: sql`coalesce(contract_to, ${date}::date)`, updated_at: now() }).where('id', '=', rentalId).execute();
    await tx.updateTable('reg_rental_tenants').set({ to_date: date }).where('rental_id', '=', rentalId).where('to_date', 'is', null).execute();
    const rooms = await tx.selectFrom('reg_rental_rooms').select('room_id').where('rental_id', '=', rentalId).execute();
    for (const { room_id } of rooms) {
      const other = await tx.selectFrom('reg_rental_rooms as rr').innerJoin('reg_rentals as x', 'x.id', 'rr.rental_id').select('x.id')
        .where('rr.room_id', '=', room_id).where('x.status', '=', 'active').where('x.id', '!=', rentalId).executeTakeFirst();
      if (!other) await tx.updateTable('reg_rooms').set({ status: 'vacant', updated_at: now() }).where('id', '=', room_id).where('status', '=', 'rented').execute();
    }
    await recordChanges(tx, p, { tenantCode: rental.tenant_code, path: rental.path, entityType: 'rental', entityId: rentalId }, [{ field: 'status', old: 'active', new: `ended ${date}` }]);
  });
  return getRental(ctx, p, rentalId);
}

/** The ledger: one line per rental with its rooms and current tenants counted. */
export async function listRentals(ctx: AppContext, p: Principal, q: RentalQuery) {
  let query = ctx.db.selectFrom('reg_rentals as r').where(inScope('r.path', p.scopePaths)).where(scopeRanges('r.path', p.scopePaths));
  if (q.orgId) query = query.where(startsWith('r.path', (await requireOrg(ctx.db, p, q.orgId)).path));
  if (q.status !== 'all') query = query.where('r.status', '=', q.status);
  const { limit, offset } = pageOf(q);
  const [rows, total] = await Promise.all([
    query.select(['r.id', 'r.landlord_name', 'r.landlord_phone', 'r.contract_from', 'r.contract_to', 'r.status',
      sql<number>`(SELECT count(*) FROM reg_rental_rooms rr WHERE rr.rental_id = r.id)::int`.as('rooms'),
      sql<number>`(SELECT count(*) FROM reg_rental_tenants t WHERE t.rental_id = r.id AND t.to_date IS NULL)::int`.as('tenants'),
      sql<string | null>`(SELECT min(m.address) FROM reg_rental_rooms rr JOIN reg_rooms m ON m.id = rr.room_id WHERE rr.rental_id = r.id)`.as('address')])
      .orderBy('r.created_at', 'desc').limit(limit).offset(offset).execute(),
    cappedCount(ctx.db, query),
  ]);
  return {
    items: rows.map((r) => ({
      id: r.id, landlordName: r.landlord_name, landlordPhoneMasked: maskPhone(r.landlord_phone), contractFrom: isoDate(r.contract_from),
      contractTo: isoDate(r.contract_to), status: r.status, rooms: r.rooms, tenants: r.tenants, address: r.address,
    })),
    ...total, page: q.page, pageSize: q.pageSize,
  };
}
