-- 012_ews_reason: early-warning reasons as codes with their evidence, not
-- words. One row per reason of a flagged student: the indicator, the
-- level (1 early warning, 2 at risk), the reason's code, the value that
-- crossed the configured threshold and the threshold itself, with day or
-- window counts and the subject where they apply (docs/ANALYTICS.md,
-- "Early warning", lists what each code's columns hold). Words are made
-- when a page or report is shown, in the reader's language
-- (src/ews_text.c); the English sentences kept in ews_flag.reasons go.
CREATE TABLE ews_reason (
  run_id     INTEGER NOT NULL REFERENCES analysis_run(id) ON DELETE CASCADE,
  student_id INTEGER NOT NULL,
  year_id    INTEGER,
  seq        INTEGER NOT NULL,
  indicator  TEXT NOT NULL,
  level      INTEGER NOT NULL,
  code       TEXT NOT NULL,
  value      REAL,
  threshold  REAL NOT NULL,
  count      INTEGER,
  total      INTEGER,
  subject_id INTEGER
);
CREATE INDEX ews_reason_student ON ews_reason(student_id, seq);
ALTER TABLE ews_flag DROP COLUMN reasons;
