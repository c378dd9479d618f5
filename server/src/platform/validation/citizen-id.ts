/**
 * Citizen identity numbers (公民身份号码, GB 11643-1999).
 * 18 digits: 6 area code · 8 birth date · 3 sequence (odd = male) · 1 check character.
 * The legacy 15-digit form (6 area · 6 birth date yymmdd, 19xx · 3 sequence) has no check
 * character; it is accepted and upgraded to 18 digits.
 */
import { isRealDate } from './dates.js';
import { halfWidthAlnum } from './half-width.js';

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';

/** The check character of the first 17 digits. */
export function citizenIdCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (first17.charCodeAt(i) - 48) * WEIGHTS[i];
  return CHECK_CHARS[sum % 11];
}

export type CitizenIdProblem = 'format' | 'birth_date' | 'checksum';

export interface CitizenIdInfo {
  /** Normalised 18-character number (upper-case X, legacy numbers upgraded). */
  idNumber: string;
  /** 'YYYY-MM-DD' */
  birthDate: string;
  /** GB/T 2261.1: '1' male, '2' female */
  gender: '1' | '2';
  areaCode: string;
  upgraded: boolean;
}

export type CitizenIdResult = { ok: true; value: CitizenIdInfo } | { ok: false; problem: CitizenIdProblem };

const MESSAGES: Record<CitizenIdProblem, { en: string; zh: string }> = {
  format: { en: 'must be 18 digits (the last may be X) or a legacy 15-digit number', zh: '公民身份号码应为18位（末位可为X）或旧版15位数字' },
  birth_date: { en: 'the birth date inside the number is not a real date', zh: '身份号码中的出生日期不是有效日期' },
  checksum: { en: 'the check digit does not match (GB 11643)', zh: '身份号码校验位不正确（GB 11643）' },
};

export function citizenIdMessage(problem: CitizenIdProblem) {
  return MESSAGES[problem];
}

/** Validates and normalises a citizen ID number; the birth date must be real and not in the future. */
export function parseCitizenId(raw: string, today: Date = new Date()): CitizenIdResult {
  // digits typed in groups (120114 19900101 1234) or full-width count as the number itself
  const s = halfWidthAlnum(raw).replace(/\s/g, '').toUpperCase();
  let id18: string;
  let upgraded = false;
  if (/^\d{15}$/.test(s)) {
    const first17 = `${s.slice(0, 6)}19${s.slice(6)}`;
    id18 = first17 + citizenIdCheckChar(first17);
    upgraded = true;
  } else if (/^\d{17}[\dX]$/.test(s)) {
    id18 = s;
  } else {
    return { ok: false, problem: 'format' };
  }
  const y = Number(id18.slice(6, 10));
  const m = Number(id18.slice(10, 12));
  const d = Number(id18.slice(12, 14));
  if (y < 1850 || !isRealDate(y, m, d)) return { ok: false, problem: 'birth_date' };
  const birthDate = `${id18.slice(6, 10)}-${id18.slice(10, 12)}-${id18.slice(12, 14)}`;
  if (Date.UTC(y, m - 1, d) > today.getTime()) return { ok: false, problem: 'birth_date' };
  if (!upgraded && citizenIdCheckChar(id18.slice(0, 17)) !== id18[17]) return { ok: false, problem: 'checksum' };
  const gender = Number(id18[16]) % 2 === 1 ? '1' : '2';
  return { ok: true, value: { idNumber: id18, birthDate, gender, areaCode: id18.slice(0, 6), upgraded } };
}

export function isValidCitizenId(raw: string): boolean {
  return parseCitizenId(raw).ok;
}

/** Builds a valid 18-digit number from its parts (tests and the data generator). */
export function makeCitizenId(areaCode: string, birthDate: string, sequence: number): string {
  const first17 = `${areaCode}${birthDate.replace(/-/g, '')}${String(sequence).padStart(3, '0')}`;
  return first17 + citizenIdCheckChar(first17);
}
