/**
 * Export of any filtered registry list as .xlsx or CSV, with the same filters as the lists.
 * ID numbers and phones are masked unless the caller holds registry.export_unmasked AND asks
 * for unmasked data; every export (masked or not) writes an audit row naming the filters and
 * the row count, never the values. Person exports use the import template's columns, so an
 * (unmasked) export can be imported elsewhere.
 */
import type { Writable } from 'node:stream';
import { sql, type Compilable, type Expression, type InferResult, type SqlBool } from 'kysely';
import { z } from 'zod';
import type { AppContext } from '../../../platform/context.js';
import type { Principal } from '../../../platform/auth/principal.js';
import { recordAudit } from '../../../platform/audit/audit.js';
import { Slots } from '../../../platform/slots.js';
import { inScope } from '../../../platform/db/scope-sql.js';
import { forbidden, invalid } from '../../../platform/http/errors.js';
import { maskIdNumber, maskPhone } from '../../../platform/privacy/mask.js';
import { isoDate, todayIso, yearsBefore } from '../../../platform/validation/dates.js';
import { codeLabel } from '../codes.js';
import { likeEscape, requireOrg, type Db } from '../common.js';
import { classifyTerm, idSuffix, PINYIN_ORDER } from '../search.js';
import { canSeeTagType, visibleTagTypes } from '../tag-visibility.js';
import {
  entityTypeSchema, personStatusSchema, populationTypeSchema, roomStatusSchema, tagLevelSchema,
} from '../schema.js';
import { csvTableWriter, xlsxTableWriter } from './spreadsheet.js';
import { SHEETS } from './templates.js';

export const EXPORT_KINDS = ['persons', 'households', 'rooms', 'rentals', 'entities'] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];

/** The lists' filters (see the registry's list schemas), plus format and the unmask request. */
export const exportQuerySchema = z.object({
  format: z.enum(['xlsx', 'csv']).default('xlsx'),
  unmasked: z.stringbool().default(false),
  orgId: z.uuid().optional(),
  q: z.string().trim().max(100).optional(),
  populationType: populationTypeSchema.optional(),
  status: z.string().max(20).optional(),
  tag: z.string().max(40).optional(),
  level: tagLevelSchema.optional(),
  ageMin: z.coerce.number().int().min(0).max(150).optional(),
  ageMax: z.coerce.number().int().min(0).max(150).optional(),
  type: entityTypeSchema.optional(),
  keyUnit: z.stringbool().optional(),
  roomStatus: roomStatusSchema.optional(),
});
export type ExportQuery = z.infer<typeof exportQuerySchema>;

const MAX_ROWS = 1_000_000;

const headersOf = (kind: 'persons' | 'rooms' | 'entities') => SHEETS[kind].columns.map((c) => c.header);

/** Rows read per cursor fetch. */
const EXPORT_CHUNK_ROWS = 5000;
/**
 * Exports reading at a time in this process: each holds a connection for its whole length
 * (~100 s for the persons of a district of 1,000,000); more wait their turn, as a download that
 * starts later.
 */
const EXPORT_SLOTS = new Slots(2);

type Emit = (rows: unknown[][]) => Promise<void>;

/**
 * A list's rows through a server-side cursor, `chunkRows` at a time, in one snapshot, each chunk
 * turned into sheet rows and handed to `emit` (which waits for a slow download). A district's
 * export is up to a million rows: read whole, the rows, the sheet and the file sat in memory
 * together (3.1 GB of server memory for 1,000,000 persons) and other requests waited.
 */
function viaCursor<R>(ctx: AppContext, query: Compilable<R>, chunkRows: number, toRows: (trx: Db, chunk: R[]) => Promise<unknown[][]>) {
  return (emit: Emit) => EXPORT_SLOTS.run(() => ctx.db.transaction().setIsolationLevel('repeatable read').setAccessMode('read only').execute(async (trx) => {
    await sql`DECLARE rz_export NO SCROLL CURSOR FOR ${query}`.execute(trx);
    for (;;) {
      const chunk = (await sql<R>`FETCH ${sql.raw(String(chunkRows))} FROM rz_export`.execute(trx)).rows;
      if (!chunk.length) return;
      await emit(await toRows(trx, chunk));
    }
  }));
}

