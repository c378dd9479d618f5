import { z } from 'zod';

const text = (max: number) => z.string().trim().min(1).max(max);
const mobile = z.string().trim().regex(/^1\d{10}$/, 'an 11-digit mainland mobile number starting with 1');
const phone = z.string().trim().regex(/^[0-9+\-() ]{3,30}$/);

export const CHANNELS = ['portal', 'grid_report', 'hotline', 'upper_assignment', 'open311', 'proactive', 'staff'] as const;

/** Where the case is: any of room / building / grid / coordinates / address; resolved to a grid. */
export const locationSchema = z.object({
  gridId: z.uuid().optional(),
  buildingId: z.uuid().optional(),
  roomId: z.uuid().optional(),
  householdId: z.uuid().optional(),
  /** A community, when the reporter knows no more than that: the case lies at the community (no grid). */
  communityId: z.uuid().optional(),
  lng: z.number().min(-180).max(180).optional(),
  lat: z.number().min(-90).max(90).optional(),
  address: z.string().trim().max(300).optional(),
  /** The street (9-digit code) the report is addressed to, when nothing else locates it. */
  streetCode: z.string().regex(/^\d{9}$/).optional(),
}).refine((l) => (l.lng === undefined) === (l.lat === undefined), { message: 'lng and lat go together', path: ['lng'] });

export const createCaseSchema = z.object({
  channel: z.enum(CHANNELS).default('staff'),
  /** category id or code */
  category: z.string().trim().min(1).max(64),
  title: text(200),
  description: text(5000),
  location: locationSchema.default({}),
  reporter: z.object({
    personId: z.uuid().optional(),
    name: z.string().trim().max(50).optional(),
    phone: z.union([mobile, phone]).optional(),
    anonymous: z.boolean().optional(),
  }).default({}),
  urgency: z.enum(['normal', 'urgent', 'emergency']).default('normal'),
  importance: z.enum(['normal', 'important', 'major']).default('normal'),
  peopleInvolved: z.number().int().min(0).max(100_000).default(1),
  attachmentIds: z.array(z.uuid()).max(9).default([]),
});
export type CreateCaseInput = z.input<typeof createCaseSchema>;
export type CreateCaseParsed = z.output<typeof createCaseSchema>;

export const ACTIONS = [
  'accept', 'reject', 'dispatch', 'sign', 'return', 'transfer', 'start', 'request_delay', 'approve_delay', 'refuse_delay',
  'escalate', 'handle', 'verify_pass', 'verify_fail', 'callback', 'reopen', 'archive', 'respond', 'supervise', 'merge',
] as const;
export type CaseAction = (typeof ACTIONS)[number];

export const actionSchema = z.object({
  action: z.enum(ACTIONS),
  note: z.string().trim().max(2000).optional(),
  attachmentIds: z.array(z.uuid()).max(9).optional(),
  /** dispatch / transfer / accept (accept-and-dispatch) */
  targetOrgId: z.uuid().optional(),
  /** request_delay: working days asked for */
  days: z.number().positive().max(90).optional(),
  /** callback */
  satisfaction: z.enum(['satisfied', 'basically_satisfied', 'unsatisfied']).optional(),
  resolved: z.boolean().optional(),
  /** merge: the master case this one follows */
  masterId: z.uuid().optional(),
  /** supervise: ordinary / yellow / red */
  level: z.enum(['normal', 'yellow', 'red']).optional(),
  /** optimistic concurrency: the version the caller saw (optional) */
  version: z.number().int().min(0).optional(),
});
export type ActionInput = z.infer<typeof actionSchema>;

export const caseListQuerySchema = z.object({
  box: z.enum(['todo', 'done', 'overdue', 'supervised', 'all']).default('all'),
  state: z.string().max(200).optional(),
  categoryId: z.uuid().optional(),
  channel: z.enum(CHANNELS).optional(),
  orgId: z.uuid().optional(),
  q: z.string().trim().max(100).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});
export type CaseListQuery = z.infer<typeof caseListQuerySchema>;

const unit = z.enum(['hours', 'days', 'working_hours', 'working_days']);
export const categorySchema = z.object({
  parentId: z.uuid().nullable().optional(),
  code: z.string().trim().regex(/^[a-z0-9_.-]{1,40}$/),
  nameZh: text(50),
  nameEn: text(80),
  sort: z.number().int().default(0),
  active: z.boolean().default(true),
  acceptLimit: z.number().positive(), acceptRed: z.number().positive().nullable().default(null), acceptUnit: unit,
  respondLimit: z.number().positive(), respondUnit: unit,
  handleLimit: z.number().positive(), handleRed: z.number().positive().nullable().default(null), handleUnit: unit,
  verifyLimit: z.number().positive(), verifyUnit: unit,
  warnRatio: z.number().gt(0).lt(1).default(0.75),
  escalateOnRed: z.boolean().default(false),
  duplicateWindowHours: z.number().int().min(0).max(24 * 365).default(72),
}).refine((c) => c.acceptRed === null || c.acceptRed >= c.acceptLimit, { message: 'red threshold must not be below the limit', path: ['acceptRed'] })
  .refine((c) => c.handleRed === null || c.handleRed >= c.handleLimit, { message: 'red threshold must not be below the limit', path: ['handleRed'] });
export type CategoryInput = z.infer<typeof categorySchema>;

export const routingRuleSchema = z.object({
  priority: z.number().int().min(0).max(1_000_000),
  categoryId: z.uuid().nullable().default(null),
  areaOrgId: z.uuid().nullable().default(null),
  targetOrgId: z.uuid().nullable().default(null),
  autoDispatch: z.boolean().default(false),
  active: z.boolean().default(true),
  note: z.string().trim().max(200).nullable().default(null),
});
export type RoutingRuleInput = z.infer<typeof routingRuleSchema>;

const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
export const calendarPutSchema = z.object({
  days: z.array(z.object({ day: isoDay, kind: z.enum(['holiday', 'workday']), name: z.string().trim().max(50).nullable().default(null) })).max(400),
  /** remove these days from the exception list (back to the weekend rule) */
  remove: z.array(isoDay).max(400).default([]),
});
export const calendarQuerySchema = z.object({ year: z.coerce.number().int().min(2000).max(2100).optional() });

export const settingsSchema = z.object({
  duplicateRadiusM: z.number().int().min(0).max(10_000).optional(),
  recurrenceThreshold: z.number().int().min(2).max(1000).optional(),
  recurrenceWindowDays: z.number().int().min(1).max(366).optional(),
  sensitiveTags: z.array(z.string().trim().min(1).max(40)).max(50).optional(),
});

export const idParams = z.object({ id: z.uuid() });
