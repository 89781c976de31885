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
  run_id       bigint NOT NULL REFERENCES analysis_run(id) ON DELETE CASCADE,
  student_id   bigint NOT NULL,
  year_id      bigint,
  org_id       bigint,
  grade        bigint,
  overall      bigint NOT NULL,
  attendance   bigint NOT NULL,
  behaviour    bigint NOT NULL,
  course       bigint NOT NULL,
  progress     bigint NOT NULL,
  att_rate     double precision,
  absent_share double precision,
  conduct      bigint NOT NULL,
  serious      bigint NOT NULL,
  low_subjects bigint NOT NULL,
  growth_fall  double precision,
  codes        text NOT NULL,
  reasons      text NOT NULL
);
CREATE INDEX ews_flag_student ON ews_flag(student_id);
CREATE INDEX ews_flag_org ON ews_flag(org_id, overall);
-- Counts per school and org level (every student assessed, flagged or not).
CREATE TABLE ews_summary (
  run_id    bigint NOT NULL REFERENCES analysis_run(id) ON DELETE CASCADE,
  year_id   bigint,
  level     text NOT NULL,
  org_id    bigint,
  n         bigint NOT NULL,
  n_warn    bigint NOT NULL,
  n_risk    bigint NOT NULL,
  n_chronic bigint NOT NULL,
  n_slowing bigint NOT NULL
);
CREATE INDEX ews_summary_org ON ews_summary(org_id);

-- Intervention impact: one row per intervention (and subject). The matched
-- estimate (difference in differences, Hedges' g in SD units of the
-- outcome) names its comparison group; naive_* is the participant-versus-
-- rest difference, biased by who was chosen, shown beside it.
CREATE TABLE impact (
  run_id          bigint NOT NULL REFERENCES analysis_run(id) ON DELETE CASCADE,
  intervention_id bigint NOT NULL,
  subject_id      bigint,
  year_id         bigint,
  status          text NOT NULL,
  comparison      text NOT NULL,
  n_participants  bigint NOT NULL,
  n_matched       bigint NOT NULL,
  n_unmatched     bigint NOT NULL,
  n_comparison    bigint NOT NULL,
  n_rest          bigint NOT NULL,
  caliper_sd      double precision NOT NULL,
  pre_smd         double precision,
  gain_participants double precision,
  gain_comparison double precision,
  did             double precision,
  did_se          double precision,
  did_lo          double precision,
  did_hi          double precision,
  outcome_sd      double precision,
  g               double precision,
  g_se            double precision,
  g_lo            double precision,
  g_hi            double precision,
  cost            double precision,
  cost_per_01sd   double precision,
  naive_diff      double precision,
  naive_g         double precision,
  naive_lo        double precision,
  naive_hi        double precision
);

-- Goals: progress, trend projected to the due date, on track or not.
CREATE TABLE goal_progress (
  run_id     bigint NOT NULL REFERENCES analysis_run(id) ON DELETE CASCADE,
  goal_id    bigint NOT NULL,
  as_of      text,
  npoints    bigint NOT NULL,
  current    double precision,
  progress   double precision,
  slope_per_day double precision,
  projected  double precision,
  status     text NOT NULL,
  met        bigint NOT NULL
);

-- Triangulation: correlations (associations) between indicators.
-- level: 'student' or 'school'.
CREATE TABLE triang (
  run_id  bigint NOT NULL REFERENCES analysis_run(id) ON DELETE CASCADE,
  year_id bigint,
  level   text NOT NULL,
  x       text NOT NULL,
  y       text NOT NULL,
  n       bigint NOT NULL,
  r       double precision,
  lo      double precision,
  hi      double precision,
  label   text NOT NULL
);

-- Themes: texts carrying each codebook theme per org (every level) and
-- source ('observation' notes or 'survey' free text), of n_texts texts.
CREATE TABLE theme_count (
  run_id   bigint NOT NULL REFERENCES analysis_run(id) ON DELETE CASCADE,
  level    text NOT NULL,
  org_id   bigint,
  source   text NOT NULL,
  theme_id bigint NOT NULL,
  n        bigint NOT NULL,
  n_texts  bigint NOT NULL
);
CREATE INDEX theme_count_org ON theme_count(org_id);
-- Example quotes per theme and source, scrubbed of names and identifiers.
CREATE TABLE theme_quote (
  run_id   bigint NOT NULL REFERENCES analysis_run(id) ON DELETE CASCADE,
  theme_id bigint NOT NULL,
  source   text NOT NULL,
  org_id   bigint,
  rank     bigint NOT NULL,
  quote    text NOT NULL
);

-- Peer-learning pairs: a school whose value-added interval lies above zero
-- (leader) and a similar school whose interval lies below zero (partner).
CREATE TABLE peer_pair (
  run_id         bigint NOT NULL REFERENCES analysis_run(id) ON DELETE CASCADE,
  subject_id     bigint,
  leader_org_id  bigint NOT NULL,
  partner_org_id bigint NOT NULL,
  rank           bigint NOT NULL,
  distance       double precision NOT NULL,
  same_block     bigint NOT NULL,
  leader_va      double precision,
  leader_lo      double precision,
  partner_va     double precision,
  partner_hi     double precision
);
CREATE INDEX peer_pair_leader ON peer_pair(leader_org_id);
CREATE INDEX peer_pair_partner ON peer_pair(partner_org_id);

-- Instructional groups per class and assessment: group 0 needs the most
-- support. weakest: standard codes of the group's weakest outcomes.
CREATE TABLE instr_group (
  run_id        bigint NOT NULL REFERENCES analysis_run(id) ON DELETE CASCADE,
  class_id      bigint NOT NULL,
  assessment_id bigint NOT NULL,
  group_no      bigint NOT NULL,
  n             bigint NOT NULL,
  mean_mastery  double precision,
  weakest       text NOT NULL,
  profile       text NOT NULL
);
CREATE INDEX instr_group_class ON instr_group(class_id);
CREATE TABLE instr_group_member (
  run_id        bigint NOT NULL REFERENCES analysis_run(id) ON DELETE CASCADE,
  class_id      bigint NOT NULL,
  assessment_id bigint NOT NULL,
  student_id    bigint NOT NULL,
  group_no      bigint NOT NULL
);
CREATE INDEX instr_group_member_class ON instr_group_member(class_id);
