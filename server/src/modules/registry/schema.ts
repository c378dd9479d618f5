/** Zod schemas of the registry's API: shapes only; cross-field rules (ID ↔ birth date) live in the services. */
import { z } from 'zod';
import { isIsoDate } from '../../platform/validation/dates.js';

export const dateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'use YYYY-MM-DD / 日期格式应为 YYYY-MM-DD')
  .refine(isIsoDate, 'not a real date / 不是有效日期');
const text = (max: number) => z.string().trim().min(1).max(max);
const optText = (max: number) => z.string().trim().max(max).nullable().optional();
const phoneText = z.string().trim().min(3).max(30);

export const idParams = z.object({ id: z.uuid() });
export const tagParams = z.object({ id: z.uuid(), tagId: z.uuid() });
export const codeParams = z.object({ code: z.string().regex(/^[a-z][a-z0-9_]{1,39}$/) });

export const pagingSchema = {
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
};

export const populationTypeSchema = z.enum(['registered', 'resident', 'floating', 'overseas']);
export const personStatusSchema = z.enum(['active', 'moved_out', 'deceased', 'elsewhere']);
export const roomStatusSchema = z.enum(['self_occupied', 'rented', 'vacant', 'business']);
export const residenceTypeSchema = z.enum(['hukou', 'living', 'renting']);
export const sourceSchema = z.enum(['entered', 'claimed', 'verified']);
export const tagLevelSchema = z.enum(['normal', 'attention', 'key']);

// ── housing ──
export const createBuildingSchema = z.object({
  gridId: z.uuid(),
  address: text(200),
  name: optText(100),
  number: optText(40),
  lng: z.number().min(-180).max(180).nullable().optional(),
  lat: z.number().min(-90).max(90).nullable().optional(),
  floors: z.number().int().min(1).max(200).nullable().optional(),
  use: z.enum(['residential', 'commercial', 'mixed', 'office', 'industrial', 'public', 'other']).optional(),
  /** unit numbers to create with the building, e.g. ['1', '2'] */
  units: z.array(text(20)).max(50).optional(),
}).strict();
export const updateBuildingSchema = createBuildingSchema.omit({ gridId: true, units: true }).partial().strict();

export const createUnitSchema = z.object({ unitNo: text(20) }).strict();

export const createRoomSchema = z.object({
  buildingId: z.uuid(),
  unitId: z.uuid().nullable().optional(),
  floor: z.number().int().min(-10).max(200).nullable().optional(),
  roomNo: text(20),
  area: z.number().min(0).max(1_000_000).nullable().optional(),
  use: z.enum(['residential', 'commercial', 'office', 'storage', 'other']).optional(),
  ownership: z.enum(['private', 'public', 'rented_public', 'collective', 'unit', 'other']).nullable().optional(),
  status: roomStatusSchema.optional(),
}).strict();
export const updateRoomSchema = createRoomSchema.pick({ floor: true, area: true, use: true, ownership: true, status: true }).partial().strict();

export const buildingQuerySchema = z.object({
  orgId: z.uuid().optional(),
  q: z.string().trim().max(100).optional(),
  ...pagingSchema,
});

// ── persons ──
const personFields = {
  name: text(50),
  formerNames: z.array(text(50)).max(10).optional(),
  gender: z.enum(['0', '1', '2', '9']).nullable().optional(),
  ethnicity: z.string().regex(/^\d{2}$/).nullable().optional(),
  birthDate: dateSchema.nullable().optional(),
  idNumber: z.string().trim().max(20).nullable().optional(),
  politicalStatus: z.string().regex(/^\d{2}$/).nullable().optional(),
  education: z.string().regex(/^\d{2}$/).nullable().optional(),
  maritalStatus: z.string().regex(/^\d{2}$/).nullable().optional(),
  occupation: optText(100),
  employer: optText(200),
  hukouAddress: optText(200),
  phones: z.array(phoneText).max(5).optional(),
  skills: z.array(text(50)).max(20).optional(),
  populationType: populationTypeSchema.optional(),
};

export const floatingSchema = z.object({
  inflowReason: optText(100),
  inflowDate: dateSchema.nullable().optional(),
  origin: optText(200),
  permitNo: optText(40),
  permitExpiry: dateSchema.nullable().optional(),
}).strict();

