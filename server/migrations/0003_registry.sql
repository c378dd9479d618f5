-- Registry of people, housing and units (一标三实): buildings → units → rooms, households,
-- persons and their residences, floating population, rentals, entities, tags, change history.
-- Every scoped row carries `path` = the org path of the grid it belongs to, so the standard
-- scope policy (0002_security.sql) applies unchanged.
--
-- Search note: the embedded server runs with --no-locale (ctype C), where pg_trgm does not
-- extract trigrams from CJK characters. Chinese text (names, addresses) is therefore indexed
-- through a generated array of its 2-character substrings (rz_bigrams) with a GIN index —
-- locale-independent — and ASCII text (pinyin) through pg_trgm.

CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- All distinct 2-character substrings of a text (a single-character text yields itself).
-- IMMUTABLE so it can feed generated columns; queries apply it to the search term only.
CREATE FUNCTION rz_bigrams(t text) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$
  SELECT CASE
    WHEN char_length(t) = 0 THEN '{}'::text[]
    WHEN char_length(t) = 1 THEN ARRAY[lower(t)]
    ELSE (SELECT array_agg(DISTINCT lower(substr(t, i, 2))) FROM generate_series(1, char_length(t) - 1) AS i)
  END
$$;

-- Masking in SQL, the same shapes as server/src/platform/privacy/mask.ts, so that search
-- results can be masked before they leave the database.
CREATE FUNCTION rz_mask_id(t text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$
  SELECT CASE WHEN char_length(t) < 8 THEN repeat('*', char_length(t))
    ELSE left(t, 3) || repeat('*', char_length(t) - 7) || right(t, 4) END
$$;
CREATE FUNCTION rz_mask_phone(t text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$
  SELECT CASE WHEN t ~ '^1[0-9]{10}$' THEN left(t, 3) || '****' || right(t, 4)
    WHEN char_length(t) <= 4 THEN repeat('*', char_length(t))
    ELSE left(t, 2) || repeat('*', char_length(t) - 4) || right(t, 2) END
$$;

-- ───────────────────────── housing ─────────────────────────

-- 楼栋: a standard address (标准地址) in exactly one grid.
CREATE TABLE reg_buildings (
  tenant_code  text NOT NULL,
  id           uuid NOT NULL,
  grid_id      uuid NOT NULL,
  path         text NOT NULL,                 -- path of grid_id
  address      text NOT NULL,                 -- 标准地址, e.g. 天津市津南区下朱庄街道静湖花园3号楼
  name         text,                          -- 楼栋名称
  number       text,                          -- 楼号
  lng          double precision CHECK (lng BETWEEN -180 AND 180),
  lat          double precision CHECK (lat BETWEEN -90 AND 90),
  floors       int CHECK (floors BETWEEN 1 AND 200),
  use          text NOT NULL DEFAULT 'residential'
               CHECK (use IN ('residential','commercial','mixed','office','industrial','public','other')),
  address_grams text[] GENERATED ALWAYS AS (rz_bigrams(address)) STORED,
  created_at   timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_code, id),
  UNIQUE (tenant_code, address)
);
CREATE UNIQUE INDEX reg_buildings_id_idx ON reg_buildings (id);
CREATE INDEX reg_buildings_path_idx ON reg_buildings (path text_pattern_ops);
CREATE INDEX reg_buildings_grid_idx ON reg_buildings (grid_id);
CREATE INDEX reg_buildings_grams_idx ON reg_buildings USING gin (address_grams);

-- 单元
CREATE TABLE reg_units (
  tenant_code  text NOT NULL,
  id           uuid NOT NULL,
  building_id  uuid NOT NULL,
  path         text NOT NULL,
  unit_no      text NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_code, id),
  UNIQUE (tenant_code, building_id, unit_no)
);
CREATE UNIQUE INDEX reg_units_id_idx ON reg_units (id);
CREATE INDEX reg_units_path_idx ON reg_units (path text_pattern_ops);

