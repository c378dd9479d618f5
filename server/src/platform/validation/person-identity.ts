/**
 * A person's identity fields checked together: the ID number must be valid, and a birth
 * date or sex entered alongside it must agree with what the number says. Each problem is a
 * field error (path, English, Chinese), so a form or an import row can show it in place.
 */
import type { FieldError } from '../http/errors.js';
import { citizenIdMessage, parseCitizenId, type CitizenIdInfo } from './citizen-id.js';
import { isIsoDate } from './dates.js';

export interface IdentityInput {
  idNumber?: string | null;
  birthDate?: string | null;
  gender?: string | null;
}

export interface IdentityResult {
  errors: FieldError[];
  /** The parsed number when it is valid. */
  id: CitizenIdInfo | null;
  /** Birth date and sex to store: entered ones, or derived from the number when not entered. */
  birthDate: string | null;
  gender: string | null;
}

export function checkIdentity(input: IdentityInput, prefix = 'body'): IdentityResult {
  const errors: FieldError[] = [];
  let id: CitizenIdInfo | null = null;
  if (input.birthDate && !isIsoDate(input.birthDate)) {
    errors.push({ path: `${prefix}.birthDate`, message: 'not a real date (YYYY-MM-DD)', message_zh: '出生日期不是有效日期（YYYY-MM-DD）' });
  }
  if (input.idNumber) {
    const r = parseCitizenId(input.idNumber);
    if (!r.ok) {
      const m = citizenIdMessage(r.problem);
      errors.push({ path: `${prefix}.idNumber`, message: m.en, message_zh: m.zh });
    } else {
      id = r.value;
      if (input.birthDate && isIsoDate(input.birthDate) && input.birthDate !== id.birthDate) {
        errors.push({ path: `${prefix}.birthDate`, message: `does not match the ID number (${id.birthDate})`, message_zh: `与身份号码中的出生日期（${id.birthDate}）不一致` });
      }
      if (input.gender && (input.gender === '1' || input.gender === '2') && input.gender !== id.gender) {
        errors.push({ path: `${prefix}.gender`, message: 'does not match the ID number (odd sequence = male)', message_zh: `与身份号码中的性别（${id.gender === '1' ? '男' : '女'}）不一致` });
      }
    }
  }
  return {
    errors, id,
    birthDate: input.birthDate ?? id?.birthDate ?? null,
    gender: input.gender ?? id?.gender ?? null,
  };
}