export async function exportList(ctx: AppContext, p: Principal, kind: ExportKind, q: ExportQuery, ip?: string, chunkRows = EXPORT_CHUNK_ROWS) {
  if (q.unmasked && !p.permissions.has('registry.export_unmasked')) throw forbidden();
  const unmasked = q.unmasked;
  const id = (v: string | null) => (unmasked ? v : maskIdNumber(v));
  const phone = (v: string | null) => (unmasked ? v : maskPhone(v));
  const org = q.orgId ? await requireOrg(ctx.db, p, q.orgId) : null;
  const where = (col: string): Expression<SqlBool> => (org
    ? sql<SqlBool>`(${sql.ref(col)} LIKE ${org.path + '%'} AND ${inScope(col, p.scopePaths)})`
    : inScope(col, p.scopePaths));
  let headers: string[];
  /** hands the list's rows to `emit`, chunk by chunk */
  let produce: (emit: Emit) => Promise<void>;

  switch (kind) {
    case 'persons': {
      const tagTypes = await visibleTagTypes(ctx.db, p);
      let query = ctx.db.selectFrom('reg_persons as x')
        .innerJoin('org_units as g', 'g.id', 'x.grid_id')
        .leftJoinLateral((eb) => eb.selectFrom('reg_residences as r')
          .leftJoin('reg_rooms as m', 'm.id', 'r.room_id').leftJoin('reg_households as h', 'h.id', 'r.household_id')
          .select(['r.relation_to_head', 'r.type as residence_type', 'm.address', 'h.household_no'])
          .whereRef('r.person_id', '=', 'x.id').where('r.to_date', 'is', null)
          .orderBy(sql`(r.type = 'hukou')`).orderBy('r.from_date', 'desc').limit(1).as('res'), (j) => j.onTrue())
        .leftJoin('reg_floating as f', 'f.person_id', 'x.id')
        .where(where('x.path'));
      if (q.populationType) query = query.where('x.population_type', '=', q.populationType);
      const status = q.status ?? 'active';
      if (status !== 'all') {
        const s = personStatusSchema.safeParse(status);
        if (!s.success) throw badFilter('status');
        query = query.where('x.status', '=', s.data);
      }
      if (q.tag) {
        const t = await ctx.db.selectFrom('reg_tag_types').selectAll().where('code', '=', q.tag).executeTakeFirst();
        if (!t) throw badFilter('tag');
        if (!canSeeTagType(p, t)) throw forbidden();
        query = query.where((eb) => eb.exists(eb.selectFrom('reg_person_tags as t').select(sql`1`.as('one'))
          .whereRef('t.person_id', '=', 'x.id').where('t.tag_code', '=', q.tag!).where('t.end_date', 'is', null)
          .$if(q.level !== undefined, (w) => w.where('t.level', '=', q.level!))));
      }
      const today = todayIso();
      if (q.ageMax !== undefined) query = query.where('x.birth_date', '>', yearsBefore(today, q.ageMax + 1));
      if (q.ageMin !== undefined) query = query.where('x.birth_date', '<=', yearsBefore(today, q.ageMin));
      if (q.q) query = query.where(personText(q.q));
      const selected = query.select([
        'x.id', 'x.name', 'x.id_number', 'x.gender', 'x.birth_date', 'x.ethnicity', 'x.population_type', 'x.phones', 'g.code as grid_code',
        'res.household_no', 'res.relation_to_head', 'res.residence_type', 'res.address', 'x.political_status', 'x.education',
        'x.marital_status', 'x.occupation', 'x.employer', 'x.hukou_address', 'x.skills', 'x.status',
        'f.inflow_reason', 'f.inflow_date', 'f.permit_no', 'f.permit_expiry',
      ]).orderBy('g.code').orderBy(PINYIN_ORDER).orderBy('x.id').limit(MAX_ROWS);
      type PersonRow = InferResult<typeof selected>[number];
      headers = [...headersOf('persons'), '标签', '人员状态'];
      const rowOf = (r: PersonRow, tags: Map<string, string[]>) => [
        r.name, id(r.id_number), codeLabel('gender', r.gender), isoDate(r.birth_date), codeLabel('ethnicity', r.ethnicity),
        codeLabel('populationType', r.population_type), r.phones.map((x) => phone(x)).join('、'), r.grid_code, r.household_no,
        codeLabel('relationToHead', r.relation_to_head), codeLabel('residenceType', r.residence_type), r.address,
        codeLabel('politicalStatus', r.political_status), codeLabel('education', r.education), codeLabel('maritalStatus', r.marital_status),
        r.occupation, r.employer, r.hukou_address, r.skills.join('、'), r.inflow_reason, isoDate(r.inflow_date), r.permit_no,
        isoDate(r.permit_expiry), (tags.get(r.id) ?? []).join('、'), codeLabel('personStatus', r.status),
      ];
      produce = viaCursor(ctx, selected, chunkRows, async (trx, chunk) => {
        const tags = new Map<string, string[]>();
        const t = await trx.selectFrom('reg_person_tags').select(['person_id', 'tag_code', 'level'])
          .where('person_id', 'in', chunk.map((r) => r.id)).where('end_date', 'is', null).where(inScope('path', p.scopePaths)).execute();
        for (const x of t) {
          const type = tagTypes.get(x.tag_code);
          if (!type) continue; // sensitive tags the caller may not see are left out
          const label = `${type.name_zh}(${codeLabel('tagLevel', x.level)})`;
          tags.set(x.person_id, [...(tags.get(x.person_id) ?? []), label]);
        }
        return chunk.map((r) => rowOf(r, tags));
      });
      break;
    }
    case 'households': {
      let query = ctx.db.selectFrom('reg_households as h')
        .leftJoin('reg_persons as head', 'head.id', 'h.head_person_id')
        .where(where('h.path')).where('h.status', '=', q.status === 'dissolved' ? 'dissolved' : 'active');
      if (q.q) query = query.where((eb) => eb.or([eb('h.household_no', 'like', `${likeEscape(q.q!)}%`), eb('h.address', 'like', `%${likeEscape(q.q!)}%`)]));
      const selected = query.select(['h.household_no', 'h.kind', 'h.address', 'head.name as head_name', 'head.id_number as head_id',
        sql<number>`(SELECT count(*) FROM reg_residences r WHERE r.household_id = h.id AND r.to_date IS NULL)`.as('members')])
        .orderBy('h.household_no').limit(MAX_ROWS);
      headers = ['户号', '户别', '房屋地址', '户主姓名', '户主公民身份号码', '在户人数'];
      produce = viaCursor(ctx, selected, chunkRows, async (_trx, chunk) => chunk.map((r) => [r.household_no, codeLabel('householdKind', r.kind), r.address, r.head_name, id(r.head_id), r.members]));
      break;
    }
    case 'rooms': {
      let query = ctx.db.selectFrom('reg_rooms as m').innerJoin('reg_buildings as b', 'b.id', 'm.building_id')
        .innerJoin('org_units as g', 'g.id', 'b.grid_id').leftJoin('reg_units as u', 'u.id', 'm.unit_id').where(where('m.path'));
      if (q.roomStatus) query = query.where('m.status', '=', q.roomStatus);
      if (q.q) query = query.where('m.address', 'like', `%${likeEscape(q.q)}%`);
      const selected = query.select(['g.code', 'b.address as baddr', 'b.name', 'b.number', 'b.floors', 'b.use as buse', 'u.unit_no',
        'm.floor', 'm.room_no', 'm.area', 'm.use', 'm.ownership', 'm.status']).orderBy('b.address').orderBy('u.unit_no').orderBy('m.floor').orderBy('m.room_no')
        .limit(MAX_ROWS);
      headers = headersOf('rooms');
      produce = viaCursor(ctx, selected, chunkRows, async (_trx, chunk) => chunk.map((r) => [r.code, r.baddr, r.name, r.number, r.floors, codeLabel('buildingUse', r.buse), r.unit_no, r.floor, r.room_no,
        r.area, codeLabel('roomUse', r.use), codeLabel('roomOwnership', r.ownership), codeLabel('roomStatus', r.status)]));
      break;
    }
    case 'rentals': {
      const status = q.status ?? 'active';
      const selected = ctx.db.selectFrom('reg_rentals as r')
        .innerJoin('reg_rental_rooms as rr', 'rr.rental_id', 'r.id').innerJoin('reg_rooms as m', 'm.id', 'rr.room_id')
        .leftJoin('reg_persons as l', 'l.id', 'r.landlord_person_id')
        .where(where('r.path')).$if(status !== 'all', (w) => w.where('r.status', '=', status === 'ended' ? 'ended' : 'active'))
        .$if(!!q.q, (w) => w.where((eb) => eb.or([eb('m.address', 'like', `%${likeEscape(q.q!)}%`), eb('r.landlord_name', 'like', `${likeEscape(q.q!)}%`)])))
        .select(['m.address', 'l.id_number as landlord_id', 'r.landlord_name', 'r.landlord_phone', 'r.contract_from', 'r.contract_to',
          sql<string[]>`ARRAY(SELECT pt.id_number FROM reg_rental_tenants t JOIN reg_persons pt ON pt.id = t.person_id
            WHERE t.rental_id = r.id AND t.room_id = rr.room_id AND t.to_date IS NULL ORDER BY pt.id_number)`.as('tenants')])
        .orderBy('r.landlord_name').orderBy('m.address').limit(MAX_ROWS);
      headers = SHEETS.rentals.columns.map((c) => c.header);
      produce = viaCursor(ctx, selected, chunkRows, async (_trx, chunk) => chunk.map((r) => [r.address, id(r.landlord_id), r.landlord_name, phone(r.landlord_phone), isoDate(r.contract_from), isoDate(r.contract_to),
        r.tenants.map((t) => id(t)).join('、')]));
      break;
    }
    case 'entities': {
      let query = ctx.db.selectFrom('reg_entities as e').innerJoin('org_units as g', 'g.id', 'e.grid_id').where(where('e.path'))
        .where('e.status', '=', q.status === 'closed' ? 'closed' : 'active');
      if (q.type) query = query.where('e.type', '=', q.type);
      if (q.keyUnit !== undefined) query = query.where('e.key_unit', '=', q.keyUnit);
      if (q.q) query = query.where((eb) => eb.or([eb('e.name', 'like', `%${likeEscape(q.q!)}%`), eb('e.uscc', '=', q.q!.toUpperCase())]));
      const selected = query.select(['e.uscc', 'e.uscc_valid', 'e.name', 'e.type', 'e.legal_rep', 'e.phone', 'e.employees', 'e.key_unit', 'e.address', 'g.code'])
        .orderBy('e.name').limit(MAX_ROWS);
      headers = [...headersOf('entities'), '信用代码校验'];
      produce = viaCursor(ctx, selected, chunkRows, async (_trx, chunk) => chunk.map((r) => [r.uscc, r.name, codeLabel('entityType', r.type), r.legal_rep, phone(r.phone), r.employees, r.key_unit ? '是' : '否',
        r.address, r.code, r.uscc ? (r.uscc_valid ? '通过' : '未通过') : '']));
      break;
    }
  }

  const filters = Object.fromEntries(Object.entries(q).filter(([k, v]) => v !== undefined && k !== 'format' && k !== 'unmasked' && k !== 'q'));
  const base = `${{ persons: '实有人口', households: '户', rooms: '楼栋房屋', rentals: '出租房屋', entities: '实有单位' }[kind]}-${todayIso()}`;
  const csv = q.format === 'csv';
  return {
    name: `${base}.${csv ? 'csv' : 'xlsx'}`,
    type: csv ? 'text/csv; charset=utf-8' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    /**
     * Writes the file into `out` and ends it. The audit row is written before the last byte — and
     * also when the download is closed midway, with the rows sent so far (`complete: false`).
     */
    write: async (out: Writable) => {
      const sheet = csv ? csvTableWriter(headers, out) : xlsxTableWriter(base.split('-')[0]!, headers, out);
      let count = 0;
      let complete = false;
      try {
        await produce(async (rows) => {
          if (out.destroyed) throw new DownloadClosed();
          for (const r of rows) sheet.add(r);
          count += rows.length;
          // a slow download holds the cursor back, not memory; a closed one ends the export
          if (out.writableNeedDrain) await untilDrainedOrClosed(out);
        });
        complete = true;
      } finally {
        await recordAudit(ctx.db, {
          action: unmasked ? 'registry.export_unmasked' : 'registry.export', actor: { id: p.userId, name: p.name }, tenantCode: p.tenantCode,
          path: org?.path ?? p.scopePaths[0] ?? null, objectType: `registry.${kind}`, objectLabel: `${kind} export`, ip,
          // the text filter may be a name or an ID fragment: only whether one was used is recorded
          detail: { kind, format: q.format, rows: count, complete, unmasked, filters, textFilter: !!q.q },
        });
      }
      await sheet.end();
    },
  };
}

