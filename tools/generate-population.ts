/**
 * Generates a realistic population (tools/population) for a street or a district.
 *
 *   npx tsx tools/generate-population.ts --street 120114002 --scale street            # ≈ 70,000 persons into DATABASE_URL
 *   npx tsx tools/generate-population.ts --district 120114 --scale district            # 1,000,000 over the district's streets
 *   npx tsx tools/generate-population.ts --street 120114002 --scale community --out persons.xlsx   # a sheet for import tests
 *
 * Options: --persons N (overrides the scale), --seed N (default 1), --out FILE (.xlsx or .csv;
 * without DATABASE_URL the grids are synthetic). Into the database it writes with COPY on the
 * owner's connection; the street's grids must exist (e.g. `npm start` seeds the demo street).
 */
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { generatePopulation, defaultPlanFigures, type GridSpec } from './population/generate.js';
import { gridsUnder, writePopulation } from './population/write.js';
import { personSheetRows, PERSON_SHEET_HEADERS } from './population/sheet-rows.js';
import { tableCsv, tableXlsx } from '../server/src/modules/registry/io/spreadsheet.js';

const SCALES = { community: 3_200, street: 70_000, district: 1_000_000 } as const;

async function main() {
  const { values } = parseArgs({
    options: {
      street: { type: 'string' }, district: { type: 'string' }, scale: { type: 'string', default: 'street' },
      persons: { type: 'string' }, seed: { type: 'string', default: '1' }, out: { type: 'string' },
    },
  });
  const code = values.street ?? values.district;
  if (!code || !/^\d{6}(\d{3})?$/.test(code)) throw new Error('give --street <9-digit code> or --district <6-digit code>');
  const persons = Number(values.persons ?? SCALES[values.scale as keyof typeof SCALES] ?? NaN);
  if (!Number.isInteger(persons) || persons < 1) throw new Error('--scale must be community|street|district, or give --persons N');
  const seed = Number(values.seed);
  const url = process.env.DATABASE_URL;
  const pool = url ? new pg.Pool({ connectionString: url, max: 2 }) : null;
  try {
    const streets = pool ? await gridsUnder(pool, code) : [syntheticStreet(code.length === 9 ? code : `${code}001`)];
    if (!streets.length) throw new Error(`no grids under ${code}: create the street's grids first (npm start seeds the demo street)`);
    const perStreet = Math.ceil(persons / streets.length);
    const started = Date.now();
    if (values.out) {
      const s = streets[0]!;
      const gridCode = new Map(s.grids.map((g) => [g.id, g.code]));
      const rows: string[][] = [];
      for (const chunk of generatePopulation({ tenant: s.tenant, addressPrefix: s.prefix, grids: s.grids, seed, ...defaultPlanFigures(persons) })) {
        rows.push(...personSheetRows(chunk, (id) => gridCode.get(id)!));
      }
      fs.writeFileSync(values.out, values.out.endsWith('.csv') ? tableCsv(PERSON_SHEET_HEADERS, rows) : await tableXlsx('实有人口', PERSON_SHEET_HEADERS, rows));
      console.log(`wrote ${rows.length} persons to ${values.out} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      return;
    }
    let total = 0;
    for (const [i, s] of streets.entries()) {
      const counts = await writePopulation(pool!, { tenant: s.tenant, addressPrefix: s.prefix, grids: s.grids, seed: seed + i, ...defaultPlanFigures(perStreet) });
      total += counts.reg_persons;
      console.log(`${s.name} (${s.tenant}): ${counts.reg_persons} persons, ${counts.reg_households} households, ${counts.reg_rentals} rentals, ${counts.reg_entities} units`);
    }
    console.log(`${total} persons in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  } finally {
    await pool?.end();
  }
}

function syntheticStreet(tenant: string): { tenant: string; name: string; prefix: string; grids: GridSpec[] } {
  const grids = Array.from({ length: 12 }, (_, i) => {
    const c = Math.floor(i / 4) + 1;
    return { id: `00000000-0000-7000-8000-${String(i + 1).padStart(12, '0')}`, path: `/${tenant}/${i}/`, code: `${tenant}${String(c).padStart(3, '0')}${String((i % 4) + 1).padStart(3, '0')}`, name: `第${i + 1}网格`, communityName: `第${c}社区` };
  });
  return { tenant, name: tenant, prefix: '', grids };
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
