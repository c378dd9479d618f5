/**
 * Identifiers for generated people and units: citizen ID numbers (GB 11643-1999) and
 * unified social credit codes (GB 32100-2015) with correct check characters. These build
 * numbers; validating what users type is the registry's own validator's job.
 */

import { citizenIdCheckChar as idCheckChar, usccCheckChar } from '../../server/src/platform/validation/index.js';

/**
 * Hands out ID numbers unique within a run: area + yyyymmdd + 3-digit sequence whose parity
 * carries the sex (odd = male) + check character. Sequences are counted per area and day.
 */
export class IdNumberFactory {
  private readonly used = new Map<string, number>();

  next(area: string, birth: string /* yyyy-mm-dd */, gender: '1' | '2'): string {
    const stem = area + birth.replaceAll('-', '');
    const n = this.used.get(stem + gender) ?? 0;
    this.used.set(stem + gender, n + 1);
    // 500 odd and 500 even sequences per area and day; beyond that the area is overfull for
    // the day — borrow the next day's stem is wrong (birth date!), so wrap within 0..999.
    const seq = ((n * 2 + (gender === '1' ? 1 : 0)) % 1000);
    const first17 = stem + String(seq).padStart(3, '0');
    return first17 + idCheckChar(first17);
  }
}

const USCC_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/**
 * A USCC: registration authority + type ('91' enterprise, '92' individual business,
 * '11' government, '12' institution, '52' social organisation), the 6-digit area, a 9-char
 * organisation code (its own check char is not modelled) and the check character.
 */
export function makeUscc(prefix2: string, area: string, serial: number): string {
  let body = '';
  let n = serial;
  for (let i = 0; i < 9; i++) {
    body = USCC_CHARS[n % 31]! + body;
    n = Math.floor(n / 31);
  }
  const first17 = prefix2 + area + body;
  return first17 + usccCheckChar(first17);
}
