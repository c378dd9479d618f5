/**
 * Calendar dates as the registry stores them: 'YYYY-MM-DD' strings, checked to be real
 * dates (no 2月30日), independent of the server's time zone.
 */
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Is y-m-d a date that exists in the Gregorian calendar? */
export function isRealDate(y: number, m: number, d: number): boolean {
  if (!Number.isInteger(y) || !Number.isInteger(m) || !Number.isInteger(d)) return false;
  if (m < 1 || m > 12 || d < 1) return false;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1];
  return d <= days;
}

/** Parses 'YYYY-MM-DD' into its parts, or null when it is not a real date. */
export function parseIsoDate(s: string): { y: number; m: number; d: number } | null {
  const m = ISO_DATE.exec(s);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return isRealDate(y, mo, d) ? { y, m: mo, d } : null;
}

export function isIsoDate(s: string): boolean {
  return parseIsoDate(s) !== null;
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/**
 * A date value as 'YYYY-MM-DD'. node-pg hands `date` columns over as a Date at local
 * midnight, so the local parts are the stored date.
 */
export function isoDate(v: Date | string | null | undefined): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return v.slice(0, 10);
  return `${v.getFullYear()}-${pad(v.getMonth() + 1)}-${pad(v.getDate())}`;
}

/** Today's date in the given time zone (default: China Standard Time, where the registry lives). */
export function todayIso(now: Date = new Date(), timeZone = 'Asia/Shanghai'): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/** Whole years between a birth date and a reference date (both 'YYYY-MM-DD'). */
export function ageOn(birth: string, on: string): number {
  const b = parseIsoDate(birth);
  const o = parseIsoDate(on);
  if (!b || !o) return NaN;
  let age = o.y - b.y;
  if (o.m < b.m || (o.m === b.m && o.d < b.d)) age -= 1;
  return age;
}

/** The date `years` years before `on` ('YYYY-MM-DD'); 29 Feb falls back to 28 Feb. */
export function yearsBefore(on: string, years: number): string {
  const o = parseIsoDate(on)!;
  const y = o.y - years;
  const d = isRealDate(y, o.m, o.d) ? o.d : o.d - 1;
  return `${pad(y, 4)}-${pad(o.m)}-${pad(d)}`;
}

/** The date `days` days after `on` ('YYYY-MM-DD'). */
export function addDays(on: string, days: number): string {
  const o = parseIsoDate(on)!;
  const t = new Date(Date.UTC(o.y, o.m - 1, o.d) + days * 86_400_000);
  return `${pad(t.getUTCFullYear(), 4)}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}`;
}
