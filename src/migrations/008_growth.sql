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
  run_id        INTEGER NOT NULL REFERENCES analysis_run(id) ON DELETE CASCADE,
  student_id    INTEGER NOT NULL,
  subject_id    INTEGER NOT NULL,
  year_id       INTEGER NOT NULL,
  grade         INTEGER,
  period        TEXT NOT NULL CHECK (period IN ('annual', 'within_year')),
  assessment_id INTEGER NOT NULL,
  prior_score1  REAL NOT NULL,
  prior_score2  REAL,
  score         REAL NOT NULL,
  sgp           INTEGER CHECK (sgp BETWEEN 1 AND 99 OR sgp IS NULL),
  sgp_order     INTEGER,
  cohort_n      INTEGER NOT NULL,
  status        TEXT NOT NULL CHECK (status IN ('ok', 'insufficient'))
);
CREATE INDEX growth_student ON growth(student_id);

-- Median SGP per group for one period, subject and year (all grades):
-- group_kind 'all', 'org' (org_id; level names the org's level) or 'class'.
-- Groups with fewer SGPs than min_group are not reported.
CREATE TABLE growth_median (
  run_id     INTEGER NOT NULL REFERENCES analysis_run(id) ON DELETE CASCADE,
  period     TEXT NOT NULL,
  subject_id INTEGER NOT NULL,
  year_id    INTEGER NOT NULL,
  group_kind TEXT NOT NULL,
  level      TEXT NOT NULL,
  org_id     INTEGER,
  class_id   INTEGER,
  n          INTEGER NOT NULL,
  median_sgp REAL NOT NULL
);
