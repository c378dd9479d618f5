/**
 * Typed calls to the registry API (server/src/modules/registry/**). Shapes mirror the server's
 * present*() functions; everything personal arrives masked, and only unmask() returns whole values.
 */
import { ApiError, http } from '../../api/client';
import type { Problem } from '../../api/types';

export type PopulationType = 'registered' | 'resident' | 'floating' | 'overseas';
export type PersonStatus = 'active' | 'moved_out' | 'deceased' | 'elsewhere';
export type RoomStatus = 'self_occupied' | 'rented' | 'vacant' | 'business';
export type TagLevel = 'normal' | 'attention' | 'key';
export type ImportKind = 'persons' | 'households' | 'rooms' | 'rentals' | 'entities';
export type ListKind = 'persons' | 'households' | 'buildings' | 'entities' | 'rentals';

export interface Paged<T> { items: T[]; total: number; page: number; pageSize: number }

export interface TagRef { tagCode: string; nameZh: string; level: TagLevel }

/** A row of the persons list: which keys are present depends on the chosen fields. */
export interface PersonListItem {
  id: string;
  sensitive: boolean;
  name?: string;
  gender?: string | null; genderLabel?: string | null;
  age?: number | null;
  birthDate?: string | null;
  ethnicity?: string | null; ethnicityLabel?: string | null;
  idNumberMasked?: string | null;
  phonesMasked?: string[];
  populationType?: PopulationType; populationTypeLabel?: string | null;
  status?: PersonStatus; statusLabel?: string | null;
  gridId?: string; gridName?: string | null;
  address?: string | null;
  householdNo?: string | null;
  politicalStatusLabel?: string | null;
  educationLabel?: string | null;
  maritalStatusLabel?: string | null;
  occupation?: string | null;
  employer?: string | null;
  skills?: string[];
  tags?: TagRef[];
}

export interface PersonBasic {
  id: string; name: string; formerNames: string[];
  gender: string | null; genderLabel: string | null;
  ethnicity: string | null; ethnicityLabel: string | null;
  birthDate: string | null; age: number | null;
  idNumberMasked: string | null; phonesMasked: string[];
  politicalStatus: string | null; politicalStatusLabel: string | null;
  education: string | null; educationLabel: string | null;
  maritalStatus: string | null; maritalStatusLabel: string | null;
  occupation: string | null; employer: string | null; hukouAddress: string | null; skills: string[];
  populationType: PopulationType; populationTypeLabel: string | null;
  status: PersonStatus; statusLabel: string | null; statusDate: string | null;
  gridId: string; gridName?: string | null;
  sensitive: boolean;
  createdAt: string; updatedAt: string;
}

export interface Residence {
  id: string; roomId: string | null; householdId: string | null; householdNo: string | null; address: string | null;
  type: string; typeLabel: string | null; relationToHead: string | null; relationLabel: string | null;
  fromDate: string | null; toDate: string | null; endReason: string | null; source: string; sourceLabel: string | null; current: boolean;
}

export interface Member {
  id: string; name: string; gender: string | null; genderLabel: string | null; age: number | null;
  idNumberMasked: string | null; status: string; sensitive: boolean;
  populationType?: PopulationType; relationToHead: string | null; relationLabel: string | null; residenceType?: string; fromDate?: string | null;
}

export interface PersonTag {
  id: string; tagCode: string; nameZh: string; nameEn: string; sensitive: boolean; level: TagLevel; levelLabel: string | null;
  reason: string | null; startDate: string | null; endDate: string | null; responsibleStaffId: string | null;
  responsibleStaffName: string | null; active: boolean;
}

export interface Floating {
  id: string; personId: string; inflowReason: string | null; inflowDate: string | null; origin: string | null;
  permitNo: string | null; permitExpiry: string | null;
}

export interface HistoryRow { id: string; entityType: string; field: string; oldValue: string | null; newValue: string | null; actorName: string | null; at: string }

export interface PersonDetail {
  basic: PersonBasic;
  residences: Residence[];
  household: { id: string; householdNo: string; kind: string; address: string | null; headPersonId: string | null; members: Member[] } | null;
  tags: PersonTag[];
  floating: Floating | null;
  history: HistoryRow[];
}

