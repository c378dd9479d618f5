/**
 * One search box over persons, households, rooms (and buildings) and entities.
 *
 * The term is classified once in the application and turned into index-friendly predicates:
 *   Han characters → name/address (traditional converted to simplified first):
 *                    prefix on name_simplified (btree) or bigram containment (GIN on rz_bigrams)
 *                    re-checked with LIKE '%…%';
 *   latin letters  → pinyin prefix or initials prefix (btree text_pattern_ops): `zs` finds 张三;
 *   digits         → the last 4+ digits of an ID (prefix of the reversed number, btree), a whole
 *                    mobile number (GIN on phones), a household number prefix, an address fragment.
 * Functions are applied to the search term only, never to the rows (rz_bigrams($term)), each
 * kind has its own LIMIT, and the whole search is one UNION ALL statement — one round trip.
 * Results are scoped (predicate + RLS) and masked inside the database (rz_mask_id/rz_mask_phone),
 * so no whole ID or phone ever leaves PostgreSQL through search.
 */
import { sql, type CompiledQuery, type RawBuilder } from 'kysely';
import type { AppContext } from '../../platform/context.js';
import type { Principal } from '../../platform/auth/principal.js';
import { normaliseMobile } from '../../platform/validation/mobile.js';
import { likeEscape, scopeRanges, startsWith, type Db } from './common.js';

export { startsWith };
import { hasHan, toSimplified } from './names.js';
import { halfWidthAlnum } from '../../platform/validation/half-width.js';
import { ageOf, isChild } from './present.js';
import { codeLabel } from './codes.js';

export type SearchKind = 'person' | 'household' | 'room' | 'building' | 'entity';
export const SEARCH_KINDS: SearchKind[] = ['person', 'household', 'room', 'building', 'entity'];

export interface SearchTerm {
  raw: string;
  /** simplified Han text, when the term has Han characters */
  han: string | null;
  /** lower-case latin letters only (pinyin or initials) */
  latin: string | null;
  /** digits (an ID's last digits may end in X) */
  digits: string | null;
  /** a whole mobile number */
  mobile: string | null;
  /** generic text for address/number fragments */
  text: string;
}

export function classifyTerm(typed: string): SearchTerm {
  // a phone's input method in Chinese mode types full-width digits and letters (１３９, ｚｓ)
  const raw = halfWidthAlnum(typed);
  const trimmed = raw.trim().replace(/\s+/g, '');
  const han = hasHan(trimmed) ? toSimplified(trimmed) : null;
  const latin = !han && /^[a-zA-Z]+$/.test(trimmed) ? trimmed.toLowerCase() : null;
  const digits = !han && /^\d{3,17}[\dXx]?$/.test(trimmed) ? trimmed.toUpperCase() : null;
  const mobile = digits ? normaliseMobile(digits) : null;
  return { raw, han, latin, digits, mobile, text: han ?? trimmed };
}

const patterns = (scopePaths: readonly string[]) => scopePaths.map((p) => p + '%');

/** Ids from rz_search_ids (GIN searches that RLS would otherwise turn into scans; see 0003_registry.sql). */
function idsFrom(col: string, what: string, term: string, pattern: string | null, limit: number): RawBuilder<unknown> {
  return sql`${sql.ref(col)} = ANY (ARRAY(SELECT rz_search_ids(${what}, ${term}, ${pattern}, ${limit})))`;
}

const contains = (text: string) => '%' + likeEscape(text) + '%';

/**
 * ID numbers ending in `digits` (4–17 trailing characters): a prefix range on the reversed
 * number (generated column + text_pattern_ops index, 0008) — exact, and leakproof so it is an
 * index condition under RLS.
 */
export function idSuffix(digits: string): RawBuilder<unknown> {
  return startsWith('x.id_number_rev', [...digits].reverse().join(''));
}

/**
 * Which persons (alias x) a term matches: name prefix or contained bigrams (Han, traditional
 * → simplified), pinyin/initials prefix (latin), ID last digits or a whole mobile (digits).
 * Used by search and by the persons list's text filter. `limit` bounds the id candidates.
 */
