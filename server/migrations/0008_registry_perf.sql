-- Registry performance (measured with bench/registry.ts; see modules/registry/README.md "Performance").
--
-- 1. reg_persons_pinyin_trgm_idx is dropped: no query uses it (pinyin is searched by prefix
--    through the text_pattern_ops index; a LIKE '%…%' on pinyin could not use a GIN index under
--    row-level security anyway), and a trigram GIN index is the costliest index to maintain on
--    every insert (import, population load).
DROP INDEX IF EXISTS reg_persons_pinyin_trgm_idx;

-- 2. The last digits of an ID number are searched as a prefix of the reversed number: a
--    text_pattern_ops range on `id_number_rev` is leakproof (usable as an index condition under
--    RLS) and exact for any 4–17 trailing digits, where `id_last4 = … AND id_number LIKE '%…'`
--    read every person sharing the last four digits (thousands at district scale) and filtered
--    them. reverse() is a built-in C function: cheap as a generated column. The old last-4
--    index is replaced by this one (same number of indexes to maintain).
ALTER TABLE reg_persons ADD COLUMN id_number_rev text GENERATED ALWAYS AS (reverse(id_number)) STORED;
CREATE INDEX reg_persons_id_rev_idx ON reg_persons (id_number_rev text_pattern_ops) WHERE id_number_rev IS NOT NULL;
DROP INDEX IF EXISTS reg_persons_last4_idx;
