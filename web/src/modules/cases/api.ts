/**
 * Typed calls of the cases API (server/src/modules/cases/routes.ts and intake/**). The shapes
 * mirror the server's presenters (presenter.ts, inbox.ts, intake/indicators/service.ts,
 * intake/portal, intake/public); fields the UI does not need are left out.
 */
import { http, request, ApiError } from '../../api/client';
import type { List } from '../../api/types';

const enc = encodeURIComponent;

export type CaseState =
  | 'reported' | 'accepted' | 'rejected' | 'dispatched' | 'returned' | 'signed' | 'in_progress'
  | 'delay_requested' | 'escalated' | 'handled' | 'closed' | 'called_back' | 'archived' | 'merged';
export type CaseChannel = 'portal' | 'grid_report' | 'hotline' | 'upper_assignment' | 'open311' | 'proactive' | 'staff';
export type Urgency = 'normal' | 'urgent' | 'emergency';
export type Satisfaction = 'satisfied' | 'basically_satisfied' | 'unsatisfied';
export type CaseAction =
  | 'accept' | 'reject' | 'dispatch' | 'sign' | 'return' | 'transfer' | 'start' | 'request_delay' | 'approve_delay' | 'refuse_delay'
  | 'escalate' | 'handle' | 'verify_pass' | 'verify_fail' | 'callback' | 'reopen' | 'archive' | 'respond' | 'supervise' | 'merge';
export type Box = 'todo' | 'done' | 'overdue' | 'supervised' | 'all';
export type TimeUnit = 'hours' | 'days' | 'working_hours' | 'working_days';

export interface CaseListItem {
  id: string; number: string; channel: CaseChannel; state: CaseState; stateZh: string; title: string;
  category: { id: string; code: string; nameZh: string };
  gridName: string | null; handlerName: string | null; urgency: Urgency; overdue: boolean;
  supervisionLevel: 'none' | 'normal' | 'yellow' | 'red';
  acceptDue: string | null; handleDue: string | null; createdAt: string | null;
  reporterName: string | null; reporterPhoneMasked: string | null;
}

export interface CaseView {
  id: string; number: string; channel: CaseChannel; state: CaseState; stateZh: string; version: number;
  category: { id: string; code: string; nameZh: string; nameEn: string };
  title: string; description: string;
  location: {
    address: string | null; buildingId: string | null; roomId: string | null; householdId: string | null; lng: number | null; lat: number | null;
    gridId: string | null; gridName: string | null; communityId: string | null; communityName: string | null;
  };
  reporter: { personId: string | null; userId: string | null; anonymous: boolean; name: string | null; phoneMasked: string | null };
  urgency: Urgency; importance: 'normal' | 'important' | 'major'; peopleInvolved: number;
  owner: { orgId: string; name: string | null } | null;
  handler: { orgId: string; name: string | null; userId: string | null; userName: string | null } | null;
  route: { orgId: string; name: string | null; auto: boolean } | null;
  deadlines: { acceptDue: string | null; acceptRedDue: string | null; respondDue: string | null; handleDue: string | null; handleRedDue: string | null; verifyDue: string | null };
  overdue: boolean; supervisionLevel: 'none' | 'normal' | 'yellow' | 'red'; handledOnTime: boolean | null;
  rejectReason: string | null; feedback: string | null; delayRequestedDays: number | null;
  counts: { rework: number; reopen: number; delay: number; transfer: number; return: number; escalation: number };
  callback: { satisfaction: Satisfaction | null; resolved: boolean | null; at: string | null } | null;
  mergedIntoId: string | null; sourceCaseIds?: string[];
  times: Record<'createdAt' | 'acceptedAt' | 'dispatchedAt' | 'signedAt' | 'respondedAt' | 'handledAt' | 'closedAt' | 'archivedAt', string | null>;
}

export interface TimelineEntry {
  id: string; action: string; fromState: string | null; toState: string | null; actorName: string | null; actorKind: string;
  orgName: string | null; note: string | null; attachmentIds?: string[]; data?: Record<string, unknown>; at: string;
}

export interface Duplicate { id: string; number: string; title: string; state: string; createdAt: string }

export interface CaseDetail {
  case: CaseView;
  timeline: TimelineEntry[];
  attachments: Array<{ id: string; mime: string; size: number; url: string }>;
  supervisions?: Array<{ id: string; stage: string; level: string; source: string; issuedBy: string | null; note: string | null; at: string }>;
  followers?: Array<{ id: string; number: string; title: string; state: string; reporterName: string | null }>;
  duplicates?: Duplicate[];
  allowedActions: CaseAction[];
}