export function personTermPredicate(t: SearchTerm, limit: number): RawBuilder<unknown> | null {
  const ors: RawBuilder<unknown>[] = [];
  if (t.han) {
    ors.push(startsWith('x.name_simplified', t.han));
    if ([...t.han].length >= 2) ors.push(idsFrom('x.id', 'person_name', t.han, contains(t.han), limit));
  }
  if (t.latin) {
    ors.push(startsWith('x.name_initials', t.latin));
    if (t.latin.length >= 2) ors.push(startsWith('x.name_pinyin', t.latin));
  }
  if (t.digits) {
    if (t.digits.length === 18) ors.push(sql`x.id_number = ${t.digits}`);
    else if (t.digits.length >= 4) ors.push(idSuffix(t.digits));
    if (t.mobile) ors.push(idsFrom('x.id', 'person_phone', t.mobile, null, limit));
  }
  return ors.length ? sql`(${sql.join(ors, sql` OR `)})` : null;
}

/** The persons lists' order (alias x): pinyin, as reg_persons_order_idx (name_pinyin, id) holds it. */
export const PINYIN_ORDER = sql`x.name_pinyin`;
/**
 * The same order, for a list filtered by a text term: an expression the index does not hold, so
 * the matching rows are found through the term's own indexes and sorted. In the index's order
 * the planner walked the whole index from 'a' filtering each row, expecting matches all along
 * (a district list filtered by 'zh' — initials or pinyin — took 1.4 s at 1,000,000 persons).
 */
export const PINYIN_ORDER_BY_SORT = sql`(x.name_pinyin || '')`;

/**
 * Which households (alias h) a term matches by their own data: a household number's beginning
 * (3+ letters, digits or dashes; leakproof range on reg_households_no_idx) or a fragment of the
 * address (GIN, through rz_search_ids). Used by search and by the households list.
 */
export function householdTermPredicate(t: SearchTerm, limit: number): RawBuilder<unknown> | null {
  const ors: RawBuilder<unknown>[] = [];
  if (/^[0-9A-Za-z-]{3,}$/.test(t.text)) ors.push(startsWith('h.household_no', t.text));
  const aw = addressIds('h.id', 'household_address', t, limit);
  if (aw) ors.push(aw);
  return ors.length ? sql`(${sql.join(ors, sql` OR `)})` : null;
}

/** Candidate ids a list's text filter takes from each GIN search (name bigrams, phones, addresses). */
export const LIST_TEXT_CANDIDATES = 5000;

/** Address fragments need 2+ characters (one bigram) to use the GIN index. */
function addressIds(col: string, what: string, t: SearchTerm, limit: number): RawBuilder<unknown> | null {
  if ([...t.text].length < 2) return null;
  return idsFrom(col, what, t.text, contains(t.text), limit);
}

/**
 * The search as one SQL statement (compiled, with parameters), so the benchmark can run the
 * very same query directly against PostgreSQL and compare it with the API.
 */
export function buildSearchQuery(db: Db, q: string, scopePaths: readonly string[], limit = 10, kinds: SearchKind[] = SEARCH_KINDS): CompiledQuery {
  const t = classifyTerm(q);
  const scope = sql`${patterns(scopePaths)}::text[]`;
  const parts: RawBuilder<unknown>[] = [];
  const pw = kinds.includes('person') ? personTermPredicate(t, limit) : null;
  if (pw) {
    parts.push(sql`(SELECT 'person'::text AS kind, x.id, x.name AS title, x.grid_id, x.status, x.gender, x.birth_date,
        rz_mask_id(x.id_number) AS id_masked, rz_mask_phone(x.phones[1]) AS phone_masked, NULL::text AS address, x.population_type AS extra
      FROM reg_persons x WHERE (${pw}) AND x.path LIKE ANY (${scope}) AND ${scopeRanges('x.path', scopePaths)} LIMIT ${limit})`);
  }
  const hw = kinds.includes('household') ? householdTermPredicate(t, limit) : null;
  if (hw) {
    parts.push(sql`(SELECT 'household'::text AS kind, h.id, h.household_no AS title, NULL::uuid AS grid_id, h.status, NULL::text AS gender,
        NULL::date AS birth_date, NULL::text AS id_masked, NULL::text AS phone_masked, h.address, h.kind AS extra
      FROM reg_households h WHERE ${hw} AND h.path LIKE ANY (${scope}) AND ${scopeRanges('h.path', scopePaths)} LIMIT ${limit})`);
  }
  if (kinds.includes('room')) {
    const aw = addressIds('r.id', 'room_address', t, limit);
    if (aw) {
      parts.push(sql`(SELECT 'room'::text AS kind, r.id, r.room_no AS title, NULL::uuid AS grid_id, r.status, NULL::text AS gender,
          NULL::date AS birth_date, NULL::text AS id_masked, NULL::text AS phone_masked, r.address, r.building_id::text AS extra
        FROM reg_rooms r WHERE ${aw} AND r.path LIKE ANY (${scope}) AND ${scopeRanges('r.path', scopePaths)} LIMIT ${limit})`);
    }
  }
  if (kinds.includes('building')) {
    const aw = addressIds('b.id', 'building_address', t, limit);
    if (aw) {
      parts.push(sql`(SELECT 'building'::text AS kind, b.id, coalesce(b.name, b.number, b.address) AS title, b.grid_id, b.use AS status,
          NULL::text AS gender, NULL::date AS birth_date, NULL::text AS id_masked, NULL::text AS phone_masked, b.address, NULL::text AS extra
        FROM reg_buildings b WHERE ${aw} AND b.path LIKE ANY (${scope}) AND ${scopeRanges('b.path', scopePaths)} LIMIT ${limit})`);
    }
  }
  if (kinds.includes('entity')) {
    const ors: RawBuilder<unknown>[] = [];
    const aw = addressIds('e.id', 'entity_text', t, limit);
    if (aw) ors.push(aw);
    if (/^[0-9A-Za-z]{6,18}$/.test(t.raw.trim())) ors.push(startsWith('e.uscc', t.raw.trim().toUpperCase()));
    if (ors.length) {
      parts.push(sql`(SELECT 'entity'::text AS kind, e.id, e.name AS title, e.grid_id, e.status, NULL::text AS gender, NULL::date AS birth_date,
          NULL::text AS id_masked, rz_mask_phone(e.phone) AS phone_masked, e.address, e.type AS extra
        FROM reg_entities e WHERE (${sql.join(ors, sql` OR `)}) AND e.path LIKE ANY (${scope}) AND ${scopeRanges('e.path', scopePaths)} LIMIT ${limit})`);
    }
  }
  if (!parts.length) return sql`SELECT NULL WHERE false`.compile(db);
  return sql`SELECT s.*, g.name AS grid_name FROM (${sql.join(parts, sql` UNION ALL `)}) s
    LEFT JOIN org_units g ON g.id = s.grid_id`.compile(db);
}

