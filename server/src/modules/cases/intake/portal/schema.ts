import { z } from 'zod';

const mobile = z.string().trim().regex(/^1\d{10}$/, 'an 11-digit mainland mobile number starting with 1');

/** Photos travel inline as base64 (phone pages post one JSON body); bytes are checked by content on the server. */
export const photoSchema = z.object({ dataBase64: z.string().min(8).max(7_000_000) });

/** Where: a grid (by id or by the code on the public grid card), coordinates, an address, or the street. */
export const portalLocationSchema = z.object({
  gridId: z.uuid().optional(),
  gridCode: z.string().regex(/^\d{12,17}$/).optional(),
  communityCode: z.string().regex(/^\d{12}$/).optional(),
  streetCode: z.string().regex(/^\d{9}$/).optional(),
  lng: z.number().min(-180).max(180).optional(),
  lat: z.number().min(-90).max(90).optional(),
  address: z.string().trim().max(300).optional(),
}).refine((l) => (l.lng === undefined) === (l.lat === undefined), { message: 'lng and lat go together', path: ['lng'] });
export type PortalLocation = z.infer<typeof portalLocationSchema>;

const reportFields = {
  /** category code or id (GET /api/portal/categories) */
  category: z.string().trim().min(1).max(64),
  title: z.string().trim().min(1).max(200).optional(),
  description: z.string().trim().min(1).max(5000),
  location: portalLocationSchema,
  urgency: z.enum(['normal', 'urgent', 'emergency']).default('normal'),
  photos: z.array(photoSchema).max(4).default([]),
};

export const residentReportSchema = z.object(reportFields);
export type ResidentReport = z.infer<typeof residentReportSchema>;

export const anonymousReportSchema = z.object({
  ...reportFields,
  phone: mobile,
  name: z.string().trim().min(1).max(50).optional(),
});
export type AnonymousReport = z.infer<typeof anonymousReportSchema>;

export const ratingSchema = z.object({
  satisfaction: z.enum(['satisfied', 'basically_satisfied', 'unsatisfied']),
  resolved: z.boolean(),
  comment: z.string().trim().max(500).optional(),
});
export type Rating = z.infer<typeof ratingSchema>;

export const lookupSchema = z.object({
  number: z.string().trim().regex(/^\d{9}-\d{8}-\d{4,}$/),
  code: z.string().trim().min(6).max(16),
});

export const categoriesQuerySchema = z.object({
  streetCode: z.string().regex(/^\d{9}$/).optional(),
  communityCode: z.string().regex(/^\d{12}$/).optional(),
  gridCode: z.string().regex(/^\d{12,17}$/).optional(),
});
