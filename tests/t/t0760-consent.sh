# Consent enforced: a survey that needs consent is neither listed, shown
# nor answered for a student whose consent is refused (403, nothing
# stored), and staff see how many students it skipped; a consenting
# student answers; a parent withdraws or gives consent on their child's
# page and the change holds on the student's next request; a parent
# cannot change another child's consent, nor anyone without the CSRF
# token or who is not a parent; each change (and each consent row an
# import writes) is audited and `attain audit --action consent` finds it.
. "$ATTAIN_ROOT/tests/lib.sh"
. "$ATTAIN_ROOT/tests/web_lib.sh"

web_fixture "$T/w.db" || { notok "fixture builds"; exit 1; }
DB="$T/w.db"
"$A" --db "$DB" user add student2 --role student --student STU0002 \
	--password pw-student2-1 >/dev/null
# Alpha School (STU0001..STU0020): consent for surveys refused for
# STU0001, given for the others on 2025-09-01 by import; data sharing
# given for STU0001 (another purpose: it must not count).
{
	echo "student,purpose,granted,date,given_by"
	echo "STU0001,survey,0,2025-09-01,Parent One"
	i=2
	while [ $i -le 20 ]; do
		printf 'STU%04d,survey,1,2025-09-01,parent\n' $i
		i=$((i + 1))
	done
	echo "STU0001,data_share,1,2025-09-01,Parent One"
} >"$T/consent.csv"
ATTAIN_NO_PROGRESS=1 "$A" --db "$DB" import --csv consent "$T/consent.csv" >"$T/imp.out" 2>&1 &&
	ok "consent imported" || { notok "consent imported"; cat "$T/imp.out"; }

ATTAIN_TODAY=2025-11-03 web_start "$DB"
[ -n "$PORT" ] && ok "server started" || { notok "server started"; cat "$T/serve.err"; exit 1; }
for u in principal1 teacher1 parent1 parent2 student1 student2; do
	web_login "$u"
done
# get USER PATH: status; body in $T/body
get() {
	curl -s -o "$T/body" -w '%{http_code}' -b "$T/jar.$1" "$BASE$2"
}
# post USER PATH BODY [csrf]: status; body in $T/body
post() {
	u=$1; p=$2; b=$3
	if [ "${4:-}" = csrf ]; then b="$b&csrf=$(web_csrf "$u")"; fi
	curl -s -o "$T/body" -w '%{http_code}' -b "$T/jar.$u" --data "$b" "$BASE$p"
}
q() { sqlite3 "$DB" "$1"; }

# The principal defines a student survey that needs consent.
got=$(post principal1 /surveys/new "title=Voice&audience=student&anonymous=1&needs_consent=1&open=2025-11-01&close=2025-11-30&org=SCH1&qk1=likert&qt1=I+like+school" csrf)
expect_eq "$got" 303 "a survey that needs consent is defined"
SV=$(q "SELECT code FROM survey WHERE title = 'Voice'")
expect_eq "$(q "SELECT needs_consent || audience FROM survey WHERE code = '$SV'")" \
	"1student" "the survey is stored as needing consent"
got=$(post principal1 /surveys/new "title=Staff+voice&audience=staff&needs_consent=1&open=2025-11-01&close=2025-11-30&org=SCH1&qk1=likert&qt1=Fine" csrf)
expect_eq "$got" 422 "a staff survey cannot ask for students' consent"

# The refused student: not listed, not shown, not stored.
get student1 /surveys >/dev/null
grep -q "/surveys/$SV\"" "$T/body" && notok "refused student: survey not listed" ||
	ok "refused student: survey not listed"
