/**
 * A realistic, deterministic population for a street's grids: buildings → units → rooms,
 * households of plausible structure (couples, children, three generations, elderly living
 * alone), persons with valid ID numbers of the street's area code, floating residents with
 * residence permits, landlords renting rooms to tenants, units (实有单位) and care tags in
 * realistic proportions. Exact totals can be requested (the 西河社区 fixture does).
 *
 * The generator yields one chunk of rows per grid, so a district of a million persons
 * streams through the writer without being held in memory at once.
 */
import { v7 as uuidv7 } from 'uuid';
import { createRng, personName, type Rng } from '../../server/src/demo/names.js';
import { IdNumberFactory, makeUscc } from './ids.js';
import { nameSearchKeys } from './search-keys.js';

export interface GridSpec {
  id: string;
  path: string;
  code: string;
  name: string;
  communityName: string;
}

export interface PopulationPlan {
  /** 9-digit street code: the tenant of every row. */
  tenant: string;
  /** Address prefix of buildings, e.g. 天津市武清区下朱庄街道. */
  addressPrefix: string;
  grids: GridSpec[];
  households: number;
  /** All persons, tenants of rentals included. */
  persons: number;
  floating?: number;
  rentalHouseholds?: number;
  rentalRooms?: number;
  rentalTenants?: number;
  /** Persons with a tag at level 重点 (key). */
  keyPersons?: number;
  entities?: number;
  seed?: number;
  /** Ages are computed at this date (fixed, so output does not depend on the clock). */
  asOf?: string;
  /** IDs generated when rows should carry ids from outside (tests); default uuidv7. */
  newId?: () => string;
}

export type Row = Record<string, unknown>;

export const POPULATION_TABLES = [
  'reg_buildings', 'reg_units', 'reg_rooms', 'reg_households', 'reg_persons', 'reg_residences',
  'reg_floating', 'reg_rentals', 'reg_rental_rooms', 'reg_rental_tenants', 'reg_entities', 'reg_person_tags',
] as const;
export type PopulationTable = (typeof POPULATION_TABLES)[number];
export type PopulationChunk = Record<PopulationTable, Row[]>;

/** Defaults per scale: a share of persons in each group, as seen in urban Chinese streets. */
export function defaultPlanFigures(persons: number) {
  const households = Math.round(persons / 2.85);
  return {
    households,
    persons,
    floating: Math.round(persons * 0.1),
    rentalHouseholds: Math.round(households * 0.03),
    rentalRooms: Math.round(households * 0.03 * 4),
    rentalTenants: Math.round(households * 0.03 * 6),
    keyPersons: Math.round(persons * 0.0015),
    entities: Math.round(persons / 250),
  };
}

// ---------------------------------------------------------------------------------------------

const FLOATING_ORIGINS: Array<[string, string]> = [
  ['130181', '河北省辛集市'], ['130283', '河北省迁安市'], ['131002', '河北省廊坊市安次区'], ['130602', '河北省保定市竞秀区'],
  ['371402', '山东省德州市德城区'], ['370102', '山东省济南市历下区'], ['410102', '河南省郑州市中原区'],
  ['411302', '河南省南阳市宛城区'], ['342201', '安徽省宿州市埇桥区'], ['230102', '黑龙江省哈尔滨市道里区'],
  ['140105', '山西省太原市小店区'], ['510107', '四川省成都市武侯区'], ['320311', '江苏省徐州市泉山区'],
  ['150102', '内蒙古自治区呼和浩特市新城区'], ['220102', '吉林省长春市南关区'], ['421002', '湖北省荆州市沙市区'],
];
/** 流入原因 of adults as the person form offers them (web registry/shared.tsx INFLOW_REASONS), 务工 most often; children 随迁家属 */
const INFLOW_REASONS = ['务工', '务工', '务工', '经商', '投靠亲友', '学习培训', '其他'];
const OCCUPATIONS = ['职员', '工人', '个体经营', '教师', '医务人员', '司机', '快递员', '厨师', '销售', '保安', '自由职业', '公务员', '农民', '技术员'];
const SKILLS = ['电工', '水暖维修', '理发', '书法', '舞蹈', '歌唱', '烹饪', '法律咨询', '医疗护理', '计算机', '摄影', '心理咨询', '驾驶'];
const ENTITY_WORDS = ['鑫源', '华泰', '金桥', '宏达', '福润', '永安', '盛世', '嘉禾', '康宁', '利民', '恒通', '瑞丰', '新兴', '和顺', '百佳'];
const ENTITY_KINDS: Array<[string, string, string]> = [
  // [type, USCC prefix, name suffix]
  ['enterprise', '91', '商贸有限公司'], ['enterprise', '91', '物业管理有限公司'], ['enterprise', '91', '科技有限公司'],
  ['enterprise', '91', '餐饮有限公司'], ['individual', '92', '便利店'], ['individual', '92', '理发店'],
  ['individual', '92', '小吃店'], ['individual', '92', '五金店'], ['institution', '12', '幼儿园'],
  ['government', '11', '派出所警务室'], ['social_org', '52', '社会工作服务中心'],
];
const KEY_TAGS = ['community_correction', 'released_prisoner', 'mental_disorder', 'drug_rehab', 'petitioner'];