export interface ActionBody {
  action: CaseAction; note?: string; attachmentIds?: string[]; targetOrgId?: string; days?: number;
  satisfaction?: Satisfaction; resolved?: boolean; masterId?: string; level?: 'normal' | 'yellow' | 'red'; version?: number;
}

export interface CreateCaseBody {
  channel?: CaseChannel; category: string; title: string; description: string;
  location?: { gridId?: string; buildingId?: string; roomId?: string; lng?: number; lat?: number; address?: string; streetCode?: string };
  reporter?: { name?: string; phone?: string; anonymous?: boolean };
  urgency?: Urgency; importance?: 'normal' | 'important' | 'major'; peopleInvolved?: number; attachmentIds?: string[];
}

export interface Category {
  id: string; parentId: string | null; code: string; nameZh: string; nameEn: string; sort: number; active: boolean;
  acceptLimit: number; acceptRed: number | null; acceptUnit: TimeUnit;
  respondLimit: number; respondUnit: TimeUnit;
  handleLimit: number; handleRed: number | null; handleUnit: TimeUnit;
  verifyLimit: number; verifyUnit: TimeUnit;
  warnRatio: number; escalateOnRed: boolean; duplicateWindowHours: number;
}
export type CategoryInput = Omit<Category, 'id'>;

export interface RoutingRule {
  id: string; priority: number; categoryId: string | null; areaOrgId: string | null; targetOrgId: string | null;
  autoDispatch: boolean; active: boolean; note: string | null;
  categoryName?: string | null; areaName?: string | null; targetName?: string | null;
}
export type RoutingRuleInput = Omit<RoutingRule, 'id' | 'categoryName' | 'areaName' | 'targetName'>;

export interface CalendarDay { day: string; kind: 'holiday' | 'workday'; name: string | null }
export interface CaseSettings { duplicateRadiusM: number; recurrenceThreshold: number; recurrenceWindowDays: number; sensitiveTags: string[] }

export interface InboxCounts { todo: number; overdue: number; supervised: number; unreadNotifications: number }

export type NotificationKind = 'todo' | 'overdue' | 'supervision' | 'info';
export const NOTIFICATION_KINDS: NotificationKind[] = ['todo', 'overdue', 'supervision', 'info'];
export interface Notification {
  id: string; caseId: string; caseNumber: string | null; kind: NotificationKind; title: string; body: string | null; read: boolean; at: string;
}
export interface NotificationList { items: Notification[]; total: number; page: number; pageSize: number; unreadByKind?: Partial<Record<NotificationKind, number>> }

/** An Open311 client's key as listed (the key itself is only in the answer to its creation). */
export interface ApiKey {
  id: string; orgId: string; clientName: string; contact: string | null; keyPrefix: string; createdAt: string; createdByName: string | null;
  revokedAt: string | null; lastUsedAt: string | null; requestCount: number; active: boolean;
}

/** Reads numbers defensively: numeric columns may arrive as strings. */
const num = (v: unknown): number => (typeof v === 'number' ? v : Number(v));
const numOrNull = (v: unknown): number | null => (v === null || v === undefined || v === '' ? null : Number(v));

/** The server may send categories in camelCase or as rows; normalise to `Category`. */
export function toCategory(r: Record<string, unknown>): Category {
  const g = (camel: string, snake: string) => (camel in r ? r[camel] : r[snake]);
  return {
    id: String(r.id), parentId: (g('parentId', 'parent_id') as string | null) ?? null, code: String(r.code),
    nameZh: String(g('nameZh', 'name_zh') ?? ''), nameEn: String(g('nameEn', 'name_en') ?? ''),
    sort: num(g('sort', 'sort') ?? 0), active: Boolean(g('active', 'active') ?? true),
    acceptLimit: num(g('acceptLimit', 'accept_limit')), acceptRed: numOrNull(g('acceptRed', 'accept_red')), acceptUnit: g('acceptUnit', 'accept_unit') as TimeUnit,
    respondLimit: num(g('respondLimit', 'respond_limit')), respondUnit: g('respondUnit', 'respond_unit') as TimeUnit,
    handleLimit: num(g('handleLimit', 'handle_limit')), handleRed: numOrNull(g('handleRed', 'handle_red')), handleUnit: g('handleUnit', 'handle_unit') as TimeUnit,
    verifyLimit: num(g('verifyLimit', 'verify_limit')), verifyUnit: g('verifyUnit', 'verify_unit') as TimeUnit,
    warnRatio: num(g('warnRatio', 'warn_ratio') ?? 0.75), escalateOnRed: Boolean(g('escalateOnRed', 'escalate_on_red')),
    duplicateWindowHours: num(g('duplicateWindowHours', 'duplicate_window_hours') ?? 72),
  };
}

