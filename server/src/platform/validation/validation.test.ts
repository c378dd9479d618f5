import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  addDays, ageOn, checkIdentity, checkUscc, citizenIdCheckChar, isIsoDate, isValidCitizenId, isValidUscc, makeCitizenId,
  halfWidthAlnum, makeUscc, normaliseMobile, parseCitizenId, yearsBefore,
} from './index.js';

const digit = fc.integer({ min: 0, max: 9 });
const area = fc.array(digit, { minLength: 6, maxLength: 6 }).map((a) => a.join(''));
// any real birth date between 1900 and 2020
const birth = fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2020-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));
const validId = fc.tuple(area, birth, fc.integer({ min: 0, max: 999 })).map(([a, b, s]) => makeCitizenId(a, b, s));

const USCC_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const validUscc = fc.array(fc.integer({ min: 0, max: 30 }), { minLength: 17, maxLength: 17 })
  .map((a) => makeUscc(a.map((i) => USCC_CHARS[i]).join('')));

describe('citizen ID (GB 11643)', () => {
  it('known examples', () => {
    expect(isValidCitizenId('11010519491231002X')).toBe(true);
    expect(isValidCitizenId('11010519491231002x')).toBe(true);
    expect(isValidCitizenId('110105194912310021')).toBe(false);
    expect(citizenIdCheckChar('11010519491231002')).toBe('X');
    expect(parseCitizenId('11010519491231002X')).toMatchObject({ ok: true, value: { birthDate: '1949-12-31', gender: '2' } });
  });

  it('reads a number typed full-width or in groups as the number itself', () => {
    expect(parseCitizenId('１１０１０５１９４９１２３１００２ｘ')).toMatchObject({ ok: true, value: { idNumber: '11010519491231002X' } });
    expect(parseCitizenId('110105 19491231 002X')).toMatchObject({ ok: true, value: { idNumber: '11010519491231002X' } });
    expect(parseCitizenId('１１０１０５１９４９１２３１００２１').ok).toBe(false); // still checked
    expect(halfWidthAlnum('静湖花园（北区）３号楼１单元１０２室')).toBe('静湖花园（北区）3号楼1单元102室');
    expect(halfWidthAlnum('１９９０－０１－０２')).toBe('1990-01-02');
  });

  it('accepts every generated valid number and derives its birth date and sex', () => {
    fc.assert(fc.property(validId, (id) => {
      const r = parseCitizenId(id);
      expect(r.ok).toBe(true);
      if (r.ok) {
        expect(r.value.birthDate).toBe(`${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`);
        expect(r.value.gender).toBe(Number(id[16]) % 2 ? '1' : '2');
      }
    }), { numRuns: 2000 });
  });

  it('rejects any single-digit change', () => {
    fc.assert(fc.property(validId, fc.integer({ min: 0, max: 17 }), fc.integer({ min: 1, max: 10 }), (id, pos, delta) => {
      const chars = id.split('');
      const alphabet = '0123456789X';
      const cur = alphabet.indexOf(chars[pos]);
      // position 18 may be X; other positions are digits only
      const size = pos === 17 ? 11 : 10;
      const next = alphabet[(cur + (delta % size || 1)) % size];
      if (next === chars[pos]) return;
      chars[pos] = next;
      expect(isValidCitizenId(chars.join(''))).toBe(false);
    }), { numRuns: 5000 });
  });

  it('rejects impossible birth dates and future ones', () => {
    const first17 = '12011420230229001'; // 2023-02-29 does not exist
    expect(parseCitizenId(first17 + citizenIdCheckChar(first17))).toEqual({ ok: false, problem: 'birth_date' });
    const future = makeCitizenId('120114', '2999-01-01', 1);
    expect(parseCitizenId(future)).toEqual({ ok: false, problem: 'birth_date' });
    expect(parseCitizenId('12011419900101')).toEqual({ ok: false, problem: 'format' });
  });

  it('upgrades a legacy 15-digit number to 18 digits with 19xx', () => {
    const r = parseCitizenId('120114800101123');
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.value.idNumber).toHaveLength(18);
      expect(r.value.idNumber.slice(0, 14)).toBe('12011419800101');
      expect(r.value.upgraded).toBe(true);
      expect(r.value.gender).toBe('1');
      expect(isValidCitizenId(r.value.idNumber)).toBe(true);
    }
    expect(parseCitizenId('120114801301123').ok).toBe(false); // month 13
  });

  it('checks entered birth date and sex against the number', () => {
    const id = makeCitizenId('120114', '1980-05-06', 12); // even sequence → female
    expect(checkIdentity({ idNumber: id, birthDate: '1980-05-06', gender: '2' }).errors).toEqual([]);
    const bad = checkIdentity({ idNumber: id, birthDate: '1980-05-07', gender: '1' });
    expect(bad.errors.map((e) => e.path).sort()).toEqual(['body.birthDate', 'body.gender']);
    expect(bad.errors[0].message_zh).toMatch(/不一致/);
    const derived = checkIdentity({ idNumber: id });
    expect(derived).toMatchObject({ birthDate: '1980-05-06', gender: '2' });
  });
});

describe('unified social credit code (GB 32100)', () => {
  it('known example', () => {
    expect(isValidUscc('91350100M000100Y43')).toBe(true);
    expect(checkUscc('91350100M000100Y44')).toMatchObject({ valid: false, problem: 'checksum' });
    expect(checkUscc('91350100M000100YI3')).toMatchObject({ valid: false, problem: 'format' });
  });

  it('accepts generated codes and rejects any single-character change', () => {
    fc.assert(fc.property(validUscc, fc.integer({ min: 0, max: 17 }), fc.integer({ min: 1, max: 30 }), (code, pos, delta) => {
      expect(isValidUscc(code)).toBe(true);
      const chars = code.split('');
      chars[pos] = USCC_CHARS[(USCC_CHARS.indexOf(chars[pos]) + delta) % 31];
      expect(isValidUscc(chars.join(''))).toBe(false);
    }), { numRuns: 3000 });
  });
});

describe('mobiles and dates', () => {
  it('mobile numbers', () => {
    expect(normaliseMobile('13812345678')).toBe('13812345678');
    expect(normaliseMobile('+86 138-1234-5678')).toBe('13812345678');
    expect(normaliseMobile('１３８　１２３４　５６７８')).toBe('13812345678');
    expect(normaliseMobile('12812345678')).toBeNull();
    expect(normaliseMobile('1381234567')).toBeNull();
    fc.assert(fc.property(fc.integer({ min: 3, max: 9 }), fc.array(digit, { minLength: 9, maxLength: 9 }), (second, rest) => {
      expect(normaliseMobile(`1${second}${rest.join('')}`)).not.toBeNull();
    }));
  });

  it('dates', () => {
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2023-02-29')).toBe(false);
    expect(isIsoDate('2023-2-1')).toBe(false);
    expect(ageOn('2012-06-15', '2026-06-14')).toBe(13);
    expect(ageOn('2012-06-15', '2026-06-15')).toBe(14);
    expect(yearsBefore('2024-02-29', 1)).toBe('2023-02-28');
    expect(addDays('2024-12-31', 1)).toBe('2025-01-01');
  });
});
