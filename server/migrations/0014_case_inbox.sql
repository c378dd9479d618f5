-- The inbox, newest first (inbox.ts listCases). A street's open cases — at district scale tens of
-- thousands, closed-but-not-called-back included — were all read and sorted for a page of 20;
-- here a page reads about a page of rows from this index, in the order it is shown.
CREATE INDEX cases_active_newest_idx ON cases (tenant_code, created_at DESC, id DESC)
  WHERE state NOT IN ('rejected', 'archived', 'merged');

-- The few cases owned or handled outside the street they are located in (transfers across
-- streets, escalation to the district): the other part of a street's inbox. A stored column, not
-- an expression in the index predicate: ANALYZE then knows how rare such cases are, and the
-- planner reads them from this small index instead of scanning the street's paths.
ALTER TABLE cases ADD COLUMN away boolean GENERATED ALWAYS AS (
  NOT starts_with(coalesce(handler_path, path), substring(path from '^/[^/]+/[^/]+/'))
  OR NOT starts_with(coalesce(owner_path, path), substring(path from '^/[^/]+/[^/]+/'))) STORED;
CREATE INDEX cases_active_away_idx ON cases (created_at DESC, id DESC)
  WHERE away AND state NOT IN ('rejected', 'archived', 'merged');

-- Which states a street's cases are in depends on the street (a busy one has many more closed
-- cases awaiting their callback): per-column statistics multiply the two and underestimate a
-- street's to-do list twentyfold, so the planner sorted it all instead of reading the index above.
CREATE STATISTICS cases_tenant_state (mcv) ON tenant_code, state FROM cases;

-- Every index is paid for on each of the ~1,000 creates a second a large district can see.
-- These served no query: the scheduler finds due cases by next_check_at, and only the proactive
-- discovery reads handle_due (its index stays).
DROP INDEX cases_accept_due_idx;
DROP INDEX cases_respond_due_idx;
DROP INDEX cases_verify_due_idx;
-- (tenant, state) let the planner build a street's whole to-do list from bitmaps and sort it,
-- under-estimating it twentyfold, instead of reading the newest-first index above; no other
-- query needs it (proactive discovery finds overdue cases by handle_due).
DROP INDEX cases_state_idx;
