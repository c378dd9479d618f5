/** Floating population (流动人口): inflow, origin, residence permit and its expiry. */
import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { AppContext } from '../../platform/context.js';
import type { Principal } from '../../platform/auth/principal.js';
import { inScope } from '../../platform/db/scope-sql.js';
import { addDays, isoDate, todayIso } from '../../platform/validation/dates.js';
import { now, pageOf, requireOrg, requirePerson, scopeRanges, startsWith, cappedCount } from './common.js';
import { recordChanges } from './changes.js';
import { presentFloating } from './persons.service.js';
import { personRef } from './present.js';
import type { FloatingInput, FloatingQuery } from './schema.js';
import { remindPermitExpiry } from './jobs.js';

const plain = (v: unknown) => (v instanceof Date ? isoDate(v) : v);

/** Records or updates a person's floating-population data; the person becomes 'floating'. */
export async function setFloating(ctx: AppContext, p: Principal, personId: string, input: FloatingInput) {
  const saved = await ctx.db.transaction().execute(async (tx) => {
    const person = await requirePerson(tx, p, personId);
    const before = await tx.selectFrom('reg_floating').selectAll().where('person_id', '=', personId).executeTakeFirst();
    const values = {
      ...(input.inflowReason !== undefined && { inflow_reason: input.inflowReason }),
      ...(input.inflowDate !== undefined && { inflow_date: input.inflowDate }),
      ...(input.origin !== undefined && { origin: input.origin }),
      ...(input.permitNo !== undefined && { permit_no: input.permitNo }),
      ...(input.permitExpiry !== undefined && { permit_expiry: input.permitExpiry }),
    };
    const row = before
      ? await tx.updateTable('reg_floating').set({ ...values, updated_at: now() }).where('id', '=', before.id).returningAll().executeTakeFirstOrThrow()
      : await tx.insertInto('reg_floating').values({ tenant_code: person.tenant_code, id: uuidv7(), person_id: person.id, path: person.path, ...values })
        .returningAll().executeTakeFirstOrThrow();
    if (person.population_type !== 'floating') {
      await tx.updateTable('reg_persons').set({ population_type: 'floating', updated_at: now() }).where('id', '=', person.id).execute();
    }
    const fields = [['inflowReason', 'inflow_reason'], ['inflowDate', 'inflow_date'], ['origin', 'origin'], ['permitNo', 'permit_no'], ['permitExpiry', 'permit_expiry']] as const;
    await recordChanges(tx, p, { tenantCode: person.tenant_code, path: person.path, entityType: 'floating', entityId: row.id, personId: person.id }, [
      { field: 'populationType', old: person.population_type, new: 'floating' },
      ...fields.map(([api, col]) => ({ field: `floating.${api}`, old: plain(before?.[col] ?? null), new: plain(row[col]) })),
    ]);
    return presentFloating(row);
  });
  if (input.permitExpiry) await remindPermitExpiry(ctx, new Date(), personId);
  return saved;
}

/** The floating-population ledger, optionally only permits expiring within N days (or expired). */
export async function listFloating(ctx: AppContext, p: Principal, q: FloatingQuery) {
  let query = ctx.db.selectFrom('reg_floating as f').innerJoin('reg_persons as x', 'x.id', 'f.person_id')
    .where(inScope('f.path', p.scopePaths)).where(scopeRanges('f.path', p.scopePaths)).where('x.status', '=', 'active');
  if (q.orgId) query = query.where(startsWith('f.path', (await requireOrg(ctx.db, p, q.orgId)).path));
  if (q.inflowReason) query = query.where('f.inflow_reason', '=', q.inflowReason);
  if (q.expiringWithinDays !== undefined) query = query.where('f.permit_expiry', '<=', addDays(todayIso(), q.expiringWithinDays));
  const { limit, offset } = pageOf(q);
  const [rows, total] = await Promise.all([
    query.select(['f.id', 'f.person_id', 'f.inflow_reason', 'f.inflow_date', 'f.origin', 'f.permit_no', 'f.permit_expiry',
      'x.name', 'x.gender', 'x.birth_date', 'x.id_number', 'x.status', 'x.id as pid'])
      .orderBy(sql`f.permit_expiry IS NULL`).orderBy('f.permit_expiry').orderBy('f.id').limit(limit).offset(offset).execute(),
    cappedCount(ctx.db, query),
  ]);
  return {
    items: rows.map((r) => ({ ...presentFloating(r), person: personRef({ ...r, id: r.pid }) })),
    ...total, page: q.page, pageSize: q.pageSize,
  };
}