export interface HouseholdListItem {
  id: string; householdNo: string; kind: string; kindLabel: string | null; address: string | null; status: string; headName: string | null; members: number;
}
export interface HouseholdDetail {
  id: string; householdNo: string; kind: string; kindLabel: string | null; status: string; roomId: string | null; address: string | null;
  headPersonId: string | null; gridId: string | null; gridName: string | null; members: Member[];
}

export interface BuildingListItem {
  id: string; gridId: string; address: string; name: string | null; number: string | null; floors: number | null;
  use: string; useLabel: string | null; rooms: Partial<Record<RoomStatus, number>>; gridName?: string | null;
}
export interface RoomCell {
  id: string; buildingId: string; unitId: string | null; floor: number | null; roomNo: string; area: number | null;
  use: string; useLabel: string | null; ownership: string | null; ownershipLabel: string | null;
  status: RoomStatus; statusLabel: string | null; address: string; occupants: number;
}
export interface BuildingDetail extends BuildingListItem {
  gridName: string | null;
  units: Array<{ id: string | null; unitNo: string | null; floors: Array<{ floor: number | null; rooms: RoomCell[] }> }>;
  statusCounts: Partial<Record<RoomStatus, number>>;
}
export interface RoomDetail extends Omit<RoomCell, 'occupants'> {
  households: Array<{ id: string; householdNo: string; kind: string; headPersonId: string | null; status: string }>;
  residents: Array<{ id: string; name: string; gender: string | null; age: number | null; sensitive: boolean; idNumberMasked: string | null; householdId: string | null; residenceType: string; relationToHead: string | null; relationLabel: string | null }>;
  rentals: Array<{ id: string; landlordName: string; status: string }>;
}

export interface EntityListItem {
  id: string; name: string; uscc: string | null; usccValid?: boolean; type: string; typeLabel?: string | null; legalRep: string | null;
  phoneMasked?: string | null; employees: number | null; keyUnit: boolean; address: string | null; gridId?: string; gridName?: string | null; status: string;
  roomId?: string | null;
}

export interface RentalListItem {
  id: string; landlordName: string; landlordPhoneMasked?: string | null; landlordPersonId?: string | null; householdId?: string | null;
  contractFrom: string | null; contractTo: string | null; status: string; rooms?: number | Array<{ id: string; address: string }>;
  tenants?: number | Array<{ id: string; name: string }>; address?: string | null; gridName?: string | null;
}

export interface TagType { code: string; nameZh: string; nameEn: string; sensitive: boolean; visibleRoles?: string[]; active?: boolean; sort?: number }
export interface TagTypeInput { code?: string; nameZh?: string; nameEn?: string; sensitive?: boolean; visibleRoles?: string[]; active?: boolean; sort?: number }

/** A warning the server attached to a saved record (e.g. a credit code whose check digit fails). */
export interface SaveWarning { code: string; path?: string; message: string; message_zh: string }

export interface PersonInput {
  name?: string; formerNames?: string[]; gender?: string | null; ethnicity?: string | null; birthDate?: string | null; idNumber?: string | null;
  politicalStatus?: string | null; education?: string | null; maritalStatus?: string | null; occupation?: string | null; employer?: string | null;
  hukouAddress?: string | null; phones?: string[]; skills?: string[]; populationType?: PopulationType;
  gridId?: string; roomId?: string; householdId?: string; relationToHead?: string | null; residenceType?: 'hukou' | 'living' | 'renting'; fromDate?: string;
  floating?: FloatingInput;
}
export interface FloatingInput { inflowReason?: string | null; inflowDate?: string | null; origin?: string | null; permitNo?: string | null; permitExpiry?: string | null }
export type PersonEvent =
  | { kind: 'move_in'; date: string; roomId?: string; householdId?: string; type?: 'hukou' | 'living' | 'renting'; relationToHead?: string | null }
  | { kind: 'move_out'; date: string; destination?: string | null }
  | { kind: 'death'; date: string }
  | { kind: 'elsewhere'; date: string; place?: string | null }
  | { kind: 'return'; date: string };

