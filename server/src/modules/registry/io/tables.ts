import type { ColumnType, Generated } from 'kysely';
import type { Json, Timestamp } from '../../../platform/db/schema.js';

/** Kysely types of the tables in server/migrations/0004_registry_io.sql. */
export interface RegistryIoTables {
  reg_import_jobs: RegImportJobsTable;
}

export type ImportKind = 'persons' | 'households' | 'rooms' | 'rentals' | 'entities';
export type ImportStatus = 'queued' | 'running' | 'done' | 'failed';

/** One problem of one row of an uploaded sheet (row = the sheet's own row number). */
export interface RowIssue {
  row: number;
  column: string;
  value?: string;
  reason_zh: string;
  reason: string;
  severity: 'error' | 'warning';
}

export interface RegImportJobsTable {
  tenant_code: string;
  id: string;
  path: string;
  org_id: string;
  scope_paths: string[];
  kind: ImportKind;
  format: 'xlsx' | 'csv';
  file_name: string | null;
  file_data: Buffer | null;
  status: Generated<ImportStatus>;
  total_rows: Generated<number>;
  processed_rows: Generated<number>;
  inserted_rows: Generated<number>;
  skipped_rows: Generated<number>;
  bad_rows: Generated<number>;
  warnings: Generated<number>;
  errors: Json<RowIssue[]>;
  failure: string | null;
  created_by: string | null;
  created_by_name: string | null;
  created_at: Timestamp;
  started_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  heartbeat_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  finished_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}
