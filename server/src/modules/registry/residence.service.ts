/**
 * Residence events: moving in, moving out, death, living elsewhere (人户分离) and returning.
 * Each is a state with a date — residences get a to_date and an end reason, persons a status
 * and status_date — and nothing is ever deleted. Every event leaves history rows.
 */
import { v7 as uuidv7 } from 'uuid';
import type { AppContext } from '../../platform/context.js';
import type { Principal } from '../../platform/auth/principal.js';
import { recordAudit } from '../../platform/audit/audit.js';
import { conflict, invalid } from '../../platform/http/errors.js';
import { inScope } from '../../platform/db/scope-sql.js';
import { isoDate } from '../../platform/validation/dates.js';
import { actorOf, gridIdOfPath, now, requireHousehold, requirePerson, requireRoom, type Db } from './common.js';
import { recordChanges, type ChangeTarget } from './changes.js';
import type { PersonEvent } from './schema.js';
import type { ResidenceEndReason, ResidenceType, DataSource } from './tables.js';
import { getPerson } from './persons.service.js';

type PersonRow = Awaited<ReturnType<typeof requirePerson>>;

/** Ends the person's open residences (optionally only some types) on `date`. */
async function endResidences(tx: Db, person: PersonRow, date: string, reason: ResidenceEndReason, target: ChangeTarget, p: Principal, types?: ResidenceType[]) {
  let later = tx.selectFrom('reg_residences').select('from_date').where('person_id', '=', person.id).where('to_date', 'is', null).where('from_date', '>', date);
  if (types) later = later.where('type', 'in', types);
  const conflicting = await later.executeTakeFirst();
  if (conflicting) {
    const from = isoDate(conflicting.from_date);
    throw invalid('The date is before a current residence began', `日期早于当前居住记录的开始日期（${from}）`, [
      { path: 'body.date', message: `before ${from}, when a current residence began`, message_zh: `早于当前居住记录的开始日期（${from}）` },
    ]);
  }
  let q = tx.updateTable('reg_residences').set({ to_date: date, end_reason: reason })
    .where('person_id', '=', person.id).where('to_date', 'is', null);
  if (types) q = q.where('type', 'in', types);
  const ended = await q.returning(['id', 'type', 'room_id']).execute();
  for (const r of ended) {
    await recordChanges(tx, p, { ...target, entityType: 'residence', entityId: r.id }, [{ field: `residence.${r.type}`, old: 'current', new: `${reason} ${date}` }]);
  }
  return ended.length;
}

async function setStatus(tx: Db, p: Principal, person: PersonRow, status: PersonRow['status'], date: string | null, target: ChangeTarget) {
  await tx.updateTable('reg_persons').set({ status, status_date: date, updated_at: now() }).where('id', '=', person.id).execute();
  await recordChanges(tx, p, target, [
    { field: 'status', old: person.status, new: status },
    { field: 'statusDate', old: isoDate(person.status_date), new: date },
  ]);
}

export interface MoveIn {
  date: string;
  roomId?: string;
  householdId?: string;
  type: ResidenceType;
  relationToHead?: string | null;
  source?: DataSource;
}

/**
 * Moves a person into a room and/or household. A living/renting move ends the previous
 * living/renting residence (reason 'changed'); a hukou move ends the previous hukou. The
 * person is then managed by the grid of the new place.
 */
export async function moveIn(tx: Db, p: Principal, person: PersonRow, e: MoveIn) {
  if (!e.roomId && !e.householdId) {
    throw invalid('Say where the person moves in', '请指定迁入的房屋或户', [{ path: 'body.roomId', message: 'roomId or householdId is required', message_zh: '房屋或户至少填写一项' }]);
  }
  const household = e.householdId ? await requireHousehold(tx, p, e.householdId, 'body.householdId') : null;
  const room = e.roomId ? await requireRoom(tx, p, e.roomId, 'body.roomId') : null;
  const roomId = room?.id ?? household?.room_id ?? null;
  const path = room?.path ?? household!.path;
  const open = await tx.selectFrom('reg_residences').select(['id', 'room_id', 'household_id', 'type']).where('person_id', '=', person.id)
    .where('to_date', 'is', null).execute();
  if (open.some((r) => r.type === e.type && r.room_id === roomId && r.household_id === (household?.id ?? null))) {
    throw conflict('The person already lives there', '该人员已登记在此处');
  }
  const target: ChangeTarget = { tenantCode: person.tenant_code, path, entityType: 'person', entityId: person.id, personId: person.id };
  // already living in the household's room without a household: join it, the residence (and its dates) stays
  const joinable = household && open.find((r) => r.type === e.type && r.room_id === roomId && r.household_id === null);
  if (joinable) {
    await tx.updateTable('reg_residences').set({ household_id: household.id, relation_to_head: e.relationToHead ?? null }).where('id', '=', joinable.id).execute();
    await recordChanges(tx, p, { ...target, entityType: 'residence', entityId: joinable.id }, [
      { field: 'household', old: null, new: household.household_no },
      { field: 'relationToHead', old: null, new: e.relationToHead ?? null },
    ]);
    return joinable.id;
  }
  const replaces: ResidenceType[] = e.type === 'hukou' ? ['hukou'] : ['living', 'renting'];
  await endResidences(tx, person, e.date, 'changed', target, p, replaces);
  const id = uuidv7();
  await tx.insertInto('reg_residences').values({
    tenant_code: person.tenant_code, id, person_id: person.id, room_id: roomId, household_id: household?.id ?? null, path,
    relation_to_head: e.relationToHead ?? null, type: e.type, from_date: e.date, source: e.source ?? 'entered',
  }).execute();
  await recordChanges(tx, p, { ...target, entityType: 'residence', entityId: id }, [{ field: `residence.${e.type}`, old: null, new: `${room?.address ?? household?.address ?? ''} ${e.date}`.trim() }]);
  if (path !== person.path) await movePersonToPath(tx, person, path, target, p);
  if (person.status !== 'active') await setStatus(tx, p, person, 'active', e.date, target);
  return id;
}

