/** Persons: register (validated, one per ID number within a street), read with tabs, update with history, list, unmask. */
import { sql, type RawBuilder, type Selectable } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { AppContext } from '../../platform/context.js';
import type { Principal } from '../../platform/auth/principal.js';
import { pathInScope } from '../../platform/auth/principal.js';
import { inScope } from '../../platform/db/scope-sql.js';
import { runAsSystem } from '../../platform/db/scope-context.js';
import { recordAudit } from '../../platform/audit/audit.js';
import { AppError, forbidden, invalid, type FieldError } from '../../platform/http/errors.js';
import { maskIdNumber } from '../../platform/privacy/mask.js';
import { isoDate, todayIso, yearsBefore } from '../../platform/validation/dates.js';
import { parseCitizenId } from '../../platform/validation/citizen-id.js';
import {
  actorOf, gridIdOfPath, isUniqueViolation, now, pageOf, requireGrid, requireHousehold, requireOrg, requirePerson, requireRoom, scopeRanges, startsWith, cappedCount, type Db,
} from './common.js';
import { diff, recordChanges } from './changes.js';
import { codeLabel } from './codes.js';
import { checkCodes, nameColumns, normaliseIdentity, normalisePhones } from './person-input.js';
import { ageOf, isChild, maskPhones, personRef, presentPerson, type PersonRow } from './present.js';
import { classifyTerm, LIST_TEXT_CANDIDATES, personTermPredicate, PINYIN_ORDER, PINYIN_ORDER_BY_SORT } from './search.js';
import { canSeeTagType, tagCodeOfChangeField, visibleTagTypes } from './tag-visibility.js';
import { PERSON_LIST_FIELDS, type CreatePersonInput, type PersonListField, type PersonQuery, type UpdatePersonInput } from './schema.js';
import type { RegResidencesTable } from './tables.js';
import { remindPermitExpiry } from './jobs.js';

/**
 * 409 for a second person with the same ID number in the street. It names the existing
 * record only when the caller may see it; otherwise it says nothing about it.
 */
export class DuplicatePersonError extends AppError {
  constructor(readonly existingId: string | null) {
    super(409, 'duplicate_person', 'A person with this ID number is already registered in this street',
      '本街道已登记该公民身份号码的人员', existingId ? `existing person: ${existingId}` : undefined);
  }
}

/** The existing person with this (normalised) ID number in the tenant, seen from the system scope. */
async function duplicateOf(ctx: AppContext, p: Principal, tenantCode: string, idNumber: string): Promise<DuplicatePersonError | null> {
  const row = await runAsSystem(() => ctx.db.selectFrom('reg_persons').select(['id', 'path'])
    .where('tenant_code', '=', tenantCode).where('id_number', '=', idNumber).executeTakeFirst());
  if (!row) return null;
  return new DuplicatePersonError(pathInScope(p, row.path) ? row.id : null);
}

/** Finds a person by ID number (15 or 18 digits) within the caller's scope; null if none. */
export async function findPersonByIdNumber(ctx: AppContext, p: Principal, idNumber: string, db: Db = ctx.db) {
  const parsed = parseCitizenId(idNumber);
  const id = parsed.ok ? parsed.value.idNumber : idNumber.trim().toUpperCase();
  const row = await db.selectFrom('reg_persons').selectAll().where('id_number', '=', id).where(inScope('path', p.scopePaths)).executeTakeFirst();
  return row ? presentPerson(row) : null;
}

export interface CreatePersonOptions {
  /**
   * Run inside this transaction instead of opening one (imports batch many rows). A duplicate
   * already committed is still answered with DuplicatePersonError; one inserted earlier in the
   * same transaction surfaces as a unique violation (23505) that aborts it — dedupe the batch first.
   */
  db?: Db;
  ip?: string;
  /** write an audit row for this create (imports audit the batch instead) */
  audit?: boolean;
}