export interface BuildingInput { gridId?: string; address?: string; name?: string | null; number?: string | null; lng?: number | null; lat?: number | null; floors?: number | null; use?: string; units?: string[] }
export interface RoomInput { buildingId?: string; unitId?: string | null; floor?: number | null; roomNo?: string; area?: number | null; use?: string; ownership?: string | null; status?: RoomStatus }
export interface EntityInput { gridId?: string; buildingId?: string; roomId?: string; uscc?: string | null; name?: string; type?: string; legalRep?: string | null; phone?: string | null; employees?: number | null; keyUnit?: boolean; address?: string | null; status?: 'active' | 'closed' }
export interface RentalInput { landlordPersonId?: string; landlordName?: string; landlordPhone?: string; householdId?: string; contractFrom?: string | null; contractTo?: string | null; roomIds: string[]; note?: string | null }
export interface RentalDetail {
  id: string; landlordName: string; landlordPersonId: string | null; status: string; contractFrom: string | null; contractTo: string | null;
  rooms: Array<{ id: string; address: string }>; tenants: Array<{ id: string; name: string; roomId?: string | null; fromDate?: string | null; toDate?: string | null }>;
  [k: string]: unknown;
}

export interface FloatingRow extends Floating {
  person: { id: string; name: string; gender: string | null; age: number | null; idNumberMasked: string | null; status: string; sensitive: boolean };
}
export interface Reminder { id: string; kind: string; dueDate: string | null; createdAt: string; person: FloatingRow['person'] }

export interface SearchHit {
  kind: 'person' | 'household' | 'room' | 'building' | 'entity';
  id: string; title: string; subtitle: string | null; gridName: string | null; status: string | null;
  idNumberMasked?: string | null; phoneMasked?: string | null; age?: number | null; gender?: string | null; address?: string | null;
  sensitive: boolean;
}

export interface CodeItem { code: string; zh: string; en?: string }
export type CodeTables = Record<string, { standard: string | null; items: CodeItem[] }>;

export interface RowIssue { row: number; column: string; value?: string; reason_zh: string; reason: string; severity: 'error' | 'warning' }
export type ImportStatus = 'queued' | 'running' | 'done' | 'failed';
export interface ImportJob {
  id: string; kind: ImportKind; kindZh?: string; format: string; fileName: string | null; orgId: string; status: ImportStatus;
  totalRows: number; processedRows: number; progress: number; inserted: number; skipped: number; badRows: number; warnings: number;
  issues: RowIssue[]; issuesTruncated?: boolean; failure: string | null; createdBy: string | null; createdAt: string;
  startedAt: string | null; finishedAt: string | null;
}
export interface ImportPreview {
  kind: ImportKind; format: string; orgId: string;
  columns: Array<{ key: string; header: string }>;
  unknownHeaders: string[];
  previewed: number; truncated: boolean;
  rows: Array<{ row: number; cells: Record<string, string>; ok: boolean; issues: RowIssue[] }>;
}

export interface RegistryStats {
  org: { id: string; name: string; kind: string };
  asOf: string;
  grids: number;
  households: number;
  persons: { total: number; byType: Record<PopulationType, number> };
  floating: number;
  rentals: { households: number; rooms: number; tenants: number };
  keyPersons: number;
  tags: Array<{ code: string; nameZh: string; nameEn: string; sensitive: boolean; total: number; normal: number; attention: number; key: number }>;
  agePyramid: Array<{ band: string; male: number; female: number }>;
  entities: { total: number; keyUnits: number; byType: Record<string, number> };
  children: Array<{ id: string; name: string; kind: string; households: number; persons: number; floating: number }>;
}

const B = '/api/registry';
type Q = Record<string, string | number | boolean | undefined | null>;

