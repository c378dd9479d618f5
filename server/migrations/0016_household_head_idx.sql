-- Households by their head: the households list finds a household by its head's name, pinyin,
-- ID digits or phone (households.service.ts), from the persons the term matches to the
-- households they head. Without this index each such list read every household of the scope.
CREATE INDEX reg_households_head_idx ON reg_households (head_person_id) WHERE head_person_id IS NOT NULL;
