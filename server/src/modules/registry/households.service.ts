/** Households (户): create, list, members, head. Membership is a residence with a household. */
import { sql, type RawBuilder } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { AppContext } from '../../platform/context.js';
import type { Principal } from '../../platform/auth/principal.js';
import { inScope } from '../../platform/db/scope-sql.js';
import { recordAudit } from '../../platform/audit/audit.js';
import { conflict, invalid } from '../../platform/http/errors.js';
import { todayIso } from '../../platform/validation/dates.js';
import { actorOf, isUniqueViolation, now, pageOf, requireGrid, requireHousehold, requireOrg, requirePerson, requireRoom, scopeRanges, startsWith, cappedCount } from './common.js';
import { recordChanges } from './changes.js';
import { codeLabel } from './codes.js';
import { householdMembers } from './persons.service.js';
import { classifyTerm, householdTermPredicate, LIST_TEXT_CANDIDATES, personTermPredicate } from './search.js';
import { moveIn } from './residence.service.js';
import type { AddMemberInput, CreateHouseholdInput, HouseholdQuery } from './schema.js';

/** A household number when none is given: H + date + random digits (unique per street; retried on collision). */
function newHouseholdNo() {
  return `H${todayIso().replace(/-/g, '')}${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}`;
}

export async function createHousehold(ctx: AppContext, p: Principal, input: CreateHouseholdInput, ip?: string) {
  for (let attempt = 0; ; attempt++) {
    try {
      return await ctx.db.transaction().execute(async (tx) => {
        const room = input.roomId ? await requireRoom(tx, p, input.roomId, 'body.roomId') : null;
        const grid = !room && input.gridId ? await requireGrid(tx, p, input.gridId, 'body.gridId') : null;
        if (!room && !grid) {
          throw invalid('Say where the household lives', '请指定户所在的房屋或网格', [{ path: 'body.roomId', message: 'roomId or gridId is required', message_zh: '房屋或网格至少填写一项' }]);
        }
        const tenantCode = room?.tenant_code ?? grid!.tenant_code;
        const path = room?.path ?? grid!.path;
        const h = await tx.insertInto('reg_households').values({
          tenant_code: tenantCode, id: uuidv7(), path, household_no: input.householdNo ?? newHouseholdNo(), kind: input.kind,
          head_person_id: null, room_id: room?.id ?? null, address: room?.address ?? null,
        }).returningAll().executeTakeFirstOrThrow();
        if (input.headPersonId) {
          const head = await requirePerson(tx, p, input.headPersonId, 'body.headPersonId');
          await moveIn(tx, p, head, { date: todayIso(), householdId: h.id, type: 'hukou', relationToHead: '02' });
          await tx.updateTable('reg_households').set({ head_person_id: head.id }).where('id', '=', h.id).execute();
        }
        await recordChanges(tx, p, { tenantCode, path, entityType: 'household', entityId: h.id }, [{ field: 'record', old: null, new: 'created' }]);
        await recordAudit(tx, { action: 'registry.household.create', actor: actorOf(p), tenantCode, path, objectType: 'household', objectId: h.id, objectLabel: h.household_no, ip });
        return h.id;
      }).then((id) => getHousehold(ctx, p, id));
    } catch (e) {
      if (isUniqueViolation(e, 'household_no')) {
        if (input.householdNo || attempt >= 3) throw conflict('This household number exists in the street', '本街道已有此户号');
        continue;
      }
      throw e;
    }
  }
}

export async function getHousehold(ctx: AppContext, p: Principal, id: string) {
  const h = await requireHousehold(ctx.db, p, id);
  const [members, grid] = await Promise.all([
    householdMembers(ctx.db, p, id),
    ctx.db.selectFrom('org_units').select(['id', 'name']).where('path', '=', h.path).executeTakeFirst(),
  ]);
  return {
    id: h.id, householdNo: h.household_no, kind: h.kind, kindLabel: codeLabel('householdKind', h.kind), status: h.status,
    roomId: h.room_id, address: h.address, headPersonId: h.head_person_id, gridId: grid?.id ?? null, gridName: grid?.name ?? null,
    members,
  };
}

/**
 * The households list's text filter: the household's number or address (as search finds
 * households), or its head, found as search finds persons (name, pinyin, initials, ID digits,
 * phone). One array of candidate ids, each part index-driven, computed once; `h.id = ANY (…)` is
 * leakproof, so the households are then probed by id under RLS too. With `LIKE '%…%'` on the
 * address and the head's name, RLS came first and a district's list read all its ~350,000
 * households per page (~1 s at 1,000,000 persons); an OR of the parts still compared every
 * household of the scope with each part.
 */
