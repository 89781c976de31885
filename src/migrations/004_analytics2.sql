-- 004_analytics2: derived tables of analytics engine II (early warning,
-- intervention impact, goals, triangulation, themes, peer-learning pairs,
-- instructional groups). Same policy as 003: every row carries the run_id
-- of the analysis_run that wrote it and a run replaces the analysis's rows.
-- Ids are store rowids. See docs/ANALYTICS.md for each column.

-- Early warning: one row per flagged student (overall level 1 or 2) in the
-- analysed year. Levels: 0 none, 1 early warning, 2 at risk. reasons: every
-- reason in words, one per line; codes: the same as a comma list of
-- attendance_low, attendance_very_low, chronic_absence, conduct,
-- conduct_many, serious_incident, low_subject, low_multi, slowing, losing.
CREATE TABLE ews_flag (
  run_id       INTEGER NOT NULL REFERENCES analysis_run(id) ON DELETE CASCADE,
  student_id   INTEGER NOT NULL,
  year_id      INTEGER,
  org_id       INTEGER,
  grade        INTEGER,
  overall      INTEGER NOT NULL,
  attendance   INTEGER NOT NULL,
  behaviour    INTEGER NOT NULL,
  course       INTEGER NOT NULL,
  progress     INTEGER NOT NULL,
  att_rate     REAL,
  absent_share REAL,
  conduct      INTEGER NOT NULL,
  serious      INTEGER NOT NULL,
  low_subjects INTEGER NOT NULL,
  growth_fall  REAL,
  codes        TEXT NOT NULL,
  reasons      TEXT NOT NULL
);
CREATE INDEX ews_flag_student ON ews_flag(student_id);
CREATE INDEX ews_flag_org ON ews_flag(org_id, overall);
-- Counts per school and org level (every student assessed, flagged or not).
CREATE TABLE ews_summary (
  run_id    INTEGER NOT NULL REFERENCES analysis_run(id) ON DELETE CASCADE,
  year_id   INTEGER,
  level     TEXT NOT NULL,
  org_id    INTEGER,
  n         INTEGER NOT NULL,
  n_warn    INTEGER NOT NULL,
  n_risk    INTEGER NOT NULL,
  n_chronic INTEGER NOT NULL,
  n_slowing INTEGER NOT NULL
);
CREATE INDEX ews_summary_org ON ews_summary(org_id);

-- Intervention impact: one row per intervention (and subject). The matched
-- estimate (difference in differences, Hedges' g in SD units of the
-- outcome) names its comparison group; naive_* is the participant-versus-
-- rest difference, biased by who was chosen, shown beside it.
CREATE TABLE impact (
  run_id          INTEGER NOT NULL REFERENCES analysis_run(id) ON DELETE CASCADE,
  intervention_id INTEGER NOT NULL,
  subject_id      INTEGER,
  year_id         INTEGER,
  status          TEXT NOT NULL,
  comparison      TEXT NOT NULL,
  n_participants  INTEGER NOT NULL,
  n_matched       INTEGER NOT NULL,
  n_unmatched     INTEGER NOT NULL,
  n_comparison    INTEGER NOT NULL,
  n_rest          INTEGER NOT NULL,
  caliper_sd      REAL NOT NULL,
  pre_smd         REAL,
  gain_participants REAL,
  gain_comparison REAL,
  did             REAL,
  did_se          REAL,
  did_lo          REAL,
  did_hi          REAL,
  outcome_sd      REAL,
  g               REAL,
  g_se            REAL,
  g_lo            REAL,
  g_hi            REAL,
  cost            REAL,
  cost_per_01sd   REAL,
  naive_diff      REAL,
  naive_g         REAL,
  naive_lo        REAL,
  naive_hi        REAL
);

-- Goals: progress, trend projected to the due date, on track or not.
CREATE TABLE goal_progress (
  run_id     INTEGER NOT NULL REFERENCES analysis_run(id) ON DELETE CASCADE,
  goal_id    INTEGER NOT NULL,
  as_of      TEXT,
  npoints    INTEGER NOT NULL,
  current    REAL,
  progress   REAL,
  slope_per_day REAL,
  projected  REAL,
  status     TEXT NOT NULL,
  met        INTEGER NOT NULL
);

-- Triangulation: correlations (associations) between indicators.
-- level: 'student' or 'school'.
CREATE TABLE triang (
  run_id  INTEGER NOT NULL REFERENCES analysis_run(id) ON DELETE CASCADE,
  year_id INTEGER,
  level   TEXT NOT NULL,
  x       TEXT NOT NULL,
  y       TEXT NOT NULL,
  n       INTEGER NOT NULL,
  r       REAL,
  lo      REAL,
  hi      REAL,
  label   TEXT NOT NULL
);

-- Themes: texts carrying each codebook theme per org (every level) and
-- source ('observation' notes or 'survey' free text), of n_texts texts.
CREATE TABLE theme_count (
  run_id   INTEGER NOT NULL REFERENCES analysis_run(id) ON DELETE CASCADE,
  level    TEXT NOT NULL,
  org_id   INTEGER,
  source   TEXT NOT NULL,
  theme_id INTEGER NOT NULL,
  n        INTEGER NOT NULL,
  n_texts  INTEGER NOT NULL
);
CREATE INDEX theme_count_org ON theme_count(org_id);
-- Example quotes per theme and source, scrubbed of names and identifiers.
CREATE TABLE theme_quote (
  run_id   INTEGER NOT NULL REFERENCES analysis_run(id) ON DELETE CASCADE,
  theme_id INTEGER NOT NULL,
  source   TEXT NOT NULL,
  org_id   INTEGER,
  rank     INTEGER NOT NULL,
  quote    TEXT NOT NULL
);

-- Peer-learning pairs: a school whose value-added interval lies above zero
-- (leader) and a similar school whose interval lies below zero (partner).
CREATE TABLE peer_pair (
  run_id         INTEGER NOT NULL REFERENCES analysis_run(id) ON DELETE CASCADE,
  subject_id     INTEGER,
  leader_org_id  INTEGER NOT NULL,
  partner_org_id INTEGER NOT NULL,
  rank           INTEGER NOT NULL,
  distance       REAL NOT NULL,
  same_block     INTEGER NOT NULL,
  leader_va      REAL,
  leader_lo      REAL,
  partner_va     REAL,
  partner_hi     REAL
);
CREATE INDEX peer_pair_leader ON peer_pair(leader_org_id);
CREATE INDEX peer_pair_partner ON peer_pair(partner_org_id);

-- Instructional groups per class and assessment: group 0 needs the most
-- support. weakest: standard codes of the group's weakest outcomes.
CREATE TABLE instr_group (
  run_id        INTEGER NOT NULL REFERENCES analysis_run(id) ON DELETE CASCADE,
  class_id      INTEGER NOT NULL,
  assessment_id INTEGER NOT NULL,
  group_no      INTEGER NOT NULL,
  n             INTEGER NOT NULL,
  mean_mastery  REAL,
  weakest       TEXT NOT NULL,
  profile       TEXT NOT NULL
);
CREATE INDEX instr_group_class ON instr_group(class_id);
CREATE TABLE instr_group_member (
  run_id        INTEGER NOT NULL REFERENCES analysis_run(id) ON DELETE CASCADE,
  class_id      INTEGER NOT NULL,
  assessment_id INTEGER NOT NULL,
  student_id    INTEGER NOT NULL,
  group_no      INTEGER NOT NULL
);
CREATE INDEX instr_group_member_class ON instr_group_member(class_id);
