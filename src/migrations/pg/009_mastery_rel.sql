-- 009_mastery_rel: mastery_group gains rel_pct, the group's mean percent on
-- a standard minus the whole system's, and mastery_pooled holds each
-- group's mastery of a standard over all its assessments (see
-- docs/ANALYTICS.md, "Items and mastery"); rank_in_group ranks standards by
-- rel_pct.
ALTER TABLE mastery_group ADD COLUMN rel_pct double precision;
CREATE TABLE mastery_pooled (
  run_id        bigint NOT NULL REFERENCES analysis_run(id) ON DELETE CASCADE,
  standard_id   bigint NOT NULL,
  subject_id    bigint,
  grade         bigint,
  group_kind    text NOT NULL,
  level         text NOT NULL,
  org_id        bigint,
  class_id      bigint,
  n             bigint NOT NULL,
  mean_pct      double precision,
  share_mastered double precision,
  rel_pct       double precision,
  rank_in_group bigint
);
CREATE INDEX mastery_pooled_org ON mastery_pooled(org_id);
CREATE INDEX mastery_pooled_class ON mastery_pooled(class_id);