/** Where the new person is registered: a room, a household, or a grid. */
async function resolvePlace(db: Db, p: Principal, input: Pick<CreatePersonInput, 'roomId' | 'householdId' | 'gridId'>) {
  if (input.roomId) {
    const room = await requireRoom(db, p, input.roomId, 'body.roomId');
    const household = input.householdId ? await requireHousehold(db, p, input.householdId, 'body.householdId') : null;
    return { tenantCode: room.tenant_code, path: room.path, gridId: gridIdOfPath(room.path), roomId: room.id, householdId: household?.id ?? null };
  }
  if (input.householdId) {
    const h = await requireHousehold(db, p, input.householdId, 'body.householdId');
    return { tenantCode: h.tenant_code, path: h.path, gridId: gridIdOfPath(h.path), roomId: h.room_id, householdId: h.id };
  }
  if (input.gridId) {
    const g = await requireGrid(db, p, input.gridId, 'body.gridId');
    return { tenantCode: g.tenant_code, path: g.path, gridId: g.id, roomId: null, householdId: null };
  }
  throw invalid('Say where the person lives', '请指定人员所在的房屋、户或网格', [
    { path: 'body.roomId', message: 'roomId, householdId or gridId is required', message_zh: '房屋、户或网格至少填写一项' },
  ]);
}

/**
 * Registers a person. Validation problems answer 422 with every field error; a duplicate ID
 * number in the street answers 409 (DuplicatePersonError). Called by the API, the importer
 * and other modules.
 */
export async function createPerson(ctx: AppContext, p: Principal, input: CreatePersonInput, opts: CreatePersonOptions = {}) {
  const errors: FieldError[] = [];
  const identity = normaliseIdentity(input, 'body', errors);
  const phones = normalisePhones(input.phones ?? [], 'body', errors);
  checkCodes(input, 'body', errors);
  if (errors.length) throw invalid('The person record is not valid', '人员信息有误', errors);

  const work = async (tx: Db) => {
    const place = await resolvePlace(tx, p, input);
    if (identity.idNumber) {
      const dup = await duplicateOf(ctx, p, place.tenantCode, identity.idNumber);
      if (dup) throw dup;
    }
    const populationType = input.populationType ?? (input.floating ? 'floating' : 'registered');
    const row = await tx.insertInto('reg_persons').values({
      tenant_code: place.tenantCode, id: uuidv7(), path: place.path, grid_id: place.gridId,
      ...nameColumns(input.name),
      former_names: input.formerNames ?? [], gender: identity.gender, ethnicity: input.ethnicity ?? null,
      birth_date: identity.birthDate, id_number: identity.idNumber, id_last4: identity.idLast4,
      political_status: input.politicalStatus ?? null, education: input.education ?? null, marital_status: input.maritalStatus ?? null,
      occupation: input.occupation ?? null, employer: input.employer ?? null, hukou_address: input.hukouAddress ?? null,
      phones, skills: input.skills ?? [], population_type: populationType,
    }).returningAll().executeTakeFirstOrThrow();
    if (place.roomId || place.householdId) {
      await tx.insertInto('reg_residences').values({
        tenant_code: row.tenant_code, id: uuidv7(), person_id: row.id, room_id: place.roomId, household_id: place.householdId,
        path: place.path, relation_to_head: input.relationToHead ?? null,
        type: input.residenceType ?? (populationType === 'registered' ? 'hukou' : populationType === 'floating' ? 'renting' : 'living'),
        from_date: input.fromDate ?? todayIso(), source: input.source ?? 'entered',
      }).execute();
    }
    if (input.floating || populationType === 'floating') {
      const f = input.floating ?? {};
      await tx.insertInto('reg_floating').values({
        tenant_code: row.tenant_code, id: uuidv7(), person_id: row.id, path: row.path, inflow_reason: f.inflowReason ?? null,
        inflow_date: f.inflowDate ?? null, origin: f.origin ?? null, permit_no: f.permitNo ?? null, permit_expiry: f.permitExpiry ?? null,
      }).execute();
    }
    await recordChanges(tx, p, { tenantCode: row.tenant_code, path: row.path, entityType: 'person', entityId: row.id, personId: row.id },
      [{ field: 'record', old: null, new: 'created' }]);
    if (opts.audit !== false) {
      await recordAudit(tx, {
        action: 'registry.person.create', actor: actorOf(p), tenantCode: row.tenant_code, path: row.path, objectType: 'person',
        objectId: row.id, objectLabel: row.name, ip: opts.ip, detail: { populationType },
      });
    }
    return { ...presentPerson(row), warnings: identity.warnings };
  };

  if (opts.db) return work(opts.db);
  try {
    const created = await ctx.db.transaction().execute(work);
    if (input.floating?.permitExpiry) await remindPermitExpiry(ctx, new Date(), created.id);
    return created;
  } catch (e) {
    // two clerks registering the same person at once: the unique index decides
    if (identity.idNumber && isUniqueViolation(e, 'id_number')) {
      const place = await resolvePlace(ctx.db, p, input);
      throw (await duplicateOf(ctx, p, place.tenantCode, identity.idNumber)) ?? new DuplicatePersonError(null);
    }
    throw e;
  }
}

