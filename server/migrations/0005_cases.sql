-- Cases (诉求/事件/工单): one aggregate for residents' requests and grid events, handled in a
-- closed loop with deadlines, supervision (督办) and callbacks (回访). See modules/cases.
--
-- Scoping: a case is visible where it is located (path = the grid's org path, or the street's
-- when no grid is known), to the org that first accepted it (owner_path, 首接负责) and to the
-- org handling it now (handler_path). Child tables (events, attachments, supervisions) carry no
-- path of their own: they are visible exactly when their case is (EXISTS policy, like user_roles).
--
-- Configuration (categories, SLA, routing, calendar, settings) is per street (tenant_code) and
-- holds no personal data: no RLS; the service checks case.config and the caller's street.

CREATE TABLE case_categories (
  tenant_code     text NOT NULL,
  id              uuid NOT NULL,
  parent_id       uuid,
  code            text NOT NULL,
  name_zh         text NOT NULL,
  name_en         text NOT NULL,
  sort            int  NOT NULL DEFAULT 0,
  active          boolean NOT NULL DEFAULT true,
  -- SLA profile. Units: hours (clock), days (calendar), working_hours / working_days (calendar-aware).
  -- *_limit is the due time (passing it = overdue, yellow card); *_red the red-card threshold.
  accept_limit    numeric NOT NULL,
  accept_red      numeric,
  accept_unit     text NOT NULL,
  respond_limit   numeric NOT NULL,
  respond_unit    text NOT NULL,
  handle_limit    numeric NOT NULL,
  handle_red      numeric,
  handle_unit     text NOT NULL,
  verify_limit    numeric NOT NULL,
  verify_unit     text NOT NULL,
  -- share of the time limit after which an ordinary reminder (普通督办) is issued
  warn_ratio      numeric NOT NULL DEFAULT 0.75 CHECK (warn_ratio > 0 AND warn_ratio < 1),
  -- on a red card in the handling stage, move the case one level up the ladder (网格→社区→街道→区)
  escalate_on_red boolean NOT NULL DEFAULT false,
  duplicate_window_hours int NOT NULL DEFAULT 72 CHECK (duplicate_window_hours >= 0),
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_code, id),
  CHECK (accept_unit IN ('hours','days','working_hours','working_days')),
  CHECK (respond_unit IN ('hours','days','working_hours','working_days')),
  CHECK (handle_unit IN ('hours','days','working_hours','working_days')),
  CHECK (verify_unit IN ('hours','days','working_hours','working_days')),
  CHECK (accept_limit > 0 AND respond_limit > 0 AND handle_limit > 0 AND verify_limit > 0),
  CHECK (accept_red IS NULL OR accept_red >= accept_limit),
  CHECK (handle_red IS NULL OR handle_red >= handle_limit)
);
CREATE UNIQUE INDEX case_categories_id_idx ON case_categories (id);
CREATE UNIQUE INDEX case_categories_code_idx ON case_categories (tenant_code, code);

-- Working-day calendar: weekends are computed; rows are the exceptions the street enters from
-- the official list: holidays on weekdays and make-up working days (调休上班) on weekends.
CREATE TABLE case_calendar_days (
  tenant_code text NOT NULL,
  day         date NOT NULL,
  kind        text NOT NULL CHECK (kind IN ('holiday','workday')),
  name        text,
  PRIMARY KEY (tenant_code, day)
);

-- Routing rules, first match by priority (lower first): category (and its subtree) × area
-- (org subtree) → handling org; auto_dispatch skips manual acceptance. No match → the street (兜底).
CREATE TABLE case_routing_rules (
  tenant_code   text NOT NULL,
  id            uuid NOT NULL,
  priority      int  NOT NULL,
  category_id   uuid,              -- null: any category
  area_org_id   uuid,              -- null: anywhere in the street
  area_path     text,
  target_org_id uuid,              -- null: the grid where the case is (就地)
  auto_dispatch boolean NOT NULL DEFAULT false,
  active        boolean NOT NULL DEFAULT true,
  note          text,
  created_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_code, id)
);
CREATE INDEX case_routing_rules_order_idx ON case_routing_rules (tenant_code, priority);