-- 房屋 (room): status 自住/出租/空置/经营.
CREATE TABLE reg_rooms (
  tenant_code  text NOT NULL,
  id           uuid NOT NULL,
  building_id  uuid NOT NULL,
  unit_id      uuid,                          -- a bungalow or a shop has no unit
  path         text NOT NULL,
  floor        int,
  room_no      text NOT NULL,
  area         numeric(10,2) CHECK (area >= 0),
  use          text NOT NULL DEFAULT 'residential'
               CHECK (use IN ('residential','commercial','office','storage','other')),
  ownership    text CHECK (ownership IN ('private','public','rented_public','collective','unit','other')),
  status       text NOT NULL DEFAULT 'self_occupied'
               CHECK (status IN ('self_occupied','rented','vacant','business')),
  address      text NOT NULL,                 -- full address: building address + unit + room
  address_grams text[] GENERATED ALWAYS AS (rz_bigrams(address)) STORED,
  created_at   timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_code, id),
  UNIQUE NULLS NOT DISTINCT (tenant_code, building_id, unit_id, room_no)
);
CREATE UNIQUE INDEX reg_rooms_id_idx ON reg_rooms (id);
CREATE INDEX reg_rooms_path_idx ON reg_rooms (path text_pattern_ops);
CREATE INDEX reg_rooms_building_idx ON reg_rooms (building_id, unit_id, floor);
CREATE INDEX reg_rooms_address_idx ON reg_rooms (tenant_code, address);
CREATE INDEX reg_rooms_grams_idx ON reg_rooms USING gin (address_grams);

-- ───────────────────────── people ─────────────────────────

-- 户: 户号 unique per street.
CREATE TABLE reg_households (
  tenant_code    text NOT NULL,
  id             uuid NOT NULL,
  path           text NOT NULL,
  household_no   text NOT NULL,               -- 户号
  kind           text NOT NULL DEFAULT 'family' CHECK (kind IN ('family','collective')),
  head_person_id uuid,
  room_id        uuid,
  address        text,                        -- copy of the room's address (search, card)
  address_grams  text[] GENERATED ALWAYS AS (rz_bigrams(coalesce(address, ''))) STORED,
  status         text NOT NULL DEFAULT 'active' CHECK (status IN ('active','dissolved')),
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_code, id),
  UNIQUE (tenant_code, household_no)
);
CREATE UNIQUE INDEX reg_households_id_idx ON reg_households (id);
CREATE INDEX reg_households_path_idx ON reg_households (path text_pattern_ops);
CREATE INDEX reg_households_room_idx ON reg_households (room_id);
CREATE INDEX reg_households_no_idx ON reg_households (household_no text_pattern_ops);
CREATE INDEX reg_households_grams_idx ON reg_households USING gin (address_grams);

-- 实有人口. id_number is the full number: it leaves the server masked unless unmasked.
CREATE TABLE reg_persons (
  tenant_code      text NOT NULL,
  id               uuid NOT NULL,
  path             text NOT NULL,             -- path of the person's grid
  grid_id          uuid NOT NULL,
  name             text NOT NULL,
  former_names     text[] NOT NULL DEFAULT '{}',
  gender           text CHECK (gender IN ('0','1','2','9')),     -- GB/T 2261.1
  ethnicity        text,                      -- GB/T 3304 two-digit code
  birth_date       date,
  id_number        text,                      -- 18-digit (legacy 15-digit upgraded on entry)
  id_last4         text,                      -- search by the last digits
  name_pinyin      text,                      -- 'zhangsan'
  name_initials    text,                      -- 'zs'
  name_simplified  text NOT NULL,             -- opencc t2cn of name (traditional matched as simplified)
  name_grams       text[] GENERATED ALWAYS AS (rz_bigrams(name_simplified)) STORED,
  political_status text,                      -- GB/T 4762
  education        text,                      -- GB/T 4658
  marital_status   text,                      -- GB/T 2261.2
  occupation       text,
  employer         text,
  hukou_address    text,                      -- 户籍地
  phones           text[] NOT NULL DEFAULT '{}',
  skills           text[] NOT NULL DEFAULT '{}',
  population_type  text NOT NULL DEFAULT 'registered'
                   CHECK (population_type IN ('registered','resident','floating','overseas')),
  status           text NOT NULL DEFAULT 'active' CHECK (status IN ('active','moved_out','deceased','elsewhere')),
  status_date      date,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_code, id),
  UNIQUE (tenant_code, id_number)             -- one person per ID number within a street
);
CREATE UNIQUE INDEX reg_persons_id_idx ON reg_persons (id);
CREATE INDEX reg_persons_path_idx ON reg_persons (path text_pattern_ops);
CREATE INDEX reg_persons_name_idx ON reg_persons (name_simplified text_pattern_ops);
CREATE INDEX reg_persons_name_grams_idx ON reg_persons USING gin (name_grams);
CREATE INDEX reg_persons_pinyin_idx ON reg_persons (name_pinyin text_pattern_ops);
CREATE INDEX reg_persons_pinyin_trgm_idx ON reg_persons USING gin (name_pinyin gin_trgm_ops);
CREATE INDEX reg_persons_initials_idx ON reg_persons (name_initials text_pattern_ops);
CREATE INDEX reg_persons_last4_idx ON reg_persons (id_last4);
CREATE INDEX reg_persons_phones_idx ON reg_persons USING gin (phones);
CREATE INDEX reg_persons_birth_idx ON reg_persons (birth_date);
-- the lists' order (pinyin, id): the first pages come from the index, not from sorting the street
CREATE INDEX reg_persons_order_idx ON reg_persons (name_pinyin, id);
CREATE INDEX reg_persons_type_idx ON reg_persons (population_type, status);

