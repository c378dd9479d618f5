import { z } from 'zod';
import { mobileSchema } from '../staff/schema.js';

const roleList = z.array(z.string().min(1).max(40)).min(1).max(10);
const orgIds = z.array(z.uuid()).min(1).max(20);

export const createUserSchema = z.object({
  kind: z.enum(['staff', 'resident']),
  account: z.string().trim().regex(/^[A-Za-z][A-Za-z0-9_.-]{2,39}$/, 'letters, digits, _ . -; 3–40, starting with a letter').optional(),
  mobile: mobileSchema.optional(),
  name: z.string().trim().min(1).max(50),
  password: z.string().min(1).max(200),
  roles: roleList,
  scopeOrgIds: orgIds,
  homeOrgId: z.uuid().optional(),
  staffId: z.uuid().optional(),
}).strict().refine((u) => u.account || u.mobile, { message: 'account or mobile is required', path: ['account'] });

export const updateUserSchema = z.object({
  name: z.string().trim().min(1).max(50).optional(),
  roles: roleList.optional(),
  scopeOrgIds: orgIds.optional(),
  status: z.enum(['active', 'disabled']).optional(),
}).strict();

export const resetPasswordSchema = z.object({ password: z.string().min(1).max(200) }).strict();
export const userQuerySchema = z.object({ q: z.string().trim().max(50).optional(), role: z.string().max(40).optional() });
export const roleParams = z.object({ code: z.string().min(1).max(40) });
export const updateRoleSchema = z.object({ permissions: z.array(z.string().max(60)).max(100) }).strict();

export type CreateUserInput = z.infer<typeof createUserSchema>;
export type UpdateUserInput = z.infer<typeof updateUserSchema>;
