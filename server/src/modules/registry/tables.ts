/** Kysely types of the registry's tables (server/migrations/0003_registry.sql). */
import type { ColumnType, Generated } from 'kysely';
import type { Timestamp } from '../../platform/db/schema.js';

/** A `date` column: node-pg returns a Date at local midnight (use isoDate() from dates.ts to print it). */
export type DateCol = ColumnType<Date | string, string | Date, string | Date>;
export type NullableDateCol = ColumnType<Date | string | null, string | Date | null | undefined, string | Date | null>;
/** numeric comes back from pg as a string. */
export type Numeric = ColumnType<string | null, number | string | null | undefined, number | string | null>;
/** Generated-always columns: readable, never written. */
export type ReadOnly<T> = ColumnType<T, never, never>;

export type BuildingUse = 'residential' | 'commercial' | 'mixed' | 'office' | 'industrial' | 'public' | 'other';
export type RoomUse = 'residential' | 'commercial' | 'office' | 'storage' | 'other';
export type RoomOwnership = 'private' | 'public' | 'rented_public' | 'collective' | 'unit' | 'other';
export type RoomStatus = 'self_occupied' | 'rented' | 'vacant' | 'business';
export type HouseholdKind = 'family' | 'collective';
export type PopulationType = 'registered' | 'resident' | 'floating' | 'overseas';
export type PersonStatus = 'active' | 'moved_out' | 'deceased' | 'elsewhere';
export type ResidenceType = 'hukou' | 'living' | 'renting';
export type ResidenceEndReason = 'moved_out' | 'deceased' | 'elsewhere' | 'changed';
export type DataSource = 'entered' | 'claimed' | 'verified';
export type EntityType = 'enterprise' | 'individual' | 'government' | 'institution' | 'social_org' | 'other';
export type TagLevel = 'normal' | 'attention' | 'key';