-- Residence: person ↔ room ↔ household. Ending one sets to_date and end_reason; rows are never deleted.
CREATE TABLE reg_residences (
  tenant_code      text NOT NULL,
  id               uuid NOT NULL,
  person_id        uuid NOT NULL,
  room_id          uuid,
  household_id     uuid,
  path             text NOT NULL,
  relation_to_head text,                      -- GB/T 4761 code or free text (户主, 配偶, 子 …)
  type             text NOT NULL CHECK (type IN ('hukou','living','renting')),
  from_date        date NOT NULL DEFAULT current_date,
  to_date          date,
  end_reason       text CHECK (end_reason IN ('moved_out','deceased','elsewhere','changed')),
  source           text NOT NULL DEFAULT 'entered' CHECK (source IN ('entered','claimed','verified')),
  created_at       timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_code, id),
  CHECK (to_date IS NULL OR to_date >= from_date)
);
CREATE UNIQUE INDEX reg_residences_id_idx ON reg_residences (id);
CREATE INDEX reg_residences_path_idx ON reg_residences (path text_pattern_ops);
CREATE INDEX reg_residences_person_idx ON reg_residences (person_id);
CREATE INDEX reg_residences_household_idx ON reg_residences (household_id) WHERE household_id IS NOT NULL;
CREATE INDEX reg_residences_room_idx ON reg_residences (room_id) WHERE room_id IS NOT NULL;

-- 流动人口: one row per person.
CREATE TABLE reg_floating (
  tenant_code    text NOT NULL,
  id             uuid NOT NULL,
  person_id      uuid NOT NULL,
  path           text NOT NULL,
  inflow_reason  text,                        -- work, business, study, family, other
  inflow_date    date,
  origin         text,                        -- 流出地
  permit_no      text,                        -- 居住证号
  permit_expiry  date,
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_code, id),
  UNIQUE (tenant_code, person_id)
);
CREATE UNIQUE INDEX reg_floating_id_idx ON reg_floating (id);
CREATE INDEX reg_floating_path_idx ON reg_floating (path text_pattern_ops);
CREATE INDEX reg_floating_expiry_idx ON reg_floating (permit_expiry) WHERE permit_expiry IS NOT NULL;

-- 出租房屋台账: a household (landlord) renting out rooms to tenants.
CREATE TABLE reg_rentals (
  tenant_code        text NOT NULL,
  id                 uuid NOT NULL,
  path               text NOT NULL,
  landlord_person_id uuid,
  landlord_name      text NOT NULL,
  landlord_phone     text,
  household_id       uuid,
  contract_from      date,
  contract_to        date,
  status             text NOT NULL DEFAULT 'active' CHECK (status IN ('active','ended')),
  note               text,
  created_at         timestamptz NOT NULL DEFAULT now(),
  updated_at         timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_code, id),
  CHECK (contract_to IS NULL OR contract_from IS NULL OR contract_to >= contract_from)
);
CREATE UNIQUE INDEX reg_rentals_id_idx ON reg_rentals (id);
CREATE INDEX reg_rentals_path_idx ON reg_rentals (path text_pattern_ops);
CREATE INDEX reg_rentals_landlord_idx ON reg_rentals (landlord_person_id);

