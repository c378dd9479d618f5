/** Kysely types of the case-handling tables (server/migrations/0005_cases.sql). */
import type { ColumnType, Generated, GeneratedAlways } from 'kysely';
import type { Json, Timestamp } from '../../platform/db/schema.js';

export type TimeUnit = 'hours' | 'days' | 'working_hours' | 'working_days';
export type CaseChannel = 'portal' | 'grid_report' | 'hotline' | 'upper_assignment' | 'open311' | 'proactive' | 'staff';
export type CaseState =
  | 'reported' | 'accepted' | 'rejected' | 'dispatched' | 'returned' | 'signed' | 'in_progress'
  | 'delay_requested' | 'escalated' | 'handled' | 'closed' | 'called_back' | 'archived' | 'merged';
export type Urgency = 'normal' | 'urgent' | 'emergency';
export type Importance = 'normal' | 'important' | 'major';
export type Satisfaction = 'satisfied' | 'basically_satisfied' | 'unsatisfied';
export type SupervisionLevel = 'normal' | 'yellow' | 'red';
export type TimerStage = 'accept' | 'respond' | 'handle' | 'verify';

/** numeric columns come back from pg as strings; written as numbers */
type Numeric = ColumnType<string, number | string, number | string>;
type NullableNumeric = ColumnType<string | null, number | string | null, number | string | null>;
type NullableTs = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