-- Per-street knobs of duplicate detection and proactive discovery (未诉先办).
CREATE TABLE case_settings (
  tenant_code             text PRIMARY KEY,
  duplicate_radius_m      int  NOT NULL DEFAULT 100,
  recurrence_threshold    int  NOT NULL DEFAULT 5,
  recurrence_window_days  int  NOT NULL DEFAULT 30,
  sensitive_tags          text[] NOT NULL DEFAULT '{elderly_alone,disabled,dibao,hardship,left_behind_child,distressed_child,mental_disorder}',
  updated_at              timestamptz NOT NULL DEFAULT now()
);

-- Readable case numbers: street code + yyyymmdd + per-street-per-day sequence.
CREATE TABLE case_number_seq (
  tenant_code text NOT NULL,
  day         text NOT NULL,        -- yyyymmdd, Asia/Shanghai
  last        int  NOT NULL,
  PRIMARY KEY (tenant_code, day)
);

CREATE TABLE cases (
  tenant_code        text NOT NULL,
  id                 uuid NOT NULL,
  number             text NOT NULL,
  channel            text NOT NULL CHECK (channel IN ('portal','grid_report','hotline','upper_assignment','open311','proactive','staff')),
  category_id        uuid NOT NULL,
  category_code      text NOT NULL,
  title              text NOT NULL,
  description        text NOT NULL,
  -- location
  address            text,
  building_id        uuid,           -- registry ids: no foreign keys across modules
  room_id            uuid,
  household_id       uuid,
  lng                double precision,
  lat                double precision,
  grid_id            uuid,
  community_id       uuid,
  path               text NOT NULL,  -- the grid's org path (the street's when no grid is known)
  -- 首接负责: the org that first accepted keeps ownership and sight
  owner_org_id       uuid,
  owner_path         text,
  -- the org (and, once signed, the person) handling it now
  handler_org_id     uuid,
  handler_path       text,
  handler_user_id    uuid,
  handler_name       text,
  route_org_id       uuid,           -- where routing suggests it goes
  route_auto         boolean NOT NULL DEFAULT false,
  level              text,           -- grid / community / street / district / department: ladder position of the handler
  -- reporter
  reporter_person_id uuid,
  reporter_user_id   uuid,
  reporter_name      text,
  reporter_phone     text,           -- personal: masked in every response
  reporter_tags      text[] NOT NULL DEFAULT '{}',
  anonymous          boolean NOT NULL DEFAULT false,
  urgency            text NOT NULL DEFAULT 'normal' CHECK (urgency IN ('normal','urgent','emergency')),
  importance         text NOT NULL DEFAULT 'normal' CHECK (importance IN ('normal','important','major')),
  people_involved    int NOT NULL DEFAULT 1 CHECK (people_involved >= 0),
  -- state machine
  state              text NOT NULL CHECK (state IN ('reported','accepted','rejected','dispatched','returned','signed','in_progress',
                       'delay_requested','escalated','handled','closed','called_back','archived','merged')),
  version            int  NOT NULL DEFAULT 0,
  reject_reason      text,
  delay_requested_days numeric,
  feedback           text,
  -- milestones
  accepted_at        timestamptz,
  dispatched_at      timestamptz,
  signed_at          timestamptz,
  responded_at       timestamptz,
  handled_at         timestamptz,
  closed_at          timestamptz,
  archived_at        timestamptz,
  -- timers (UTC); *_due = yellow card, *_red_due = red card, *_warn_at = ordinary reminder
  accept_warn_at     timestamptz,
  accept_due         timestamptz,
  accept_red_due     timestamptz,
  respond_due        timestamptz,
  handle_warn_at     timestamptz,
  handle_due         timestamptz,
  handle_red_due     timestamptz,
  verify_due         timestamptz,
  next_check_at      timestamptz,    -- earliest pending threshold; what the scheduler claims by
  overdue            boolean NOT NULL DEFAULT false,
  handled_on_time    boolean,
  supervision_level  text NOT NULL DEFAULT 'none' CHECK (supervision_level IN ('none','normal','yellow','red')),
  -- counters for the indicators
  rework_count       int NOT NULL DEFAULT 0,
  reopen_count       int NOT NULL DEFAULT 0,
  delay_count        int NOT NULL DEFAULT 0,
  transfer_count     int NOT NULL DEFAULT 0,
  return_count       int NOT NULL DEFAULT 0,
  escalation_count   int NOT NULL DEFAULT 0,
  -- callback (回访)
  satisfaction       text CHECK (satisfaction IN ('satisfied','basically_satisfied','unsatisfied')),
  resolved           boolean,
  callback_at        timestamptz,
  -- duplicates and proactive discovery
  merged_into_id     uuid,
  source_case_ids    uuid[] NOT NULL DEFAULT '{}',
  created_by_id      uuid,
  created_by_name    text,
  created_at         timestamptz NOT NULL DEFAULT now(),
  updated_at         timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_code, id)
);
CREATE UNIQUE INDEX cases_id_idx ON cases (id);
CREATE UNIQUE INDEX cases_number_idx ON cases (number);
CREATE INDEX cases_path_idx ON cases (path text_pattern_ops);
CREATE INDEX cases_owner_path_idx ON cases (owner_path text_pattern_ops);
CREATE INDEX cases_handler_path_idx ON cases (handler_path text_pattern_ops);
CREATE INDEX cases_state_idx ON cases (tenant_code, state);
CREATE INDEX cases_created_idx ON cases (tenant_code, created_at);
CREATE INDEX cases_dup_idx ON cases (tenant_code, category_id, created_at);
CREATE INDEX cases_grid_idx ON cases (grid_id, category_id, created_at);
CREATE INDEX cases_building_idx ON cases (building_id) WHERE building_id IS NOT NULL;
CREATE INDEX cases_reporter_user_idx ON cases (reporter_user_id) WHERE reporter_user_id IS NOT NULL;
CREATE INDEX cases_merged_idx ON cases (merged_into_id) WHERE merged_into_id IS NOT NULL;
CREATE INDEX cases_accept_due_idx ON cases (accept_due) WHERE accept_due IS NOT NULL;
CREATE INDEX cases_respond_due_idx ON cases (respond_due) WHERE respond_due IS NOT NULL;
CREATE INDEX cases_handle_due_idx ON cases (handle_due) WHERE handle_due IS NOT NULL;
CREATE INDEX cases_verify_due_idx ON cases (verify_due) WHERE verify_due IS NOT NULL;
CREATE INDEX cases_next_check_idx ON cases (next_check_at) WHERE next_check_at IS NOT NULL;