const PERSON_FIELDS = [
  'name', 'former_names', 'gender', 'ethnicity', 'birth_date', 'id_number', 'political_status', 'education', 'marital_status',
  'occupation', 'employer', 'hukou_address', 'phones', 'skills', 'population_type',
] as const;
/** API names of the history fields, so the history tab reads like the form. */
const FIELD_API: Record<string, string> = {
  former_names: 'formerNames', birth_date: 'birthDate', id_number: 'idNumber', political_status: 'politicalStatus',
  marital_status: 'maritalStatus', hukou_address: 'hukouAddress', population_type: 'populationType',
};

/** Updates a person; every changed field leaves a history row (ID and phones masked in it). */
export async function updatePerson(ctx: AppContext, p: Principal, id: string, input: UpdatePersonInput, ip?: string) {
  const before = await requirePerson(ctx.db, p, id);
  const errors: FieldError[] = [];
  const idChanged = input.idNumber !== undefined && (input.idNumber || null) !== before.id_number;
  const identity = normaliseIdentity({
    idNumber: input.idNumber !== undefined ? input.idNumber : before.id_number,
    // a new ID number re-derives birth date and sex unless they are entered with it
    birthDate: input.birthDate !== undefined ? input.birthDate : idChanged ? null : isoDate(before.birth_date),
    gender: input.gender !== undefined ? input.gender : idChanged ? null : before.gender,
  }, 'body', errors);
  const phones = input.phones ? normalisePhones(input.phones, 'body', errors) : undefined;
  checkCodes(input, 'body', errors);
  if (errors.length) throw invalid('The person record is not valid', '人员信息有误', errors);
  if (idChanged && identity.idNumber) {
    const dup = await duplicateOf(ctx, p, before.tenant_code, identity.idNumber);
    if (dup && dup.existingId !== id) throw dup;
  }
  try {
    return await ctx.db.transaction().execute(async (tx) => {
      const locked = await requirePerson(tx, p, id, undefined, { forUpdate: true });
      const after = await tx.updateTable('reg_persons').set({
        ...(input.name !== undefined && nameColumns(input.name)),
        ...(input.formerNames !== undefined && { former_names: input.formerNames }),
        gender: identity.gender, birth_date: identity.birthDate, id_number: identity.idNumber, id_last4: identity.idLast4,
        ...(input.ethnicity !== undefined && { ethnicity: input.ethnicity }),
        ...(input.politicalStatus !== undefined && { political_status: input.politicalStatus }),
        ...(input.education !== undefined && { education: input.education }),
        ...(input.maritalStatus !== undefined && { marital_status: input.maritalStatus }),
        ...(input.occupation !== undefined && { occupation: input.occupation }),
        ...(input.employer !== undefined && { employer: input.employer }),
        ...(input.hukouAddress !== undefined && { hukou_address: input.hukouAddress }),
        ...(phones !== undefined && { phones }),
        ...(input.skills !== undefined && { skills: input.skills }),
        ...(input.populationType !== undefined && { population_type: input.populationType }),
        updated_at: now(),
      }).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
      const norm = (r: PersonRow) => ({ ...r, birth_date: isoDate(r.birth_date) }) as Record<string, unknown>;
      const changes = diff(norm(locked), norm(after), [...PERSON_FIELDS]).map((c) => ({ ...c, field: FIELD_API[c.field] ?? c.field }));
      const n = await recordChanges(tx, p, { tenantCode: after.tenant_code, path: after.path, entityType: 'person', entityId: id, personId: id }, changes);
      if (n) {
        await recordAudit(tx, {
          action: 'registry.person.update', actor: actorOf(p), tenantCode: after.tenant_code, path: after.path, objectType: 'person',
          objectId: id, objectLabel: after.name, ip, detail: { changed: changes.filter((c) => String(c.old ?? '') !== String(c.new ?? '')).map((c) => c.field) },
        });
      }
      return { ...presentPerson(after), warnings: identity.warnings };
    });
  } catch (e) {
    if (isUniqueViolation(e, 'id_number')) throw new DuplicatePersonError(null);
    throw e;
  }
}

