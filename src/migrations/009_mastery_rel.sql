-- 009_mastery_rel: mastery_group gains rel_pct, the group's mean percent on
-- a standard minus the whole system's, and mastery_pooled holds each
-- group's mastery of a standard over all its assessments (see
-- docs/ANALYTICS.md, "Items and mastery"); rank_in_group ranks standards by
-- rel_pct.
ALTER TABLE mastery_group ADD COLUMN rel_pct REAL;
CREATE TABLE mastery_pooled (
  run_id        INTEGER NOT NULL REFERENCES analysis_run(id) ON DELETE CASCADE,
  standard_id   INTEGER NOT NULL,
  subject_id    INTEGER,
  grade         INTEGER,
  group_kind    TEXT NOT NULL,
  level         TEXT NOT NULL,
  org_id        INTEGER,
  class_id      INTEGER,
  n             INTEGER NOT NULL,
  mean_pct      REAL,
  share_mastered REAL,
  rel_pct       REAL,
  rank_in_group INTEGER
);
CREATE INDEX mastery_pooled_org ON mastery_pooled(org_id);
CREATE INDEX mastery_pooled_class ON mastery_pooled(class_id);
