-- 023_mastery_year: the mastery of learning outcomes by year, written by
-- the items analysis (run_items.c) and read by store_figures_mastery, so
-- every page, report and export reads one stored figure instead of summing
-- item responses per request (docs/ANALYTICS.md, "Items and mastery").
--
-- mastery_year: one row per student, year and outcome with at least one
-- item response: the points earned and available over the outcome's items
-- in the year's assessments, how many items and assessments they come
-- from, whether the points available reach items.min_evidence (enough:
-- the student's own mastery is shown as a number only then) and whether
-- the student mastered it (points / available >= items.mastery_cut).
CREATE TABLE mastery_year (
  run_id      bigint NOT NULL REFERENCES analysis_run(id) ON DELETE CASCADE,
  student_id  bigint NOT NULL,
  year_id     bigint NOT NULL,
  standard_id bigint NOT NULL,
  points      double precision NOT NULL,
  max_points  double precision NOT NULL,
  items       bigint NOT NULL,
  assessments bigint NOT NULL,
  enough      bigint NOT NULL,
  mastered    bigint NOT NULL
);
CREATE INDEX mastery_year_student ON mastery_year(student_id, year_id);

-- mastery_unit: per org (every level, the school itself included), year
-- and outcome, over the students placed under it that year with a
-- response to its items (each student once; a unit's mean rests on all
-- their points together): how many (n), how many mastered it, the sum of
-- their mastery percents and of its squares, so a unit's mean and SD come
-- without reading its students.
CREATE TABLE mastery_unit (
  run_id      bigint NOT NULL REFERENCES analysis_run(id) ON DELETE CASCADE,
  org_id      bigint NOT NULL,
  year_id     bigint NOT NULL,
  standard_id bigint NOT NULL,
  n           bigint NOT NULL,
  n_mastered  bigint NOT NULL,
  sum_pct     double precision NOT NULL,
  sumsq_pct   double precision NOT NULL
);
CREATE INDEX mastery_unit_org ON mastery_unit(org_id, year_id);
