-- 流入原因 is free text, entered from the person form's list (务工, 经商, 投靠亲友, 学习培训, 婚嫁,
-- 随迁家属, 其他). The population generator wrote English words instead (work, business, family,
-- study, other), which the floating ledger showed as they were and its reason filter never
-- matched: the demo street's rows get the form's words.
UPDATE reg_floating SET inflow_reason = CASE inflow_reason
    WHEN 'work' THEN '务工' WHEN 'business' THEN '经商' WHEN 'family' THEN '投靠亲友'
    WHEN 'study' THEN '学习培训' WHEN 'other' THEN '其他' END
  WHERE inflow_reason IN ('work', 'business', 'family', 'study', 'other');