export const casesApi = {
  list: (q: { box?: Box; state?: string; categoryId?: string; channel?: string; orgId?: string; q?: string; page?: number; pageSize?: number }) =>
    http.get<List<CaseListItem>>('/api/cases', { query: q }),
  counts: () => http.get<InboxCounts>('/api/cases/inbox/counts'),
  get: (id: string) => http.get<CaseDetail>(`/api/cases/${enc(id)}`),
  act: (id: string, body: ActionBody) => http.post<{ case: CaseView; allowedActions: CaseAction[] }>(`/api/cases/${enc(id)}/actions`, body),
  create: (body: CreateCaseBody, idempotencyKey: string) =>
    http.post<{ case: CaseView; duplicates: Duplicate[] }>('/api/cases', body, { idempotencyKey }),
  unmask: (id: string) => http.post<{ phone: string | null }>(`/api/cases/${enc(id)}/unmask`),
  notifications: (q: { unread?: boolean; kind?: NotificationKind; page?: number; pageSize?: number } = {}) => http.get<NotificationList>('/api/cases/notifications', { query: q }),
  unreadCount: () => http.get<{ unread: number }>('/api/cases/notifications/unread-count'),
  markRead: (ids: string[]) => http.post<{ updated: number }>('/api/cases/notifications/read', { ids }),
  /** every unread message of the caller (of one kind when given), beyond the page on screen */
  markAllRead: (kind?: NotificationKind) => http.post<{ updated: number }>('/api/cases/notifications/read', { all: true, kind }),
  attachmentUrl: (caseId: string, attId: string) => `/api/cases/${enc(caseId)}/attachments/${enc(attId)}`,
};

/** Uploads one image as its raw bytes (the server checks them by content) → its attachment id. */
export async function uploadAttachment(file: Blob): Promise<{ id: string; mime: string; size: number }> {
  let res: Response;
  try {
    res = await fetch('/api/cases/attachments', {
      method: 'POST', body: file, credentials: 'same-origin',
      headers: { 'content-type': file.type || 'application/octet-stream', accept: 'application/json, application/problem+json' },
    });
  } catch {
    throw new ApiError({ type: 'about:blank', status: 0, title: 'Network error', title_zh: '网络错误，请检查连接后重试' });
  }
  const data = await res.json().catch(() => ({}));
  if (!res.ok) {
    throw new ApiError({
      type: data.type ?? 'about:blank', status: res.status, title: data.title ?? `HTTP ${res.status}`,
      title_zh: data.title_zh ?? `上传失败（${res.status}）`, detail: data.detail, errors: data.errors,
    });
  }
  return data;
}

export const open311Api = {
  keys: () => http.get<List<ApiKey>>('/api/open311/keys'),
  issue: (body: { orgId: string; clientName: string; contact?: string }) => http.post<ApiKey & { key: string }>('/api/open311/keys', body),
  revoke: (id: string) => http.del<ApiKey>(`/api/open311/keys/${enc(id)}`),
};

export const configApi = {
  categories: async () => {
    const r = await http.get<{ items: Array<Record<string, unknown>> }>('/api/case-config/categories');
    return { items: r.items.map(toCategory) };
  },
  createCategory: (body: CategoryInput, idempotencyKey: string) => http.post<unknown>('/api/case-config/categories', body, { idempotencyKey }),
  updateCategory: (id: string, body: CategoryInput) => http.put<unknown>(`/api/case-config/categories/${enc(id)}`, body),
  rules: () => http.get<{ items: RoutingRule[] }>('/api/case-config/routing-rules'),
  createRule: (body: RoutingRuleInput, idempotencyKey: string) => http.post<unknown>('/api/case-config/routing-rules', body, { idempotencyKey }),
  updateRule: (id: string, body: RoutingRuleInput) => http.put<unknown>(`/api/case-config/routing-rules/${enc(id)}`, body),
  deleteRule: (id: string) => http.del<unknown>(`/api/case-config/routing-rules/${enc(id)}`),
  calendar: (year: number) => http.get<{ items: CalendarDay[] }>('/api/case-config/calendar', { query: { year } }),
  putCalendar: (days: CalendarDay[], remove: string[]) => http.put<unknown>('/api/case-config/calendar', { days, remove }),
  settings: () => http.get<CaseSettings>('/api/case-config/settings'),
  putSettings: (body: Partial<CaseSettings>) => http.patch<CaseSettings>('/api/case-config/settings', body),
};

