-- 020_release: the cells an aggregate view may not show (the release
-- analysis, run_release.c; docs/PRIVACY.md "Suppression"). One row per
-- blanked count of the whole release: family (store_release.h: 1
-- students, 2 results, 3 flagged, 4 at risk, 5 chronically absent,
-- 6 slowing), the org and year, subject_id (0: every subject), grade
-- (-1: every grade), subgroup ('all' or a group as desc_stat names it),
-- the count n and why: 1 fewer people than the minimum, 2 blanked so
-- that no blanked count follows from what is shown.
CREATE TABLE release_cell (
  run_id     INTEGER NOT NULL REFERENCES analysis_run(id) ON DELETE CASCADE,
  family     INTEGER NOT NULL,
  org_id     INTEGER NOT NULL,
  year_id    INTEGER NOT NULL,
  subject_id INTEGER NOT NULL,
  grade      INTEGER NOT NULL,
  subgroup   TEXT NOT NULL,
  n          INTEGER NOT NULL,
  why        INTEGER NOT NULL CHECK (why IN (1, 2))
);
CREATE INDEX release_cell_org ON release_cell(org_id, year_id);
