-- 009_mastery_rel: mastery_group gains rel_pct, the group's mean percent on
-- a standard minus the whole system's (see docs/ANALYTICS.md, "Items and
-- mastery"); rank_in_group ranks standards by it.
ALTER TABLE mastery_group ADD COLUMN rel_pct REAL;
