/** Types of the HTTP API, mirrored from docs/api.md. */

export interface FieldError { path: string; message: string; message_zh: string }
export interface Problem {
  type: string;
  title: string;
  title_zh: string;
  status: number;
  detail?: string;
  errors?: FieldError[];
}
export interface Warning { code: string; message: string; message_zh: string }
export interface List<T> { items: T[]; total: number }

export interface Scope { orgId: string; name: string; kind: OrgKind; path: string }
export interface Me {
  id: string;
  name: string;
  account: string;
  kind: 'staff' | 'resident';
  roles: string[];
  permissions: string[];
  scopes: Scope[];
  homeOrgId: string | null;
  mustChangePassword: boolean;
}

export type OrgKind = 'district' | 'street' | 'community' | 'grid' | 'microgrid' | 'department';
export type GridKind = 'comprehensive' | 'dedicated';
export type Position = [number, number];
export interface Polygon { type: 'Polygon'; coordinates: Position[][] }

export interface OrgUnit {
  id: string;
  parentId: string | null;
  kind: OrgKind;
  code: string;
  name: string;
  path: string;
  depth: number;
  status: 'active' | 'retired';
  gridKind: GridKind | null;
  boundary: Polygon | null;
  targetHouseholds: number | null;
  leaderStaffId: string | null;
  leaderName: string | null;
  address: string | null;
  phone: string | null;
  divisionCode: string | null;
  splitFromId: string | null;
  validFrom: string | null;
  validTo: string | null;
  createdAt: string;
  updatedAt: string;
}

/** The API doesn't pin StaffSummary down; every field but id and name is read defensively. */
export interface StaffSummary {
  id: string;
  name: string;
  post?: string;
  role?: string;
  mobileMasked?: string | null;
  servicePhone?: string | null;
}
export interface OrgDetail extends OrgUnit { parentName: string | null; childCount: number; staff: StaffSummary[] }

export interface OrgInput {
  parentId?: string;
  kind?: OrgKind;
  name?: string;
  code?: string;
  gridKind?: GridKind | null;
  boundary?: Polygon | null;
  targetHouseholds?: number | null;
  leaderStaffId?: string | null;
  address?: string | null;
  phone?: string | null;
}
export interface OrgResult { org: OrgUnit; warnings?: Warning[] }
export interface HistoryEntry {
  id: string;
  action: 'create' | 'update' | 'move' | 'split' | 'retire';
  at: string;
  actorName: string | null;
  before: unknown;
  after: unknown;
}
export interface GridRow {
  id: string;
  code: string;
  name: string;
  communityId: string;
  communityName: string;
  gridKind: GridKind | null;
  targetHouseholds: number | null;
  leaderName: string | null;
  /** null when the row was built from the org tree (a grid worker sees no street or community) */
  workerCount: number | null;
  status: 'active' | 'retired';
}

export interface GridLink { gridId: string; gridName?: string; gridCode?: string; role: string }
export interface Staff {
  id: string;
  orgId: string;
  orgName: string;
  name: string;
  gender: 'male' | 'female' | null;
  post: string;
  mobileMasked: string | null;
  servicePhone: string | null;
  photoUrl: string | null;
  publicCard: boolean;
  active: boolean;
  grids: GridLink[];
  userId: string | null;
}
export interface StaffInput {
  orgId?: string;
  name?: string;
  gender?: 'male' | 'female' | null;
  post?: string;
  mobile?: string | null;
  servicePhone?: string | null;
  publicCard?: boolean;
}

export interface User {
  id: string;
  kind: 'staff' | 'resident';
  account: string | null;
  mobileMasked: string | null;
  name: string;
  status: 'active' | 'disabled';
  roles: string[];
  scopes: { orgId: string; name: string }[];
  homeOrgId: string | null;
  staffId: string | null;
  lockedUntil: string | null;
  createdAt: string;
}
export interface UserCreate {
  kind: 'staff' | 'resident';
  account?: string;
  mobile?: string;
  name: string;
  password: string;
  roles: string[];
  scopeOrgIds: string[];
  homeOrgId?: string;
  staffId?: string;
}
export interface UserPatch { name?: string; roles?: string[]; scopeOrgIds?: string[]; status?: 'active' | 'disabled' }

export interface Role { code: string; nameZh: string; nameEn: string; permissions: string[]; builtin: boolean }
export interface Permission { code: string; nameZh: string; nameEn: string }

export interface AuditRow {
  seq: number | string;
  at: string;
  actorName: string | null;
  action: string;
  outcome: string;
  objectType: string | null;
  objectId: string | null;
  objectLabel: string | null;
  ip: string | null;
  detail: unknown;
}
export interface AuditQuery {
  action?: string;
  outcome?: string;
  actor?: string;
  objectType?: string;
  from?: string;
  to?: string;
  page: number;
  pageSize: number;
}

export interface PublicGridRef { code: string; name: string; communityName: string }
export interface PublicGridCard {
  code: string;
  name: string;
  communityName: string;
  streetName: string;
  gridKind: GridKind | null;
  targetHouseholds: number | null;
  staff: { name: string; post: string; postZh: string; postEn: string; servicePhone: string | null; photoUrl: string | null }[];
}