function householdTextFilter(q: string, scopePaths: readonly string[]) {
  const t = classifyTerm(q);
  const parts: RawBuilder<unknown>[] = [];
  const own = householdTermPredicate(t, LIST_TEXT_CANDIDATES);
  if (own) parts.push(sql`SELECT h.id FROM reg_households h WHERE ${own} AND ${scopeRanges('h.path', scopePaths)}`);
  const heads = personTermPredicate(t, LIST_TEXT_CANDIDATES);
  if (heads) {
    parts.push(sql`SELECT hh.id FROM reg_households hh WHERE hh.head_person_id IN (
      SELECT x.id FROM reg_persons x WHERE ${heads} AND ${inScope('x.path', scopePaths)} AND ${scopeRanges('x.path', scopePaths)})`);
  }
  return (parts.length ? sql`h.id = ANY (ARRAY(${sql.join(parts, sql` UNION ALL `)}))` : sql`false`) as RawBuilder<boolean>;
}

/**
 * Households in the caller's scope. Unfiltered, a page is read in household-number order from
 * reg_households_no_idx (text_pattern_ops: byte order, the same as the database's order for
 * these digit-and-letter numbers); filtered, the matches are sorted (as the persons list).
 */
export async function listHouseholds(ctx: AppContext, p: Principal, q: HouseholdQuery) {
  let query = ctx.db.selectFrom('reg_households as h').where(inScope('h.path', p.scopePaths)).where(scopeRanges('h.path', p.scopePaths));
  if (q.orgId) query = query.where(startsWith('h.path', (await requireOrg(ctx.db, p, q.orgId)).path));
  if (q.q) query = query.where(householdTextFilter(q.q, p.scopePaths));
  const { limit, offset } = pageOf(q);
  const [rows, total] = await Promise.all([
    query.leftJoin('reg_persons as x', 'x.id', 'h.head_person_id')
      .select(['h.id', 'h.household_no', 'h.kind', 'h.address', 'h.status', 'x.name as head_name',
        sql<number>`(SELECT count(*) FROM reg_residences r WHERE r.household_id = h.id AND r.to_date IS NULL)::int`.as('members')])
      .orderBy(q.q ? sql`(h.household_no || '')` : sql`h.household_no USING ~<~`).orderBy('h.id').limit(limit).offset(offset).execute(),
    cappedCount(ctx.db, query),
  ]);
  return {
    items: rows.map((h) => ({ id: h.id, householdNo: h.household_no, kind: h.kind, kindLabel: codeLabel('householdKind', h.kind), address: h.address, status: h.status, headName: h.head_name, members: h.members })),
    ...total, page: q.page, pageSize: q.pageSize,
  };
}

export async function addMember(ctx: AppContext, p: Principal, householdId: string, input: AddMemberInput) {
  await ctx.db.transaction().execute(async (tx) => {
    const h = await requireHousehold(tx, p, householdId);
    const person = await requirePerson(tx, p, input.personId, 'body.personId', { forUpdate: true });
    await moveIn(tx, p, person, { date: input.fromDate ?? todayIso(), householdId: h.id, type: input.type, relationToHead: input.relationToHead, source: input.source });
  });
  return getHousehold(ctx, p, householdId);
}

/** Sets the head: must be a current member; the old and new head are kept in the history. */
export async function setHead(ctx: AppContext, p: Principal, householdId: string, personId: string) {
  await ctx.db.transaction().execute(async (tx) => {
    const h = await requireHousehold(tx, p, householdId);
    const member = await tx.selectFrom('reg_residences').select(['id', 'relation_to_head']).where('household_id', '=', householdId)
      .where('person_id', '=', personId).where('to_date', 'is', null).executeTakeFirst();
    if (!member) throw invalid('The head must be a member', '户主必须是本户现有成员', [{ path: 'body.personId', message: 'not a current member', message_zh: '不是本户现有成员' }]);
    await tx.updateTable('reg_households').set({ head_person_id: personId, updated_at: now() }).where('id', '=', householdId).execute();
    await tx.updateTable('reg_residences').set({ relation_to_head: '02' }).where('id', '=', member.id).execute();
    await recordChanges(tx, p, { tenantCode: h.tenant_code, path: h.path, entityType: 'household', entityId: h.id }, [{ field: 'headPersonId', old: h.head_person_id, new: personId }]);
    await recordChanges(tx, p, { tenantCode: h.tenant_code, path: h.path, entityType: 'household', entityId: h.id, personId }, [{ field: 'relationToHead', old: member.relation_to_head, new: '02' }]);
  });
  return getHousehold(ctx, p, householdId);
}
