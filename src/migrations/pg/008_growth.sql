-- 008_growth: derived tables of the growth analysis (Student Growth
-- Percentiles, see docs/ANALYTICS.md "Student Growth Percentiles"). Every
-- row carries the run_id of the analysis_run that wrote it; a run replaces
-- the analysis's rows. Ids are store rowids.

-- One row per student and growth period: the current score on the end-of-
-- year summative of a subject and grade, the prior score(s) (annual: the
-- previous years' end-of-year summatives; within_year: the year's
-- baseline), and the SGP of the highest model order with all priors
-- present. status 'insufficient': the cohort was below the minimum size,
-- so sgp and sgp_order are NULL.
CREATE TABLE growth (
  run_id        bigint NOT NULL REFERENCES analysis_run(id) ON DELETE CASCADE,
  student_id    bigint NOT NULL,
  subject_id    bigint NOT NULL,
  year_id       bigint NOT NULL,
  grade         bigint,
  period        text NOT NULL CHECK (period IN ('annual', 'within_year')),
  assessment_id bigint NOT NULL,
  prior_score1  double precision NOT NULL,
  prior_score2  double precision,
  score         double precision NOT NULL,
  sgp           bigint CHECK (sgp BETWEEN 1 AND 99 OR sgp IS NULL),
  sgp_order     bigint,
  cohort_n      bigint NOT NULL,
  status        text NOT NULL CHECK (status IN ('ok', 'insufficient'))
);
CREATE INDEX growth_student ON growth(student_id);

-- Median SGP per group for one period, subject and year (all grades):
-- group_kind 'all', 'org' (org_id; level names the org's level) or 'class'.
-- Groups with fewer SGPs than min_group are not reported.
CREATE TABLE growth_median (
  run_id     bigint NOT NULL REFERENCES analysis_run(id) ON DELETE CASCADE,
  period     text NOT NULL,
  subject_id bigint NOT NULL,
  year_id    bigint NOT NULL,
  group_kind text NOT NULL,
  level      text NOT NULL,
  org_id     bigint,
  class_id   bigint,
  n          bigint NOT NULL,
  median_sgp double precision NOT NULL
);