CREATE TABLE reg_rental_rooms (
  tenant_code text NOT NULL,
  rental_id   uuid NOT NULL,
  room_id     uuid NOT NULL,
  path        text NOT NULL,
  PRIMARY KEY (tenant_code, rental_id, room_id)
);
CREATE INDEX reg_rental_rooms_path_idx ON reg_rental_rooms (path text_pattern_ops);
CREATE INDEX reg_rental_rooms_room_idx ON reg_rental_rooms (room_id);

CREATE TABLE reg_rental_tenants (
  tenant_code text NOT NULL,
  id          uuid NOT NULL,
  rental_id   uuid NOT NULL,
  room_id     uuid,
  person_id   uuid NOT NULL,
  path        text NOT NULL,
  from_date   date,
  to_date     date,
  created_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_code, id)
);
CREATE UNIQUE INDEX reg_rental_tenants_id_idx ON reg_rental_tenants (id);
CREATE INDEX reg_rental_tenants_path_idx ON reg_rental_tenants (path text_pattern_ops);
CREATE INDEX reg_rental_tenants_rental_idx ON reg_rental_tenants (rental_id);
CREATE INDEX reg_rental_tenants_person_idx ON reg_rental_tenants (person_id);

-- ───────────────────────── entities ─────────────────────────

-- 实有单位. A USCC that fails its checksum is kept and flagged (uscc_valid = false).
CREATE TABLE reg_entities (
  tenant_code  text NOT NULL,
  id           uuid NOT NULL,
  path         text NOT NULL,
  grid_id      uuid NOT NULL,
  building_id  uuid,
  room_id      uuid,
  uscc         text,                          -- 统一社会信用代码
  uscc_valid   boolean NOT NULL DEFAULT true,
  name         text NOT NULL,
  name_grams   text[] GENERATED ALWAYS AS (rz_bigrams(name)) STORED,
  type         text NOT NULL DEFAULT 'enterprise'
               CHECK (type IN ('enterprise','individual','government','institution','social_org','other')),
  legal_rep    text,
  phone        text,
  employees    int CHECK (employees >= 0),
  key_unit     boolean NOT NULL DEFAULT false, -- 重点单位
  address      text,
  address_grams text[] GENERATED ALWAYS AS (rz_bigrams(coalesce(address, ''))) STORED,
  status       text NOT NULL DEFAULT 'active' CHECK (status IN ('active','closed')),
  created_at   timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_code, id),
  UNIQUE (tenant_code, uscc)
);
CREATE UNIQUE INDEX reg_entities_id_idx ON reg_entities (id);
CREATE INDEX reg_entities_path_idx ON reg_entities (path text_pattern_ops);
CREATE INDEX reg_entities_uscc_idx ON reg_entities (uscc text_pattern_ops) WHERE uscc IS NOT NULL;
CREATE INDEX reg_entities_name_grams_idx ON reg_entities USING gin (name_grams);
CREATE INDEX reg_entities_address_grams_idx ON reg_entities USING gin (address_grams);

-- ───────────────────────── tags ─────────────────────────

-- Tag types are platform configuration (not scoped): which care/attention groups exist,
-- which are sensitive, and which roles may see a sensitive one.
CREATE TABLE reg_tag_types (
  code          text PRIMARY KEY,
  name_zh       text NOT NULL,
  name_en       text NOT NULL,
  sensitive     boolean NOT NULL DEFAULT false,
  visible_roles text[] NOT NULL DEFAULT '{}',  -- for sensitive tags: roles that may see them
  active        boolean NOT NULL DEFAULT true,
  sort          int NOT NULL DEFAULT 0,
  updated_at    timestamptz NOT NULL DEFAULT now()
);

