-- 012_ews_reason: early-warning reasons as codes with their evidence, not
-- words. One row per reason of a flagged student: the indicator, the
-- level (1 early warning, 2 at risk), the reason's code, the value that
-- crossed the configured threshold and the threshold itself, with day or
-- window counts and the subject where they apply (docs/ANALYTICS.md,
-- "Early warning", lists what each code's columns hold). Words are made
-- when a page or report is shown, in the reader's language
-- (src/ews_text.c); the English sentences kept in ews_flag.reasons go.
CREATE TABLE ews_reason (
  run_id     bigint NOT NULL REFERENCES analysis_run(id) ON DELETE CASCADE,
  student_id bigint NOT NULL,
  year_id    bigint,
  seq        bigint NOT NULL,
  indicator  text NOT NULL,
  level      bigint NOT NULL,
  code       text NOT NULL,
  value      double precision,
  threshold  double precision NOT NULL,
  count      bigint,
  total      bigint,
  subject_id bigint
);
CREATE INDEX ews_reason_student ON ews_reason(student_id, seq);
ALTER TABLE ews_flag DROP COLUMN reasons;