export const registryApi = {
  codes: () => http.get<CodeTables>(`${B}/codes`),
  search: (q: string, limit = 8, signal?: AbortSignal) => http.get<{ q: string; items: SearchHit[]; byKind: Record<string, number> }>(`${B}/search`, { query: { q, limit }, signal }),

  searchKinds: (q: string, kinds: string, limit = 10) => http.get<{ q: string; items: SearchHit[] }>(`${B}/search`, { query: { q, limit, kinds } }),
  persons: (q: Q) => http.get<Paged<PersonListItem> & { fields: string[] }>(`${B}/persons`, { query: q }),
  person: (id: string) => http.get<PersonDetail>(`${B}/persons/${id}`),
  unmask: (id: string, field: 'idNumber' | 'phones') => http.post<{ idNumber?: string | null; phones?: string[] }>(`${B}/persons/${id}/unmask`, { field }),
  addTag: (personId: string, body: { tagCode: string; level: TagLevel; reason?: string | null; startDate?: string }, key: string) =>
    http.post<PersonTag & { existing?: boolean }>(`${B}/persons/${personId}/tags`, body, { idempotencyKey: key }),
  endTag: (personId: string, tagId: string, body: { endDate?: string; reason?: string | null }) =>
    http.post<PersonTag>(`${B}/persons/${personId}/tags/${tagId}/end`, body),
  tagTypes: () => http.get<{ items: TagType[] } | TagType[]>(`${B}/tag-types`).then((r) => (Array.isArray(r) ? r : r.items)),

  households: (q: Q) => http.get<Paged<HouseholdListItem>>(`${B}/households`, { query: q }),
  household: (id: string) => http.get<HouseholdDetail>(`${B}/households/${id}`),
  householdCardUrl: (id: string) => `${B}/households/${id}/card.html`,

  buildings: (q: Q) => http.get<Paged<BuildingListItem>>(`${B}/buildings`, { query: q }),
  building: (id: string) => http.get<BuildingDetail>(`${B}/buildings/${id}`),
  room: (id: string) => http.get<RoomDetail>(`${B}/rooms/${id}`),

  entities: (q: Q) => http.get<Paged<EntityListItem>>(`${B}/entities`, { query: q }),
  rentals: (q: Q) => http.get<Paged<RentalListItem>>(`${B}/rentals`, { query: q }),

  // ── writes ──
  createPerson: (body: PersonInput, key: string) => http.post<PersonBasic & { warnings?: SaveWarning[] }>(`${B}/persons`, body, { idempotencyKey: key }),
  updatePerson: (id: string, body: PersonInput) => http.patch<PersonBasic & { warnings?: SaveWarning[] }>(`${B}/persons/${id}`, body),
  personEvent: (id: string, body: PersonEvent) => http.post<unknown>(`${B}/persons/${id}/events`, body),
  setFloating: (id: string, body: FloatingInput) => http.put<Floating>(`${B}/persons/${id}/floating`, body),
  createBuilding: (body: BuildingInput, key: string) => http.post<BuildingListItem & { units: Array<{ id: string; unitNo: string }> }>(`${B}/buildings`, body, { idempotencyKey: key }),
  updateBuilding: (id: string, body: BuildingInput) => http.patch<BuildingListItem>(`${B}/buildings/${id}`, body),
  createUnit: (buildingId: string, unitNo: string, key: string) => http.post<{ id: string; unitNo: string }>(`${B}/buildings/${buildingId}/units`, { unitNo }, { idempotencyKey: key }),
  createRoom: (body: RoomInput, key: string) => http.post<RoomCell>(`${B}/rooms`, body, { idempotencyKey: key }),
  updateRoom: (id: string, body: RoomInput) => http.patch<RoomCell>(`${B}/rooms/${id}`, body),
  createHousehold: (body: { householdNo?: string; kind?: string; roomId?: string; gridId?: string; headPersonId?: string }, key: string) =>
    http.post<HouseholdDetail>(`${B}/households`, body, { idempotencyKey: key }),
  addMember: (id: string, body: { personId: string; relationToHead?: string | null; type?: string; fromDate?: string }) => http.post<unknown>(`${B}/households/${id}/members`, body),
  setHead: (id: string, personId: string) => http.put<unknown>(`${B}/households/${id}/head`, { personId }),
  createRental: (body: RentalInput, key: string) => http.post<RentalDetail>(`${B}/rentals`, body, { idempotencyKey: key }),
  rental: (id: string) => http.get<RentalDetail>(`${B}/rentals/${id}`),
  addTenant: (id: string, body: { personId: string; roomId?: string; fromDate?: string }) => http.post<unknown>(`${B}/rentals/${id}/tenants`, body),
  endRental: (id: string, date: string) => http.post<unknown>(`${B}/rentals/${id}/end`, { date }),
  entity: (id: string) => http.get<EntityListItem & { warnings?: SaveWarning[] }>(`${B}/entities/${id}`),
  createEntity: (body: EntityInput, key: string) => http.post<EntityListItem & { warnings?: SaveWarning[] }>(`${B}/entities`, body, { idempotencyKey: key }),
  updateEntity: (id: string, body: EntityInput) => http.patch<EntityListItem & { warnings?: SaveWarning[] }>(`${B}/entities/${id}`, body),
  floating: (q: Q) => http.get<Paged<FloatingRow>>(`${B}/floating`, { query: q }),
  reminders: () => http.get<{ items: Reminder[] }>(`${B}/reminders`),
  reminderDone: (id: string) => http.post<{ id: string; done: boolean }>(`${B}/reminders/${id}/done`),
  tagTypesAll: () => http.get<{ items: TagType[] }>(`${B}/tag-types`).then((r) => r.items),
  createTagType: (body: TagTypeInput) => http.post<TagType>(`${B}/tag-types`, body),
  updateTagType: (code: string, body: TagTypeInput) => http.patch<TagType>(`${B}/tag-types/${code}`, body),

  stats: (orgId?: string) => http.get<RegistryStats>(`${B}/stats`, { query: { orgId } }),

  templateUrl: (kind: ImportKind, format: 'xlsx' | 'csv') => `${B}/import/templates/${kind}.${format}`,
  /** the server's export kinds: a building list exports its rooms */
  exportUrl: (kind: ListKind, format: 'xlsx' | 'csv', q: Q) => withQuery(`${B}/export/${kind === 'buildings' ? 'rooms' : kind}`, { ...q, format }),
  preview: (kind: ImportKind, file: File, orgId: string | undefined) => upload<ImportPreview>(`${B}/import/${kind}/preview`, file, { orgId }),
  /** starts the background job (202); progress is polled with job() */
  commit: (kind: ImportKind, file: File, orgId: string | undefined, key: string) => upload<ImportJob>(`${B}/import/${kind}`, file, { orgId }, key),
  job: (id: string) => http.get<ImportJob>(`${B}/import/jobs/${id}`),
  jobs: () => http.get<{ items: ImportJob[]; total: number }>(`${B}/import/jobs`),
  reportUrl: (id: string, format: 'xlsx' | 'csv' = 'xlsx') => `${B}/import/jobs/${id}/report?format=${format}`,
};

