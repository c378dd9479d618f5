-- Case creation writes a batch of cases with their timeline events in ONE statement
-- (create-writer.ts). Within one statement the events' policy check cannot see the cases the
-- same statement inserts (one snapshot), so in the platform's system scope — the only scope
-- writes run in (service.ts) — the check no longer looks the case up. In a user's scope it
-- still does, exactly as before.
DROP POLICY scope_rows ON case_events;
CREATE POLICY scope_rows ON case_events USING (EXISTS (SELECT 1 FROM cases c WHERE c.id = case_id))
  WITH CHECK ((SELECT rz_scope_patterns()) = '{%}'::text[] OR EXISTS (SELECT 1 FROM cases c WHERE c.id = case_id));
