-- 003_analytics: derived tables of the analytics engine I (descriptives,
-- gaps, item analysis, mastery, value-added). Every row carries the run_id
-- of the analysis_run that wrote it. Policy: a run of an analysis replaces
-- that analysis's rows (only the latest run's rows are kept; analysis_run
-- keeps the history of every run). See docs/ANALYTICS.md for each column.
-- Ids are store rowids; NULL where a grouping does not apply.

CREATE INDEX analysis_run_status ON analysis_run(status, id);

-- Which analyses a run wrote, and how long each took.
CREATE TABLE analysis_step (
  run_id   INTEGER NOT NULL REFERENCES analysis_run(id) ON DELETE CASCADE,
  analysis TEXT NOT NULL,
  seconds  REAL NOT NULL,
  rows     INTEGER NOT NULL,
  PRIMARY KEY (run_id, analysis)
) WITHOUT ROWID;

-- Descriptives of one assessment's scores in one group and subgroup.
-- group_kind: 'all' (every taker), 'org' (org_id, level names its level),
-- 'class'. subgroup: 'all' or 'dimension:value' (gender:F, ses:1, sen:1,
-- lang:<code>, social:<code>).
CREATE TABLE desc_stat (
  run_id        INTEGER NOT NULL REFERENCES analysis_run(id) ON DELETE CASCADE,
  assessment_id INTEGER NOT NULL,
  subject_id    INTEGER,
  year_id       INTEGER,
  term_id       INTEGER,
  grade         INTEGER,
  group_kind    TEXT NOT NULL,
  level         TEXT NOT NULL,
  org_id        INTEGER,
  class_id      INTEGER,
  subgroup      TEXT NOT NULL,
  n             INTEGER NOT NULL,
  mean          REAL,
  sd            REAL,
  median        REAL,
  q1            REAL,
  q3            REAL,
  min           REAL,
  max           REAL,
  mean_pct      REAL,
  share_prof    REAL,
  bands         TEXT
);
CREATE INDEX desc_stat_org ON desc_stat(org_id, assessment_id);
CREATE INDEX desc_stat_class ON desc_stat(class_id, assessment_id);

-- Trend of one subject and grade across windows and years in a group:
-- each assessment's mean percent of max and the change from the previous
-- assessment in the series with its 95% interval.
CREATE TABLE desc_trend (
  run_id        INTEGER NOT NULL REFERENCES analysis_run(id) ON DELETE CASCADE,
  org_id        INTEGER,
  level         TEXT NOT NULL,
  subject_id    INTEGER NOT NULL,
  grade         INTEGER,
  seq           INTEGER NOT NULL,
  assessment_id INTEGER NOT NULL,
  year_id       INTEGER,
  term_id       INTEGER,
  n             INTEGER NOT NULL,
  mean_pct      REAL,
  change        REAL,
  change_lo     REAL,
  change_hi     REAL,
  direction     TEXT
);
CREATE INDEX desc_trend_org ON desc_trend(org_id, subject_id);

-- Longitudinal cohorts: students in grade cohort_grade in cohort_year,
-- followed through later years (summative assessments of a subject).
-- mean_z: mean of scores standardised within each assessment.
CREATE TABLE desc_cohort (
  run_id         INTEGER NOT NULL REFERENCES analysis_run(id) ON DELETE CASCADE,
  org_id         INTEGER,
  level          TEXT NOT NULL,
  subject_id     INTEGER NOT NULL,
  cohort_year_id INTEGER NOT NULL,
  cohort_grade   INTEGER NOT NULL,
  year_id        INTEGER NOT NULL,
  grade          INTEGER,
  n              INTEGER NOT NULL,
  mean_pct       REAL,
  mean_z         REAL
);
CREATE INDEX desc_cohort_org ON desc_cohort(org_id, subject_id);

-- Subgroup gaps: Hedges' g of group_a against group_b on one assessment.
CREATE TABLE gap (
  run_id        INTEGER NOT NULL REFERENCES analysis_run(id) ON DELETE CASCADE,
  assessment_id INTEGER NOT NULL,
  subject_id    INTEGER,
  year_id       INTEGER,
  term_id       INTEGER,
  grade         INTEGER,
  level         TEXT NOT NULL,
  org_id        INTEGER,
  dimension     TEXT NOT NULL,
  group_a       TEXT NOT NULL,
  group_b       TEXT NOT NULL,
  n_a           INTEGER NOT NULL,
  n_b           INTEGER NOT NULL,
  mean_a        REAL,
  mean_b        REAL,
  g             REAL,
  g_lo          REAL,
  g_hi          REAL
);
CREATE INDEX gap_org ON gap(org_id, dimension);

