/** Kysely types of the tables in server/migrations/0006_case_intake.sql. */
import type { ColumnType, Generated } from 'kysely';
import type { Json, Timestamp } from '../../../platform/db/schema.js';

type NullableTs = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
/** numeric columns come back from pg as strings */
type Numeric = ColumnType<string, number | string | undefined, number | string>;

export interface Open311ApiKeysTable {
  tenant_code: string;
  id: string;
  org_id: string;
  path: string;
  client_name: string;
  contact: string | null;
  key_prefix: string;
  key_hash: string;
  created_by_id: string | null;
  created_by_name: string | null;
  created_at: Timestamp;
  revoked_at: NullableTs;
  revoked_by_id: string | null;
  revoked_by_name: string | null;
  last_used_at: NullableTs;
  request_count: ColumnType<string, number | string | undefined, number | string>;
}

export interface Open311RequestsTable {
  tenant_code: string;
  case_id: string;
  path: string;
  api_key_id: string;
  email: string | null;
  device_id: string | null;
  account_id: string | null;
  address_id: string | null;
  media_url: string | null;
  attributes: Json<Record<string, string>>;
  created_at: Timestamp;
}

export interface CaseLookupCodesTable {
  tenant_code: string;
  case_id: string;
  path: string;
  code_hash: string;
  failed_attempts: Generated<number>;
  created_at: Timestamp;
}

export interface IndicatorSettingsTable {
  tenant_code: string;
  path: string;
  weight_response: Numeric;
  weight_resolution: Numeric;
  weight_satisfaction: Numeric;
  score_satisfied: Numeric;
  score_basically_satisfied: Numeric;
  score_unsatisfied: Numeric;
  updated_by_id: string | null;
  updated_by_name: string | null;
  updated_at: Timestamp;
}

export interface CaseIntakeTables {
  open311_api_keys: Open311ApiKeysTable;
  open311_requests: Open311RequestsTable;
  case_lookup_codes: CaseLookupCodesTable;
  indicator_settings: IndicatorSettingsTable;
}