interface Member {
  age: number;
  gender: '1' | '2';
  relation: string; // GB/T 4761
  surname?: string;
  married: boolean;
}

/** Splits `total` into `parts` non-negative integers as evenly as possible. */
export function spread(total: number, parts: number): number[] {
  const base = Math.floor(total / parts);
  return Array.from({ length: parts }, (_, i) => base + (i < total % parts ? 1 : 0));
}

/** Household sizes with the usual urban distribution, adjusted to sum exactly to `persons`. */
function householdSizes(rng: Rng, households: number, persons: number): number[] {
  const dist: Array<[number, number]> = [[1, 0.18], [2, 0.3], [3, 0.28], [4, 0.14], [5, 0.07], [6, 0.03]];
  const sizes = Array.from({ length: households }, () => {
    let r = rng.next();
    for (const [s, p] of dist) { r -= p; if (r < 0) return s; }
    return 3;
  });
  let sum = sizes.reduce((a, b) => a + b, 0);
  // walk deterministically through the households nudging sizes until the total matches
  let i = rng.int(0, households - 1);
  let guard = 0;
  while (sum !== persons && guard++ < 50 * households + persons * 2) {
    i = (i + 7919) % households;
    if (sum < persons && sizes[i]! < 8) { sizes[i]!++; sum++; }
    else if (sum > persons && sizes[i]! > 1) { sizes[i]!--; sum--; }
  }
  if (sum !== persons) throw new Error(`cannot fit ${persons} persons into ${households} households`);
  return sizes;
}

/** The members of a household of the given size: who they are, how old, how related. */
function composeHousehold(rng: Rng, size: number): Member[] {
  const child = (parentAge: number, relationSeed: number): Member => {
    const gender = rng.next() < 0.51 ? '1' : '2';
    const age = Math.max(0, parentAge - rng.int(23, 33) - relationSeed);
    return { age, gender, relation: gender === '1' ? '20' : '30', married: age >= 26 && rng.next() < 0.3 };
  };
  const head = (min: number, max: number, gender?: '1' | '2'): Member =>
    ({ age: rng.int(min, max), gender: gender ?? (rng.next() < 0.62 ? '1' : '2'), relation: '02', married: false });
  const spouseOf = (h: Member): Member => {
    h.married = true;
    return { age: Math.max(20, h.age + rng.int(-5, 3)), gender: h.gender === '1' ? '2' : '1', relation: '10', married: true };
  };
  if (size === 1) {
    const h = rng.next() < 0.55 ? head(60, 92) : head(20, 59);
    h.married = h.age >= 60 ? false : rng.next() < 0.2;
    return [h];
  }
  if (size === 2) {
    const r = rng.next();
    if (r < 0.35) { const h = head(60, 88, '1'); return [h, spouseOf(h)]; }
    if (r < 0.8) { const h = head(24, 59, '1'); return [h, spouseOf(h)]; }
    const h = head(32, 56); return [h, child(h.age, 0)];
  }
  const members: Member[] = [];
  const h = head(size >= 5 ? 36 : 28, size >= 5 ? 56 : 52, '1');
  members.push(h, spouseOf(h));
  let grandparents = 0;
  if (size === 4 && rng.next() < 0.4) grandparents = 1;
  if (size >= 5) grandparents = Math.min(2, size - 3);
  const children = size - 2 - grandparents;
  for (let c = 0; c < children; c++) members.push(child(h.age, c * 3));
  for (let g = 0; g < grandparents; g++) {
    const gender: '1' | '2' = g === 0 ? '2' : '1';
    members.push({ age: Math.min(95, h.age + rng.int(24, 32)), gender, relation: '50', married: true });
  }
  return members;
}

