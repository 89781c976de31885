# Engine II analyses through `attain analyze` on a hand-made school
# (tests/fixtures/an2/small.sql plants each early-warning case).
. "$ATTAIN_ROOT/tests/lib.sh"

db="$T/an2.db"
expect_rc 0 "init" -- "$A" --db "$db" init
if sqlite3 "$db" <"$ATTAIN_ROOT/tests/fixtures/an2/small.sql"; then ok "fixture loaded"; else notok "fixture loaded"; fi

# The thresholds alone: no error band, every student with a reason in the
# top tier (its level per indicator is in the reasons).
printf '{"ews": {"error_z": 0, "tier1_share": 1, "tier2_share": 1}}\n' >"$T/cfg0.json"
expect_rc 0 "analyze --only ews" -- "$A" --db "$db" analyze --only ews --config "$T/cfg0.json"
expect_grep "12 students assessed, 6 in the top tier, 0 in the second" "$T/out" "ews summary line"
q() { sqlite3 "$db" "$1"; }
flags=$(q "SELECT group_concat(code || ':' || tier || ':' || codes, ' ') FROM (SELECT s.code, f.tier, f.codes FROM ews_flag f JOIN student s ON s.id = f.student_id ORDER BY s.code)")
expect_eq "$flags" "S01:1:low_subject,low_multi S02:1:attendance_low,chronic_absence S03:1:chronic_absence S04:1:conduct S05:1:serious_incident S12:1:low_subject,low_multi,slowing,losing" "every planted case flagged with its reasons, nobody else"
# ranked by indicators (S12: course and progress), then distance
expect_eq "$(q "SELECT s.code || ':' || f.rank || ':' || f.nind FROM ews_flag f JOIN student s ON s.id = f.student_id WHERE f.rank = 1")" "S12:1:2" "the student with the most indicators ranks first"
expect_eq "$(q "SELECT group_concat(indicator || ':' || level, ' ') FROM (SELECT * FROM ews_reason WHERE student_id = 5 ORDER BY seq)")" "behaviour:2" "a reason keeps its level"
expect_eq "$(q "SELECT group_concat(indicator || ':' || level || ':' || code || ':' || value || ':' || threshold || ':' || count || ':' || total, ' ') FROM ews_reason WHERE student_id = 3")" "attendance:1:chronic_absence:0.1:0.1:2:20" "a reason as a code with its value and threshold"
# S01 scored 34 against a basic cut of 40 in both core subjects (small.sql)
expect_eq "$(q "SELECT group_concat(code || ':' || level || ':' || value || ':' || threshold || ':' || coalesce(subject_id, '-'), ' ') FROM (SELECT * FROM ews_reason WHERE student_id = 1 ORDER BY seq)")" "low_subject:2:34.0:40.0:1 low_subject:2:34.0:40.0:2 low_multi:2:2.0:2.0:-" "course reasons: each subject below basic with its score and cut, then low_multi"
expect_eq "$(q "SELECT count(*) FROM pragma_table_info('ews_flag') WHERE name = 'reasons'")" "0" "no words stored with the flags"
expect_eq "$(q "SELECT count(DISTINCT student_id) FROM ews_reason")" "6" "every flagged student has reasons"
expect_eq "$(q "SELECT n || '/' || n_warn || '/' || n_risk || '/' || n_chronic || '/' || n_slowing FROM ews_summary WHERE level = 'school'")" "12/0/6/2/1" "school summary counts"
# last year's incidents do not count this year
expect_eq "$(q "SELECT count(*) FROM ews_flag WHERE student_id = 7")" "0" "incidents of another year are not counted"
# thresholds come from the config file
printf '{"ews": {"attendance_warning": 0.80, "chronic_absence": 0.2, "error_z": 0, "tier1_share": 1, "tier2_share": 1}}\n' >"$T/cfg.json"
expect_rc 0 "analyze with a config" -- "$A" --db "$db" analyze --only ews --config "$T/cfg.json"
expect_eq "$(q "SELECT count(*) FROM ews_flag WHERE student_id IN (2, 3)")" "0" "configured thresholds apply"
expect_eq "$(q "SELECT group_concat(DISTINCT run_id) FROM ews_flag")" "2" "a run replaces the previous rows"
expect_rc 0 "export ews_flag" -- "$A" --db "$db" export ews_flag --format csv
expect_grep "serious_incident" "$T/out" "export carries the flags"
# The defaults: a tier is at most 10% / 20% of the school's 12 students
# (1 and 2), and no reason lies inside its error band.
expect_rc 0 "analyze with the default tiers" -- "$A" --db "$db" analyze --only ews
expect_eq "$(q "SELECT sum(tier = 1) || '/' || sum(tier = 2) FROM ews_flag")" "1/1" "tiers hold floor(10%) and floor(20%) of 12"
expect_eq "$(q "SELECT count(*) FROM ews_reason WHERE z < 1 - 1e-9")" "0" "no reason inside its error band"