-- The timeline: every action, with actor, time, note and attachments. Append-only for the app.
CREATE TABLE case_events (
  tenant_code    text NOT NULL,
  id             uuid NOT NULL,
  case_id        uuid NOT NULL,
  action         text NOT NULL,
  from_state     text,
  to_state       text,
  actor_id       uuid,
  actor_name     text,
  actor_kind     text NOT NULL DEFAULT 'staff' CHECK (actor_kind IN ('staff','resident','system','client')),
  org_id         uuid,            -- the org the actor acted for (handler / dispatcher)
  note           text,
  attachment_ids uuid[] NOT NULL DEFAULT '{}',
  data           jsonb NOT NULL DEFAULT '{}',
  public         boolean NOT NULL DEFAULT true,  -- shown on the resident's status timeline
  at             timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_code, id)
);
CREATE INDEX case_events_case_idx ON case_events (case_id, at);
CREATE INDEX case_events_actor_idx ON case_events (actor_id, at);

-- Images, checked by content (magic bytes) and size; the bytes live on disk outside the web root.
CREATE TABLE case_attachments (
  tenant_code   text NOT NULL,
  id            uuid NOT NULL,
  case_id       uuid,             -- null until a case or an action uses it
  uploader_id   uuid,
  mime          text NOT NULL CHECK (mime IN ('image/jpeg','image/png','image/webp')),
  size          int  NOT NULL,
  sha256        text NOT NULL,
  storage_key   text NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_code, id)
);
CREATE UNIQUE INDEX case_attachments_id_idx ON case_attachments (id);
CREATE INDEX case_attachments_case_idx ON case_attachments (case_id);

-- Supervision (督办): ordinary reminders, yellow and red cards, automatic or by a leader.
-- Automatic cards are unique per case × stage × level × deadline (due_at): a restart or a second
-- instance never doubles them, while a new deadline (after a delay, a redo, a transfer) can earn new ones.
CREATE TABLE case_supervisions (
  tenant_code   text NOT NULL,
  id            uuid NOT NULL,
  case_id       uuid NOT NULL,
  stage         text NOT NULL CHECK (stage IN ('accept','respond','handle','verify','manual')),
  level         text NOT NULL CHECK (level IN ('normal','yellow','red')),
  source        text NOT NULL CHECK (source IN ('auto','manual')),
  target_org_id uuid,
  issued_by_id  uuid,
  issued_by_name text,
  note          text,
  due_at        timestamptz,
  created_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_code, id)
);
CREATE UNIQUE INDEX case_supervisions_auto_idx ON case_supervisions (case_id, stage, level, due_at) WHERE source = 'auto';
CREATE INDEX case_supervisions_case_idx ON case_supervisions (case_id);

