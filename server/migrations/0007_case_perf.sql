-- Case module performance (no new data, no policy change).
--
-- Under row-level security a user's LIKE on a path cannot drive an index (LIKE is not
-- leakproof); the repositories add the same scope as pattern-operator ranges (~>=~ / ~<~,
-- see repo.ts pathRanges), which the text_pattern_ops indexes serve. The inbox reads only
-- cases that are not finished for good: these partial indexes hold just those (a small share
-- of a year of cases), for each of the three scoping paths.
CREATE INDEX cases_active_path_idx ON cases (path text_pattern_ops) WHERE state NOT IN ('rejected', 'archived', 'merged');
CREATE INDEX cases_active_owner_path_idx ON cases (owner_path text_pattern_ops) WHERE state NOT IN ('rejected', 'archived', 'merged');
CREATE INDEX cases_active_handler_path_idx ON cases (handler_path text_pattern_ops) WHERE state NOT IN ('rejected', 'archived', 'merged');
