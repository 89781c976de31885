# xAPI: scored statements become results and item responses through an
# actors map; Moodle's real statements and a JSON-lines fixture.
. "$ATTAIN_ROOT/tests/lib.sh"
F="$ATTAIN_ROOT/tests/fixtures/xapi"
X="$ATTAIN_SHARED/data/xapi-moodle-statements/statements"
DB="$T/x.db"
imp() { "$A" --db "$DB" import "$@"; }
printf 'code,name\nSCI,Science\n' >sub.csv
printf 'code,name,start_date,end_date\nY,Year,2020-01-01,2030-12-31\n' >yr.csv
printf 'code,given_name\nS1,Ana\nS2,Bo\n' >stu.csv
cat >as.csv <<'X'
code,name,subject,year,kind,max_score
https://lms.example.org/test/7,Test 7,SCI,Y,summative,30
http://www.example.org/mod/assign/view.php?id=1,Assignment,SCI,Y,summative,2
http://www.example.org/mod/quiz/view.php?id=1,Quiz,SCI,Y,summative,100
X
printf 'assessment,code,max_points\nhttps://lms.example.org/test/7,https://lms.example.org/test/7/q1,10\n' >it.csv
imp --csv subjects sub.csv >/dev/null && imp --csv years yr.csv >/dev/null &&
	imp --csv students stu.csv >/dev/null && imp --csv assessments as.csv >/dev/null &&
	imp --csv items it.csv >/dev/null
ok "setup"

expect_rc 0 "JSON lines statements" -- imp --xapi "$F/statements.jsonl" --actors "$F/actors.csv"
expect_grep "4 read, 3 inserted" "$T/out" "three scored statements inserted"
expect_grep "1 statements without result.score skipped" "$T/err" "unscored statement reported"
q() { sqlite3 "$DB" "$1"; }
expect_eq "$(q "select score from result r join student s on s.id=r.student_id where s.code='S1'")" "21.0" "mbox actor -> result"
expect_eq "$(q "select score from result r join student s on s.id=r.student_id where s.code='S2'")" "15.0" "account actor, scaled x max"
expect_eq "$(q "select points from item_response")" "8.0" "object under a parent activity -> item response"
expect_rc 0 "same statements again" -- imp --xapi "$F/statements.jsonl" --actors "$F/actors.csv"
expect_grep "0 inserted, 0 updated, 3 unchanged" "$T/out" "xAPI re-import changes nothing"

expect_rc 1 "bad statements" -- imp --xapi "$F/bad.jsonl" --actors "$F/actors.csv"
cat >want <<X
$F/bad.jsonl:1:1: actor not in the actors map (found 'mailto:zed@example.org')
$F/bad.jsonl:3:1: object is no known assessment or item (found 'https://lms.example.org/test/99')
$F/bad.jsonl:4:14: invalid JSON: invalid token near 'oops'
$F/bad.jsonl:2:1: out of range 0..30 of assessment 'https://lms.example.org/test/7' (found '31')
X
grep -v '^attain:' "$T/err" >got
if diff -u want got >diff; then ok "exact xAPI messages"; else notok "exact xAPI messages"; sed 's/^/# /' diff; fi

printf 'actor,student\nhttp://www.example.org|1,S1\n2,S2\n' >moodle.csv
if [ -d "$X" ]; then
	expect_rc 0 "Moodle assignment graded" -- imp --xapi "$X/mod_assign__assignment_graded__existing_assignment_graded_comment.json" --actors moodle.csv
	expect_eq "$(q "select score from result r join assessment a on a.id=r.assessment_id where a.code like '%assign%'")" "1.0" "graded assignment raw score"
	expect_rc 0 "Moodle quiz attempt" -- imp --xapi "$X/mod_quiz__attempt_submitted__multichoice.json" --actors moodle.csv
	expect_eq "$(q "select score from result r join assessment a on a.id=r.assessment_id where a.code like '%quiz%'")" "50.0" "quiz attempt scored against its quiz (parent activity)"
else
	ok "# SKIP no Moodle statements"
fi