type ResidenceRow = Selectable<RegResidencesTable>;

function presentResidence(r: ResidenceRow & { address?: string | null; household_no?: string | null }) {
  return {
    id: r.id, roomId: r.room_id, householdId: r.household_id, householdNo: r.household_no ?? null, address: r.address ?? null,
    type: r.type, typeLabel: codeLabel('residenceType', r.type), relationToHead: r.relation_to_head,
    relationLabel: codeLabel('relationToHead', r.relation_to_head), fromDate: isoDate(r.from_date), toDate: isoDate(r.to_date),
    endReason: r.end_reason, source: r.source, sourceLabel: codeLabel('dataSource', r.source), current: r.to_date === null,
  };
}

/** Members of a household: open residences in it, with masked persons. */
export async function householdMembers(db: Db, p: Principal, householdId: string) {
  const rows = await db.selectFrom('reg_residences as r').innerJoin('reg_persons as x', 'x.id', 'r.person_id')
    .select(['x.id', 'x.name', 'x.gender', 'x.birth_date', 'x.id_number', 'x.status', 'x.population_type', 'r.relation_to_head', 'r.type', 'r.from_date'])
    .where('r.household_id', '=', householdId).where('r.to_date', 'is', null).where(inScope('x.path', p.scopePaths))
    .orderBy('r.relation_to_head').orderBy('x.birth_date').execute();
  return rows.map((m) => ({
    ...personRef(m), populationType: m.population_type, relationToHead: m.relation_to_head,
    relationLabel: codeLabel('relationToHead', m.relation_to_head), residenceType: m.type, fromDate: isoDate(m.from_date),
  }));
}