export interface CaseCategoriesTable {
  tenant_code: string;
  id: string;
  parent_id: string | null;
  code: string;
  name_zh: string;
  name_en: string;
  sort: Generated<number>;
  active: Generated<boolean>;
  accept_limit: Numeric;
  accept_red: NullableNumeric;
  accept_unit: TimeUnit;
  respond_limit: Numeric;
  respond_unit: TimeUnit;
  handle_limit: Numeric;
  handle_red: NullableNumeric;
  handle_unit: TimeUnit;
  verify_limit: Numeric;
  verify_unit: TimeUnit;
  warn_ratio: ColumnType<string, number | string | undefined, number | string>;
  escalate_on_red: Generated<boolean>;
  duplicate_window_hours: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface CaseCalendarDaysTable {
  tenant_code: string;
  /** yyyy-mm-dd; read as a string (see calendar.ts) */
  day: ColumnType<string, string, string>;
  kind: 'holiday' | 'workday';
  name: string | null;
}

export interface CaseRoutingRulesTable {
  tenant_code: string;
  id: string;
  priority: number;
  category_id: string | null;
  area_org_id: string | null;
  area_path: string | null;
  target_org_id: string | null;
  auto_dispatch: Generated<boolean>;
  active: Generated<boolean>;
  note: string | null;
  created_at: Timestamp;
}

export interface CaseSettingsTable {
  tenant_code: string;
  duplicate_radius_m: Generated<number>;
  recurrence_threshold: Generated<number>;
  recurrence_window_days: Generated<number>;
  sensitive_tags: ColumnType<string[], string[] | undefined, string[]>;
  updated_at: Timestamp;
}

export interface CaseNumberSeqTable {
  tenant_code: string;
  day: string;
  last: number;
}

export interface CasesTable {
  tenant_code: string;
  id: string;
  number: string;
  channel: CaseChannel;
  category_id: string;
  category_code: string;
  title: string;
  description: string;
  address: string | null;
  building_id: string | null;
  room_id: string | null;
  household_id: string | null;
  lng: number | null;
  lat: number | null;
  grid_id: string | null;
  community_id: string | null;
  path: string;
  owner_org_id: string | null;
  owner_path: string | null;
  handler_org_id: string | null;
  handler_path: string | null;
  handler_user_id: string | null;
  handler_name: string | null;
  route_org_id: string | null;
  route_auto: Generated<boolean>;
  level: string | null;
  reporter_person_id: string | null;
  reporter_user_id: string | null;
  reporter_name: string | null;
  reporter_phone: string | null;
  reporter_tags: ColumnType<string[], string[] | undefined, string[]>;
  anonymous: Generated<boolean>;
  urgency: Generated<Urgency>;
  importance: Generated<Importance>;
  people_involved: Generated<number>;
  state: CaseState;
  version: Generated<number>;
  reject_reason: string | null;
  delay_requested_days: NullableNumeric;
  feedback: string | null;
  accepted_at: NullableTs;
  dispatched_at: NullableTs;
  signed_at: NullableTs;
  responded_at: NullableTs;
  handled_at: NullableTs;
  closed_at: NullableTs;
  archived_at: NullableTs;
  accept_warn_at: NullableTs;
  accept_due: NullableTs;
  accept_red_due: NullableTs;
  respond_due: NullableTs;
  handle_warn_at: NullableTs;
  handle_due: NullableTs;
  handle_red_due: NullableTs;
  verify_due: NullableTs;
  next_check_at: NullableTs;
  overdue: Generated<boolean>;
  /** owned or handled outside the street it is located in (computed by the database, 0014_case_inbox.sql) */
  away: GeneratedAlways<boolean>;
  handled_on_time: boolean | null;
  supervision_level: Generated<'none' | SupervisionLevel>;
  rework_count: Generated<number>;
  reopen_count: Generated<number>;
  delay_count: Generated<number>;
  transfer_count: Generated<number>;
  return_count: Generated<number>;
  escalation_count: Generated<number>;
  satisfaction: Satisfaction | null;
  resolved: boolean | null;
  callback_at: NullableTs;
  merged_into_id: string | null;
  source_case_ids: ColumnType<string[], string[] | undefined, string[]>;
  created_by_id: string | null;
  created_by_name: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface CaseEventsTable {
  tenant_code: string;
  id: string;
  case_id: string;
  action: string;
  from_state: string | null;
  to_state: string | null;
  actor_id: string | null;
  actor_name: string | null;
  actor_kind: 'staff' | 'resident' | 'system' | 'client';
  org_id: string | null;
  note: string | null;
  attachment_ids: ColumnType<string[], string[] | undefined, string[]>;
  data: Json<Record<string, unknown>>;
  public: Generated<boolean>;
  at: Timestamp;
}

export interface CaseAttachmentsTable {
  tenant_code: string;
  id: string;
  case_id: string | null;
  uploader_id: string | null;
  mime: 'image/jpeg' | 'image/png' | 'image/webp';
  size: number;
  sha256: string;
  storage_key: string;
  created_at: Timestamp;
}

export interface CaseSupervisionsTable {
  tenant_code: string;
  id: string;
  case_id: string;
  stage: TimerStage | 'manual';
  level: SupervisionLevel;
  source: 'auto' | 'manual';
  target_org_id: string | null;
  issued_by_id: string | null;
  issued_by_name: string | null;
  note: string | null;
  due_at: NullableTs;
  created_at: Timestamp;
}

export interface CaseNotificationsTable {
  tenant_code: string;
  id: string;
  path: string;
  recipient_org_id: string;
  recipient_user_id: string | null;
  case_id: string;
  kind: 'todo' | 'overdue' | 'supervision' | 'info';
  title: string;
  body: string | null;
  read_at: NullableTs;
  created_at: Timestamp;
}

export interface CaseProactiveMarksTable {
  tenant_code: string;
  key: string;
  raised_at: Date | string;
  case_id: string | null;
}

export interface CaseTables {
  case_categories: CaseCategoriesTable;
  case_calendar_days: CaseCalendarDaysTable;
  case_routing_rules: CaseRoutingRulesTable;
  case_settings: CaseSettingsTable;
  case_number_seq: CaseNumberSeqTable;
  cases: CasesTable;
  case_events: CaseEventsTable;
  case_attachments: CaseAttachmentsTable;
  case_supervisions: CaseSupervisionsTable;
  case_notifications: CaseNotificationsTable;
  case_proactive_marks: CaseProactiveMarksTable;
}
