-- Row-level security: the second wall behind the application's scoping helper.
-- The application sets `rongzhi.scope` on its connection to the user's scope paths,
-- comma-separated ('' = nothing, '*' = the platform's own system work such as login).
-- A row is in scope when its org path starts with one of them.
-- Role :app_role is created by the migration runner before this file runs.

-- The LIKE patterns of the current scope: '{}' for none, '{%}' for the system scope.
-- Policies call it as a sub-select, `path LIKE ANY ((SELECT rz_scope_patterns())::text[])`, so that
-- PostgreSQL computes it once per query (an InitPlan) instead of once per row.
CREATE FUNCTION rz_scope_patterns() RETURNS text[]
LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT CASE coalesce(current_setting('rongzhi.scope', true), '')
    WHEN '' THEN '{}'::text[]
    WHEN '*' THEN '{%}'::text[]
    ELSE (SELECT array_agg(s || '%') FROM unnest(string_to_array(current_setting('rongzhi.scope', true), ',')) AS s)
  END
$$;

-- Tables whose rows carry an org path are scoped by it.
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['org_units','org_unit_history','staff','staff_grid_links','users'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY scope_rows ON %I USING (path LIKE ANY ((SELECT rz_scope_patterns())::text[])) WITH CHECK (path LIKE ANY ((SELECT rz_scope_patterns())::text[]))', t);
  END LOOP;
END $$;

-- A user's roles and scopes are visible exactly where the user is.
ALTER TABLE user_roles ENABLE ROW LEVEL SECURITY;
ALTER TABLE user_roles FORCE ROW LEVEL SECURITY;
CREATE POLICY scope_rows ON user_roles USING (EXISTS (SELECT 1 FROM users u WHERE u.id = user_id))
  WITH CHECK (EXISTS (SELECT 1 FROM users u WHERE u.id = user_id));
ALTER TABLE user_scopes ENABLE ROW LEVEL SECURITY;
ALTER TABLE user_scopes FORCE ROW LEVEL SECURITY;
CREATE POLICY scope_rows ON user_scopes USING (EXISTS (SELECT 1 FROM users u WHERE u.id = user_id))
  WITH CHECK (EXISTS (SELECT 1 FROM users u WHERE u.id = user_id));

-- Audit: anyone may append (a denial is recorded precisely because it is out of scope);
-- reading follows the scope. Rows without a path are visible to the system context only.
ALTER TABLE audit_log ENABLE ROW LEVEL SECURITY;
ALTER TABLE audit_log FORCE ROW LEVEL SECURITY;
CREATE POLICY audit_append ON audit_log FOR INSERT WITH CHECK (true);
CREATE POLICY audit_read ON audit_log FOR SELECT USING (coalesce(path, '') LIKE ANY ((SELECT rz_scope_patterns())::text[]));

-- The application role: owns nothing, no BYPASSRLS, only the rights it needs.
GRANT USAGE ON SCHEMA public TO rongzhi_app;
GRANT SELECT ON divisions TO rongzhi_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON org_units, staff, staff_grid_links, users, user_roles, user_scopes TO rongzhi_app;
GRANT SELECT, INSERT ON org_unit_history TO rongzhi_app;
-- history rows follow a moved subtree (their path), but their content never changes
GRANT UPDATE (path) ON org_unit_history TO rongzhi_app;
GRANT SELECT, INSERT, UPDATE ON roles TO rongzhi_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON sessions, login_failures, idempotency_keys TO rongzhi_app;
GRANT SELECT, INSERT ON audit_log TO rongzhi_app;
GRANT EXECUTE ON FUNCTION rz_scope_patterns(), audit_canonical(audit_log) TO rongzhi_app;
