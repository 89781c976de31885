-- 003_analytics: derived tables of the analytics engine I (descriptives,
-- gaps, item analysis, mastery, value-added). Every row carries the run_id
-- of the analysis_run that wrote it. Policy: a run of an analysis replaces
-- that analysis's rows (only the latest run's rows are kept; analysis_run
-- keeps the history of every run). See docs/ANALYTICS.md for each column.
-- Ids are store rowids; NULL where a grouping does not apply.

CREATE INDEX analysis_run_status ON analysis_run(status, id);

-- Which analyses a run wrote, and how long each took.
CREATE TABLE analysis_step (
  run_id   bigint NOT NULL REFERENCES analysis_run(id) ON DELETE CASCADE,
  analysis text NOT NULL,
  seconds  double precision NOT NULL,
  rows     bigint NOT NULL,
  PRIMARY KEY (run_id, analysis)
);

-- Descriptives of one assessment's scores in one group and subgroup.
-- group_kind: 'all' (every taker), 'org' (org_id, level names its level),
-- 'class'. subgroup: 'all' or 'dimension:value' (gender:F, ses:1, sen:1,
-- lang:<code>, social:<code>).
CREATE TABLE desc_stat (
  run_id        bigint NOT NULL REFERENCES analysis_run(id) ON DELETE CASCADE,
  assessment_id bigint NOT NULL,
  subject_id    bigint,
  year_id       bigint,
  term_id       bigint,
  grade         bigint,
  group_kind    text NOT NULL,
  level         text NOT NULL,
  org_id        bigint,
  class_id      bigint,
  subgroup      text NOT NULL,
  n             bigint NOT NULL,
  mean          double precision,
  sd            double precision,
  median        double precision,
  q1            double precision,
  q3            double precision,
  min           double precision,
  max           double precision,
  mean_pct      double precision,
  share_prof    double precision,
  bands         text
);
CREATE INDEX desc_stat_org ON desc_stat(org_id, assessment_id);
CREATE INDEX desc_stat_class ON desc_stat(class_id, assessment_id);

-- Trend of one subject and grade across windows and years in a group:
-- each assessment's mean percent of max and the change from the previous
-- assessment in the series with its 95% interval.
CREATE TABLE desc_trend (
  run_id        bigint NOT NULL REFERENCES analysis_run(id) ON DELETE CASCADE,
  org_id        bigint,
  level         text NOT NULL,
  subject_id    bigint NOT NULL,
  grade         bigint,
  seq           bigint NOT NULL,
  assessment_id bigint NOT NULL,
  year_id       bigint,
  term_id       bigint,
  n             bigint NOT NULL,
  mean_pct      double precision,
  change        double precision,
  change_lo     double precision,
  change_hi     double precision,
  direction     text
);
CREATE INDEX desc_trend_org ON desc_trend(org_id, subject_id);

-- Longitudinal cohorts: students in grade cohort_grade in cohort_year,
-- followed through later years (summative assessments of a subject).
-- mean_z: mean of scores standardised within each assessment.
CREATE TABLE desc_cohort (
  run_id         bigint NOT NULL REFERENCES analysis_run(id) ON DELETE CASCADE,
  org_id         bigint,
  level          text NOT NULL,
  subject_id     bigint NOT NULL,
  cohort_year_id bigint NOT NULL,
  cohort_grade   bigint NOT NULL,
  year_id        bigint NOT NULL,
  grade          bigint,
  n              bigint NOT NULL,
  mean_pct       double precision,
  mean_z         double precision
);
CREATE INDEX desc_cohort_org ON desc_cohort(org_id, subject_id);

-- Subgroup gaps: Hedges' g of group_a against group_b on one assessment.
CREATE TABLE gap (
  run_id        bigint NOT NULL REFERENCES analysis_run(id) ON DELETE CASCADE,
  assessment_id bigint NOT NULL,
  subject_id    bigint,
  year_id       bigint,
  term_id       bigint,
  grade         bigint,
  level         text NOT NULL,
  org_id        bigint,
  dimension     text NOT NULL,
  group_a       text NOT NULL,
  group_b       text NOT NULL,
  n_a           bigint NOT NULL,
  n_b           bigint NOT NULL,
  mean_a        double precision,
  mean_b        double precision,
  g             double precision,
  g_lo          double precision,
  g_hi          double precision
);
CREATE INDEX gap_org ON gap(org_id, dimension);

