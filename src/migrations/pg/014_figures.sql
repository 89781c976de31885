-- 014_figures: the counts behind the catalogue of figures (figures.h,
-- docs/FIGURES.md) that no other analysis keeps: per org unit (every
-- level) or class and year, the students placed (enrolled), the schools
-- and classes under it, and those students' attendance days; an org also
-- has one row per grade of its students (grade NULL: every grade; schools
-- and classes are counted on the NULL row only). Written by
-- the units analysis; a run replaces its rows. Counts and sums only, so a
-- unit's figures follow from its row and units merge by adding.
CREATE TABLE unit_stat (
  run_id    bigint NOT NULL REFERENCES analysis_run(id) ON DELETE CASCADE,
  org_id    bigint,
  class_id  bigint,
  year_id   bigint NOT NULL,
  grade     bigint,
  students  bigint NOT NULL,
  schools   bigint NOT NULL,
  classes   bigint NOT NULL,
  present   bigint NOT NULL,
  possible  bigint NOT NULL
);
CREATE INDEX unit_stat_org ON unit_stat(org_id, year_id);
CREATE INDEX unit_stat_class ON unit_stat(class_id, year_id);

-- Summative results per org unit (every level) or class and year, for
-- every subject (subject_id NULL) or one, and for every student, one grade
-- of their placement (grade) or one group of students (subgroup, as in
-- desc_stat: 'gender:F', 'ses:1', ...); never a grade and a group at
-- once. n results, n_cut of them on assessments with a proficient cut,
-- n_prof of those at or above it; sum_pct and sumsq_pct the sum and sum of
-- squares of score / maximum x 100. Mean score = sum_pct / n, share
-- proficient = n_prof / n_cut. A class's rows: its students' results on
-- summative assessments of its year and subject.
CREATE TABLE unit_result (
  run_id     bigint NOT NULL REFERENCES analysis_run(id) ON DELETE CASCADE,
  org_id     bigint,
  class_id   bigint,
  year_id    bigint NOT NULL,
  subject_id bigint,
  grade      bigint,
  subgroup   text NOT NULL,
  n          bigint NOT NULL,
  n_cut      bigint NOT NULL,
  n_prof     bigint NOT NULL,
  sum_pct    double precision NOT NULL,
  sumsq_pct  double precision NOT NULL
);
CREATE INDEX unit_result_org ON unit_result(org_id, year_id);
CREATE INDEX unit_result_class ON unit_result(class_id, year_id);
