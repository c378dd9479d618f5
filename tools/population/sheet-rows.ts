/**
 * Generated persons as rows of the persons import sheet (templates.ts column order), for
 * import tests and the import benchmark.
 */
import { SHEETS } from '../../server/src/modules/registry/io/templates.js';
import { codeLabel } from '../../server/src/modules/registry/codes.js';
import type { PopulationChunk } from './generate.js';

export const PERSON_SHEET_HEADERS = SHEETS.persons.columns.map((c) => c.header);

export function personSheetRows(chunk: PopulationChunk, gridCodeOf: (gridId: string) => string): string[][] {
  const households = new Map(chunk.reg_households.map((h) => [h.id as string, h]));
  const rooms = new Map(chunk.reg_rooms.map((r) => [r.id as string, r]));
  const residence = new Map(chunk.reg_residences.map((r) => [r.person_id as string, r]));
  const floating = new Map(chunk.reg_floating.map((f) => [f.person_id as string, f]));
  return chunk.reg_persons.map((p) => {
    const r = residence.get(p.id as string);
    const h = r?.household_id ? households.get(r.household_id as string) : undefined;
    const room = r?.room_id ? rooms.get(r.room_id as string) : undefined;
    const f = floating.get(p.id as string);
    const v: Record<string, string> = {
      name: p.name as string, idNumber: p.id_number as string, gender: codeLabel('gender', p.gender as string) ?? '',
      birthDate: p.birth_date as string, ethnicity: codeLabel('ethnicity', p.ethnicity as string) ?? '',
      populationType: codeLabel('populationType', p.population_type as string) ?? '', phone: (p.phones as string[])[0] ?? '',
      gridCode: gridCodeOf(p.grid_id as string), householdNo: (h?.household_no as string) ?? '',
      relation: codeLabel('relationToHead', r?.relation_to_head as string) ?? '', residenceType: codeLabel('residenceType', r?.type as string) ?? '',
      roomAddress: (room?.address as string) ?? '', politicalStatus: codeLabel('politicalStatus', p.political_status as string) ?? '',
      education: codeLabel('education', p.education as string) ?? '', maritalStatus: codeLabel('maritalStatus', p.marital_status as string) ?? '',
      occupation: (p.occupation as string) ?? '', employer: '', hukouAddress: (p.hukou_address as string) ?? '',
      skills: (p.skills as string[]).join('、'), inflowReason: (f?.inflow_reason as string) ?? '', inflowDate: (f?.inflow_date as string) ?? '',
      permitNo: (f?.permit_no as string) ?? '', permitExpiry: (f?.permit_expiry as string) ?? '',
    };
    return SHEETS.persons.columns.map((c) => v[c.key] ?? '');
  });
}