export interface RegBuildingsTable {
  tenant_code: string;
  id: string;
  grid_id: string;
  path: string;
  address: string;
  name: string | null;
  number: string | null;
  lng: number | null;
  lat: number | null;
  floors: number | null;
  use: ColumnType<BuildingUse, BuildingUse | undefined, BuildingUse>;
  address_grams: ReadOnly<string[]>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface RegUnitsTable {
  tenant_code: string;
  id: string;
  building_id: string;
  path: string;
  unit_no: string;
  created_at: Timestamp;
}

export interface RegRoomsTable {
  tenant_code: string;
  id: string;
  building_id: string;
  unit_id: string | null;
  path: string;
  floor: number | null;
  room_no: string;
  area: Numeric;
  use: ColumnType<RoomUse, RoomUse | undefined, RoomUse>;
  ownership: RoomOwnership | null;
  status: ColumnType<RoomStatus, RoomStatus | undefined, RoomStatus>;
  address: string;
  address_grams: ReadOnly<string[]>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface RegHouseholdsTable {
  tenant_code: string;
  id: string;
  path: string;
  household_no: string;
  kind: ColumnType<HouseholdKind, HouseholdKind | undefined, HouseholdKind>;
  head_person_id: string | null;
  room_id: string | null;
  address: string | null;
  address_grams: ReadOnly<string[]>;
  status: Generated<'active' | 'dissolved'>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface RegPersonsTable {
  tenant_code: string;
  id: string;
  path: string;
  grid_id: string;
  name: string;
  former_names: ColumnType<string[], string[] | undefined, string[]>;
  gender: string | null;
  ethnicity: string | null;
  birth_date: NullableDateCol;
  id_number: string | null;
  id_last4: string | null;
  /** reverse(id_number), generated (0008): trailing-digit search as a leakproof prefix range */
  id_number_rev: ReadOnly<string | null>;
  name_pinyin: string | null;
  name_initials: string | null;
  name_simplified: string;
  name_grams: ReadOnly<string[]>;
  political_status: string | null;
  education: string | null;
  marital_status: string | null;
  occupation: string | null;
  employer: string | null;
  hukou_address: string | null;
  phones: ColumnType<string[], string[] | undefined, string[]>;
  skills: ColumnType<string[], string[] | undefined, string[]>;
  population_type: ColumnType<PopulationType, PopulationType | undefined, PopulationType>;
  status: ColumnType<PersonStatus, PersonStatus | undefined, PersonStatus>;
  status_date: NullableDateCol;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface RegResidencesTable {
  tenant_code: string;
  id: string;
  person_id: string;
  room_id: string | null;
  household_id: string | null;
  path: string;
  relation_to_head: string | null;
  type: ResidenceType;
  from_date: ColumnType<Date | string, string | Date | undefined, string | Date>;
  to_date: NullableDateCol;
  end_reason: ResidenceEndReason | null;
  source: ColumnType<DataSource, DataSource | undefined, DataSource>;
  created_at: Timestamp;
}

export interface RegFloatingTable {
  tenant_code: string;
  id: string;
  person_id: string;
  path: string;
  inflow_reason: string | null;
  inflow_date: NullableDateCol;
  origin: string | null;
  permit_no: string | null;
  permit_expiry: NullableDateCol;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface RegRentalsTable {
  tenant_code: string;
  id: string;
  path: string;
  landlord_person_id: string | null;
  landlord_name: string;
  landlord_phone: string | null;
  household_id: string | null;
  contract_from: NullableDateCol;
  contract_to: NullableDateCol;
  status: Generated<'active' | 'ended'>;
  note: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface RegRentalRoomsTable {
  tenant_code: string;
  rental_id: string;
  room_id: string;
  path: string;
}

export interface RegRentalTenantsTable {
  tenant_code: string;
  id: string;
  rental_id: string;
  room_id: string | null;
  person_id: string;
  path: string;
  from_date: NullableDateCol;
  to_date: NullableDateCol;
  created_at: Timestamp;
}

export interface RegEntitiesTable {
  tenant_code: string;
  id: string;
  path: string;
  grid_id: string;
  building_id: string | null;
  room_id: string | null;
  uscc: string | null;
  uscc_valid: Generated<boolean>;
  name: string;
  name_grams: ReadOnly<string[]>;
  type: ColumnType<EntityType, EntityType | undefined, EntityType>;
  legal_rep: string | null;
  phone: string | null;
  employees: number | null;
  key_unit: Generated<boolean>;
  address: string | null;
  address_grams: ReadOnly<string[]>;
  status: Generated<'active' | 'closed'>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface RegTagTypesTable {
  code: string;
  name_zh: string;
  name_en: string;
  sensitive: Generated<boolean>;
  visible_roles: ColumnType<string[], string[] | undefined, string[]>;
  active: Generated<boolean>;
  sort: Generated<number>;
  updated_at: Timestamp;
}

export interface RegPersonTagsTable {
  tenant_code: string;
  id: string;
  person_id: string;
  tag_code: string;
  path: string;
  level: ColumnType<TagLevel, TagLevel | undefined, TagLevel>;
  reason: string | null;
  start_date: ColumnType<Date | string, string | Date | undefined, string | Date>;
  end_date: NullableDateCol;
  responsible_staff_id: string | null;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface RegChangesTable {
  tenant_code: string;
  id: string;
  path: string;
  entity_type: string;
  entity_id: string;
  person_id: string | null;
  field: string;
  old_value: string | null;
  new_value: string | null;
  actor_id: string | null;
  actor_name: string | null;
  at: Timestamp;
}

export interface RegRemindersTable {
  tenant_code: string;
  id: string;
  path: string;
  kind: 'permit_expiry';
  person_id: string;
  subject_id: string;
  due_date: DateCol;
  created_at: Timestamp;
  done_at: Date | null;
}

export interface RegistryTables {
  reg_buildings: RegBuildingsTable;
  reg_units: RegUnitsTable;
  reg_rooms: RegRoomsTable;
  reg_households: RegHouseholdsTable;
  reg_persons: RegPersonsTable;
  reg_residences: RegResidencesTable;
  reg_floating: RegFloatingTable;
  reg_rentals: RegRentalsTable;
  reg_rental_rooms: RegRentalRoomsTable;
  reg_rental_tenants: RegRentalTenantsTable;
  reg_entities: RegEntitiesTable;
  reg_tag_types: RegTagTypesTable;
  reg_person_tags: RegPersonTagsTable;
  reg_changes: RegChangesTable;
  reg_reminders: RegRemindersTable;
}
