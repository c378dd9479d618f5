/**
 * SLA profiles → deadlines. A category's profile gives each stage a limit (due = yellow card)
 * and, for accepting and handling, a red-card threshold, in clock or working time. The ordinary
 * reminder (普通督办) comes at `warn_ratio` of the limit.
 */
import { addDuration, addWorkingDays, type WorkCalendar } from './calendar.js';
import type { Timers } from './state-machine.js';
import type { CaseCategoriesTable, TimeUnit } from './tables.js';
import type { Selectable } from 'kysely';

export type CategoryRow = Selectable<CaseCategoriesTable>;

export interface SlaProfile {
  acceptLimit: number; acceptRed: number | null; acceptUnit: TimeUnit;
  respondLimit: number; respondUnit: TimeUnit;
  handleLimit: number; handleRed: number | null; handleUnit: TimeUnit;
  verifyLimit: number; verifyUnit: TimeUnit;
  warnRatio: number;
}

export function profileOf(c: CategoryRow): SlaProfile {
  const n = (v: string | null) => (v === null ? null : Number(v));
  return {
    acceptLimit: Number(c.accept_limit), acceptRed: n(c.accept_red), acceptUnit: c.accept_unit,
    respondLimit: Number(c.respond_limit), respondUnit: c.respond_unit,
    handleLimit: Number(c.handle_limit), handleRed: n(c.handle_red), handleUnit: c.handle_unit,
    verifyLimit: Number(c.verify_limit), verifyUnit: c.verify_unit,
    warnRatio: Number(c.warn_ratio),
  };
}

/**
 * Urgent and emergency cases follow the hotline's clock-hour limits instead of the category's
 * (DOMAIN.md §2: life/property emergency answered within 2 h; utilities within 24 h).
 */
export function applyUrgency(p: SlaProfile, urgency: 'normal' | 'urgent' | 'emergency'): SlaProfile {
  if (urgency === 'normal') return p;
  const hours = urgency === 'emergency' ? 2 : 24;
  return {
    ...p,
    acceptLimit: urgency === 'emergency' ? 0.5 : 2, acceptRed: urgency === 'emergency' ? 1 : 4, acceptUnit: 'hours',
    respondLimit: hours, respondUnit: 'hours',
    handleLimit: urgency === 'emergency' ? 24 : 72, handleRed: urgency === 'emergency' ? 48 : 120, handleUnit: 'hours',
  };
}

export function timersFor(p: SlaProfile, cal: WorkCalendar): Timers {
  const stage = (limit: number, red: number | null, unit: TimeUnit) => (start: Date) => ({
    warn: addDuration(start, limit * p.warnRatio, unit, cal),
    due: addDuration(start, limit, unit, cal),
    red: red === null ? null : addDuration(start, red, unit, cal),
  });
  return {
    accept: stage(p.acceptLimit, p.acceptRed, p.acceptUnit),
    handle: stage(p.handleLimit, p.handleRed, p.handleUnit),
    respond: (start) => addDuration(start, p.respondLimit, p.respondUnit, cal),
    verify: (start) => addDuration(start, p.verifyLimit, p.verifyUnit, cal),
    extend: (due, days) => addWorkingDays(due, days, cal),
  };
}
