import { z } from 'zod';

const position = z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)]);

/** A GeoJSON Polygon whose rings are closed and have at least four positions. */
export const polygonSchema = z.object({
  type: z.literal('Polygon'),
  coordinates: z.array(z.array(position).min(4)).min(1).max(20),
}).refine(
  (p) => p.coordinates.every((ring) => {
    const [a, b] = [ring[0], ring[ring.length - 1]];
    return a[0] === b[0] && a[1] === b[1];
  }),
  { message: 'every ring must be closed (first position = last position)' },
);

export const orgKindSchema = z.enum(['district', 'street', 'community', 'grid', 'microgrid', 'department']);
const name = z.string().trim().min(1).max(100);
const phone = z.string().trim().regex(/^[0-9+\-() ]{3,30}$/);

export const editableFields = {
  name,
  gridKind: z.enum(['comprehensive', 'dedicated']).nullable(),
  boundary: polygonSchema.nullable(),
  targetHouseholds: z.number().int().min(0).max(100_000).nullable(),
  leaderStaffId: z.uuid().nullable(),
  address: z.string().trim().max(200).nullable(),
  phone: phone.nullable(),
};

export const createOrgSchema = z.object({
  parentId: z.uuid(),
  kind: orgKindSchema,
  code: z.string().trim().max(40).optional(),
  name,
  gridKind: editableFields.gridKind.optional(),
  boundary: editableFields.boundary.optional(),
  targetHouseholds: editableFields.targetHouseholds.optional(),
  leaderStaffId: editableFields.leaderStaffId.optional(),
  address: editableFields.address.optional(),
  phone: editableFields.phone.optional(),
}).strict();

export const updateOrgSchema = z.object({
  name: name.optional(),
  gridKind: editableFields.gridKind.optional(),
  boundary: editableFields.boundary.optional(),
  targetHouseholds: editableFields.targetHouseholds.optional(),
  leaderStaffId: editableFields.leaderStaffId.optional(),
  address: editableFields.address.optional(),
  phone: editableFields.phone.optional(),
}).strict();

export const moveOrgSchema = z.object({ newParentId: z.uuid() }).strict();

export const splitOrgSchema = z.object({
  parts: z.array(z.object({
    name,
    boundary: polygonSchema.nullable().optional(),
    targetHouseholds: editableFields.targetHouseholds.optional(),
  }).strict()).min(2).max(10),
}).strict();

export const idParams = z.object({ id: z.uuid() });

export type CreateOrgInput = z.infer<typeof createOrgSchema>;
export type UpdateOrgInput = z.infer<typeof updateOrgSchema>;
export type SplitOrgInput = z.infer<typeof splitOrgSchema>;