expect_grep "needs consent is not shown" "$T/body" "the list says a survey is held back"
got=$(get student1 "/surveys/$SV")
expect_eq "$got" 403 "refused student: the survey page is refused"
expect_grep "consent for surveys has been given" "$T/body" "and says why"
grep -q 'name="a1"' "$T/body" && notok "no answer form shown" || ok "no answer form shown"
got=$(post student1 "/surveys/$SV" "a1=4" csrf)
expect_eq "$got" 403 "refused student: an answer is refused"
expect_eq "$(q "SELECT count(*) FROM survey_response r JOIN survey v ON v.id = r.survey_id WHERE v.code = '$SV'")" \
	0 "no response stored"
expect_eq "$(q "SELECT count(*) FROM survey_taken t JOIN survey v ON v.id = t.survey_id WHERE v.code = '$SV'")" \
	0 "no answer recorded as taken"
get student1 /api/todo >/dev/null
grep -q "\"$SV\"" "$T/body" && notok "refused student: no reminder" || ok "refused student: no reminder"

# Staff see the students skipped: counted here from the tables.
want=$(q "SELECT count(*) FROM placement p WHERE p.year_id = 2 AND p.org_id = 7 AND NOT EXISTS
  (SELECT 1 FROM consent c WHERE c.student_id = p.student_id AND c.purpose = 'survey' AND c.granted = 1)")
expect_eq "$want" 1 "one student of the school has no consent for surveys"
get principal1 "/api/surveys/$SV/results" >/dev/null
expect_grep "\"skipped\"" "$T/body" "the results show the skipped students"
sk=$(sed -n 's/.*"figures":{[^}]*"skipped":\([0-9]*\).*/\1/p' "$T/body")
expect_eq "$sk" "$want" "the results count 1 skipped student"
get principal1 "/surveys/$SV/results" >/dev/null
expect_grep "Students skipped: no consent" "$T/body" "the results page says so in words"
get principal1 /api/surveys >/dev/null
expect_grep '"skipped":1[,}]' "$T/body" "the survey list shows the same count"

# The consenting student answers.
get student2 /surveys >/dev/null
expect_grep "/surveys/$SV\"" "$T/body" "consenting student: the survey is listed"
got=$(get student2 "/surveys/$SV")
expect_eq "$got" 200 "consenting student: the form is shown"
got=$(post student2 "/surveys/$SV" "a1=4" csrf)
expect_eq "$got" 303 "consenting student: the answer is saved"
expect_eq "$(q "SELECT count(*) FROM survey_response r JOIN survey v ON v.id = r.survey_id WHERE v.code = '$SV'")" \
	1 "one response stored"

# A second survey that needs consent, open to student2 before the
# withdrawal.
q "INSERT INTO survey(code, title, audience, anonymous, needs_consent, year_id, org_id,
  open_date, close_date) VALUES ('SVC2', 'Second', 'student', 1, 1, 2, 7, '2025-11-01', '2025-11-30');
  INSERT INTO survey_question(survey_id, seq, kind, text)
  SELECT id, 1, 'likert', 'Fine' FROM survey WHERE code = 'SVC2';"
got=$(get student2 /surveys/SVC2)
expect_eq "$got" 200 "before the withdrawal student2 may answer the second survey"

# The parent's page: the state of each purpose and the form.
got=$(get parent1 /students/STU0002/consent)
expect_eq "$got" 200 "the parent opens their child's consent page"
expect_grep 'name="consent_survey"' "$T/body" "with a choice for surveys"
expect_grep 'name="consent_data_share"' "$T/body" "and for sharing data"
get student2 /students/STU0002 >/dev/null
expect_grep "/students/STU0002/consent" "$T/body" "the student's page links to it"
got=$(get teacher1 /students/STU0002/consent)
expect_eq "$got" 200 "the teacher may read it"
grep -q 'name="consent_survey"' "$T/body" && notok "but gets no form" || ok "but gets no form"

