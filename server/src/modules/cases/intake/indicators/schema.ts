import { z } from 'zod';
import { CHANNELS } from '../../schema.js';
import { FIGURE_CODES } from './definitions.js';

const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date yyyy-mm-dd');

export const GROUP_BYS = ['none', 'org', 'grid', 'category', 'channel', 'month'] as const;
export type GroupBy = (typeof GROUP_BYS)[number];

/** The cases behind an indicator table: received in [from, to] (Asia/Shanghai days), located in orgId's subtree. */
export const indicatorQuerySchema = z.object({
  orgId: z.uuid().optional(),
  from: isoDay,
  to: isoDay,
  groupBy: z.enum(GROUP_BYS).default('none'),
  categoryId: z.uuid().optional(),
  channel: z.enum(CHANNELS).optional(),
}).refine((q) => q.from <= q.to, { message: 'from must not be after to', path: ['to'] });
export type IndicatorQuery = z.infer<typeof indicatorQuerySchema>;

export const drillQuerySchema = z.object({
  orgId: z.uuid().optional(),
  from: isoDay,
  to: isoDay,
  groupBy: z.enum(GROUP_BYS).default('none'),
  /** the row of the table (as returned in rows[].key); absent = the whole table */
  key: z.string().max(100).optional(),
  categoryId: z.uuid().optional(),
  channel: z.enum(CHANNELS).optional(),
  figure: z.enum(FIGURE_CODES as [string, ...string[]]),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
}).refine((q) => q.from <= q.to, { message: 'from must not be after to', path: ['to'] });
export type DrillQuery = z.infer<typeof drillQuerySchema>;

const weight = z.number().min(0).max(100);
const score = z.number().min(0).max(1);
export const configSchema = z.object({
  orgId: z.uuid(),
  weights: z.object({ response: weight, resolution: weight, satisfaction: weight })
    .refine((w) => w.response + w.resolution + w.satisfaction > 0, { message: 'at least one weight must be positive' }),
  scores: z.object({ satisfied: score, basically_satisfied: score, unsatisfied: score }),
});
export type ConfigInput = z.infer<typeof configSchema>;