export function withQuery(path: string, q: Q): string {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== null && v !== '') qs.set(k, String(v));
  const s = qs.toString();
  return s ? `${path}?${s}` : path;
}

/**
 * Sends a spreadsheet as the raw request body (the server reads the bytes; the file name and
 * format travel in the query), and turns a problem+json answer into the same ApiError as http.*.
 */
async function upload<T>(path: string, file: File, q: Q, idempotencyKey?: string): Promise<T> {
  const csv = file.name.toLowerCase().endsWith('.csv');
  const headers: Record<string, string> = {
    accept: 'application/json, application/problem+json',
    'content-type': csv ? 'text/csv' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  };
  if (idempotencyKey) headers['idempotency-key'] = idempotencyKey;
  let res: Response;
  try {
    res = await fetch(withQuery(path, { ...q, fileName: file.name, format: csv ? 'csv' : 'xlsx' }), { method: 'POST', headers, body: file, credentials: 'same-origin' });
  } catch {
    throw new ApiError({ type: 'about:blank', status: 0, title: 'Network error', title_zh: '网络错误，请检查连接后重试' });
  }
  const text = await res.text();
  let data: unknown;
  try { data = text ? JSON.parse(text) : undefined; } catch { /* not JSON */ }
  if (!res.ok) {
    const p = (data && typeof data === 'object' ? data : {}) as Partial<Problem>;
    throw new ApiError({
      type: p.type ?? 'about:blank', status: p.status ?? res.status, title: p.title ?? `HTTP ${res.status}`,
      title_zh: p.title_zh ?? p.title ?? `请求失败（${res.status}）`, detail: p.detail, errors: p.errors,
    });
  }
  return data as T;
}

/** Downloads a file from a GET url (export, template, bad rows) keeping the server's problem on failure. */
export async function download(url: string, fallbackName: string): Promise<void> {
  let res: Response;
  try {
    res = await fetch(url, { credentials: 'same-origin' });
  } catch {
    throw new ApiError({ type: 'about:blank', status: 0, title: 'Network error', title_zh: '网络错误，请检查连接后重试' });
  }
  if (!res.ok) {
    let p: Partial<Problem> = {};
    try { p = await res.json(); } catch { /* not JSON */ }
    throw new ApiError({ type: p.type ?? 'about:blank', status: p.status ?? res.status, title: p.title ?? `HTTP ${res.status}`, title_zh: p.title_zh ?? p.title ?? `请求失败（${res.status}）`, detail: p.detail });
  }
  const blob = await res.blob();
  const cd = res.headers.get('content-disposition') ?? '';
  const m = /filename\*=UTF-8''([^;]+)/i.exec(cd) ?? /filename="?([^";]+)"?/i.exec(cd);
  const name = m ? decodeURIComponent(m[1]!) : fallbackName;
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}
