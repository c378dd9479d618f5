import { http } from './client';
import type {
  AuditQuery, AuditRow, GridRow, HistoryEntry, List, Me, OrgDetail, OrgInput, OrgResult, OrgUnit, Permission,
  PublicGridCard, PublicGridRef, Role, Staff, StaffInput, User, UserCreate, UserPatch, Warning, GridLink,
} from './types';

const enc = encodeURIComponent;

export const authApi = {
  login: (login: string, password: string) =>
    http.post<{ user: Me }>('/api/auth/login', { login, password }, { quiet401: true }),
  logout: () => http.post<void>('/api/auth/logout', undefined, { quiet401: true }),
  me: () => http.get<Me>('/api/auth/me', { quiet401: true }),
  changePassword: (oldPassword: string, newPassword: string) =>
    http.post<void>('/api/auth/password', { oldPassword, newPassword }),
};

export const orgApi = {
  tree: (includeRetired = false) =>
    http.get<{ items: OrgUnit[] }>('/api/orgs/tree', { query: { includeRetired: includeRetired || undefined } }),
  get: (id: string) => http.get<OrgDetail>(`/api/orgs/${enc(id)}`),
  create: (body: OrgInput, idempotencyKey: string) => http.post<OrgResult>('/api/orgs', body, { idempotencyKey }),
  update: (id: string, body: OrgInput) => http.patch<OrgResult>(`/api/orgs/${enc(id)}`, body),
  move: (id: string, newParentId: string) => http.post<OrgResult>(`/api/orgs/${enc(id)}/move`, { newParentId }),
  split: (id: string, parts: OrgInput[], idempotencyKey: string) =>
    http.post<{ retired: OrgUnit; created: OrgUnit[]; warnings?: Warning[] }>(`/api/orgs/${enc(id)}/split`, { parts }, { idempotencyKey }),
  retire: (id: string) => http.del<{ org: OrgUnit }>(`/api/orgs/${enc(id)}`),
  history: (id: string) => http.get<{ items: HistoryEntry[] }>(`/api/orgs/${enc(id)}/history`),
  grids: (orgId: string) => http.get<List<GridRow>>('/api/grids', { query: { orgId } }),
};

export const staffApi = {
  list: (q: { orgId?: string; q?: string; post?: string }) => http.get<List<Staff>>('/api/staff', { query: q }),
  get: (id: string) => http.get<Staff>(`/api/staff/${enc(id)}`),
  create: (body: StaffInput, idempotencyKey: string) => http.post<Staff>('/api/staff', body, { idempotencyKey }),
  update: (id: string, body: StaffInput) => http.patch<Staff>(`/api/staff/${enc(id)}`, body),
  deactivate: (id: string) => http.del<Staff>(`/api/staff/${enc(id)}`),
  linkGrids: (id: string, links: Pick<GridLink, 'gridId' | 'role'>[]) =>
    http.put<{ staff: Staff; warnings?: Warning[] }>(`/api/staff/${enc(id)}/grids`, { links }),
  unmask: (id: string) => http.post<{ mobile: string }>(`/api/staff/${enc(id)}/unmask`),
};

export const userApi = {
  list: (q: { q?: string; role?: string }) => http.get<List<User>>('/api/users', { query: q }),
  create: (body: UserCreate, idempotencyKey: string) => http.post<User>('/api/users', body, { idempotencyKey }),
  update: (id: string, body: UserPatch) => http.patch<User>(`/api/users/${enc(id)}`, body),
  resetPassword: (id: string, password: string) => http.post<void>(`/api/users/${enc(id)}/password`, { password }),
  revokeSessions: (id: string) => http.post<{ revoked: number }>(`/api/users/${enc(id)}/revoke-sessions`),
};

export const roleApi = {
  roles: () => http.get<{ items: Role[] }>('/api/roles'),
  permissions: () => http.get<{ items: Permission[] }>('/api/permissions'),
  update: (code: string, permissions: string[]) => http.put<Role>(`/api/roles/${enc(code)}`, { permissions }),
};

export const auditApi = {
  list: (q: AuditQuery) => http.get<List<AuditRow>>('/api/audit', { query: { ...q } }),
  actions: () => http.get<{ items: string[] }>('/api/audit/actions'),
};

export const publicApi = {
  grids: (communityCode?: string) => http.get<{ items: PublicGridRef[] }>('/api/public/grids', { query: { communityCode }, quiet401: true }),
  grid: (code: string) => http.get<PublicGridCard>(`/api/public/grids/${enc(code)}`, { quiet401: true }),
};
