import { z } from 'zod';
import { GRID_LINK_ROLES, STAFF_POSTS } from '../../platform/auth/permissions.js';

export const mobileSchema = z.string().trim().regex(/^1[3-9]\d{9}$/, 'mainland mobile number: 11 digits starting with 1');
const servicePhone = z.string().trim().regex(/^[0-9+\-() ]{3,30}$/);

export const createStaffSchema = z.object({
  orgId: z.uuid(),
  name: z.string().trim().min(1).max(50),
  gender: z.enum(['0', '1', '2', '9']).optional(),
  post: z.enum(STAFF_POSTS as [string, ...string[]]),
  mobile: mobileSchema.optional(),
  servicePhone: servicePhone.optional(),
  publicCard: z.boolean().optional(),
}).strict();

export const updateStaffSchema = z.object({
  orgId: z.uuid().optional(),
  name: z.string().trim().min(1).max(50).optional(),
  gender: z.enum(['0', '1', '2', '9']).nullable().optional(),
  post: z.enum(STAFF_POSTS as [string, ...string[]]).optional(),
  mobile: mobileSchema.nullable().optional(),
  servicePhone: servicePhone.nullable().optional(),
  publicCard: z.boolean().optional(),
}).strict();

export const gridLinksSchema = z.object({
  links: z.array(z.object({ gridId: z.uuid(), role: z.enum(GRID_LINK_ROLES) }).strict()).max(20),
}).strict();

export const staffQuerySchema = z.object({
  orgId: z.uuid().optional(),
  q: z.string().trim().max(50).optional(),
  post: z.string().max(40).optional(),
  includeInactive: z.stringbool().optional(),
});

export type CreateStaffInput = z.infer<typeof createStaffSchema>;
export type UpdateStaffInput = z.infer<typeof updateStaffSchema>;
export type GridLinksInput = z.infer<typeof gridLinksSchema>;
export type StaffQuery = z.infer<typeof staffQuerySchema>;
