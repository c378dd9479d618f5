/**
 * Open311 GeoReport v2 ↔ Rongzhi cases: field names, parsing of form-encoded and JSON bodies,
 * validation, and the public shape of a request. Pure functions; the routes do the I/O.
 * Spec: http://wiki.open311.org/GeoReport_v2
 */
import { z } from 'zod';
import { maskPersonalData } from '../../../../platform/log.js';
import type { CaseState } from '../../tables.js';
import { publicStatus, stateNote } from '../states.js';

/** One entry of the Open311 error array: `[{ code, description }]`. */
export interface Open311Error {
  code: number;
  description: string;
}

export class Open311Failure extends Error {
  constructor(readonly status: number, readonly errors: Open311Error[]) {
    super(errors.map((e) => e.description).join('; '));
  }
}

export const open311Error = (status: number, en: string, zh: string) => new Open311Failure(status, [{ code: status, description: `${en} / ${zh}` }]);

/**
 * application/x-www-form-urlencoded → a flat object. `attribute[CODE]=v` stays a key of its own;
 * `attribute[CODE][]=a&attribute[CODE][]=b` (multivaluelist) becomes an array.
 */
export function parseForm(body: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [rawKey, value] of new URLSearchParams(body)) {
    if (rawKey.endsWith('[]')) {
      const key = rawKey.slice(0, -2);
      const prior = out[key];
      out[key] = Array.isArray(prior) ? [...prior, value] : prior === undefined ? [value] : [prior, value];
    } else {
      out[rawKey] = value;
    }
  }
  return out;
}

/** Pulls `attribute[CODE]` keys (form style) and an `attribute` object (JSON style) into one map. */
export function collectAttributes(body: Record<string, unknown>): Record<string, string | string[]> {
  const attrs: Record<string, string | string[]> = {};
  const nested = body.attribute;
  if (nested && typeof nested === 'object' && !Array.isArray(nested)) {
    for (const [k, v] of Object.entries(nested as Record<string, unknown>)) attrs[k] = Array.isArray(v) ? v.map(String) : String(v);
  }
  for (const [k, v] of Object.entries(body)) {
    const m = /^attribute\[([^\]]+)\]$/.exec(k);
    if (m) attrs[m[1]] = Array.isArray(v) ? v.map(String) : String(v);
  }
  return attrs;
}

const optionalText = (max: number) => z.preprocess((v) => (v === '' || v === null ? undefined : v), z.string().trim().max(max).optional());
const optionalNumber = (min: number, max: number) =>
  z.preprocess((v) => (v === '' || v === null || v === undefined ? undefined : Number(v)), z.number().min(min).max(max).optional());

/** The request fields of POST /requests.json, per the GeoReport v2 field list. */
export const open311PostSchema = z.object({
  api_key: z.string().min(1).max(200),
  jurisdiction_id: optionalText(64),
  service_code: z.string().trim().min(1).max(64),
  lat: optionalNumber(-90, 90),
  long: optionalNumber(-180, 180),
  address_string: optionalText(300),
  address_id: optionalText(100),
  email: z.preprocess((v) => (v === '' ? undefined : v), z.email().max(200).optional()),
  device_id: optionalText(200),
  account_id: optionalText(200),
  first_name: optionalText(50),
  last_name: optionalText(50),
  phone: z.preprocess((v) => (v === '' ? undefined : v), z.string().trim().regex(/^[0-9+\-() ]{3,30}$/).optional()),
  description: optionalText(4000),
  media_url: z.preprocess((v) => (v === '' ? undefined : v), z.url({ protocol: /^https?$/ }).max(1000).optional()),
}).superRefine((r, ctx) => {
  if ((r.lat === undefined) !== (r.long === undefined)) {
    ctx.addIssue({ code: 'custom', path: [r.lat === undefined ? 'lat' : 'long'], message: 'lat and long go together' });
  }
  if (r.lat === undefined && !r.address_string && !r.address_id) {
    ctx.addIssue({ code: 'custom', path: ['lat'], message: 'a location is required: lat & long, address_string or address_id' });
  }
});
export type Open311Post = z.infer<typeof open311PostSchema>;

const FIELD_ZH: Record<string, string> = {
  api_key: '缺少或无效的 api_key', service_code: '缺少或无效的 service_code（事项代码）', lat: '位置（lat/long、address_string 或 address_id）缺失或无效',
  long: '经度 long 无效', email: '邮箱格式不正确', phone: '电话格式不正确', media_url: 'media_url 必须是 http(s) 地址',
  description: '描述过长（最多 4000 字）', address_string: '地址过长',
};

/** Zod issues → the Open311 error array (400), one entry per field, in English and Chinese. */
export function validationErrors(error: z.ZodError): Open311Failure {
  return new Open311Failure(400, error.issues.map((i) => {
    const field = String(i.path[0] ?? 'request');
    return { code: 400, description: `${field}: ${i.message} / ${FIELD_ZH[field] ?? '字段不符合要求'}` };
  }));
}

/** Our detailed state goes into status_notes; Open311 only knows open and closed. */
export function open311Status(state: CaseState) {
  return { status: publicStatus(state), status_notes: stateNote(state) };
}

/** The W3C date-time Open311 uses, in China Standard Time (UTC+8, no DST). */
export function w3c(d: Date | null | undefined): string | null {
  if (!d) return null;
  const shifted = new Date(d.getTime() + 8 * 3600_000);
  return shifted.toISOString().replace(/\.\d{3}Z$/, '+08:00');
}

export interface PublicCaseRow {
  number: string;
  state: CaseState;
  category_code: string;
  category_name: string;
  description: string;
  address: string | null;
  room_id: string | null;
  lat: number | null;
  lng: number | null;
  agency: string | null;
  created_at: Date;
  updated_at: Date;
  handle_due: Date | null;
  address_id: string | null;
  media_url: string | null;
}

/**
 * A case as an Open311 service request. Requests are public, so nothing identifies the reporter:
 * no names, phones, emails or device ids; phone- and ID-shaped text in the description is masked;
 * an address that names a room (a home) is replaced by nothing.
 */
export function toOpen311Request(c: PublicCaseRow) {
  return {
    service_request_id: c.number,
    ...open311Status(c.state),
    service_name: c.category_name,
    service_code: c.category_code,
    description: maskPersonalData(c.description),
    agency_responsible: c.agency,
    service_notice: null,
    requested_datetime: w3c(c.created_at),
    updated_datetime: w3c(c.updated_at),
    expected_datetime: w3c(c.handle_due),
    address: c.room_id || !c.address ? null : maskPersonalData(c.address),
    address_id: c.room_id ? null : c.address_id,
    zipcode: null,
    lat: c.lat,
    long: c.lng,
    media_url: c.media_url,
  };
}

/** A short title for a case created from Open311, which has none: service name + the start of the text. */
export function titleFor(serviceName: string, description: string | undefined): string {
  if (!description) return serviceName;
  const head = description.replace(/\s+/g, ' ').trim().slice(0, 40);
  return `${serviceName}：${head}${description.length > 40 ? '…' : ''}`.slice(0, 200);
}

/** Parses the comma-separated list filters of GET /requests.json. */
export function csv(value: string | undefined): string[] {
  return (value ?? '').split(',').map((s) => s.trim()).filter(Boolean);
}
