-- 014_figures: the counts behind the catalogue of figures (figures.h,
-- docs/FIGURES.md) that no other analysis keeps: per org unit (every
-- level) or class and year, the students placed (enrolled), the schools
-- and classes under it, and those students' attendance days; an org also
-- has one row per grade of its students (grade NULL: every grade; schools
-- and classes are counted on the NULL row only). Written by
-- the units analysis; a run replaces its rows. Counts and sums only, so a
-- unit's figures follow from its row and units merge by adding.
CREATE TABLE unit_stat (
  run_id    INTEGER NOT NULL REFERENCES analysis_run(id) ON DELETE CASCADE,
  org_id    INTEGER,
  class_id  INTEGER,
  year_id   INTEGER NOT NULL,
  grade     INTEGER,
  students  INTEGER NOT NULL,
  schools   INTEGER NOT NULL,
  classes   INTEGER NOT NULL,
  present   INTEGER NOT NULL,
  possible  INTEGER NOT NULL
);
CREATE INDEX unit_stat_org ON unit_stat(org_id, year_id);
CREATE INDEX unit_stat_class ON unit_stat(class_id, year_id);
