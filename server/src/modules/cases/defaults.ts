/**
 * Default categories and SLA profiles, from DOMAIN.md §2: accept within 1 working day (yellow)
 * / 2 (red) and handle within 5 / 10 working days (Sichuan grid practice); reply to the reporter
 * within 24 h for water/power/gas/heat, 7 days for ordinary and 15 days for complex matters
 * (Beijing hotline practice). Emergencies get 2 h through the urgency rule (sla.ts).
 */
import type { TimeUnit } from './tables.js';

export interface DefaultCategory {
  code: string; zh: string; en: string;
  accept: [number, number, TimeUnit];
  respond: [number, TimeUnit];
  handle: [number, number, TimeUnit];
  verify: [number, TimeUnit];
  escalateOnRed?: boolean;
}

const ORDINARY = { accept: [1, 2, 'working_days'], respond: [7, 'days'], handle: [5, 10, 'working_days'], verify: [2, 'working_days'] } as const;
const COMPLEX = { accept: [1, 2, 'working_days'], respond: [15, 'days'], handle: [10, 20, 'working_days'], verify: [2, 'working_days'] } as const;

export const DEFAULT_CATEGORIES: DefaultCategory[] = [
  { code: 'environment', zh: '市容环境', en: 'City appearance & environment', ...ORDINARY } as DefaultCategory,
  { code: 'property', zh: '物业管理', en: 'Property management', ...ORDINARY } as DefaultCategory,
  { code: 'utilities', zh: '水电气热', en: 'Water, power, gas, heating', accept: [2, 4, 'hours'], respond: [24, 'hours'], handle: [24, 48, 'hours'], verify: [1, 'working_days'], escalateOnRed: true },
  { code: 'neighbour_dispute', zh: '邻里纠纷', en: 'Neighbour disputes', ...COMPLEX, escalateOnRed: true } as DefaultCategory,
  { code: 'safety_hazard', zh: '治安隐患', en: 'Public-safety hazards', accept: [2, 4, 'hours'], respond: [24, 'hours'], handle: [5, 10, 'working_days'], verify: [1, 'working_days'], escalateOnRed: true },
  { code: 'public_facilities', zh: '公共设施', en: 'Public facilities', ...ORDINARY } as DefaultCategory,
  { code: 'civil_assistance', zh: '民政救助', en: 'Civil assistance', ...ORDINARY } as DefaultCategory,
  { code: 'other', zh: '其他', en: 'Other', ...ORDINARY } as DefaultCategory,
];