/** A person with the data of every tab: basic, residence, household, tags, floating, history. */
export async function getPerson(ctx: AppContext, p: Principal, id: string) {
  const x = await requirePerson(ctx.db, p, id);
  const tagTypes = await visibleTagTypes(ctx.db, p);
  const [grid, residences, tags, floating, history] = await Promise.all([
    ctx.db.selectFrom('org_units').select(['name']).where('id', '=', x.grid_id).executeTakeFirst(),
    ctx.db.selectFrom('reg_residences as r').leftJoin('reg_rooms as m', 'm.id', 'r.room_id').leftJoin('reg_households as h', 'h.id', 'r.household_id')
      .selectAll('r').select(['m.address', 'h.household_no']).where('r.person_id', '=', id).where(inScope('r.path', p.scopePaths))
      .orderBy(sql`r.to_date IS NULL`, 'desc').orderBy('r.from_date', 'desc').execute(),
    ctx.db.selectFrom('reg_person_tags as t').leftJoin('staff as s', 's.id', 't.responsible_staff_id')
      .selectAll('t').select(['s.name as staff_name']).where('t.person_id', '=', id).where(inScope('t.path', p.scopePaths))
      .orderBy(sql`t.end_date IS NULL`, 'desc').orderBy('t.start_date', 'desc').execute(),
    ctx.db.selectFrom('reg_floating').selectAll().where('person_id', '=', id).where(inScope('path', p.scopePaths)).executeTakeFirst(),
    ctx.db.selectFrom('reg_changes').select(['id', 'entity_type', 'field', 'old_value', 'new_value', 'actor_name', 'at'])
      .where('person_id', '=', id).where(inScope('path', p.scopePaths)).orderBy('at', 'desc').limit(HISTORY_ROWS).execute(),
  ]);
  const currentHousehold = residences.find((r) => r.to_date === null && r.household_id);
  const household = currentHousehold ? await ctx.db.selectFrom('reg_households').selectAll()
    .where('id', '=', currentHousehold.household_id!).where(inScope('path', p.scopePaths)).executeTakeFirst() : undefined;
  return {
    basic: presentPerson(x, { gridName: grid?.name ?? null }),
    residences: residences.map(presentResidence),
    household: household ? {
      id: household.id, householdNo: household.household_no, kind: household.kind, address: household.address,
      headPersonId: household.head_person_id, members: await householdMembers(ctx.db, p, household.id),
    } : null,
    tags: tags.filter((t) => tagTypes.has(t.tag_code)).map((t) => presentTag(t, tagTypes.get(t.tag_code)!)),
    floating: floating ? presentFloating(floating) : null,
    history: withRegistration(history.filter((h) => {
      const code = tagCodeOfChangeField(h.field);
      return !code || tagTypes.has(code);
    }).map((h) => ({ id: h.id, entityType: h.entity_type, field: h.field, oldValue: h.old_value, newValue: h.new_value, actorName: h.actor_name, at: h.at })),
    x, history.length),
  };
}

/** The newest history rows a person's page shows. */
const HISTORY_ROWS = 500;

type HistoryEntry = { id: string; entityType: string; field: string; oldValue: string | null; newValue: string | null; actorName: string | null; at: Date };

/**
 * A person's history begins with the registration (field 'record': 'created' from a form,
 * 'import:<job>' from an import). Records loaded outside the application — the demo street, or
 * an earlier system's data loaded with COPY — have no such row: their registration is shown
 * from the record's own creation time, by nobody named.
 */
function withRegistration(history: HistoryEntry[], person: { id: string; created_at: Date }, rowsRead: number): HistoryEntry[] {
  if (rowsRead >= HISTORY_ROWS) return history; // older rows, the registration among them, are beyond the page
  if (history.some((h) => h.entityType === 'person' && h.field === 'record')) return history;
  return [...history, { id: person.id, entityType: 'person', field: 'record', oldValue: null, newValue: 'created', actorName: null, at: person.created_at }];
}

export function presentTag(
  t: { id: string; tag_code: string; level: string; reason: string | null; start_date: Date | string; end_date: Date | string | null; responsible_staff_id: string | null; staff_name?: string | null },
  type: { name_zh: string; name_en: string; sensitive: boolean },
) {
  return {
    id: t.id, tagCode: t.tag_code, nameZh: type.name_zh, nameEn: type.name_en, sensitive: type.sensitive, level: t.level,
    levelLabel: codeLabel('tagLevel', t.level), reason: t.reason, startDate: isoDate(t.start_date), endDate: isoDate(t.end_date),
    responsibleStaffId: t.responsible_staff_id, responsibleStaffName: t.staff_name ?? null, active: t.end_date === null,
  };
}

export function presentFloating(f: { id: string; person_id: string; inflow_reason: string | null; inflow_date: Date | string | null; origin: string | null; permit_no: string | null; permit_expiry: Date | string | null }) {
  return {
    id: f.id, personId: f.person_id, inflowReason: f.inflow_reason, inflowDate: isoDate(f.inflow_date), origin: f.origin,
    permitNo: f.permit_no, permitExpiry: isoDate(f.permit_expiry),
  };
}

