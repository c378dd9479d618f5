import type { ColumnType, Generated } from 'kysely';
import type { RegistryTables } from '../../modules/registry/tables.js';
import type { CaseTables } from '../../modules/cases/tables.js';
import type { RegistryIoTables } from '../../modules/registry/io/tables.js';
import type { CaseIntakeTables } from '../../modules/cases/intake/tables.js';

/** Kysely table types; they mirror server/migrations/*.sql. */
export type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
export type Json<T = unknown> = ColumnType<T, string | undefined, string>;

export type OrgKind = 'district' | 'street' | 'community' | 'grid' | 'microgrid' | 'department';

export interface DivisionsTable {
  code: string;
  name: string;
  level: 'province' | 'city' | 'district' | 'street' | 'community';
  parent_code: string | null;
}

export interface OrgUnitsTable {
  tenant_code: string;
  id: string;
  parent_id: string | null;
  kind: OrgKind;
  code: string;
  name: string;
  path: string;
  depth: number;
  division_code: string | null;
  grid_kind: 'comprehensive' | 'dedicated' | null;
  boundary: Json<GeoJsonPolygon | null> | null;
  target_households: number | null;
  leader_staff_id: string | null;
  address: string | null;
  phone: string | null;
  status: Generated<'active' | 'retired'>;
  split_from_id: string | null;
  valid_from: Timestamp;
  valid_to: Date | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface GeoJsonPolygon {
  type: 'Polygon';
  coordinates: number[][][];
}

export interface OrgUnitHistoryTable {
  tenant_code: string;
  id: string;
  org_id: string;
  path: string;
  action: string;
  before: Json | null;
  after: Json | null;
  actor_id: string | null;
  actor_name: string | null;
  at: Timestamp;
}

export interface StaffTable {
  tenant_code: string;
  id: string;
  org_id: string;
  path: string;
  name: string;
  gender: string | null;
  post: string;
  mobile: string | null;
  service_phone: string | null;
  photo_url: string | null;
  public_card: Generated<boolean>;
  active: Generated<boolean>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface StaffGridLinksTable {
  tenant_code: string;
  staff_id: string;
  grid_id: string;
  path: string;
  role: string;
  since: Timestamp;
}

export interface RolesTable {
  code: string;
  name_zh: string;
  name_en: string;
  permissions: string[];
  builtin: Generated<boolean>;
  updated_at: Timestamp;
}

export interface PermissionCatalogTable {
  code: string;
  added_at: Generated<Date>;
}

export interface UsersTable {
  tenant_code: string;
  id: string;
  path: string;
  home_org_id: string;
  kind: 'staff' | 'resident';
  account: string | null;
  mobile: string | null;
  name: string;
  password_hash: string;
  staff_id: string | null;
  status: Generated<'active' | 'disabled'>;
  must_change_password: Generated<boolean>;
  locked_until: Date | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface UserRolesTable {
  tenant_code: string;
  user_id: string;
  role_code: string;
}

export interface UserScopesTable {
  tenant_code: string;
  user_id: string;
  org_id: string;
}

export interface SessionsTable {
  token_hash: string;
  user_id: string;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  expires_at: Date;
  revoked_at: Date | null;
  ip: string | null;
  user_agent: string | null;
}

export interface LoginFailuresTable {
  login_key: string;
  at: Timestamp;
}

export interface IdempotencyKeysTable {
  principal: string;
  key: string;
  route: string;
  body_hash: string;
  status_code: number | null;
  response: Json | null;
  created_at: Timestamp;
}

export interface AuditLogTable {
  seq: Generated<number>;
  at: Generated<Date>;
  tenant_code: string | null;
  path: string | null;
  actor_id: string | null;
  actor_name: string | null;
  action: string;
  outcome: 'success' | 'failure' | 'denied';
  object_type: string | null;
  object_id: string | null;
  object_label: string | null;
  ip: string | null;
  detail: Json<Record<string, unknown>>;
  prev_hash: Generated<string>;
  hash: Generated<string>;
}

/** Every table: the platform's here, each module's in its own tables.ts. */
export interface DB extends RegistryTables, RegistryIoTables, CaseTables, CaseIntakeTables {
  divisions: DivisionsTable;
  org_units: OrgUnitsTable;
  org_unit_history: OrgUnitHistoryTable;
  staff: StaffTable;
  staff_grid_links: StaffGridLinksTable;
  roles: RolesTable;
  permission_catalog: PermissionCatalogTable;
  users: UsersTable;
  user_roles: UserRolesTable;
  user_scopes: UserScopesTable;
  sessions: SessionsTable;
  login_failures: LoginFailuresTable;
  idempotency_keys: IdempotencyKeysTable;
  audit_log: AuditLogTable;
}
