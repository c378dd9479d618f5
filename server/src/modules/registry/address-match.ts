/**
 * A free-text address (a resident's "静湖花园3号楼东侧路灯", an Open311 address_string) matched
 * to a registry building: the building whose standard address — whole, or the part after the
 * street (天津市津南区下朱庄街道|静湖花园3号楼) — the text contains. A text that names two
 * buildings ("静湖花园3号楼和5号楼之间", "…3号楼与越秀园8号楼之间") is no answer: the street sorts it out.
 *
 * Both sides are compared in one form: no spaces, half-width digits and letters, lower case,
 * simplified characters.
 */
import { sql } from 'kysely';
import type { AppContext } from '../../platform/context.js';
import type { Principal } from '../../platform/auth/principal.js';
import { inScope } from '../../platform/db/scope-sql.js';
import { toSimplified } from './names.js';

/** Shorter tails ("3号楼", "1栋") name a building in too many estates to mean one. */
const MIN_MATCH_CHARS = 4;

const FULL_WIDTH = /[\uFF01-\uFF5E]/g;
export function normalizeAddress(text: string): string {
  return toSimplified(text).replace(FULL_WIDTH, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/\s+/g, '').toLowerCase();
}

// the same normalisation in SQL, over the stored (already simplified) addresses
const sqlNormalized = (col: string) => sql<string>`lower(translate(regexp_replace(${sql.ref(col)}, '\\s', '', 'g'),
  '０１２３４５６７８９ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺａｂｃｄｅｆｇｈｉｊｋｌｍｎｏｐｑｒｓｔｕｖｗｘｙｚ－＃',
  '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-#'))`;

export interface AddressMatch { buildingId: string; gridId: string; address: string }

/** The building of a street whose address the text names, among those the principal may see; null when none or ambiguous. */
export async function matchBuildingAddress(ctx: AppContext, p: Principal, tenantCode: string, text: string): Promise<AddressMatch | null> {
  const needle = normalizeAddress(text);
  if (needle.length < MIN_MATCH_CHARS) return null;
  const rows = await ctx.db.selectFrom((eb) => eb.selectFrom('reg_buildings')
    .select(['id', 'grid_id', 'address'])
    .select([sqlNormalized('address').as('whole'), sql<string>`regexp_replace(${sqlNormalized('address')}, '^.*?(街道|镇|乡)', '')`.as('tail')])
    .where('tenant_code', '=', tenantCode).where(inScope('path', p.scopePaths)).as('b'))
    .select(['id', 'grid_id', 'address'])
    .where(sql<boolean>`strpos(${needle}, whole) > 0 OR (length(tail) >= ${MIN_MATCH_CHARS} AND strpos(${needle}, tail) > 0)`)
    .limit(2).execute();
  if (rows.length !== 1) return null;
  return { buildingId: rows[0]!.id, gridId: rows[0]!.grid_id, address: rows[0]!.address };
}