/** The person (and what hangs on them) is now managed by another grid. */
async function movePersonToPath(tx: Db, person: PersonRow, path: string, target: ChangeTarget, p: Principal) {
  await tx.updateTable('reg_persons').set({ path, grid_id: gridIdOfPath(path), updated_at: now() }).where('id', '=', person.id).execute();
  for (const table of ['reg_person_tags', 'reg_floating', 'reg_reminders'] as const) {
    await tx.updateTable(table).set({ path }).where('person_id', '=', person.id).execute();
  }
  await tx.updateTable('reg_changes').set({ path }).where('person_id', '=', person.id).execute();
  await recordChanges(tx, p, { ...target, path }, [{ field: 'grid', old: person.grid_id, new: gridIdOfPath(path) }]);
}

export async function applyPersonEvent(ctx: AppContext, p: Principal, personId: string, e: PersonEvent, ip?: string) {
  await ctx.db.transaction().execute(async (tx) => {
    const person = await requirePerson(tx, p, personId, undefined, { forUpdate: true });
    const target: ChangeTarget = { tenantCode: person.tenant_code, path: person.path, entityType: 'person', entityId: person.id, personId: person.id };
    if (person.status === 'deceased' && e.kind !== 'death') throw conflict('The person is recorded as deceased', '该人员已登记死亡');
    switch (e.kind) {
      case 'move_in':
        await moveIn(tx, p, person, e);
        break;
      case 'move_out':
        if (person.status === 'moved_out') throw conflict('Already moved out', '该人员已迁出');
        await endResidences(tx, person, e.date, 'moved_out', target, p);
        await setStatus(tx, p, person, 'moved_out', e.date, target);
        if (e.destination) await recordChanges(tx, p, target, [{ field: 'destination', old: null, new: e.destination }]);
        break;
      case 'death':
        if (person.status === 'deceased') throw conflict('Already recorded as deceased', '该人员已登记死亡');
        await endResidences(tx, person, e.date, 'deceased', target, p);
        // care tags end with the person; the rows stay
        await tx.updateTable('reg_person_tags').set({ end_date: e.date, updated_at: now() })
          .where('person_id', '=', person.id).where('end_date', 'is', null).where('start_date', '<=', e.date).execute();
        await setStatus(tx, p, person, 'deceased', e.date, target);
        break;
      case 'elsewhere':
        // 人户分离: the hukou stays here, the living residence ends
        await endResidences(tx, person, e.date, 'elsewhere', target, p, ['living', 'renting']);
        await setStatus(tx, p, person, 'elsewhere', e.date, target);
        if (e.place) await recordChanges(tx, p, target, [{ field: 'livingElsewhere', old: null, new: e.place }]);
        break;
      case 'return':
        if (person.status === 'active') throw conflict('The person is already active here', '该人员已在册');
        await setStatus(tx, p, person, 'active', e.date, target);
        break;
    }
    await recordAudit(tx, {
      action: `registry.person.${e.kind}`, actor: actorOf(p), tenantCode: person.tenant_code, path: person.path, objectType: 'person',
      objectId: person.id, objectLabel: person.name, ip, detail: { date: e.date },
    });
  });
  return getPerson(ctx, p, personId);
}

/** Open residences of a room (used when a room changes hands). */
export function openResidencesOfRoom(db: Db, p: Principal, roomId: string) {
  return db.selectFrom('reg_residences').selectAll().where('room_id', '=', roomId).where('to_date', 'is', null).where(inScope('path', p.scopePaths)).execute();
}