function birthDate(rng: Rng, age: number, asOf: Date): string {
  // a birthday at a random day of the year, so that the age at `asOf` is `age`
  const dayOffset = rng.int(1, 364);
  const d = new Date(Date.UTC(asOf.getUTCFullYear() - age, asOf.getUTCMonth(), asOf.getUTCDate()) - dayOffset * 86400000);
  return d.toISOString().slice(0, 10);
}

const randomMobile = (rng: Rng) => '1' + rng.pick(['3', '5', '7', '8', '9']) + String(rng.int(0, 999_999_999)).padStart(9, '0');

function education(rng: Rng, age: number): string | null {
  if (age < 7) return null;
  if (age < 13) return '80';
  if (age < 16) return '70';
  if (age < 19) return '60';
  return rng.pick(['10', '20', '20', '30', '30', '40', '60', '60', '70', '70', '80']);
}

/** Picks `k` distinct indices spread over 0..n-1 (deterministic, no clustering). */
function spreadPick(rng: Rng, n: number, k: number): number[] {
  if (k > n) throw new Error(`cannot pick ${k} of ${n}`);
  const out: number[] = [];
  const offset = rng.int(0, Math.max(0, Math.floor(n / Math.max(k, 1)) - 1));
  for (let i = 0; i < k; i++) out.push(Math.floor((i * n) / k) + offset);
  return out.map((x) => Math.min(x, n - 1));
}