INSERT INTO reg_tag_types (code, name_zh, name_en, sensitive, visible_roles, sort) VALUES
  ('elderly',            '老年人',     'Elderly',                      false, '{}', 10),
  ('elderly_alone',      '独居老人',   'Elderly living alone',         false, '{}', 20),
  ('disabled',           '残疾人',     'Person with disability',       false, '{}', 30),
  ('dibao',              '低保',       'Minimum living allowance',     false, '{}', 40),
  ('tekun',              '特困',       'Extreme poverty support',      false, '{}', 50),
  ('hardship',           '困难群众',   'Household in hardship',        false, '{}', 60),
  ('left_behind',        '三留守',     'Left-behind (children, women, elderly)', false, '{}', 70),
  ('child_in_distress',  '困境儿童',   'Child in distress',            false, '{}', 80),
  ('veteran',            '退役军人',   'Veteran',                      false, '{}', 90),
  ('party_member',       '党员',       'Party member',                 false, '{}', 100),
  ('volunteer',          '志愿者',     'Volunteer',                    false, '{}', 110),
  ('mental_disorder',    '精神障碍',   'Severe mental disorder',       true,  '{street_admin,community_secretary}', 200),
  ('community_correction','社区矫正',  'Community correction',         true,  '{street_admin,community_secretary}', 210),
  ('released_prisoner',  '刑满释放',   'Released from prison',         true,  '{street_admin,community_secretary}', 220),
  ('key_youth',          '重点青少年', 'Youth of concern',             true,  '{street_admin,community_secretary}', 230),
  ('drug_rehab',         '社区戒毒康复', 'Community drug rehabilitation', true, '{street_admin,community_secretary}', 240),
  ('petitioner',         '重点信访',   'Petitioner of concern',        true,  '{street_admin,community_secretary}', 250);

-- A person's tag with its management level (正常/关注/重点). Ending sets end_date; never deleted.
CREATE TABLE reg_person_tags (
  tenant_code          text NOT NULL,
  id                   uuid NOT NULL,
  person_id            uuid NOT NULL,
  tag_code             text NOT NULL REFERENCES reg_tag_types(code),
  path                 text NOT NULL,
  level                text NOT NULL DEFAULT 'normal' CHECK (level IN ('normal','attention','key')),
  reason               text,
  start_date           date NOT NULL DEFAULT current_date,
  end_date             date,
  responsible_staff_id uuid,
  created_by           uuid,
  created_at           timestamptz NOT NULL DEFAULT now(),
  updated_at           timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_code, id),
  CHECK (end_date IS NULL OR end_date >= start_date)
);
CREATE UNIQUE INDEX reg_person_tags_id_idx ON reg_person_tags (id);
CREATE INDEX reg_person_tags_path_idx ON reg_person_tags (path text_pattern_ops);
CREATE INDEX reg_person_tags_person_idx ON reg_person_tags (person_id);
CREATE INDEX reg_person_tags_tag_idx ON reg_person_tags (tag_code, level) WHERE end_date IS NULL;
-- one open tag of a kind per person
CREATE UNIQUE INDEX reg_person_tags_open_idx ON reg_person_tags (tenant_code, person_id, tag_code) WHERE end_date IS NULL;

-- ───────────────────────── history, reminders ─────────────────────────

-- Every change: who, when, which field, old → new. Personal values (ID, phones) are stored masked.
CREATE TABLE reg_changes (
  tenant_code  text NOT NULL,
  id           uuid NOT NULL,
  path         text NOT NULL,
  entity_type  text NOT NULL,                 -- person, household, room, building, entity, residence, tag, floating, rental
  entity_id    uuid NOT NULL,
  person_id    uuid,                          -- the person whose page shows this row, if any
  field        text NOT NULL,
  old_value    text,
  new_value    text,
  actor_id     uuid,
  actor_name   text,
  at           timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_code, id)
);
CREATE INDEX reg_changes_path_idx ON reg_changes (path text_pattern_ops);
CREATE INDEX reg_changes_entity_idx ON reg_changes (entity_id, at);
CREATE INDEX reg_changes_person_idx ON reg_changes (person_id, at) WHERE person_id IS NOT NULL;

-- Reminders produced by the registry's jobs (residence permits expiring soon).
CREATE TABLE reg_reminders (
  tenant_code  text NOT NULL,
  id           uuid NOT NULL,
  path         text NOT NULL,
  kind         text NOT NULL CHECK (kind IN ('permit_expiry')),
  person_id    uuid NOT NULL,
  subject_id   uuid NOT NULL,                 -- the reg_floating row
  due_date     date NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  done_at      timestamptz,
  PRIMARY KEY (tenant_code, id),
  UNIQUE (tenant_code, kind, subject_id, due_date)
);
CREATE INDEX reg_reminders_path_idx ON reg_reminders (path text_pattern_ops);
CREATE INDEX reg_reminders_open_idx ON reg_reminders (due_date) WHERE done_at IS NULL;

-- ───────────────────────── search helper ─────────────────────────