/** The whole ID number or phones, for a caller holding personal.unmask; every look is audited. */
export async function unmaskPerson(ctx: AppContext, p: Principal, id: string, field: 'idNumber' | 'phones', ip?: string) {
  const x = await requirePerson(ctx.db, p, id);
  await recordAudit(ctx.db, {
    action: 'personal.unmask', actor: actorOf(p), tenantCode: x.tenant_code, path: x.path, objectType: 'person', objectId: x.id,
    objectLabel: x.name, ip, detail: { field },
  });
  return field === 'idNumber' ? { idNumber: x.id_number } : { phones: x.phones };
}

const DEFAULT_FIELDS: PersonListField[] = ['name', 'gender', 'age', 'idNumber', 'phones', 'populationType', 'status', 'grid', 'address', 'tags'];

export function parseFields(fields: string | undefined): PersonListField[] {
  if (!fields) return DEFAULT_FIELDS;
  const wanted = fields.split(',').map((f) => f.trim()).filter(Boolean);
  const bad = wanted.filter((f) => !(PERSON_LIST_FIELDS as readonly string[]).includes(f));
  if (bad.length) {
    throw invalid('Unknown list fields', '列表字段不存在', [{ path: 'query.fields', message: `unknown: ${bad.join(', ')}; allowed: ${PERSON_LIST_FIELDS.join(', ')}`, message_zh: `未知字段：${bad.join('、')}` }]);
  }
  return wanted as PersonListField[];
}

/** The text filter of a list: name, pinyin/initials, ID last digits or a phone (the same predicate as search). */
function personTextFilter(q: string) {
  return (personTermPredicate(classifyTerm(q), LIST_TEXT_CANDIDATES) ?? sql`false`) as RawBuilder<boolean>;
}

