-- Indicator roll-up (考评指标汇总). A street-year of indicators counted from the case rows means
-- reading ~170,000 wide rows per request; here the same figures come from a monthly summary.
--
-- Every figure is a predicate over ONE case row (intake/indicators/definitions.ts), so a case's
-- contribution to the summary is a function of its current row. Each insert, update or delete of
-- a case appends the old version of the row's indicator columns with sign -1 and the new one with
-- sign +1 to case_indicator_deltas (append-only: concurrent case writes never wait on each
-- other's summary rows). A background job folds the deltas into the monthly summaries by the
-- same predicates, in the application (rollup.ts), so definitions.ts stays the only place a
-- figure is defined; readers add the deltas not yet folded. The figures are therefore exact at
-- every moment, not "as of the last roll-up".

CREATE TABLE case_indicator_deltas (
  seq             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  sign            smallint NOT NULL CHECK (sign IN (-1, 1)),
  tenant_code     text NOT NULL,
  path            text NOT NULL,
  grid_id         uuid,
  category_id     uuid NOT NULL,
  channel         text NOT NULL,
  created_at      timestamptz NOT NULL,
  state           text NOT NULL,
  accepted_at     timestamptz,
  dispatched_at   timestamptz,
  signed_at       timestamptz,
  responded_at    timestamptz,
  respond_due     timestamptz,
  handled_at      timestamptz,
  closed_at       timestamptz,
  handled_on_time boolean,
  overdue         boolean NOT NULL,
  satisfaction    text,
  resolved        boolean,
  rework_count    int NOT NULL,
  delay_count     int NOT NULL
);

-- A queue: rows are appended and soon deleted by the roll-up. Vacuum it after every 10,000 dead
-- rows rather than after a fifth of the table, so readers do not wade through dead versions.
ALTER TABLE case_indicator_deltas SET (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 10000,
  autovacuum_analyze_scale_factor = 0, autovacuum_analyze_threshold = 10000);

-- A delta's created_at places it in its month: readers add the pending deltas of the months they read.
CREATE INDEX case_indicator_deltas_created_idx ON case_indicator_deltas (tenant_code, created_at);

-- Two summaries, one row per street, month (Asia/Shanghai) of receipt and place, and then per
-- category or per channel. Place × category × channel in one table would hold about as many
-- rows as a street has cases (a street-month of ~10,000 cases over 50 grids, 10–20 categories
-- and 6 channels fills most combinations); split, a street-year is a few thousand rows.
-- Tables by category serve every grouping and the category filter; tables by channel serve the
-- channel grouping and filter; both filters at once are counted from the cases (a small set).
-- The grid is the one the place's path ends in, so it is not part of the key.
CREATE TABLE case_indicator_months_by_category (
  tenant_code         text NOT NULL,
  month               date NOT NULL,
  path                text NOT NULL,
  grid_id             uuid,
  category_id         uuid NOT NULL,
  received            int NOT NULL DEFAULT 0,
  rejected            int NOT NULL DEFAULT 0,
  accepted            int NOT NULL DEFAULT 0,
  deferred            int NOT NULL DEFAULT 0,
  close_base          int NOT NULL DEFAULT 0,
  closed              int NOT NULL DEFAULT 0,
  closed_on_time      int NOT NULL DEFAULT 0,
  responded_on_time   int NOT NULL DEFAULT 0,
  called_back         int NOT NULL DEFAULT 0,
  resolved            int NOT NULL DEFAULT 0,
  rated               int NOT NULL DEFAULT 0,
  satisfied           int NOT NULL DEFAULT 0,
  basically_satisfied int NOT NULL DEFAULT 0,
  unsatisfied         int NOT NULL DEFAULT 0,
  handled             int NOT NULL DEFAULT 0,
  reworked            int NOT NULL DEFAULT 0,
  delayed             int NOT NULL DEFAULT 0,
  signed              int NOT NULL DEFAULT 0,
  overdue             int NOT NULL DEFAULT 0,
  sign_hours          float8 NOT NULL DEFAULT 0,
  close_hours         float8 NOT NULL DEFAULT 0,
  PRIMARY KEY (tenant_code, month, path, category_id)
);
CREATE TABLE case_indicator_months_by_channel (
  tenant_code         text NOT NULL,
  month               date NOT NULL,
  path                text NOT NULL,
  grid_id             uuid,
  channel             text NOT NULL,
  received            int NOT NULL DEFAULT 0,
  rejected            int NOT NULL DEFAULT 0,
  accepted            int NOT NULL DEFAULT 0,
  deferred            int NOT NULL DEFAULT 0,
  close_base          int NOT NULL DEFAULT 0,
  closed              int NOT NULL DEFAULT 0,
  closed_on_time      int NOT NULL DEFAULT 0,
  responded_on_time   int NOT NULL DEFAULT 0,
  called_back         int NOT NULL DEFAULT 0,
  resolved            int NOT NULL DEFAULT 0,
  rated               int NOT NULL DEFAULT 0,
  satisfied           int NOT NULL DEFAULT 0,
  basically_satisfied int NOT NULL DEFAULT 0,
  unsatisfied         int NOT NULL DEFAULT 0,
  handled             int NOT NULL DEFAULT 0,
  reworked            int NOT NULL DEFAULT 0,
  delayed             int NOT NULL DEFAULT 0,
  signed              int NOT NULL DEFAULT 0,
  overdue             int NOT NULL DEFAULT 0,
  sign_hours          float8 NOT NULL DEFAULT 0,
  close_hours         float8 NOT NULL DEFAULT 0,
  PRIMARY KEY (tenant_code, month, path, channel)
);

-- Statement-level triggers with transition tables: a batch of creates (or a bulk load) appends
-- its deltas in one INSERT … SELECT, not one per row. Updates that touch no indicator column
-- (a title edit, a scheduler's next_check_at) append nothing.
CREATE FUNCTION rz_case_indicator_rows_added() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  INSERT INTO case_indicator_deltas (sign, tenant_code, path, grid_id, category_id, channel, created_at, state, accepted_at, dispatched_at,
    signed_at, responded_at, respond_due, handled_at, closed_at, handled_on_time, overdue, satisfaction, resolved, rework_count, delay_count)
  SELECT 1, tenant_code, path, grid_id, category_id, channel, created_at, state, accepted_at, dispatched_at,
    signed_at, responded_at, respond_due, handled_at, closed_at, handled_on_time, overdue, satisfaction, resolved, rework_count, delay_count
  FROM new_rows;
  RETURN NULL;
END $$;

CREATE FUNCTION rz_case_indicator_rows_removed() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  INSERT INTO case_indicator_deltas (sign, tenant_code, path, grid_id, category_id, channel, created_at, state, accepted_at, dispatched_at,
    signed_at, responded_at, respond_due, handled_at, closed_at, handled_on_time, overdue, satisfaction, resolved, rework_count, delay_count)
  SELECT -1, tenant_code, path, grid_id, category_id, channel, created_at, state, accepted_at, dispatched_at,
    signed_at, responded_at, respond_due, handled_at, closed_at, handled_on_time, overdue, satisfaction, resolved, rework_count, delay_count
  FROM old_rows;
  RETURN NULL;
END $$;

CREATE FUNCTION rz_case_indicator_rows_changed() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  WITH changed AS (
    SELECT o.id FROM old_rows o JOIN new_rows n ON n.id = o.id
    WHERE (o.tenant_code, o.path, o.grid_id, o.category_id, o.channel, o.created_at, o.state, o.accepted_at, o.dispatched_at, o.signed_at,
           o.responded_at, o.respond_due, o.handled_at, o.closed_at, o.handled_on_time, o.overdue, o.satisfaction, o.resolved, o.rework_count, o.delay_count)
      IS DISTINCT FROM
          (n.tenant_code, n.path, n.grid_id, n.category_id, n.channel, n.created_at, n.state, n.accepted_at, n.dispatched_at, n.signed_at,
           n.responded_at, n.respond_due, n.handled_at, n.closed_at, n.handled_on_time, n.overdue, n.satisfaction, n.resolved, n.rework_count, n.delay_count)
  )
  INSERT INTO case_indicator_deltas (sign, tenant_code, path, grid_id, category_id, channel, created_at, state, accepted_at, dispatched_at,
    signed_at, responded_at, respond_due, handled_at, closed_at, handled_on_time, overdue, satisfaction, resolved, rework_count, delay_count)
  SELECT -1, tenant_code, path, grid_id, category_id, channel, created_at, state, accepted_at, dispatched_at,
    signed_at, responded_at, respond_due, handled_at, closed_at, handled_on_time, overdue, satisfaction, resolved, rework_count, delay_count
  FROM old_rows WHERE id IN (SELECT id FROM changed)
  UNION ALL
  SELECT 1, tenant_code, path, grid_id, category_id, channel, created_at, state, accepted_at, dispatched_at,
    signed_at, responded_at, respond_due, handled_at, closed_at, handled_on_time, overdue, satisfaction, resolved, rework_count, delay_count
  FROM new_rows WHERE id IN (SELECT id FROM changed);
  RETURN NULL;
END $$;

CREATE TRIGGER case_indicator_insert AFTER INSERT ON cases REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION rz_case_indicator_rows_added();
CREATE TRIGGER case_indicator_delete AFTER DELETE ON cases REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION rz_case_indicator_rows_removed();
CREATE TRIGGER case_indicator_update AFTER UPDATE ON cases REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION rz_case_indicator_rows_changed();

-- The cases already there: one +1 delta each; the first roll-up folds them.
INSERT INTO case_indicator_deltas (sign, tenant_code, path, grid_id, category_id, channel, created_at, state, accepted_at, dispatched_at,
  signed_at, responded_at, respond_due, handled_at, closed_at, handled_on_time, overdue, satisfaction, resolved, rework_count, delay_count)
SELECT 1, tenant_code, path, grid_id, category_id, channel, created_at, state, accepted_at, dispatched_at,
  signed_at, responded_at, respond_due, handled_at, closed_at, handled_on_time, overdue, satisfaction, resolved, rework_count, delay_count
FROM cases;

-- Readable in the caller's scope like the cases themselves. Deltas are written only by the
-- trigger, from case rows that already passed the cases' own policy, whatever scope the session
-- is in; the summaries only by the roll-up job (system scope).
ALTER TABLE case_indicator_deltas ENABLE ROW LEVEL SECURITY;
ALTER TABLE case_indicator_deltas FORCE ROW LEVEL SECURITY;
CREATE POLICY scope_read ON case_indicator_deltas FOR SELECT USING (path LIKE ANY ((SELECT rz_scope_patterns())::text[]));
CREATE POLICY scope_fold ON case_indicator_deltas FOR DELETE USING (path LIKE ANY ((SELECT rz_scope_patterns())::text[]));
CREATE POLICY from_cases ON case_indicator_deltas FOR INSERT WITH CHECK (true);
ALTER TABLE case_indicator_months_by_category ENABLE ROW LEVEL SECURITY;
ALTER TABLE case_indicator_months_by_category FORCE ROW LEVEL SECURITY;
CREATE POLICY scope_rows ON case_indicator_months_by_category USING (path LIKE ANY ((SELECT rz_scope_patterns())::text[]))
  WITH CHECK (path LIKE ANY ((SELECT rz_scope_patterns())::text[]));
ALTER TABLE case_indicator_months_by_channel ENABLE ROW LEVEL SECURITY;
ALTER TABLE case_indicator_months_by_channel FORCE ROW LEVEL SECURITY;
CREATE POLICY scope_rows ON case_indicator_months_by_channel USING (path LIKE ANY ((SELECT rz_scope_patterns())::text[]))
  WITH CHECK (path LIKE ANY ((SELECT rz_scope_patterns())::text[]));
GRANT SELECT, DELETE ON case_indicator_deltas TO rongzhi_app;
GRANT SELECT, INSERT, UPDATE ON case_indicator_months_by_category, case_indicator_months_by_channel TO rongzhi_app;
