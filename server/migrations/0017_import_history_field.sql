-- A record's creation has one shape in the history, whoever made it: field 'record', old value
-- NULL, new value 'created' (a form) or 'import:<job id>' (an import). Imports wrote field
-- 'created' until now, which the person's history tab showed as a raw key next to a raw job id.
UPDATE reg_changes SET field = 'record' WHERE field = 'created';