/** Lists persons with filters (org subtree, population type, tag, status, age, text), chosen columns and paging. */
export async function listPersons(ctx: AppContext, p: Principal, q: PersonQuery) {
  const fields = parseFields(q.fields);
  const tagTypes = await visibleTagTypes(ctx.db, p);
  let query = ctx.db.selectFrom('reg_persons as x').where(inScope('x.path', p.scopePaths)).where(scopeRanges('x.path', p.scopePaths));
  if (q.orgId) query = query.where(startsWith('x.path', (await requireOrg(ctx.db, p, q.orgId)).path));
  if (q.populationType) query = query.where('x.population_type', '=', q.populationType);
  if (q.status !== 'all') query = query.where('x.status', '=', q.status);
  if (q.tag) {
    // filtering by a tag one may not see would reveal who has it
    const all = await ctx.db.selectFrom('reg_tag_types').selectAll().where('code', '=', q.tag).executeTakeFirst();
    if (!all) throw invalid('Unknown tag', '标签不存在', [{ path: 'query.tag', message: 'no such tag type', message_zh: '没有该标签类型' }]);
    if (!canSeeTagType(p, all)) throw forbidden();
    const level = q.level;
    query = query.where((eb) => eb.exists(eb.selectFrom('reg_person_tags as t').select(sql`1`.as('one'))
      .whereRef('t.person_id', '=', 'x.id').where('t.tag_code', '=', q.tag!).where('t.end_date', 'is', null)
      .$if(level !== undefined, (w) => w.where('t.level', '=', level!))));
  }
  const today = todayIso();
  // age a ≤ ageMax ⇔ born after (today − (ageMax+1) years); age ≥ ageMin ⇔ born on/before (today − ageMin years)
  if (q.ageMax !== undefined) query = query.where('x.birth_date', '>', yearsBefore(today, q.ageMax + 1));
  if (q.ageMin !== undefined) query = query.where('x.birth_date', '<=', yearsBefore(today, q.ageMin));
  if (q.q) query = query.where(personTextFilter(q.q));
  const { limit, offset } = pageOf(q);
  const [rows, total] = await Promise.all([
    query.selectAll('x').orderBy(q.q ? PINYIN_ORDER_BY_SORT : PINYIN_ORDER).orderBy('x.id').limit(limit).offset(offset).execute(),
    cappedCount(ctx.db, query),
  ]);
  const ids = rows.map((r) => r.id);
  const want = new Set(fields);
  const [grids, residences, tags] = await Promise.all([
    want.has('grid') && rows.length ? ctx.db.selectFrom('org_units').select(['id', 'name']).where('id', 'in', [...new Set(rows.map((r) => r.grid_id))]).execute() : [],
    (want.has('address') || want.has('householdNo')) && ids.length
      ? ctx.db.selectFrom('reg_residences as r').leftJoin('reg_rooms as m', 'm.id', 'r.room_id').leftJoin('reg_households as h', 'h.id', 'r.household_id')
        .select(['r.person_id', 'r.type', 'm.address', 'h.household_no']).where('r.person_id', 'in', ids).where('r.to_date', 'is', null)
        .where(inScope('r.path', p.scopePaths)).orderBy('r.from_date', 'desc').execute()
      : [],
    want.has('tags') && ids.length
      ? ctx.db.selectFrom('reg_person_tags').select(['person_id', 'tag_code', 'level']).where('person_id', 'in', ids).where('end_date', 'is', null)
        .where(inScope('path', p.scopePaths)).execute()
      : [],
  ]);
  const gridName = new Map(grids.map((g) => [g.id, g.name]));
  const items = rows.map((r) => {
    const age = ageOf(r.birth_date, today);
    const item: Record<string, unknown> = { id: r.id, sensitive: isChild(age) };
    // living address first: where the person is actually found
    const res = residences.filter((x) => x.person_id === r.id).sort((a, b) => (a.type === 'hukou' ? 1 : 0) - (b.type === 'hukou' ? 1 : 0));
    for (const f of fields) {
      switch (f) {
        case 'name': item.name = r.name; break;
        case 'gender': item.gender = r.gender; item.genderLabel = codeLabel('gender', r.gender); break;
        case 'age': item.age = age; break;
        case 'birthDate': item.birthDate = isoDate(r.birth_date); break;
        case 'ethnicity': item.ethnicity = r.ethnicity; item.ethnicityLabel = codeLabel('ethnicity', r.ethnicity); break;
        case 'idNumber': item.idNumberMasked = maskIdNumber(r.id_number); break;
        case 'phones': item.phonesMasked = maskPhones(r.phones); break;
        case 'populationType': item.populationType = r.population_type; item.populationTypeLabel = codeLabel('populationType', r.population_type); break;
        case 'status': item.status = r.status; item.statusLabel = codeLabel('personStatus', r.status); break;
        case 'grid': item.gridId = r.grid_id; item.gridName = gridName.get(r.grid_id) ?? null; break;
        case 'address': item.address = res.find((x) => x.address)?.address ?? null; break;
        case 'householdNo': item.householdNo = res.find((x) => x.household_no)?.household_no ?? null; break;
        case 'politicalStatus': item.politicalStatus = r.political_status; item.politicalStatusLabel = codeLabel('politicalStatus', r.political_status); break;
        case 'education': item.education = r.education; item.educationLabel = codeLabel('education', r.education); break;
        case 'maritalStatus': item.maritalStatus = r.marital_status; item.maritalStatusLabel = codeLabel('maritalStatus', r.marital_status); break;
        case 'occupation': item.occupation = r.occupation; break;
        case 'employer': item.employer = r.employer; break;
        case 'skills': item.skills = r.skills; break;
        case 'tags': item.tags = tags.filter((t) => t.person_id === r.id && tagTypes.has(t.tag_code))
          .map((t) => ({ tagCode: t.tag_code, nameZh: tagTypes.get(t.tag_code)!.name_zh, level: t.level })); break;
      }
    }
    return item;
  });
  return { items, ...total, page: q.page, pageSize: q.pageSize, fields };
}