-- Staff inbox messages (待办 / 超期 / 督办 notices). path = the recipient org's path.
CREATE TABLE case_notifications (
  tenant_code       text NOT NULL,
  id                uuid NOT NULL,
  path              text NOT NULL,
  recipient_org_id  uuid NOT NULL,
  recipient_user_id uuid,
  case_id           uuid NOT NULL,
  kind              text NOT NULL CHECK (kind IN ('todo','overdue','supervision','info')),
  title             text NOT NULL,
  body              text,
  read_at           timestamptz,
  created_at        timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_code, id)
);
CREATE INDEX case_notifications_org_idx ON case_notifications (recipient_org_id, created_at);
CREATE INDEX case_notifications_user_idx ON case_notifications (recipient_user_id, created_at) WHERE recipient_user_id IS NOT NULL;
CREATE INDEX case_notifications_path_idx ON case_notifications (path text_pattern_ops);

-- Proactive discovery marks: one raised case per pattern per window, even with several instances.
CREATE TABLE case_proactive_marks (
  tenant_code text NOT NULL,
  key         text NOT NULL,
  raised_at   timestamptz NOT NULL,
  case_id     uuid,
  PRIMARY KEY (tenant_code, key)
);

-- Row-level security.
ALTER TABLE cases ENABLE ROW LEVEL SECURITY;
ALTER TABLE cases FORCE ROW LEVEL SECURITY;
CREATE POLICY scope_rows ON cases
  USING (path LIKE ANY ((SELECT rz_scope_patterns())::text[])
      OR owner_path LIKE ANY ((SELECT rz_scope_patterns())::text[])
      OR handler_path LIKE ANY ((SELECT rz_scope_patterns())::text[]))
  WITH CHECK (path LIKE ANY ((SELECT rz_scope_patterns())::text[])
      OR owner_path LIKE ANY ((SELECT rz_scope_patterns())::text[])
      OR handler_path LIKE ANY ((SELECT rz_scope_patterns())::text[]));

ALTER TABLE case_notifications ENABLE ROW LEVEL SECURITY;
ALTER TABLE case_notifications FORCE ROW LEVEL SECURITY;
CREATE POLICY scope_rows ON case_notifications USING (path LIKE ANY ((SELECT rz_scope_patterns())::text[]))
  WITH CHECK (path LIKE ANY ((SELECT rz_scope_patterns())::text[]));

ALTER TABLE case_events ENABLE ROW LEVEL SECURITY;
ALTER TABLE case_events FORCE ROW LEVEL SECURITY;
CREATE POLICY scope_rows ON case_events USING (EXISTS (SELECT 1 FROM cases c WHERE c.id = case_id))
  WITH CHECK (EXISTS (SELECT 1 FROM cases c WHERE c.id = case_id));

ALTER TABLE case_supervisions ENABLE ROW LEVEL SECURITY;
ALTER TABLE case_supervisions FORCE ROW LEVEL SECURITY;
CREATE POLICY scope_rows ON case_supervisions USING (EXISTS (SELECT 1 FROM cases c WHERE c.id = case_id))
  WITH CHECK (EXISTS (SELECT 1 FROM cases c WHERE c.id = case_id));

-- An attachment not yet used by a case holds image bytes only, no personal fields; once used
-- it is visible with its case.
ALTER TABLE case_attachments ENABLE ROW LEVEL SECURITY;
ALTER TABLE case_attachments FORCE ROW LEVEL SECURITY;
CREATE POLICY scope_rows ON case_attachments USING (case_id IS NULL OR EXISTS (SELECT 1 FROM cases c WHERE c.id = case_id))
  WITH CHECK (case_id IS NULL OR EXISTS (SELECT 1 FROM cases c WHERE c.id = case_id));

GRANT SELECT, INSERT, UPDATE ON cases TO rongzhi_app;
GRANT SELECT, INSERT ON case_events, case_supervisions TO rongzhi_app;
GRANT SELECT, INSERT, UPDATE ON case_attachments, case_notifications TO rongzhi_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON case_categories, case_calendar_days, case_routing_rules, case_settings TO rongzhi_app;
GRANT SELECT, INSERT, UPDATE ON case_number_seq, case_proactive_marks TO rongzhi_app;
