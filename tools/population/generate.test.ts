import { describe, expect, it } from 'vitest';
import { parseCitizenId, checkUscc } from '../../server/src/platform/validation/index.js';
import { defaultPlanFigures, generatePopulation, POPULATION_TABLES, type PopulationChunk, type PopulationPlan, type Row } from './generate.js';

const grids = Array.from({ length: 6 }, (_, i) => ({
  id: `00000000-0000-0000-0000-00000000000${i}`, path: `/d/s/c/g${i}/`, code: `120114002001${String(i + 1).padStart(3, '0')}`,
  name: `西河第${i + 1}网格`, communityName: '西河社区',
}));

/** 西河社区 (seed 001): the figures a community reports. */
export const XIHE: Omit<PopulationPlan, 'grids' | 'tenant' | 'addressPrefix'> = {
  households: 1006, persons: 3203, floating: 202, rentalHouseholds: 34, rentalRooms: 179, rentalTenants: 268, keyPersons: 5, entities: 13, seed: 1,
};

function collect(plan: PopulationPlan) {
  const all = Object.fromEntries(POPULATION_TABLES.map((t) => [t, [] as Row[]])) as PopulationChunk;
  for (const c of generatePopulation(plan)) for (const t of POPULATION_TABLES) all[t].push(...c[t]);
  return all;
}

describe('population generator', () => {
  const plan: PopulationPlan = { tenant: '120114002', addressPrefix: '天津市武清区下朱庄街道', grids, ...XIHE };
  const pop = collect(plan);

  it('produces exactly the requested figures', () => {
    expect(pop.reg_households).toHaveLength(1006);
    expect(pop.reg_persons).toHaveLength(3203);
    expect(pop.reg_persons.filter((p) => p.population_type === 'floating')).toHaveLength(202);
    expect(pop.reg_floating).toHaveLength(202);
    // 流入原因 in the words the person form offers (the ledger shows them and filters by them)
    const formReasons = new Set(['务工', '经商', '投靠亲友', '学习培训', '婚嫁', '随迁家属', '其他']);
    expect(pop.reg_floating.every((f) => formReasons.has(f.inflow_reason as string))).toBe(true);
    expect(new Set(pop.reg_floating.map((f) => f.inflow_reason)).size).toBeGreaterThanOrEqual(5);
    // nobody arrives before being born
    const born = new Map(pop.reg_persons.map((p) => [p.id, p.birth_date as string]));
    expect(pop.reg_floating.every((f) => (f.inflow_date as string) >= born.get(f.person_id as string)!)).toBe(true);
    expect(pop.reg_rentals).toHaveLength(34);
    expect(new Set(pop.reg_rentals.map((r) => r.household_id)).size).toBe(34);
    expect(pop.reg_rental_rooms).toHaveLength(179);
    expect(pop.reg_rental_tenants).toHaveLength(268);
    expect(new Set(pop.reg_person_tags.filter((t) => t.level === 'key').map((t) => t.person_id)).size).toBe(5);
    expect(pop.reg_entities).toHaveLength(13);
    expect(new Set(pop.reg_persons.map((p) => p.grid_id)).size).toBe(6);
  });

  it('gives every person a valid, unique ID number whose birth date and sex agree', () => {
    const seen = new Set<string>();
    for (const p of pop.reg_persons) {
      const r = parseCitizenId(p.id_number as string);
      expect(r.ok, String(p.id_number)).toBe(true);
      if (!r.ok) continue;
      expect(r.value.birthDate).toBe(p.birth_date);
      expect(r.value.gender).toBe(p.gender);
      if (p.population_type === 'registered') expect(r.value.areaCode).toBe('120114');
      seen.add(r.value.idNumber);
    }
    expect(seen.size).toBe(3203);
  });

  it('has realistic proportions: elderly around a fifth, a few per cent 低保/残疾', () => {
    const n = pop.reg_persons.length;
    const share = (code: string) => pop.reg_person_tags.filter((t) => t.tag_code === code).length / n;
    expect(share('elderly')).toBeGreaterThan(0.12);
    expect(share('elderly')).toBeLessThan(0.28);
    expect(share('dibao')).toBeGreaterThan(0.005);
    expect(share('dibao')).toBeLessThan(0.05);
    expect(share('disabled')).toBeGreaterThan(0.005);
    expect(share('disabled')).toBeLessThan(0.05);
    // entities: mostly valid credit codes, the invalid ones flagged
    for (const e of pop.reg_entities) expect(checkUscc(e.uscc as string).valid).toBe(e.uscc_valid);
  });

  it('is deterministic for a seed', () => {
    const ids = () => collect({ ...plan, newId: counter() }).reg_persons.map((p) => `${p.name}${p.id_number}`).join();
    expect(ids()).toBe(ids());
  });

  it('brings floating children in with their family (随迁家属), never before their birth', () => {
    const street = { tenant: '120114002', addressPrefix: 'X', grids, seed: 3, asOf: '2026-01-01', ...defaultPlanFigures(6000) };
    const floating = [];
    const born = new Map<string, string>();
    for (const c of generatePopulation(street)) {
      floating.push(...c.reg_floating);
      for (const p of c.reg_persons) born.set(p.id as string, p.birth_date as string);
    }
    const children = floating.filter((f) => born.get(f.person_id as string)! > '2010-01-01');
    expect(children.length).toBeGreaterThan(0);
    expect(children.every((f) => f.inflow_reason === '随迁家属')).toBe(true);
    expect(floating.every((f) => (f.inflow_date as string) >= born.get(f.person_id as string)!)).toBe(true);
  });

  it('scales: a street of 70,000 persons', () => {
    const big = { tenant: '120114002', addressPrefix: 'X', grids, households: 24_000, persons: 69_000, seed: 7 };
    let persons = 0;
    for (const c of generatePopulation(big)) persons += c.reg_persons.length;
    expect(persons).toBe(69_000);
  });
});

function counter() {
  let i = 0;
  return () => `00000000-0000-7000-8000-${String(++i).padStart(12, '0')}`;
}
