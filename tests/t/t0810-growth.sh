# attain analyze --only growth on a store built from the SGP fixture (5,000
# grade-5 readers with grade-4 and grade-3 priors from SGPdata, SGPs by R
# quantreg in tests/fixtures/sgp/cohort.csv): the stored SGPs agree with
# R's, the highest order is used, the within-year period (baseline = the
# grade-4 score) reproduces the one-prior model, medians, the minimum
# cohort size, and export.
. "$ATTAIN_ROOT/tests/lib.sh"

fx="$ATTAIN_ROOT/tests/fixtures/sgp/cohort.csv"
db="$T/g.db"
expect_rc 0 "init" -- "$A" --db "$db" init
awk -F, 'NR == 1 {
	print "BEGIN;"
	print "INSERT INTO org_level(depth, name) VALUES (0,\x27state\x27),(1,\x27school\x27);"
	print "INSERT INTO org(id, code, name, parent_id, level, is_school) VALUES (1,\x27ST\x27,\x27State\x27,NULL,\x27state\x27,0),(2,\x27S1\x27,\x27School 1\x27,1,\x27school\x27,1),(3,\x27S2\x27,\x27School 2\x27,1,\x27school\x27,1);"
	print "INSERT INTO academic_year(id, code, name, start_date, end_date) VALUES (1,\x272023\x27,\x272023\x27,\x272023-06-01\x27,\x272024-03-31\x27),(2,\x272024\x27,\x272024\x27,\x272024-06-01\x27,\x272025-03-31\x27),(3,\x272025\x27,\x272025\x27,\x272025-06-01\x27,\x272026-03-31\x27);"
	print "INSERT INTO subject(id, code, name) VALUES (1,\x27READ\x27,\x27Reading\x27);"
	print "INSERT INTO assessment(id, code, name, subject_id, year_id, grade, kind, date, max_score) VALUES (1,\x27R3\x27,\x27Reading 3\x27,1,1,3,\x27summative\x27,\x272024-03-01\x27,1000),(2,\x27R4\x27,\x27Reading 4\x27,1,2,4,\x27summative\x27,\x272025-03-01\x27,1000),(3,\x27R5\x27,\x27Reading 5\x27,1,3,5,\x27summative\x27,\x272026-03-01\x27,1000),(4,\x27R5B\x27,\x27Reading 5 baseline\x27,1,3,5,\x27baseline\x27,\x272025-07-01\x27,1000),(5,\x27R5Q\x27,\x27Reading 5 quiz\x27,1,3,5,\x27summative\x27,\x272025-11-01\x27,1000);"
	print "INSERT INTO class(id, code, name, org_id, year_id, grade, subject_id) VALUES (1,\x27C1\x27,\x275A\x27,2,3,5,1),(2,\x27C2\x27,\x275B\x27,3,3,5,1);"
	next }
{
	id = $1
	printf "INSERT INTO student(id, code, given_name) VALUES (%s,\x27S%s\x27,\x27x\x27);\n", id, id
	printf "INSERT INTO placement(student_id, year_id, org_id, grade) VALUES (%s,3,%d,5);\n", id, 2 + NR % 2
	printf "INSERT INTO enrolment(class_id, student_id) VALUES (%d,%s);\n", 1 + NR % 2, id
	printf "INSERT INTO result(assessment_id, student_id, score) VALUES (3,%s,%s),(2,%s,%s),(4,%s,%s),(5,%s,1);\n", id, $2, id, $3, id, $3, id
	if ($4 != "") printf "INSERT INTO result(assessment_id, student_id, score) VALUES (1,%s,%s);\n", id, $4
}
END { print "COMMIT;" }' "$fx" >"$T/load.sql"
sqlite3 "$db" <"$T/load.sql" && ok "fixture loaded" || notok "fixture loaded"
# R's answer: order 2 where there is a second prior, else order 1.
awk -F, 'NR > 1 { print $1 "," ($6 != "" ? $6 : $5) "," $5 }' "$fx" >"$T/want.csv"
sqlite3 "$db" "CREATE TABLE want(student_id INTEGER PRIMARY KEY, sgp INTEGER, sgp1 INTEGER);"
sqlite3 "$db" ".import --csv $T/want.csv want" && ok "expected SGPs loaded" || notok "expected SGPs loaded"

expect_rc 0 "analyze growth" -- "$A" --db "$db" analyze --only growth
expect_grep "growth" "$T/out" "summary names growth"
q() { sqlite3 "$db" "$1"; }
expect_eq "$(q "SELECT count(*) FROM growth WHERE period = 'annual' AND year_id = 3")" "5000" "one annual row per student in 2025"
# The grade-4 readers of 2024 with a grade-3 prior form a cohort of their own.
expect_eq "$(q "SELECT count(*) || ':' || max(sgp_order) FROM growth WHERE period = 'annual' AND year_id = 2")" "4611:1" "2024 cohort with one prior"
expect_eq "$(q "SELECT count(*) FROM growth WHERE period = 'within_year'")" "5000" "one within-year row per student"
expect_eq "$(q "SELECT count(DISTINCT assessment_id) || ':' || min(assessment_id) FROM growth WHERE year_id = 3")" "1:3" "the latest summative is the current score"
expect_eq "$(q "SELECT count(*) FROM growth WHERE status != 'ok' OR sgp IS NULL")" "0" "every student has an SGP"
expect_eq "$(q "SELECT count(*) FROM growth WHERE period = 'annual' AND sgp_order != (CASE WHEN prior_score2 IS NULL THEN 1 ELSE 2 END)")" "0" "highest order with all priors present"
agree() {
	q "SELECT sum(abs(g.sgp - w.$1) <= 1) * 1000 / count(*) >= 990, max(abs(g.sgp - w.$1)) <= 3
	   FROM growth g JOIN want w USING (student_id) WHERE g.period = '$2' AND g.year_id = 3"
}
expect_eq "$(agree sgp annual)" "1|1" "annual SGPs agree with R quantreg (99% within 1, none beyond 3)"
expect_eq "$(agree sgp1 within_year)" "1|1" "within-year SGPs agree with R's one-prior model"
# Median of every annual SGP, computed here independently.
med=$(q "SELECT sgp FROM growth WHERE period = 'annual' AND year_id = 3 ORDER BY sgp" |
	awk '{v[NR] = $1} END {m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "%g", m}')
expect_eq "$(q "SELECT printf('%g', median_sgp) FROM growth_median WHERE period = 'annual' AND group_kind = 'all' AND year_id = 3")" "$med" "median SGP of everyone"
expect_eq "$(q "SELECT count(*) FROM growth_median WHERE period = 'annual' AND group_kind = 'class' AND year_id = 3")" "2" "median per class"
expect_eq "$(q "SELECT sum(n) FROM growth_median WHERE period = 'annual' AND level = 'school' AND year_id = 3")" "5000" "medians per school cover everyone"

printf '{"growth": {"min_cohort": 6000, "within_year": false}}' >"$T/cfg.json"
expect_rc 0 "analyze with a large minimum cohort" -- "$A" --db "$db" analyze --only growth --config "$T/cfg.json" --quiet
expect_eq "$(q "SELECT count(*) || ':' || count(sgp) || ':' || min(status) FROM growth")" "9611:0:insufficient" "insufficient data, not a number"
expect_eq "$(q "SELECT count(*) FROM growth_median")" "0" "no medians without SGPs"

expect_rc 0 "export growth" -- "$A" --db "$db" export growth
expect_grep "sgp_order" "$T/out" "export header names the model order"
expect_eq "$(grep -c . "$T/out")" "9612" "export has every row"
