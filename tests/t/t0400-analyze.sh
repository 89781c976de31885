# attain analyze / export on the small hand-made fixture: run ids, the
# latest-only policy, hand-computed descriptives, exports and errors.
. "$ATTAIN_ROOT/tests/lib.sh"

db="$T/a.db"
expect_rc 0 "init" -- "$A" --db "$db" init
sqlite3 "$db" <"$ATTAIN_ROOT/tests/fixtures/engine/small.sql" && ok "fixture loaded" || notok "fixture loaded"

expect_rc 0 "analyze runs" -- "$A" --db "$db" analyze --only desc
expect_grep "run 1 done" "$T/out" "summary names the run"
q() { sqlite3 "$db" "$1"; }
expect_eq "$(q "SELECT status FROM analysis_run WHERE id = 1")" "done" "run recorded as done"
expect_eq "$(q "SELECT count(*) FROM analysis_step WHERE run_id = 1 AND analysis = 'desc'")" "1" "step recorded"
# Assessment 1, everyone: scores 0 1 1 2 2 3 3 4.
row=$(q "SELECT n, mean, round(sd, 6), median, q1, q3, share_prof, bands FROM desc_stat
  WHERE assessment_id = 1 AND group_kind = 'all' AND subgroup = 'all'")
expect_eq "$row" "8|2.0|1.309307|2.0|1.0|3.0|0.375|[0.125,0.5,0.25,0.125]" "overall descriptives by hand"
# District 1 (schools 1 and 2): 4 3 2 2 1 -> mean 2.4, median 2
row=$(q "SELECT n, mean, median FROM desc_stat d JOIN org o ON o.id = d.org_id
  WHERE assessment_id = 1 AND o.code = 'D1' AND subgroup = 'all'")
expect_eq "$row" "5|2.4|2.0" "district descriptives"
expect_eq "$(q "SELECT count(*) FROM desc_stat WHERE group_kind = 'org' AND n < 5")" "0" "groups below min_group are not reported"

expect_rc 0 "second run" -- "$A" --db "$db" analyze --only desc --quiet
expect_eq "$(q "SELECT count(DISTINCT run_id) || ':' || min(run_id) FROM desc_stat")" "1:2" "only the latest run's rows are kept"
expect_eq "$(q "SELECT params LIKE '%va.cap_sd%' FROM analysis_run WHERE id = 2")" "1" "run records its parameters"

printf '{"min_group": 1, "desc": {"classes": false}}' >"$T/cfg.json"
expect_rc 0 "config file" -- "$A" --db "$db" analyze --only desc --config "$T/cfg.json" --quiet
expect_eq "$(q "SELECT count(*) FROM desc_stat WHERE group_kind = 'class'")" "0" "config turns classes off"
expect_eq "$(q "SELECT count(*) > 0 FROM desc_stat WHERE group_kind = 'org' AND n < 5")" "1" "config lowers min_group"
# Girls (P1 P3 P5 P7: 4 2 1 3) in the state
row=$(q "SELECT n, mean FROM desc_stat d JOIN org o ON o.id = d.org_id
  WHERE assessment_id = 1 AND o.code = 'ST' AND subgroup = 'gender:F'")
expect_eq "$row" "4|2.5" "subgroup descriptives"
# Cohort of grade 4 in 2023 followed into 2024 (P1 alone there)
expect_eq "$(q "SELECT count(*) FROM desc_cohort WHERE org_id IS NULL AND cohort_grade = 4")" "2" "cohort followed into two years"

printf '{"min_grop": 1}' >"$T/bad.json"
expect_rc 1 "unknown config key fails" -- "$A" --db "$db" analyze --config "$T/bad.json"
expect_grep "unknown option 'min_grop'" "$T/err" "unknown key named"
printf '{"min_group": ' >"$T/broken.json"
expect_rc 1 "broken config fails" -- "$A" --db "$db" analyze --config "$T/broken.json"
expect_rc 2 "unknown analysis" -- "$A" --db "$db" analyze --only nope
expect_rc 1 "unknown year" -- "$A" --db "$db" analyze --year 1999
expect_rc 0 "year restriction" -- "$A" --db "$db" analyze --only desc --year 2024 --quiet
expect_eq "$(q "SELECT count(DISTINCT assessment_id) FROM desc_stat")" "1" "only that year's assessments"
expect_rc 0 "config help" -- "$A" analyze --config-help
expect_grep "va.cap_sd" "$T/out" "config help lists options"

# export
expect_rc 0 "export --list" -- "$A" --db "$db" export --list
expect_grep "desc_stat" "$T/out" "list names derived tables"
expect_grep "students" "$T/out" "list names raw tables"
expect_rc 0 "export students csv" -- "$A" --db "$db" export students
expect_eq "$(head -n1 "$T/out" | cut -d, -f1-2)" "id,code" "csv header"
expect_eq "$(grep -c . "$T/out")" "9" "header and eight students"
expect_rc 0 "export results json" -- "$A" --db "$db" export results --format json -o "$T/r.json"
expect_grep '"assessment":"M4-2023","student":"P1","score":4' "$T/r.json" "results carry codes"
python3 -c "import json,sys; d=json.load(open('$T/r.json')); sys.exit(0 if len(d)==10 else 1)" &&
	ok "json export parses with every row" || notok "json export parses with every row"
expect_rc 0 "export attendance" -- "$A" --db "$db" export attendance
expect_grep "P1,2023,2023-06-01,1234" "$T/out" "attendance marks as day codes"
expect_rc 1 "accounts are not exported" -- "$A" --db "$db" export account
expect_rc 1 "unknown table" -- "$A" --db "$db" export nothing
expect_rc 2 "bad format" -- "$A" --db "$db" export students --format xml
expect_rc 2 "no table named" -- "$A" --db "$db" export

# Item analysis through the command: KR-20 of the fixture's four items.
expect_rc 0 "items analysis" -- "$A" --db "$db" analyze --only items --quiet
expect_eq "$(q "SELECT method, round(reliability, 6), n FROM test_stat")" "KR-20|0.638889|8" "KR-20 written"
expect_eq "$(q "SELECT flag FROM item_stat i JOIN item t ON t.id = i.item_id WHERE t.code = 'Q4'")" "too hard" "flagged item"
expect_eq "$(q "SELECT count(*) FROM mastery_student")" "0" "no per-student mastery by default"
printf '{"items": {"student_mastery": true}, "desc": {"school_subgroups": true}, "min_group": 1}' >"$T/m.json"
expect_rc 0 "items with student mastery" -- "$A" --db "$db" analyze --only items --config "$T/m.json" --quiet
expect_eq "$(q "SELECT count(*) FROM mastery_student")" "16" "mastery per student and standard"
expect_eq "$(q "SELECT rank_in_group FROM mastery_pooled m JOIN org o ON o.id = m.org_id JOIN standard s ON s.id = m.standard_id WHERE o.code = 'S3' AND s.code = 'M4.1'")" "1" "pooled mastery: S3 is 18.75 points below the system on M4.1, 14.6 on M4.2"
expect_eq "$(q "SELECT count(*) FROM desc_stat WHERE level = 'school' AND subgroup <> 'all'")" "0" "no school subgroups by default"
expect_rc 0 "desc with school subgroups" -- "$A" --db "$db" analyze --only desc --config "$T/m.json" --quiet
expect_eq "$(q "SELECT count(*) > 0 FROM desc_stat WHERE level = 'school' AND subgroup <> 'all'")" "1" "school subgroups when asked"
expect_rc 0 "export item_stat json" -- "$A" --db "$db" export item_stat --format json
expect_grep '"flag":"too hard"' "$T/out" "derived table exports"
expect_rc 0 "gaps analysis" -- "$A" --db "$db" analyze --only gaps --quiet
expect_rc 0 "va analysis" -- "$A" --db "$db" analyze --only va --quiet
expect_eq "$(q "SELECT count(*) FROM analysis_step s JOIN analysis_run r ON r.id = s.run_id WHERE r.status = 'done' AND s.analysis IN ('gaps', 'va')")" "2" "each run records its step"