export interface SearchRow {
  kind: SearchKind; id: string; title: string; grid_id: string | null; status: string | null; gender: string | null;
  birth_date: Date | string | null; id_masked: string | null; phone_masked: string | null; address: string | null;
  extra: string | null; grid_name: string | null;
}

export interface SearchHit {
  kind: SearchKind;
  id: string;
  title: string;
  subtitle: string | null;
  gridName: string | null;
  status: string | null;
  idNumberMasked?: string | null;
  phoneMasked?: string | null;
  age?: number | null;
  gender?: string | null;
  address?: string | null;
  sensitive: boolean;
}

function present(r: SearchRow): SearchHit {
  if (r.kind === 'person') {
    const age = ageOf(r.birth_date);
    return {
      kind: 'person', id: r.id, title: r.title, gridName: r.grid_name, status: r.status, gender: r.gender, age,
      idNumberMasked: r.id_masked, phoneMasked: r.phone_masked, sensitive: isChild(age),
      subtitle: [codeLabel('gender', r.gender), age !== null ? `${age}岁` : null, r.id_masked, codeLabel('populationType', r.extra)].filter(Boolean).join(' · '),
    };
  }
  return {
    kind: r.kind, id: r.id, title: r.title, subtitle: r.address, gridName: r.grid_name, status: r.status, address: r.address,
    ...(r.kind === 'entity' && { phoneMasked: r.phone_masked }), sensitive: false,
  };
}

/** Rank: exact title matches first, then prefix matches, then the rest; persons before places on ties. */
function rank(h: SearchHit, t: SearchTerm): number {
  const title = h.title ?? '';
  const term = t.han ?? t.raw.trim();
  if (title === term) return 0;
  if (title.startsWith(term)) return 1;
  return 2 + SEARCH_KINDS.indexOf(h.kind) / 10;
}

/** The search use case: scoped, masked, ranked. */
export async function searchRegistry(ctx: AppContext, p: Principal, q: string, limit = 10, kinds: SearchKind[] = SEARCH_KINDS) {
  const compiled = buildSearchQuery(ctx.db, q, p.scopePaths, limit, kinds);
  const { rows } = await ctx.db.executeQuery<SearchRow>(compiled);
  const t = classifyTerm(q);
  const items = rows.map(present).sort((a, b) => rank(a, t) - rank(b, t));
  const byKind: Record<string, number> = {};
  for (const h of items) byKind[h.kind] = (byKind[h.kind] ?? 0) + 1;
  // the term is not echoed: it may itself be a whole phone or ID number
  return { items, byKind };
}