export const createPersonSchema = z.object({
  ...personFields,
  /** where the person is registered: a room (preferred), a household, or just a grid */
  gridId: z.uuid().optional(),
  roomId: z.uuid().optional(),
  householdId: z.uuid().optional(),
  relationToHead: z.string().max(20).nullable().optional(),
  residenceType: residenceTypeSchema.optional(),
  fromDate: dateSchema.optional(),
  source: sourceSchema.optional(),
  floating: floatingSchema.optional(),
}).strict();

export const updatePersonSchema = z.object({
  ...personFields,
  name: personFields.name.optional(),
}).strict();

export const PERSON_LIST_FIELDS = [
  'name', 'gender', 'age', 'birthDate', 'ethnicity', 'idNumber', 'phones', 'populationType', 'status', 'grid',
  'address', 'householdNo', 'politicalStatus', 'education', 'maritalStatus', 'occupation', 'employer', 'skills', 'tags',
] as const;
export type PersonListField = (typeof PERSON_LIST_FIELDS)[number];

export const personQuerySchema = z.object({
  orgId: z.uuid().optional(),
  populationType: populationTypeSchema.optional(),
  status: z.union([personStatusSchema, z.literal('all')]).default('active'),
  tag: z.string().max(40).optional(),
  level: tagLevelSchema.optional(),
  ageMin: z.coerce.number().int().min(0).max(150).optional(),
  ageMax: z.coerce.number().int().min(0).max(150).optional(),
  q: z.string().trim().max(50).optional(),
  fields: z.string().max(500).optional(),
  ...pagingSchema,
});

export const unmaskSchema = z.object({ field: z.enum(['idNumber', 'phones']) }).strict();

export const personEventSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('move_in'),
    date: dateSchema,
    roomId: z.uuid().optional(),
    householdId: z.uuid().optional(),
    type: residenceTypeSchema.default('living'),
    relationToHead: z.string().max(20).nullable().optional(),
    source: sourceSchema.optional(),
  }).strict(),
  z.object({ kind: z.literal('move_out'), date: dateSchema, destination: optText(200) }).strict(),
  z.object({ kind: z.literal('death'), date: dateSchema }).strict(),
  z.object({ kind: z.literal('elsewhere'), date: dateSchema, place: optText(200) }).strict(),
  z.object({ kind: z.literal('return'), date: dateSchema }).strict(),
]);

// ── households ──
export const createHouseholdSchema = z.object({
  householdNo: z.string().trim().min(1).max(40).optional(),
  kind: z.enum(['family', 'collective']).optional(),
  roomId: z.uuid().optional(),
  gridId: z.uuid().optional(),
  headPersonId: z.uuid().optional(),
}).strict();
export const setHeadSchema = z.object({ personId: z.uuid() }).strict();
export const addMemberSchema = z.object({
  personId: z.uuid(),
  relationToHead: z.string().max(20).nullable().optional(),
  type: residenceTypeSchema.default('hukou'),
  fromDate: dateSchema.optional(),
  source: sourceSchema.optional(),
}).strict();
export const householdQuerySchema = z.object({
  orgId: z.uuid().optional(),
  q: z.string().trim().max(100).optional(),
  ...pagingSchema,
});

// ── floating, rentals, entities ──
export const floatingQuerySchema = z.object({
  orgId: z.uuid().optional(),
  expiringWithinDays: z.coerce.number().int().min(0).max(3650).optional(),
  /** exact reason for inflow (务工, 经商, 投靠亲友 …) */
  inflowReason: z.string().trim().min(1).max(100).optional(),
  ...pagingSchema,
});

export const createRentalSchema = z.object({
  landlordPersonId: z.uuid().optional(),
  landlordName: text(50).optional(),
  landlordPhone: phoneText.optional(),
  householdId: z.uuid().optional(),
  contractFrom: dateSchema.nullable().optional(),
  contractTo: dateSchema.nullable().optional(),
  roomIds: z.array(z.uuid()).min(1).max(200),
  note: optText(500),
}).strict();
export const addTenantSchema = z.object({
  personId: z.uuid(),
  roomId: z.uuid().optional(),
  fromDate: dateSchema.optional(),
}).strict();
export const endRentalSchema = z.object({ date: dateSchema }).strict();
export const rentalQuerySchema = z.object({
  orgId: z.uuid().optional(),
  status: z.enum(['active', 'ended', 'all']).default('active'),
  ...pagingSchema,
});

