-- Case intake channels, indicators and public disclosure (modules/cases/intake).
-- The cases themselves live in 0005_cases.sql; these tables only add what the intake
-- channels need around them: Open311 client keys and request details, the confirmation
-- codes of anonymous reports, and the per-street indicator configuration.

-- Open311 clients (GeoReport v2). A key is issued for one street (the jurisdiction) by staff
-- holding open311.manage; only its SHA-256 is stored, the key itself is shown once.
CREATE TABLE open311_api_keys (
  tenant_code     text NOT NULL,
  id              uuid NOT NULL,
  org_id          uuid NOT NULL,                 -- the street the key reports into
  path            text NOT NULL,                 -- that street's org path, for scoping
  client_name     text NOT NULL,
  contact         text,
  key_prefix      text NOT NULL,                 -- first characters, to tell keys apart in lists
  key_hash        text NOT NULL,
  created_by_id   uuid,
  created_by_name text,
  created_at      timestamptz NOT NULL DEFAULT now(),
  revoked_at      timestamptz,
  revoked_by_id   uuid,
  revoked_by_name text,
  last_used_at    timestamptz,
  request_count   bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (tenant_code, id)
);
CREATE UNIQUE INDEX open311_api_keys_id_idx ON open311_api_keys (id);
CREATE UNIQUE INDEX open311_api_keys_hash_idx ON open311_api_keys (key_hash);
CREATE INDEX open311_api_keys_path_idx ON open311_api_keys (path text_pattern_ops);

-- The Open311 fields a case has no column for. email, device_id and account_id identify the
-- reporter: stored for follow-up, never returned by the public GET endpoints.
CREATE TABLE open311_requests (
  tenant_code  text NOT NULL,
  case_id      uuid NOT NULL,
  path         text NOT NULL,                    -- the case's path when it was created
  api_key_id   uuid NOT NULL,
  email        text,
  device_id    text,
  account_id   text,
  address_id   text,
  media_url    text,
  attributes   jsonb NOT NULL DEFAULT '{}',
  created_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_code, case_id)
);
CREATE UNIQUE INDEX open311_requests_case_idx ON open311_requests (case_id);
CREATE INDEX open311_requests_path_idx ON open311_requests (path text_pattern_ops);

-- Anonymous reports (phone number, no account): the reporter gets a confirmation code once and
-- looks the case up later with case number + code. Only a salted hash is kept.
CREATE TABLE case_lookup_codes (
  tenant_code     text NOT NULL,
  case_id         uuid NOT NULL,
  path            text NOT NULL,
  code_hash       text NOT NULL,                 -- sha256(case_id || ':' || code)
  failed_attempts int NOT NULL DEFAULT 0,
  created_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_code, case_id)
);
CREATE UNIQUE INDEX case_lookup_codes_case_idx ON case_lookup_codes (case_id);
CREATE INDEX case_lookup_codes_path_idx ON case_lookup_codes (path text_pattern_ops);

-- Indicator configuration per street (docs/indicators.md): weights of the composite score and
-- the value each callback answer contributes. A street without a row uses the defaults.
CREATE TABLE indicator_settings (
  tenant_code                 text PRIMARY KEY,
  path                        text NOT NULL,     -- the street's org path
  weight_response             numeric NOT NULL DEFAULT 0.10 CHECK (weight_response >= 0),
  weight_resolution           numeric NOT NULL DEFAULT 0.45 CHECK (weight_resolution >= 0),
  weight_satisfaction         numeric NOT NULL DEFAULT 0.45 CHECK (weight_satisfaction >= 0),
  score_satisfied             numeric NOT NULL DEFAULT 1   CHECK (score_satisfied BETWEEN 0 AND 1),
  score_basically_satisfied   numeric NOT NULL DEFAULT 0.8 CHECK (score_basically_satisfied BETWEEN 0 AND 1),
  score_unsatisfied           numeric NOT NULL DEFAULT 0   CHECK (score_unsatisfied BETWEEN 0 AND 1),
  updated_by_id               uuid,
  updated_by_name             text,
  updated_at                  timestamptz NOT NULL DEFAULT now(),
  CHECK (weight_response + weight_resolution + weight_satisfaction > 0)
);
CREATE INDEX indicator_settings_path_idx ON indicator_settings (path text_pattern_ops);

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['open311_api_keys','open311_requests','case_lookup_codes','indicator_settings'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY scope_rows ON %I USING (path LIKE ANY ((SELECT rz_scope_patterns())::text[])) WITH CHECK (path LIKE ANY ((SELECT rz_scope_patterns())::text[]))', t);
  END LOOP;
END $$;

GRANT SELECT, INSERT, UPDATE ON open311_api_keys TO rongzhi_app;
GRANT SELECT, INSERT ON open311_requests TO rongzhi_app;
GRANT SELECT, INSERT, UPDATE ON case_lookup_codes TO rongzhi_app;
GRANT SELECT, INSERT, UPDATE ON indicator_settings TO rongzhi_app;
