-- Registry import jobs (一标三实 batch import). An upload becomes a job row: the file is kept
-- in the row until the job finishes, progress is written as batches complete, and the bad-rows
-- report (row, column, reason in Chinese and English) stays with the job for download.
-- `path` = the org the import was made for, so the standard scope policy applies.

CREATE TABLE reg_import_jobs (
  tenant_code     text NOT NULL,
  id              uuid NOT NULL,
  path            text NOT NULL,
  org_id          uuid NOT NULL,                -- the org (street/community/grid) the import targets
  scope_paths     text[] NOT NULL,              -- the uploader's scope: the background work runs in it
  kind            text NOT NULL CHECK (kind IN ('persons','households','rooms','rentals','entities')),
  format          text NOT NULL CHECK (format IN ('xlsx','csv')),
  file_name       text,
  file_data       bytea,                        -- dropped when the job finishes
  status          text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued','running','done','failed')),
  total_rows      int NOT NULL DEFAULT 0,
  processed_rows  int NOT NULL DEFAULT 0,
  inserted_rows   int NOT NULL DEFAULT 0,
  skipped_rows    int NOT NULL DEFAULT 0,       -- already in the registry (dedupe): nothing changed
  bad_rows        int NOT NULL DEFAULT 0,
  warnings        int NOT NULL DEFAULT 0,
  errors          jsonb NOT NULL DEFAULT '[]',  -- [{ row, column, value?, reason_zh, reason, severity }]
  failure         text,
  created_by      uuid,
  created_by_name text,
  created_at      timestamptz NOT NULL DEFAULT now(),
  started_at      timestamptz,
  heartbeat_at    timestamptz,
  finished_at     timestamptz,
  PRIMARY KEY (tenant_code, id)
);
CREATE UNIQUE INDEX reg_import_jobs_id_idx ON reg_import_jobs (id);
CREATE INDEX reg_import_jobs_path_idx ON reg_import_jobs (path text_pattern_ops);
CREATE INDEX reg_import_jobs_open_idx ON reg_import_jobs (created_at) WHERE status IN ('queued','running');

ALTER TABLE reg_import_jobs ENABLE ROW LEVEL SECURITY;
ALTER TABLE reg_import_jobs FORCE ROW LEVEL SECURITY;
CREATE POLICY scope_rows ON reg_import_jobs
  USING (path LIKE ANY ((SELECT rz_scope_patterns())::text[]))
  WITH CHECK (path LIKE ANY ((SELECT rz_scope_patterns())::text[]));

GRANT SELECT, INSERT, UPDATE ON reg_import_jobs TO rongzhi_app;