export function* generatePopulation(plan: PopulationPlan): Generator<PopulationChunk> {
  const rng = createRng(plan.seed ?? 20260101);
  const asOf = new Date(`${plan.asOf ?? '2026-01-01'}T00:00:00Z`);
  const newId = plan.newId ?? uuidv7;
  const tenant = plan.tenant;
  const area = tenant.slice(0, 6);
  const ids = new IdNumberFactory();
  const defaults = defaultPlanFigures(plan.persons);
  const H = plan.households;
  const R = plan.rentalHouseholds ?? defaults.rentalHouseholds;
  const RR = plan.rentalRooms ?? Math.max(R, defaults.rentalRooms);
  const T = plan.rentalTenants ?? defaults.rentalTenants;
  const F = plan.floating ?? defaults.floating;
  const K = plan.keyPersons ?? defaults.keyPersons;
  const E = plan.entities ?? defaults.entities;
  const inHouseholds = plan.persons - T;
  if (R > H || (R === 0 && (RR > 0 || T > 0)) || RR < R) throw new Error('inconsistent rental figures');

  const sizes = householdSizes(rng, H, inHouseholds);
  const landlordIdx = new Set(spreadPick(rng, H, R));
  const roomsPerRental = spread(RR, Math.max(R, 1));
  const tenantsPerRoom = spread(T, Math.max(RR, 1));
  // floating: tenants first, then whole families living in rooms (居住) from the end of the list
  let floatingLeft = F;
  const floatingTenants = Math.min(F, T);
  floatingLeft -= floatingTenants;
  const floatingFromHousehold: boolean[] = new Array(H).fill(false);
  const partialFloating = new Map<number, number>();
  for (let i = H - 1; i >= 0 && floatingLeft > 0; i--) {
    if (landlordIdx.has(i)) continue;
    if (sizes[i]! <= floatingLeft) { floatingFromHousehold[i] = true; floatingLeft -= sizes[i]!; }
    else { partialFloating.set(i, floatingLeft); floatingLeft = 0; }
  }
  if (floatingLeft > 0) throw new Error('more floating persons than persons');
  // key persons: the heads (always adults) of K households spread over the street
  const keyHouseholds = new Set(spreadPick(rng, H, K));
  const rentalOrdinal = new Map([...landlordIdx].sort((a, b) => a - b).map((h, i) => [h, i]));

  const householdsPerGrid = spread(H, plan.grids.length);
  const entitiesPerGrid = spread(E, plan.grids.length);
  const buildingSeqByCommunity = new Map<string, number>();
  let hhIndex = 0;
  let keyTagged = 0;
  let roomGlobal = 0; // index into tenantsPerRoom
  let tenantsMadeFloating = 0;
  let entitySerial = rng.int(1000, 9999) * 1000;
  let permitSerial = 0;

  for (let gi = 0; gi < plan.grids.length; gi++) {
    const grid = plan.grids[gi]!;
    const path = grid.path;
    const chunk: PopulationChunk = Object.fromEntries(POPULATION_TABLES.map((t) => [t, [] as Row[]])) as PopulationChunk;
    const myHouseholds = Array.from({ length: householdsPerGrid[gi]! }, (_, k) => hhIndex + k);
    hhIndex += myHouseholds.length;
    const rentedRoomsHere = myHouseholds.reduce((s, h) => s + (rentalOrdinal.has(h) ? roomsPerRental[rentalOrdinal.get(h)!]! : 0), 0);
    const roomsNeeded = myHouseholds.length + rentedRoomsHere;
    const vacant = Math.ceil(roomsNeeded * 0.06);

    // ---- housing: 6-storey walk-ups and some 18-storey towers, 2 flats per floor per unit
    const rooms: Row[] = [];
    const buildings: Row[] = [];
    while (rooms.length < roomsNeeded + vacant) {
      const seq = (buildingSeqByCommunity.get(grid.communityName) ?? 0) + 1;
      buildingSeqByCommunity.set(grid.communityName, seq);
      const tower = rng.next() < 0.3;
      const floors = tower ? 18 : 6;
      const unitCount = tower ? 2 : rng.int(2, 4);
      const b = {
        tenant_code: tenant, id: newId(), grid_id: grid.id, path,
        address: `${plan.addressPrefix}${grid.communityName}${seq}号楼`, name: `${grid.communityName}${seq}号楼`, number: String(seq),
        lng: 117.0 + rng.next() * 0.1, lat: 39.3 + rng.next() * 0.1, floors, use: 'residential',
      };
      buildings.push(b);
      for (let u = 1; u <= unitCount; u++) {
        const unit = { tenant_code: tenant, id: newId(), building_id: b.id, path, unit_no: String(u) };
        chunk.reg_units.push(unit);
        for (let f = 1; f <= floors; f++) {
          for (let k = 1; k <= 2; k++) {
            const roomNo = `${f}0${k}`;
            rooms.push({
              tenant_code: tenant, id: newId(), building_id: b.id, unit_id: unit.id, path, floor: f, room_no: roomNo,
              area: 55 + rng.int(0, 70), use: 'residential', ownership: rng.next() < 0.9 ? 'private' : 'public',
              status: 'vacant', address: `${b.address}${u}单元${roomNo}室`,
            });
          }
        }
      }
    }
    chunk.reg_buildings.push(...buildings);
    chunk.reg_rooms.push(...rooms);
    let roomCursor = 0;
    const takeRoom = (status: string) => {
      const r = rooms[roomCursor++]!;
      r.status = status;
      return r;
    };

    const addPerson = (m: Member & { name: string }, opts: {
      populationType: string; originArea?: string; hukou: string; room: Row; householdId: string | null;
      residenceType: 'hukou' | 'living' | 'renting'; relation: string | null; key: boolean;
    }) => {
      const birth = birthDate(rng, m.age, asOf);
      const idNumber = ids.next(opts.originArea ?? area, birth, m.gender);
      const keys = nameSearchKeys(m.name);
      const p: Row = {
        tenant_code: tenant, id: newId(), path, grid_id: grid.id, name: m.name, gender: m.gender,
        ethnicity: rng.next() < 0.96 ? '01' : rng.pick(['02', '03', '04', '05', '08', '11']),
        birth_date: birth, id_number: idNumber, id_last4: idNumber.slice(-4),
        name_pinyin: keys.pinyin, name_initials: keys.initials, name_simplified: keys.simplified,
        political_status: m.age >= 18 && rng.next() < 0.07 ? '01' : m.age >= 14 && m.age < 28 && rng.next() < 0.4 ? '03' : '13',
        education: education(rng, m.age),
        marital_status: m.age < 20 ? '10' : m.married ? '20' : m.age >= 65 ? rng.pick(['30', '30', '40', '10']) : rng.pick(['10', '10', '40']),
        occupation: m.age >= 18 && m.age < 60 ? rng.pick(OCCUPATIONS) : m.age >= 60 ? '离退休' : m.age >= 6 ? '学生' : null,
        employer: null, hukou_address: opts.hukou,
        phones: m.age >= 14 && rng.next() < 0.92 ? [randomMobile(rng)] : [],
        skills: m.age >= 18 && rng.next() < 0.05 ? [rng.pick(SKILLS)] : [],
        population_type: opts.populationType, status: 'active',
      };
      chunk.reg_persons.push(p);
      chunk.reg_residences.push({
        tenant_code: tenant, id: newId(), person_id: p.id, room_id: opts.room.id, household_id: opts.householdId, path,
        relation_to_head: opts.relation, type: opts.residenceType, from_date: birth > '2010-01-01' ? birth : `${2000 + rng.int(0, 24)}-0${rng.int(1, 9)}-1${rng.int(0, 9)}`,
        source: 'entered',
      });
      if (opts.populationType === 'floating') {
        const arrived = new Date(asOf.getTime() - rng.int(30, 3000) * 86400000).toISOString().slice(0, 10);
        const hasPermit = rng.next() < 0.7;
        const reason = rng.pick(INFLOW_REASONS); // drawn for children too: the seed's stream stays as it was
        chunk.reg_floating.push({
          tenant_code: tenant, id: newId(), person_id: p.id, path,
          // a child came with the family, and not before being born
          inflow_reason: m.age < 16 ? '随迁家属' : reason, inflow_date: arrived < birth ? birth : arrived, origin: opts.hukou,
          permit_no: hasPermit ? `${area}${String(++permitSerial).padStart(8, '0')}` : null,
          permit_expiry: hasPermit ? new Date(asOf.getTime() + rng.int(-30, 700) * 86400000).toISOString().slice(0, 10) : null,
        });
      }
      addTags(p, m, opts);
      return p;
    };

    const tag = (personId: string, code: string, level: 'normal' | 'attention' | 'key', reason: string | null = null) =>
      chunk.reg_person_tags.push({ tenant_code: tenant, id: newId(), person_id: personId, tag_code: code, path, level, reason, start_date: '2024-01-01' });
    let livingAlone = false;
    const nameOf = (gender: '1' | '2') => {
      for (;;) {
        const n = personName(rng);
        if (n.gender === gender) return n.name;
      }
    };
    const addTags = (p: Row, m: Member, opts: { key: boolean }) => {
      const id = p.id as string;
      if (m.age >= 60) {
        tag(id, 'elderly', m.age >= 80 ? 'attention' : 'normal');
        if (livingAlone) tag(id, 'elderly_alone', 'attention', '独居');
      }
      if (opts.key) {
        tag(id, KEY_TAGS[keyTagged++ % KEY_TAGS.length]!, 'key', '按规定列管');
        return;
      }
      const r = rng.next();
      if (r < 0.018) tag(id, 'disabled', rng.next() < 0.3 ? 'attention' : 'normal');
      else if (r < 0.035) tag(id, 'dibao', 'attention');
      else if (r < 0.037) tag(id, 'tekun', 'attention');
      else if (r < 0.047) tag(id, 'hardship', 'normal');
      else if (r < 0.055 && m.age >= 30 && m.gender === '1') tag(id, 'veteran', 'normal');
      else if (r < 0.057 && m.age >= 18) tag(id, 'mental_disorder', 'attention');
      else if (r < 0.06 && m.age < 16) tag(id, 'left_behind', 'attention');
      if (p.political_status === '01') tag(id, 'party_member', 'normal');
      if (m.age >= 18 && m.age < 70 && rng.next() < 0.03) tag(id, 'volunteer', 'normal');
    };

    // ---- households
    for (const h of myHouseholds) {
      const room = takeRoom('self_occupied');
      const householdId = newId();
      const size = sizes[h]!;
      const members = composeHousehold(rng, size);
      const allFloating = floatingFromHousehold[h]!;
      const partial = partialFloating.get(h) ?? 0;
      const origin = allFloating || partial ? rng.pick(FLOATING_ORIGINS) : null;
      livingAlone = size === 1;
      const surname = nameOf(members[0]!.gender)[0]!;
      let headId: string | null = null;
      let headName = '';
      let headPhone: string | null = null;
      members.forEach((m, mi) => {
        const n = nameOf(m.gender);
        // the head and the children carry the family surname; spouses and parents their own
        const name = mi === 0 || m.relation === '20' || m.relation === '30' ? surname + n.slice(1) : n;
        const floating = allFloating || mi < partial;
        const p = addPerson({ ...m, name }, {
          populationType: floating ? 'floating' : (rng.next() < 0.08 ? 'resident' : 'registered'),
          originArea: floating ? origin![0] : undefined,
          hukou: floating ? origin![1] : `${plan.addressPrefix}`,
          room, householdId, residenceType: floating ? 'living' : 'hukou', relation: m.relation,
          key: mi === 0 && keyHouseholds.has(h),
        });
        if (mi === 0) { headId = p.id as string; headName = name; headPhone = (p.phones as string[])[0] ?? null; }
      });
      chunk.reg_households.push({
        tenant_code: tenant, id: householdId, path, household_no: `${tenant}${String(h + 1).padStart(6, '0')}`,
        kind: 'family', head_person_id: headId, room_id: room.id, address: room.address, status: 'active',
      });

      // ---- rentals: this household lets rooms to tenants
      if (landlordIdx.has(h)) {
        const rentalId = newId();
        // a two-year contract from the first of a month 1–27 months before asOf: most run on, a
        // few (~8 %) have just ended and are due for follow-up, some end within the month
        const monthsBack = rng.int(0, 3) * 6 + rng.int(1, 9);
        const from = new Date(Date.UTC(asOf.getUTCFullYear(), asOf.getUTCMonth() - monthsBack, 1)).toISOString().slice(0, 10);
        chunk.reg_rentals.push({
          tenant_code: tenant, id: rentalId, path, landlord_person_id: headId, landlord_name: headName, landlord_phone: headPhone,
          household_id: householdId, contract_from: from, contract_to: `${Number(from.slice(0, 4)) + 2}${from.slice(4)}`, status: 'active',
        });
        const nRooms = roomsPerRental[rentalOrdinal.get(h)!]!;
        for (let r = 0; r < nRooms; r++) {
          const rented = takeRoom('rented');
          chunk.reg_rental_rooms.push({ tenant_code: tenant, rental_id: rentalId, room_id: rented.id, path });
          const nTenants = tenantsPerRoom[roomGlobal++] ?? 0;
          livingAlone = false;
          for (let t = 0; t < nTenants; t++) {
            const n = personName(rng);
            const floating = tenantsMadeFloating < floatingTenants;
            if (floating) tenantsMadeFloating++;
            const o = rng.pick(FLOATING_ORIGINS);
            const p = addPerson({ age: rng.int(19, 52), gender: n.gender, relation: '99', married: rng.next() < 0.5, name: n.name }, {
              populationType: floating ? 'floating' : 'resident', originArea: floating ? o[0] : '120104',
              hukou: floating ? o[1] : '天津市南开区', room: rented, householdId: null, residenceType: 'renting', relation: null, key: false,
            });
            chunk.reg_rental_tenants.push({
              tenant_code: tenant, id: newId(), rental_id: rentalId, room_id: rented.id, person_id: p.id, path, from_date: from,
            });
          }
        }
      }
    }

    // ---- entities (实有单位) on the ground floors of this grid's buildings
    for (let e = 0; e < entitiesPerGrid[gi]!; e++) {
      const [type, prefix, suffix] = rng.pick(ENTITY_KINDS);
      const b = rng.pick(buildings);
      let uscc = makeUscc(prefix, area, ++entitySerial);
      const valid = rng.next() >= 0.02;
      // real ledgers hold some codes that fail the checksum: kept and flagged, never dropped
      if (!valid) uscc = uscc.slice(0, 17) + (uscc[17] === '0' ? '1' : '0');
      chunk.reg_entities.push({
        tenant_code: tenant, id: newId(), path, grid_id: grid.id, building_id: b.id, uscc, uscc_valid: valid,
        name: `${grid.communityName.replace(/社区$/, '')}${rng.pick(ENTITY_WORDS)}${suffix}`,
        type, legal_rep: personName(rng).name, phone: randomMobile(rng), employees: type === 'individual' ? rng.int(1, 6) : rng.int(5, 200),
        key_unit: rng.next() < 0.05, address: `${b.address}底商${e + 1}号`, status: 'active',
      });
    }
    yield chunk;
  }
}
