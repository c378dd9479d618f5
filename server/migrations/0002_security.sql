-- Row-level security: the second wall behind the application's scoping helper.
-- The application sets `rongzhi.scope` on its connection to the user's scope paths,
-- comma-separated ('' = nothing, '*' = the platform's own system work such as login).
-- Role :app_role is created by the migration runner before this file runs.

CREATE FUNCTION rz_in_scope(p text) RETURNS boolean
LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT coalesce(current_setting('rongzhi.scope', true), '') = '*'
      OR EXISTS (
        SELECT 1 FROM unnest(string_to_array(nullif(current_setting('rongzhi.scope', true), ''), ',')) AS s(scope_path)
        WHERE p LIKE s.scope_path || '%')
$$;

-- Tables whose rows carry an org path are scoped by it.
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['org_units','org_unit_history','staff','staff_grid_links','users'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY scope_rows ON %I USING (rz_in_scope(path)) WITH CHECK (rz_in_scope(path))', t);
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
CREATE POLICY audit_read ON audit_log FOR SELECT USING (
  coalesce(current_setting('rongzhi.scope', true), '') = '*' OR (path IS NOT NULL AND rz_in_scope(path)));

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
GRANT EXECUTE ON FUNCTION rz_in_scope(text), audit_canonical(audit_log) TO rongzhi_app;
