import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { addDuration, addWorkingDays, addWorkingHours, DAY_MS, localDay, makeCalendar, workingTimeBetween } from './calendar.js';

/** Shanghai local time → Date (UTC+8, no DST). */
const sh = (s: string) => new Date(`${s}+08:00`);

// 2026 National Day: 10-01..10-07 off; (illustrative) make-up working days Sun 09-27 and Sat 10-10.
const national = makeCalendar([
  ...['01', '02', '03', '04', '05', '06', '07'].map((d) => ({ day: `2026-10-${d}`, kind: 'holiday' as const })),
  { day: '2026-09-27', kind: 'workday' as const },
  { day: '2026-10-10', kind: 'workday' as const },
]);
const plain = makeCalendar();

describe('working-day calendar', () => {
  it('treats Saturdays and Sundays as rest days, weekdays as working days', () => {
    expect(plain.isWorkingDay('2026-11-23')).toBe(true); // Monday
    expect(plain.isWorkingDay('2026-11-28')).toBe(false); // Saturday
    expect(plain.isWorkingDay('2026-11-29')).toBe(false); // Sunday
  });

  it('holidays and make-up days override the weekend rule', () => {
    expect(national.isWorkingDay('2026-10-01')).toBe(false); // Thursday, holiday
    expect(national.isWorkingDay('2026-10-10')).toBe(true); // Saturday, make-up day
    expect(national.isWorkingDay('2026-09-27')).toBe(true); // Sunday, make-up day
  });

  it('uses the Shanghai date, not the UTC date', () => {
    // 2026-11-27 Friday 23:30 UTC is Saturday 07:30 in Shanghai
    expect(localDay(new Date('2026-11-27T23:30:00Z'))).toBe('2026-11-28');
  });

  it('adds working days on weekdays at the same clock time', () => {
    expect(addWorkingDays(sh('2026-11-23T10:00:00'), 1, plain)).toEqual(sh('2026-11-24T10:00:00'));
    expect(addWorkingDays(sh('2026-11-23T10:00:00'), 5, plain)).toEqual(sh('2026-11-30T10:00:00'));
  });

  it('skips the weekend', () => {
    expect(addWorkingDays(sh('2026-11-27T10:00:00'), 1, plain)).toEqual(sh('2026-11-30T10:00:00')); // Fri → Mon
    expect(addWorkingDays(sh('2026-11-27T10:00:00'), 2, plain)).toEqual(sh('2026-12-01T10:00:00'));
  });

  it('a report on a rest day starts counting on the next working day', () => {
    // Saturday 10:00 + 1 working day = end of Monday
    expect(addWorkingDays(sh('2026-11-28T10:00:00'), 1, plain)).toEqual(sh('2026-12-01T00:00:00'));
    expect(addWorkingHours(sh('2026-11-29T22:00:00'), 2, plain)).toEqual(sh('2026-11-30T02:00:00'));
  });

  it('skips holidays and counts make-up working days', () => {
    // Wednesday 09-30 15:00 + 1 working day: 10-01..07 are holidays (08 is Thursday) → 10-08 15:00
    expect(addWorkingDays(sh('2026-09-30T15:00:00'), 1, national)).toEqual(sh('2026-10-08T15:00:00'));
    // Friday 10-09 09:00 + 1: Saturday 10-10 is a make-up working day
    expect(addWorkingDays(sh('2026-10-09T09:00:00'), 1, national)).toEqual(sh('2026-10-10T09:00:00'));
    // Saturday 09-26 (rest) + 1 → Sunday 09-27 is a make-up working day → end of it
    expect(addWorkingDays(sh('2026-09-26T12:00:00'), 1, national)).toEqual(sh('2026-09-28T00:00:00'));
    // 5 working days from Monday 09-28 09:00: the rest of 28, then 29, 30, 10-08, 10-09 and 10-10 (make-up) until 09:00
    expect(addWorkingDays(sh('2026-09-28T09:00:00'), 5, national)).toEqual(sh('2026-10-10T09:00:00'));
  });

  it('clock units ignore the calendar', () => {
    expect(addDuration(sh('2026-10-01T10:00:00'), 7, 'days', national)).toEqual(sh('2026-10-08T10:00:00'));
    expect(addDuration(sh('2026-10-01T10:00:00'), 2, 'hours', national)).toEqual(sh('2026-10-01T12:00:00'));
  });

  it('refuses a calendar without working days instead of looping forever', () => {
    const never = { isWorkingDay: () => false };
    expect(() => addWorkingDays(new Date(), 1, never)).toThrow(/no working day/);
  });

  it('property: the working time between start and start+n working days is n days, and the result is never on a rest day start', () => {
    const days = ['2026-10-01', '2026-10-02', '2026-10-05', '2026-12-31', '2027-01-01'];
    const cal = makeCalendar([...days.map((day) => ({ day, kind: 'holiday' as const })), { day: '2026-10-11', kind: 'workday' as const }]);
    fc.assert(fc.property(
      fc.integer({ min: Date.parse('2026-09-01T00:00:00Z'), max: Date.parse('2027-02-01T00:00:00Z') }),
      fc.integer({ min: 1, max: 30 }),
      (t, n) => {
        const start = new Date(t);
        const end = addWorkingDays(start, n, cal);
        expect(end.getTime()).toBeGreaterThan(start.getTime());
        expect(workingTimeBetween(start, end, cal)).toBe(n * DAY_MS);
        // monotone: one more working day never ends earlier
        expect(addWorkingDays(start, n + 1, cal).getTime()).toBeGreaterThan(end.getTime());
      },
    ), { numRuns: 300 });
  });
});