// ---- indicators (intake/indicators) ----
export type GroupBy = 'none' | 'org' | 'grid' | 'category' | 'channel' | 'month';
export const FIGURES = [
  'received', 'rejected', 'accepted', 'deferred', 'close_base', 'closed', 'closed_on_time', 'responded_on_time', 'called_back', 'resolved',
  'rated', 'satisfied', 'basically_satisfied', 'unsatisfied', 'handled', 'reworked', 'delayed', 'overdue',
] as const;
export type Figure = (typeof FIGURES)[number];
export const RATE_CODES = ['response_rate', 'resolution_rate', 'satisfaction_rate', 'score', 'close_rate', 'on_time_close_rate', 'rework_rate', 'delay_rate', 'avg_sign_hours', 'avg_close_hours'] as const;
export type RateCode = (typeof RATE_CODES)[number];
/** Numerator and denominator of each rate: where a click on the rate drills to. */
export const RATE_FIGURES: Partial<Record<RateCode, [Figure, Figure]>> = {
  response_rate: ['responded_on_time', 'accepted'], resolution_rate: ['resolved', 'called_back'], satisfaction_rate: ['rated', 'rated'],
  close_rate: ['closed', 'close_base'], on_time_close_rate: ['closed_on_time', 'close_base'], rework_rate: ['reworked', 'handled'], delay_rate: ['delayed', 'accepted'],
};

export interface IndicatorRow { key: string; label: string; counts: Record<Figure, number>; rates: Record<RateCode, number | null> }
export interface IndicatorTable {
  org: { id: string; name: string; kind: string };
  period: { from: string; to: string };
  groupBy: GroupBy;
  config: { weights: { response: number; resolution: number; satisfaction: number }; scores: Record<Satisfaction, number> };
  total: { counts: Record<Figure, number>; rates: Record<RateCode, number | null> };
  rows: IndicatorRow[];
}
export interface IndicatorQuery { orgId?: string; from: string; to: string; groupBy: GroupBy; categoryId?: string; channel?: string }
export interface DrillItem {
  id: string; number: string; title: string; channel: CaseChannel; state: CaseState; stateZh: string; categoryName: string | null;
  gridName: string | null; createdAt: string; closedAt: string | null; satisfaction: Satisfaction | null; resolved: boolean | null;
}

export const indicatorApi = {
  table: (q: IndicatorQuery) => http.get<IndicatorTable>('/api/indicators', { query: { ...q } }),
  drill: (q: IndicatorQuery & { key?: string; figure: Figure; page?: number; pageSize?: number }) =>
    http.get<{ figure: string; figureZh: string; figureEn: string; total: number; items: DrillItem[] }>('/api/indicators/cases', { query: { ...q } }),
  exportUrl: (q: IndicatorQuery) => {
    const qs = new URLSearchParams(Object.entries(q).filter(([, v]) => v !== undefined && v !== '') as [string, string][]);
    return `/api/indicators/export.xlsx?${qs}`;
  },
  config: (orgId?: string) => http.get<{ tenantCode: string; weights: IndicatorTable['config']['weights']; scores: IndicatorTable['config']['scores'] }>('/api/indicators/config', { query: { orgId } }),
  putConfig: (body: { orgId: string; weights: IndicatorTable['config']['weights']; scores: IndicatorTable['config']['scores'] }) =>
    http.put<unknown>('/api/indicators/config', body),
};

// ---- residents' portal (intake/portal) ----
export interface PortalCategory { id: string; code: string; nameZh: string; nameEn: string; parentId?: string | null }
export interface PortalLocation { gridId?: string; gridCode?: string; communityCode?: string; streetCode?: string; lng?: number; lat?: number; address?: string }
export interface PortalReport {
  category: string; title?: string; description: string; location: PortalLocation; urgency?: Urgency;
  photos?: Array<{ dataBase64: string }>;
}
/** A reporter's case as the portal shows it (normalised from the server's resident view, see toPortalCase). */
export interface PortalCaseItem {
  id: string; number: string; title: string; description: string | null; state: CaseState; stateZh: string;
  category: string | null; categoryEn: string | null; address: string | null; createdAt: string; handledAt: string | null; closedAt: string | null;
  feedback: string | null; rejectReason: string | null;
  rating: { satisfaction: Satisfaction | null; resolved: boolean | null } | null; canRate: boolean;
}
export interface PortalStep { action: string; state: CaseState | null; stateZh: string | null; by: string; note: string | null; at: string }
export interface PortalCase extends PortalCaseItem { timeline: PortalStep[]; photoIds: string[] }

