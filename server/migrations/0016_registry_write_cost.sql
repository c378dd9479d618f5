-- Fewer index entries per person written (measured with bench/registry.ts; see
-- modules/registry/README.md "Performance"). Every person an import or a form writes goes into
-- each index of reg_persons at a random place; each random-key index costs about as much as the
-- rest of the row's write.
--
-- The pinyin prefix search (`name_pinyin ~>=~ … AND name_pinyin ~<~ …`, leakproof under RLS,
-- decision 0003) and the lists' order (pinyin, then id) had an index each. One index serves
-- both: the lists order by `name_pinyin USING ~<~` — the byte order of the text_pattern_ops
-- family, which for pinyin (lower-case ASCII) is alphabetical order on any server locale.
DROP INDEX IF EXISTS reg_persons_pinyin_idx;
DROP INDEX IF EXISTS reg_persons_order_idx;
CREATE INDEX reg_persons_order_idx ON reg_persons (name_pinyin text_pattern_ops, id);