export const entityTypeSchema = z.enum(['enterprise', 'individual', 'government', 'institution', 'social_org', 'other']);
export const createEntitySchema = z.object({
  gridId: z.uuid().optional(),
  buildingId: z.uuid().optional(),
  roomId: z.uuid().optional(),
  uscc: z.string().trim().max(30).nullable().optional(),
  name: text(200),
  type: entityTypeSchema.optional(),
  legalRep: optText(50),
  phone: phoneText.nullable().optional(),
  employees: z.number().int().min(0).max(10_000_000).nullable().optional(),
  keyUnit: z.boolean().optional(),
  address: optText(200),
}).strict();
export const updateEntitySchema = createEntitySchema.omit({ gridId: true, buildingId: true, roomId: true }).partial()
  .extend({ status: z.enum(['active', 'closed']).optional() }).strict();
export const entityQuerySchema = z.object({
  orgId: z.uuid().optional(),
  type: entityTypeSchema.optional(),
  keyUnit: z.stringbool().optional(),
  q: z.string().trim().max(100).optional(),
  ...pagingSchema,
});

// ── tags ──
export const tagTypeSchema = z.object({
  code: z.string().regex(/^[a-z][a-z0-9_]{1,39}$/),
  nameZh: text(40),
  nameEn: text(80),
  sensitive: z.boolean().default(false),
  visibleRoles: z.array(z.string().max(40)).max(30).default([]),
  active: z.boolean().optional(),
  sort: z.number().int().min(0).max(10_000).optional(),
}).strict();
export const updateTagTypeSchema = tagTypeSchema.omit({ code: true }).partial().strict();

export const addTagSchema = z.object({
  tagCode: z.string().max(40),
  level: tagLevelSchema.default('normal'),
  reason: optText(500),
  startDate: dateSchema.optional(),
  responsibleStaffId: z.uuid().nullable().optional(),
}).strict();
export const updateTagSchema = z.object({
  level: tagLevelSchema.optional(),
  reason: optText(500),
  responsibleStaffId: z.uuid().nullable().optional(),
}).strict();
export const endTagSchema = z.object({ endDate: dateSchema.optional(), reason: optText(500) }).strict();

// ── search ──
export const searchQuerySchema = z.object({
  q: z.string().trim().min(1).max(50),
  limit: z.coerce.number().int().min(1).max(50).default(10),
  kinds: z.string().max(100).optional(),
});

export type CreateBuildingInput = z.infer<typeof createBuildingSchema>;
export type UpdateBuildingInput = z.infer<typeof updateBuildingSchema>;
export type CreateRoomInput = z.infer<typeof createRoomSchema>;
export type UpdateRoomInput = z.infer<typeof updateRoomSchema>;
export type BuildingQuery = z.infer<typeof buildingQuerySchema>;
export type CreatePersonInput = z.infer<typeof createPersonSchema>;
export type UpdatePersonInput = z.infer<typeof updatePersonSchema>;
export type PersonQuery = z.infer<typeof personQuerySchema>;
export type PersonEvent = z.infer<typeof personEventSchema>;
export type FloatingInput = z.infer<typeof floatingSchema>;
export type CreateHouseholdInput = z.infer<typeof createHouseholdSchema>;
export type AddMemberInput = z.infer<typeof addMemberSchema>;
export type HouseholdQuery = z.infer<typeof householdQuerySchema>;
export type FloatingQuery = z.infer<typeof floatingQuerySchema>;
export type CreateRentalInput = z.infer<typeof createRentalSchema>;
export type AddTenantInput = z.infer<typeof addTenantSchema>;
export type RentalQuery = z.infer<typeof rentalQuerySchema>;
export type CreateEntityInput = z.infer<typeof createEntitySchema>;
export type UpdateEntityInput = z.infer<typeof updateEntitySchema>;
export type EntityQuery = z.infer<typeof entityQuerySchema>;
export type TagTypeInput = z.infer<typeof tagTypeSchema>;
export type UpdateTagTypeInput = z.infer<typeof updateTagTypeSchema>;
export type AddTagInput = z.infer<typeof addTagSchema>;
export type UpdateTagInput = z.infer<typeof updateTagSchema>;
export type EndTagInput = z.infer<typeof endTagSchema>;
export type SearchQuery = z.infer<typeof searchQuerySchema>;