# Refused changes leave consent as it was.
before=$(q "SELECT group_concat(student_id || purpose || granted || date || given_by) FROM consent")
got=$(post parent1 /students/STU0002/consent "consent_survey=0")
expect_eq "$got" 403 "without the CSRF token the change is refused"
got=$(post parent1 /students/STU0041/consent "consent_survey=0" csrf)
expect_eq "$got" 404 "a parent cannot change another child's consent (out of scope: 404)"
got=$(post parent2 /students/STU0001/consent "consent_survey=1" csrf)
expect_eq "$got" 404 "nor can another parent change this child's"
got=$(post teacher1 /students/STU0001/consent "consent_survey=1" csrf)
expect_eq "$got" 403 "a teacher cannot change consent"
expect_grep "only a parent" "$T/body" "and is told why"
got=$(post parent1 /students/STU0002/consent "consent_survey=maybe" csrf)
expect_eq "$got" 422 "a value other than yes or no is refused"
expect_eq "$(q "SELECT group_concat(student_id || purpose || granted || date || given_by) FROM consent")" \
	"$before" "no refused change was written"

# The parent withdraws consent: the next request of the student is refused.
got=$(post parent1 /students/STU0002/consent "consent_survey=0&consent_data_share=0" csrf)
expect_eq "$got" 303 "the parent withdraws consent for surveys"
expect_eq "$(q "SELECT granted || ' ' || date || ' ' || given_by FROM consent WHERE student_id = 2 AND purpose = 'survey'")" \
	"0 2025-11-03 parent1" "recorded with the request's day and the parent's account"
got=$(get student2 /surveys/SVC2)
expect_eq "$got" 403 "the student's next request is refused"
get student2 /surveys >/dev/null
grep -q '/surveys/SVC2"' "$T/body" && notok "and the survey is no longer listed" ||
	ok "and the survey is no longer listed"
got=$(post student2 /surveys/SVC2 "a1=3" csrf)
expect_eq "$got" 403 "and an answer is refused"
expect_eq "$(q "SELECT count(*) FROM survey_response r JOIN survey v ON v.id = r.survey_id WHERE v.code = 'SVC2'")" \
	0 "nothing stored for the second survey"

# The parent gives consent for the refused child: the survey opens.
got=$(post parent1 /students/STU0001/consent "consent_survey=1&consent_data_share=1" csrf)
expect_eq "$got" 303 "the parent gives consent for surveys"
got=$(get student1 "/surveys/$SV")
expect_eq "$got" 200 "the student may now answer"
get principal1 "/api/surveys/$SV/results" >/dev/null
want=$(q "SELECT count(*) FROM placement p WHERE p.year_id = 2 AND p.org_id = 7 AND NOT EXISTS
  (SELECT 1 FROM consent c WHERE c.student_id = p.student_id AND c.purpose = 'survey' AND c.granted = 1)")
sk=$(sed -n 's/.*"figures":{[^}]*"skipped":\([0-9]*\).*/\1/p' "$T/body")
expect_eq "$sk" "$want" "the skipped count follows the changes ($want)"

# Audited, and found by the action filter.
"$A" --db "$DB" audit --action consent >"$T/audit" 2>&1
expect_grep "consent-withdraw.*student:STU0002/survey" "$T/audit" "the withdrawal is audited"
expect_grep "consent-withdraw.*student:STU0002/data_share" "$T/audit" "each purpose its own entry"
expect_grep "consent-grant.*student:STU0001/survey" "$T/audit" "the grant is audited"
"$A" --db "$DB" audit --action consent --user parent1 >"$T/auditp" 2>&1
expect_eq "$(grep -c 'consent-' "$T/auditp")" 3 \
	"three changes by the parent, three entries naming the parent (an unchanged purpose writes none)"
expect_eq "$(grep -c 'consent-.* cli .*import' "$T/audit")" 21 \
	"the import's 21 consent rows are audited too"
"$A" --db "$DB" audit --action consent --user parent1 --target STU0001 >"$T/audit1" 2>&1
expect_eq "$(grep -c 'consent-' "$T/audit1")" 1 "filtered by the child"
