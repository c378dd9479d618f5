/**
 * How registry rows leave the server: ID numbers and phones masked, codes with their labels,
 * children under 14 flagged `sensitive`. Nothing here ever returns a whole ID or phone.
 */
import type { Selectable } from 'kysely';
import { maskIdNumber, maskPhone } from '../../platform/privacy/mask.js';
import { ageOn, isoDate, todayIso } from '../../platform/validation/dates.js';
import { codeLabel } from './codes.js';
import type { RegPersonsTable } from './tables.js';

export type PersonRow = Selectable<RegPersonsTable>;

/** Children under this age are flagged sensitive in every response. */
export const CHILD_SENSITIVE_AGE = 14;

export function ageOf(birth: Date | string | null, today = todayIso()): number | null {
  const b = isoDate(birth);
  if (!b) return null;
  const a = ageOn(b, today);
  return Number.isNaN(a) ? null : a;
}

export function isChild(age: number | null): boolean {
  return age !== null && age < CHILD_SENSITIVE_AGE;
}

export function maskPhones(phones: string[] | null | undefined): string[] {
  return (phones ?? []).map((x) => maskPhone(x) ?? '');
}

/** The person's basic data, masked. */
export function presentPerson(r: PersonRow, extra: { gridName?: string | null } = {}) {
  const age = ageOf(r.birth_date);
  return {
    id: r.id,
    name: r.name,
    formerNames: r.former_names,
    gender: r.gender, genderLabel: codeLabel('gender', r.gender),
    ethnicity: r.ethnicity, ethnicityLabel: codeLabel('ethnicity', r.ethnicity),
    birthDate: isoDate(r.birth_date),
    age,
    idNumberMasked: maskIdNumber(r.id_number),
    phonesMasked: maskPhones(r.phones),
    politicalStatus: r.political_status, politicalStatusLabel: codeLabel('politicalStatus', r.political_status),
    education: r.education, educationLabel: codeLabel('education', r.education),
    maritalStatus: r.marital_status, maritalStatusLabel: codeLabel('maritalStatus', r.marital_status),
    occupation: r.occupation,
    employer: r.employer,
    hukouAddress: r.hukou_address,
    skills: r.skills,
    populationType: r.population_type, populationTypeLabel: codeLabel('populationType', r.population_type),
    status: r.status, statusLabel: codeLabel('personStatus', r.status), statusDate: isoDate(r.status_date),
    gridId: r.grid_id,
    ...(extra.gridName !== undefined && { gridName: extra.gridName }),
    namePinyin: r.name_pinyin,
    sensitive: isChild(age),
    createdAt: r.created_at, updatedAt: r.updated_at,
  };
}

/** A short masked reference to a person (members, tenants, landlords, search hits). */
export function personRef(r: Pick<PersonRow, 'id' | 'name' | 'gender' | 'birth_date' | 'id_number' | 'status'>) {
  const age = ageOf(r.birth_date);
  return {
    id: r.id, name: r.name, gender: r.gender, genderLabel: codeLabel('gender', r.gender), age,
    idNumberMasked: maskIdNumber(r.id_number), status: r.status, sensitive: isChild(age),
  };
}
