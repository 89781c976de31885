-- 020_release: the cells an aggregate view may not show (the release
-- analysis, run_release.c; docs/PRIVACY.md "Suppression"). One row per
-- blanked count of the whole release: family (store_release.h: 1
-- students, 2 results, 3 flagged, 4 at risk, 5 chronically absent,
-- 6 slowing), the org and year, subject_id (0: every subject), grade
-- (-1: every grade), subgroup ('all' or a group as desc_stat names it),
-- the count n and why: 1 fewer people than the minimum, 2 blanked so
-- that no blanked count follows from what is shown.
CREATE TABLE release_cell (
  run_id     bigint NOT NULL REFERENCES analysis_run(id) ON DELETE CASCADE,
  family     bigint NOT NULL,
  org_id     bigint NOT NULL,
  year_id    bigint NOT NULL,
  subject_id bigint NOT NULL,
  grade      bigint NOT NULL,
  subgroup   text NOT NULL,
  n          bigint NOT NULL,
  why        bigint NOT NULL CHECK (why IN (1, 2))
);
CREATE INDEX release_cell_org ON release_cell(org_id, year_id);
