/**
 * Checks and normalises a person's fields: identity (GB 11643, birth date and sex against the
 * number), phones, national codes, and the search forms of the name. Every problem becomes a
 * field error so a form — or an import row — can show all of them at once.
 */
import type { FieldError } from '../../platform/http/errors.js';
import { checkIdentity } from '../../platform/validation/person-identity.js';
import { MOBILE_MESSAGE, normaliseMobile } from '../../platform/validation/mobile.js';
import { CODE_SETS } from './codes.js';
import { nameForms } from './names.js';

const LANDLINE = /^0\d{2,3}-?\d{7,8}(-\d{1,6})?$/;

/** Mobiles normalised to 11 digits; landlines (0xx-xxxxxxxx) kept; anything else is an error. */
export function normalisePhones(phones: string[], prefix: string, errors: FieldError[]): string[] {
  const out: string[] = [];
  phones.forEach((raw, i) => {
    const m = normaliseMobile(raw);
    const s = raw.replace(/\s/g, '');
    if (m) out.push(m);
    else if (LANDLINE.test(s)) out.push(s);
    else errors.push({ path: `${prefix}.phones.${i}`, message: MOBILE_MESSAGE.en, message_zh: MOBILE_MESSAGE.zh });
  });
  return [...new Set(out)];
}

const CODE_FIELDS = [
  ['ethnicity', 'ethnicity', 'GB/T 3304 民族'],
  ['politicalStatus', 'politicalStatus', 'GB/T 4762 政治面貌'],
  ['education', 'education', 'GB/T 4658 文化程度'],
  ['maritalStatus', 'maritalStatus', 'GB/T 2261.2 婚姻状况'],
] as const;

export interface PersonFieldsIn {
  name?: string;
  idNumber?: string | null;
  birthDate?: string | null;
  gender?: string | null;
  ethnicity?: string | null;
  politicalStatus?: string | null;
  education?: string | null;
  maritalStatus?: string | null;
  phones?: string[];
}

export function checkCodes(input: PersonFieldsIn, prefix: string, errors: FieldError[]) {
  for (const [field, table, label] of CODE_FIELDS) {
    const v = input[field];
    if (v && !CODE_SETS[table].has(v)) errors.push({ path: `${prefix}.${field}`, message: `not a ${label} code`, message_zh: `不是有效的${label}代码` });
  }
}

export interface NormalisedIdentity {
  idNumber: string | null;
  idLast4: string | null;
  birthDate: string | null;
  gender: string | null;
  warnings: Array<{ code: string; message: string; message_zh: string }>;
}

export function normaliseIdentity(input: { idNumber?: string | null; birthDate?: string | null; gender?: string | null }, prefix: string, errors: FieldError[]): NormalisedIdentity {
  const r = checkIdentity({ idNumber: input.idNumber || null, birthDate: input.birthDate ?? null, gender: input.gender ?? null }, prefix);
  errors.push(...r.errors);
  const warnings = r.id?.upgraded
    ? [{ code: 'id_upgraded', message: 'A 15-digit ID number was upgraded to 18 digits', message_zh: '15位身份号码已升级为18位' }]
    : [];
  return {
    idNumber: r.id?.idNumber ?? null, idLast4: r.id ? r.id.idNumber.slice(-4) : null,
    birthDate: r.birthDate, gender: r.gender, warnings,
  };
}

export function nameColumns(name: string) {
  const f = nameForms(name);
  return { name: name.trim(), name_simplified: f.simplified, name_pinyin: f.pinyin || null, name_initials: f.initials || null };
}