-- Whether a gap narrows or widens: weighted least-squares slope of g on
-- time (per year) over a subject and grade's series of assessments.
CREATE TABLE gap_trend (
  run_id      INTEGER NOT NULL REFERENCES analysis_run(id) ON DELETE CASCADE,
  level       TEXT NOT NULL,
  org_id      INTEGER,
  dimension   TEXT NOT NULL,
  group_a     TEXT NOT NULL,
  group_b     TEXT NOT NULL,
  subject_id  INTEGER NOT NULL,
  grade       INTEGER,
  points      INTEGER NOT NULL,
  g_first     REAL,
  g_last      REAL,
  slope       REAL,
  slope_lo    REAL,
  slope_hi    REAL,
  verdict     TEXT NOT NULL
);

-- Classical item statistics per item, and reliability per assessment.
CREATE TABLE item_stat (
  run_id        INTEGER NOT NULL REFERENCES analysis_run(id) ON DELETE CASCADE,
  assessment_id INTEGER NOT NULL,
  item_id       INTEGER NOT NULL,
  standard_id   INTEGER,
  n             INTEGER NOT NULL,
  max_points    REAL NOT NULL,
  difficulty    REAL,
  sd            REAL,
  pbis          REAL,
  alpha_if_deleted REAL,
  flag          TEXT NOT NULL DEFAULT ''
);
CREATE INDEX item_stat_ass ON item_stat(assessment_id);
CREATE TABLE test_stat (
  run_id        INTEGER NOT NULL REFERENCES analysis_run(id) ON DELETE CASCADE,
  assessment_id INTEGER NOT NULL,
  n             INTEGER NOT NULL,
  items         INTEGER NOT NULL,
  mean          REAL,
  sd            REAL,
  reliability   REAL,
  method        TEXT NOT NULL,
  sem           REAL,
  flagged       INTEGER NOT NULL DEFAULT 0
);

-- Mastery of learning outcomes (standards): a student's share of the
-- points available on the items of one standard in one assessment, and the
-- same aggregated per class, org (every level) and overall.
CREATE TABLE mastery_student (
  run_id        INTEGER NOT NULL REFERENCES analysis_run(id) ON DELETE CASCADE,
  student_id    INTEGER NOT NULL,
  assessment_id INTEGER NOT NULL,
  standard_id   INTEGER NOT NULL,
  points        REAL NOT NULL,
  max_points    REAL NOT NULL,
  pct           REAL NOT NULL,
  mastered      INTEGER NOT NULL
);
CREATE INDEX mastery_student_st ON mastery_student(student_id);
CREATE TABLE mastery_group (
  run_id        INTEGER NOT NULL REFERENCES analysis_run(id) ON DELETE CASCADE,
  assessment_id INTEGER NOT NULL,
  standard_id   INTEGER NOT NULL,
  group_kind    TEXT NOT NULL,
  level         TEXT NOT NULL,
  org_id        INTEGER,
  class_id      INTEGER,
  n             INTEGER NOT NULL,
  mean_pct      REAL,
  share_mastered REAL,
  rank_in_group INTEGER
);
CREATE INDEX mastery_group_org ON mastery_group(org_id, assessment_id);
CREATE INDEX mastery_group_class ON mastery_group(class_id, assessment_id);

-- Value-added. Per student and outcome assessment: prior, expected scores
-- and residuals (in standard deviations of the outcome) of each model.
CREATE TABLE va_student (
  run_id          INTEGER NOT NULL REFERENCES analysis_run(id) ON DELETE CASCADE,
  student_id      INTEGER NOT NULL,
  assessment_id   INTEGER NOT NULL,
  prior_assessment_id INTEGER NOT NULL,
  subject_id      INTEGER,
  year_id         INTEGER,
  org_id          INTEGER,
  class_id        INTEGER,
  staff_id        INTEGER,
  prior_score     REAL NOT NULL,
  score           REAL NOT NULL,
  prior_band      INTEGER NOT NULL,
  expected_reg    REAL,
  resid_reg       REAL,
  expected_band   REAL,
  resid_band      REAL,
  resid_ctx       REAL,
  capped          INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX va_student_st ON va_student(student_id);
-- Per group: mean (capped) residual with its 95% interval.
-- model: 'regression', 'prior_band' (Progress 8 style), 'contextual'.
-- group_kind: 'org' (level names the level; schools are level 'school'),
-- 'class', 'teacher'.
CREATE TABLE va_group (
  run_id      INTEGER NOT NULL REFERENCES analysis_run(id) ON DELETE CASCADE,
  model       TEXT NOT NULL,
  group_kind  TEXT NOT NULL,
  level       TEXT NOT NULL,
  org_id      INTEGER,
  class_id    INTEGER,
  staff_id    INTEGER,
  subject_id  INTEGER,
  year_id     INTEGER,
  n           INTEGER NOT NULL,
  va          REAL,
  se          REAL,
  lo          REAL,
  hi          REAL,
  capped      INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX va_group_org ON va_group(org_id, model);