-- Whether a gap narrows or widens: weighted least-squares slope of g on
-- time (per year) over a subject and grade's series of assessments.
CREATE TABLE gap_trend (
  run_id      bigint NOT NULL REFERENCES analysis_run(id) ON DELETE CASCADE,
  level       text NOT NULL,
  org_id      bigint,
  dimension   text NOT NULL,
  group_a     text NOT NULL,
  group_b     text NOT NULL,
  subject_id  bigint NOT NULL,
  grade       bigint,
  points      bigint NOT NULL,
  g_first     double precision,
  g_last      double precision,
  slope       double precision,
  slope_lo    double precision,
  slope_hi    double precision,
  verdict     text NOT NULL
);

-- Classical item statistics per item, and reliability per assessment.
CREATE TABLE item_stat (
  run_id        bigint NOT NULL REFERENCES analysis_run(id) ON DELETE CASCADE,
  assessment_id bigint NOT NULL,
  item_id       bigint NOT NULL,
  standard_id   bigint,
  n             bigint NOT NULL,
  max_points    double precision NOT NULL,
  difficulty    double precision,
  sd            double precision,
  pbis          double precision,
  alpha_if_deleted double precision,
  flag          text NOT NULL DEFAULT ''
);
CREATE INDEX item_stat_ass ON item_stat(assessment_id);
CREATE TABLE test_stat (
  run_id        bigint NOT NULL REFERENCES analysis_run(id) ON DELETE CASCADE,
  assessment_id bigint NOT NULL,
  n             bigint NOT NULL,
  items         bigint NOT NULL,
  mean          double precision,
  sd            double precision,
  reliability   double precision,
  method        text NOT NULL,
  sem           double precision,
  flagged       bigint NOT NULL DEFAULT 0
);

-- Mastery of learning outcomes (standards): a student's share of the
-- points available on the items of one standard in one assessment, and the
-- same aggregated per class, org (every level) and overall.
CREATE TABLE mastery_student (
  run_id        bigint NOT NULL REFERENCES analysis_run(id) ON DELETE CASCADE,
  student_id    bigint NOT NULL,
  assessment_id bigint NOT NULL,
  standard_id   bigint NOT NULL,
  points        double precision NOT NULL,
  max_points    double precision NOT NULL,
  pct           double precision NOT NULL,
  mastered      bigint NOT NULL
);
CREATE INDEX mastery_student_st ON mastery_student(student_id);
CREATE TABLE mastery_group (
  run_id        bigint NOT NULL REFERENCES analysis_run(id) ON DELETE CASCADE,
  assessment_id bigint NOT NULL,
  standard_id   bigint NOT NULL,
  group_kind    text NOT NULL,
  level         text NOT NULL,
  org_id        bigint,
  class_id      bigint,
  n             bigint NOT NULL,
  mean_pct      double precision,
  share_mastered double precision,
  rank_in_group bigint
);
CREATE INDEX mastery_group_org ON mastery_group(org_id, assessment_id);
CREATE INDEX mastery_group_class ON mastery_group(class_id, assessment_id);

-- Value-added. Per student and outcome assessment: prior, expected scores
-- and residuals (in standard deviations of the outcome) of each model.
CREATE TABLE va_student (
  run_id          bigint NOT NULL REFERENCES analysis_run(id) ON DELETE CASCADE,
  student_id      bigint NOT NULL,
  assessment_id   bigint NOT NULL,
  prior_assessment_id bigint NOT NULL,
  subject_id      bigint,
  year_id         bigint,
  org_id          bigint,
  class_id        bigint,
  staff_id        bigint,
  prior_score     double precision NOT NULL,
  score           double precision NOT NULL,
  prior_band      bigint NOT NULL,
  expected_reg    double precision,
  resid_reg       double precision,
  expected_band   double precision,
  resid_band      double precision,
  resid_ctx       double precision,
  capped          bigint NOT NULL DEFAULT 0
);
CREATE INDEX va_student_st ON va_student(student_id);
-- Per group: mean (capped) residual with its 95% interval.
-- model: 'regression', 'prior_band' (Progress 8 style), 'contextual'.
-- group_kind: 'org' (level names the level; schools are level 'school'),
-- 'class', 'teacher'.
CREATE TABLE va_group (
  run_id      bigint NOT NULL REFERENCES analysis_run(id) ON DELETE CASCADE,
  model       text NOT NULL,
  group_kind  text NOT NULL,
  level       text NOT NULL,
  org_id      bigint,
  class_id    bigint,
  staff_id    bigint,
  subject_id  bigint,
  year_id     bigint,
  n           bigint NOT NULL,
  va          double precision,
  se          double precision,
  lo          double precision,
  hi          double precision,
  capped      bigint NOT NULL DEFAULT 0
);
CREATE INDEX va_group_org ON va_group(org_id, model);