type Raw = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
/** The resident view arrives as `{ case, timeline }` (resident.ts) or flat (older intake presenter): accept both. */
export function toPortalCase(raw: Raw): PortalCase {
  const c: Raw = raw.case ?? raw;
  const cat = c.category;
  const cb = c.callback ?? c.rating ?? null;
  return {
    id: c.id, number: c.number, title: c.title, description: c.description ?? null, state: c.state, stateZh: c.stateZh ?? c.state,
    category: typeof cat === 'string' ? cat : cat?.nameZh ?? null, categoryEn: typeof cat === 'string' ? null : cat?.nameEn ?? null, address: c.address ?? null, createdAt: c.createdAt,
    handledAt: c.handledAt ?? null, closedAt: c.closedAt ?? null, feedback: c.feedback ?? null, rejectReason: c.rejectReason ?? null,
    rating: cb && (cb.satisfaction || cb.resolved !== undefined) ? { satisfaction: cb.satisfaction ?? null, resolved: cb.resolved ?? null } : null,
    canRate: !!c.canRate,
    timeline: (raw.timeline ?? c.timeline ?? []) as PortalStep[],
    photoIds: raw.photoIds ?? [],
  };
}
export interface PublicGridRef { code: string; name: string; communityName: string; communityCode?: string }

export const portalApi = {
  categories: (q: { streetCode?: string; communityCode?: string; gridCode?: string } = {}) =>
    http.get<{ items: PortalCategory[] }>('/api/portal/categories', { query: q, quiet401: true }),
  grids: () => http.get<{ items: PublicGridRef[] }>('/api/public/grids', { quiet401: true }),
  report: (body: PortalReport, idempotencyKey: string) =>
    http.post<{ id: string; number: string; state: CaseState; stateZh: string }>('/api/portal/cases', body, { idempotencyKey }),
  anonymous: (body: PortalReport & { phone: string; name?: string }, idempotencyKey: string) =>
    http.post<{ number: string; lookupCode: string; message: string; messageEn: string }>('/api/portal/anonymous/cases', body, { idempotencyKey, quiet401: true }),
  mine: async (): Promise<List<PortalCaseItem>> => {
    const r = await http.get<{ items: Raw[]; total: number }>('/api/portal/cases');
    return { items: r.items.map(toPortalCase), total: r.total };
  },
  get: async (id: string) => toPortalCase(await http.get<Raw>(`/api/portal/cases/${enc(id)}`)),
  rate: async (id: string, body: { satisfaction: Satisfaction; resolved: boolean; comment?: string }) =>
    toPortalCase(await http.post<Raw>(`/api/portal/cases/${enc(id)}/rating`, body)),
  photoUrl: (caseId: string, attId: string) => `/api/portal/cases/${enc(caseId)}/attachments/${enc(attId)}`,
  lookup: async (number: string, code: string) => toPortalCase(await http.post<Raw>('/api/portal/lookup', { number, code }, { quiet401: true })),
};

// ---- public community page (intake/public) ----
export interface PublicCases {
  community: { code: string; name: string };
  period: { from: string; to: string };
  received: number; closed: number;
  rates: { response_rate: number | null; resolution_rate: number | null; satisfaction_rate: number | null };
  total: number;
  items: Array<{ number: string; category: string | null; categoryEn: string | null; gridName: string | null; status: 'open' | 'closed'; state: CaseState; stateZh: string; stateEn: string; receivedAt: string; closedAt: string | null }>;
}
export const publicCasesApi = {
  community: (code: string, q: { status?: 'open' | 'closed'; page?: number; pageSize?: number } = {}) =>
    http.get<PublicCases>(`/api/public/communities/${enc(code)}/cases`, { query: q, quiet401: true }),
};

/** Reads a file as base64 (no data: prefix) for the portal's inline photos. */
export function fileToBase64(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => resolve(String(r.result).replace(/^data:[^,]*,/, ''));
    r.onerror = () => reject(r.error);
    r.readAsDataURL(file);
  });
}

export { request };
