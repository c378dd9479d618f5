/**
 * Working-time arithmetic for deadlines (pure; no database, no clock).
 *
 * Model: time is counted in Asia/Shanghai local days. China has had no daylight saving time
 * since 1991, so local time is UTC+8 all year and a fixed offset is exact. A working day
 * contributes its whole 24 hours of "working time"; weekends and holidays contribute none.
 * Saturdays and Sundays are non-working unless the calendar lists them as make-up working
 * days (调休上班); weekdays are working unless the calendar lists them as holidays.
 *
 * So "1 working day" from Friday 10:00 ends Monday 10:00, and from Saturday 10:00 (a rest day)
 * it ends at the end of Monday (Tuesday 00:00): the clock only runs on working days.
 */
import type { TimeUnit } from './tables.js';

export const SHANGHAI_OFFSET_MS = 8 * 3600_000;
export const HOUR_MS = 3600_000;
export const DAY_MS = 24 * HOUR_MS;
/** A calendar that never has a working day would make the loop endless; ten years is enough. */
const MAX_DAYS_SCANNED = 3660;

export interface CalendarException {
  day: string; // yyyy-mm-dd (local)
  kind: 'holiday' | 'workday';
}

export interface WorkCalendar {
  isWorkingDay(day: string): boolean;
}

export function makeCalendar(exceptions: readonly CalendarException[] = []): WorkCalendar {
  const kinds = new Map(exceptions.map((e) => [e.day, e.kind]));
  return {
    isWorkingDay(day: string) {
      const k = kinds.get(day);
      if (k) return k === 'workday';
      const dow = new Date(`${day}T00:00:00Z`).getUTCDay();
      return dow >= 1 && dow <= 5;
    },
  };
}

/** UTC milliseconds of the local (Shanghai) midnight that starts the day containing `t`. */
export function localDayStart(t: number): number {
  return Math.floor((t + SHANGHAI_OFFSET_MS) / DAY_MS) * DAY_MS - SHANGHAI_OFFSET_MS;
}

/** The local date (yyyy-mm-dd) of instant `t`. */
export function localDay(t: number | Date): string {
  const ms = typeof t === 'number' ? t : t.getTime();
  return new Date(ms + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/** Advances `start` by `ms` of working time (see the model above). */
export function addWorkingTime(start: Date, ms: number, cal: WorkCalendar): Date {
  let t = start.getTime();
  let remaining = ms;
  if (remaining <= 0) return new Date(t);
  for (let i = 0; i < MAX_DAYS_SCANNED; i++) {
    const dayStart = localDayStart(t);
    const dayEnd = dayStart + DAY_MS;
    if (cal.isWorkingDay(localDay(dayStart))) {
      const available = dayEnd - t;
      if (remaining <= available) return new Date(t + remaining);
      remaining -= available;
    }
    t = dayEnd;
  }
  throw new Error('the working calendar has no working day in ten years');
}

export function addWorkingDays(start: Date, days: number, cal: WorkCalendar): Date {
  return addWorkingTime(start, days * DAY_MS, cal);
}

export function addWorkingHours(start: Date, hours: number, cal: WorkCalendar): Date {
  return addWorkingTime(start, hours * HOUR_MS, cal);
}

/** Adds a limit in any of the SLA units: clock hours/days, or working hours/days. */
export function addDuration(start: Date, amount: number, unit: TimeUnit, cal: WorkCalendar): Date {
  switch (unit) {
    case 'hours': return new Date(start.getTime() + amount * HOUR_MS);
    case 'days': return new Date(start.getTime() + amount * DAY_MS);
    case 'working_hours': return addWorkingHours(start, amount, cal);
    case 'working_days': return addWorkingDays(start, amount, cal);
  }
}

/** Working time between two instants (0 if b ≤ a): used to report how late a case is. */
export function workingTimeBetween(a: Date, b: Date, cal: WorkCalendar): number {
  let t = a.getTime();
  const end = b.getTime();
  let total = 0;
  while (t < end) {
    const dayEnd = localDayStart(t) + DAY_MS;
    const stop = Math.min(dayEnd, end);
    if (cal.isWorkingDay(localDay(t))) total += stop - t;
    t = stop;
  }
  return total;
}