-- Why this function exists: under row-level security PostgreSQL evaluates the policy before
-- any user predicate whose operator is not LEAKPROOF, and so cannot drive an index scan with
-- it. Equality and the text_pattern range operators (~>=~, ~<~) are leakproof — the registry
-- uses them directly for prefix and exact searches — but LIKE '%…%' and array containment
-- (@>, used by the GIN indexes on bigrams and phones) are not: under RLS they become full scans.
-- rz_search_ids() runs those few index searches as the function's owner and returns candidate
-- ids only, applying the same scope predicate as the policy itself. The caller then reads the
-- rows by id as the application role, under RLS as always — so the second wall still decides
-- what is returned. (If the owner is not a superuser, RLS also applies inside: slower, still correct.)
CREATE FUNCTION rz_search_ids(what text, term text, pattern text, lim int) RETURNS SETOF uuid
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  IF what = 'person_name' THEN
    RETURN QUERY SELECT x.id FROM reg_persons x WHERE x.name_grams @> rz_bigrams(term) AND x.name_simplified LIKE pattern
      AND x.path LIKE ANY ((SELECT rz_scope_patterns())::text[]) LIMIT lim;
  ELSIF what = 'person_phone' THEN
    RETURN QUERY SELECT x.id FROM reg_persons x WHERE x.phones @> ARRAY[term]
      AND x.path LIKE ANY ((SELECT rz_scope_patterns())::text[]) LIMIT lim;
  ELSIF what = 'room_address' THEN
    RETURN QUERY SELECT r.id FROM reg_rooms r WHERE r.address_grams @> rz_bigrams(term) AND r.address ILIKE pattern
      AND r.path LIKE ANY ((SELECT rz_scope_patterns())::text[]) LIMIT lim;
  ELSIF what = 'household_address' THEN
    RETURN QUERY SELECT h.id FROM reg_households h WHERE h.address_grams @> rz_bigrams(term) AND h.address ILIKE pattern
      AND h.path LIKE ANY ((SELECT rz_scope_patterns())::text[]) LIMIT lim;
  ELSIF what = 'building_address' THEN
    RETURN QUERY SELECT b.id FROM reg_buildings b WHERE b.address_grams @> rz_bigrams(term) AND b.address ILIKE pattern
      AND b.path LIKE ANY ((SELECT rz_scope_patterns())::text[]) LIMIT lim;
  ELSIF what = 'entity_text' THEN
    RETURN QUERY SELECT e.id FROM reg_entities e WHERE ((e.name_grams @> rz_bigrams(term) AND e.name ILIKE pattern)
        OR (e.address_grams @> rz_bigrams(term) AND e.address ILIKE pattern))
      AND e.path LIKE ANY ((SELECT rz_scope_patterns())::text[]) LIMIT lim;
  ELSE
    RAISE EXCEPTION 'rz_search_ids: unknown search %', what;
  END IF;
END
$$;
REVOKE ALL ON FUNCTION rz_search_ids(text, text, text, int) FROM PUBLIC;

-- ───────────────────────── security ─────────────────────────

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['reg_buildings','reg_units','reg_rooms','reg_households','reg_persons',
    'reg_residences','reg_floating','reg_rentals','reg_rental_rooms','reg_rental_tenants','reg_entities',
    'reg_person_tags','reg_changes','reg_reminders'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY scope_rows ON %I USING (path LIKE ANY ((SELECT rz_scope_patterns())::text[])) WITH CHECK (path LIKE ANY ((SELECT rz_scope_patterns())::text[]))', t);
  END LOOP;
END $$;

GRANT SELECT, INSERT, UPDATE, DELETE ON reg_buildings, reg_units, reg_rooms, reg_households, reg_persons,
  reg_residences, reg_floating, reg_rentals, reg_rental_rooms, reg_rental_tenants, reg_entities,
  reg_person_tags, reg_reminders TO rongzhi_app;
-- history is append-only for the application
GRANT SELECT, INSERT ON reg_changes TO rongzhi_app;
-- history rows follow their person to another grid (their path), but their content never changes
GRANT UPDATE (path) ON reg_changes TO rongzhi_app;
GRANT SELECT, INSERT, UPDATE ON reg_tag_types TO rongzhi_app;
GRANT EXECUTE ON FUNCTION rz_bigrams(text), rz_mask_id(text), rz_mask_phone(text), rz_search_ids(text, text, text, int) TO rongzhi_app;