# Intervention impact (caliper widened: 12 students are too few for 0.2 SD)
printf '{"impact": {"caliper": 1}}\n' >"$T/imp.json"
expect_rc 0 "analyze --only impact" -- "$A" --db "$db" analyze --only impact --config "$T/imp.json"
expect_grep "1 of 2 interventions estimated" "$T/out" "impact summary line"
expect_eq "$(q "SELECT status || ' ' || n_participants || ' ' || n_matched || ' ' || n_unmatched || ' ' || n_rest FROM impact WHERE intervention_id = 1")" "ok 2 2 0 10" "participants matched, the rest counted"
expect_eq "$(q "SELECT did > 0 AND g > 0 AND g_lo < g AND g < g_hi AND cost_per_01sd > 0 FROM impact WHERE intervention_id = 1")" "1" "a gain with its interval and cost"
expect_grep "School One" "$(q "SELECT comparison FROM impact WHERE intervention_id = 1" >"$T/cmp"; echo "$T/cmp")" "the comparison group is named"
expect_eq "$(q "SELECT status || '|' || ifnull(g, 'null') FROM impact WHERE intervention_id = 2")" "no subject or year|null" "an intervention without a subject is reported, not estimated"

# Goals
expect_rc 0 "analyze --only goals" -- "$A" --db "$db" analyze --only goals
expect_grep "1 goals on track, 2 off track, 0 unknown" "$T/out" "goals summary line"
expect_eq "$(q "SELECT status || ' ' || npoints || ' ' || current || ' ' || progress || ' ' || met || ' ' || round(slope_per_day, 6) || ' ' || round(projected, 4) || ' ' || as_of FROM goal_progress WHERE goal_id = 1")" "on track 3 60.0 1.0 1 0.042391 62.1911 2026-03-01" "student score goal: least-squares projection by hand"
expect_eq "$(q "SELECT status || ' ' || npoints || ' ' || round(current, 4) FROM goal_progress WHERE goal_id = 2")" "off track 3 62.1667" "school mean goal"
expect_eq "$(q "SELECT status || ' ' || npoints || ' ' || current FROM goal_progress WHERE goal_id = 3")" "off track 1 85.0" "attendance goal from the marks"

# Triangulation: attendance (1, .85, .9, 1 ...) against conduct incidents
# (S04 3, S05 1): r = 0.171347 (Python statistics.correlation); each row
# is labelled an association
expect_rc 0 "analyze --only triang" -- "$A" --db "$db" analyze --only triang
expect_eq "$(q "SELECT n || ' ' || round(r, 6) || ' ' || label FROM triang WHERE level = 'student' AND x = 'attendance' AND y = 'conduct_incidents'")" "12 0.171347 association" "student-level correlation by hand"
expect_eq "$(q "SELECT count(*) FROM triang WHERE lo <= r AND r <= hi")" "3" "each defined r lies in its interval"
expect_eq "$(q "SELECT count(*) FROM triang WHERE label <> 'association'")" "0" "all labelled associations"

# Instructional groups: the three planted profiles come out as the groups,
# ordered by mean mastery and described by their weakest outcome
expect_rc 0 "analyze --only groups" -- "$A" --db "$db" analyze --only groups
expect_eq "$(q "SELECT group_concat(group_no || ':' || n || ':' || substr(weakest, 1, 3), ' ') FROM (SELECT * FROM instr_group ORDER BY group_no)")" "0:4:LO3 1:4:LO1 2:4:LO1" "groups, sizes and weakest outcomes"
expect_eq "$(q "SELECT group_concat(g, '') FROM (SELECT group_no AS g FROM instr_group_member ORDER BY student_id)")" "111100002222" "members of each planted profile share a group"
expect_eq "$(q "SELECT round(mean_mastery, 4) FROM instr_group WHERE group_no = 0")" "0.5" "group mean mastery"

# Themes: keyword coding, hand tags overriding keywords, counts per org
# level, quotes with names, codes and numbers removed
expect_rc 0 "analyze --only themes" -- "$A" --db "$db" analyze --only themes
expect_grep "3 texts, 2 themes, 3 quotes" "$T/out" "themes summary line"
expect_eq "$(q "SELECT group_concat(source || ':' || theme_id || ':' || n || '/' || n_texts, ' ') FROM (SELECT * FROM theme_count WHERE level = 'school' ORDER BY source, theme_id)")" "observation:1:1/2 observation:2:1/2 survey:2:1/1" "theme counts at the school"
expect_eq "$(q "SELECT count(*) FROM theme_count WHERE level = 'district'")" "3" "counts roll up the org tree"
expect_eq "$(q "SELECT quote FROM theme_quote WHERE theme_id = 1")" "Children were engaged; [code] answered well. Call [name] at [number]." "an observation quote that names no one"
expect_eq "$(q "SELECT quote FROM theme_quote WHERE source = 'survey'")" "Mrs. [name] asks us to participate and the school has no water" "a survey quote that names no one"

# Peer pairs need several schools' value-added: one school gives none
expect_rc 0 "analyze --only peer (runs va first)" -- "$A" --db "$db" analyze --only peer
expect_grep "0 peer-learning pairs" "$T/out" "no pairs from one school"