/** The client went away before the end of its download (not a failure of the export). */
export class DownloadClosed extends Error {
  constructor() {
    super('the download was closed before its end');
  }
}

/** Resolves when `out` can take more, or has been closed (a client gone never drains it). */
function untilDrainedOrClosed(out: Writable): Promise<void> {
  return new Promise((resolve) => {
    const done = () => { out.off('drain', done); out.off('close', done); resolve(); };
    out.on('drain', done);
    out.on('close', done);
  });
}

function badFilter(field: string) {
  return invalid('Invalid filter', '筛选条件无效', [{ path: `query.${field}`, message: 'invalid value', message_zh: '无效的筛选值' }]);
}

/** The person lists' text filter: name, pinyin or initials, ID last digits, a phone. */
function personText(raw: string): Expression<SqlBool> {
  const t = classifyTerm(raw);
  const ors = [];
  if (t.han) ors.push(sql<boolean>`(x.name_simplified LIKE ${likeEscape(t.han) + '%'} OR (x.name_grams @> rz_bigrams(${t.han}) AND x.name_simplified LIKE ${'%' + likeEscape(t.han) + '%'}))`);
  if (t.latin) ors.push(sql<boolean>`(x.name_initials LIKE ${t.latin + '%'} OR x.name_pinyin LIKE ${t.latin + '%'})`);
  if (t.digits && t.digits.length >= 4) ors.push(idSuffix(t.digits));
  if (t.mobile) ors.push(sql<boolean>`x.phones @> ARRAY[${t.mobile}]::text[]`);
  return ors.length ? sql<SqlBool>`(${sql.join(ors, sql` OR `)})` : sql<SqlBool>`false`;
}
