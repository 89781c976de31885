# Data-entry forms over HTTP: every form refused without its CSRF token
# and for a role outside its scope, with nothing written (checksums of
# every data table unchanged); then saved in scope, with the data where
# the analyses read it; a markbook saved from two sessions gets the
# conflict (never a silent overwrite); a failed save re-renders what was
# typed; a survey answered twice is refused the second time.
. "$ATTAIN_ROOT/tests/lib.sh"
. "$ATTAIN_ROOT/tests/web_lib.sh"

web_fixture "$T/w.db" || { notok "fixture builds"; exit 1; }
DB="$T/w.db"
# An attitude window open on the test's "today".
sqlite3 "$DB" "INSERT INTO calendar_event(code, year_id, kind, title, org_id, collects,
  start_date, due_date) VALUES ('EATL', 2, 'data_collection', 'Attitude grades', 1,
  'attitude', '2025-10-01', '2025-11-30');
  INSERT INTO term(code, year_id, name, kind, start_date, end_date)
  VALUES ('Y25T2', 2, 'Term 2', 'term', '2025-10-01', '2026-03-31');"
ATTAIN_TODAY=2025-11-03 web_start "$DB"
[ -n "$PORT" ] && ok "server started" || { notok "server started"; cat "$T/serve.err"; exit 1; }
for u in teacher1 teacher3 principal1 principal3 student1 student41 officer_b1 officer_b2; do
	web_login "$u"
done

# Checksum of every data table (not the audit log or sessions, which
# reads and sign-ins write).
sum_db() {
	for t in $(sqlite3 "$DB" "SELECT name FROM sqlite_schema WHERE type = 'table'
	    AND name NOT IN ('audit', 'web_session', 'web_login_failure') ORDER BY name"); do
		echo "[$t]"
		sqlite3 "$DB" "SELECT * FROM \"$t\" ORDER BY 1, 2"
	done | sha256sum | cut -c1-16
}
# post USER PATH BODY [csrf]: status code; body in $T/body
post() {
	u=$1; p=$2; b=$3
	if [ "${4:-}" = csrf ]; then b="$b&csrf=$(web_csrf "$u")"; fi
	curl -s -o "$T/body" -w '%{http_code}' -b "$T/jar.$u" --data "$b" "$BASE$p"
}

# form: path, in-scope user, out-of-scope user, body, status when out of scope
forms() {
	cat <<'F'
/classes/CL1A/register|teacher1|teacher3|date=2025-11-03&version=0&m_STU0003=A|404
/classes/CL1A/marks|teacher1|teacher3|name=Quiz&kind=formative&date=2025-11-03&max=10|404
/classes/CL1A/marks/A25M|teacher1|teacher3|version=0&s0=STU0001&q0=Q1&q1=Q2&c0_0=9&o0_0=3&c0_1=1&o0_1=3|404
/classes/CL1A/behaviour|teacher1|teacher3|student=STU0003&kind=negative&category=disruption&points=-1&date=2025-11-03|404
/classes/CL1A/attitude|teacher1|teacher3|g_STU0001=2&g_STU0002=3|404
/surveys/new|principal1|teacher1|title=Voice&audience=student&anonymous=1&open=2025-11-01&close=2025-11-30&org=SCH1&qk1=likert&qt1=I+like+school|404
/surveys/new|principal1|principal3|title=Voice&audience=student&anonymous=1&open=2025-11-01&close=2025-11-30&org=SCH1&qk1=likert&qt1=I+like+school|422
/surveys/SV1|student1|student41|a1=4|404
/orgs/SCH1/observations/new|principal1|principal3|teacher=T1&date=2025-11-03&r_planning=3&r_feedback=2&notes=Good&next_steps=Wait+time|404
/orgs/SCH1/observations/new|principal1|officer_b2|teacher=T1&date=2025-11-03&r_planning=3|404
F
}
before=$(sum_db)
forms >"$T/forms"
while IFS='|' read -r path user other body outcode; do
	got=$(post "$user" "$path" "$body")
	expect_eq "$got" 403 "$path without CSRF token is refused"
	got=$(post "$other" "$path" "$body" csrf)
	expect_eq "$got" "$outcode" "$path as $other (out of scope) is refused"
	got=$(curl -s -o /dev/null -w '%{http_code}' --data "$body" "$BASE$path")
	expect_eq "$got" 401 "$path without a session is refused"
done <"$T/forms"
expect_eq "$(sum_db)" "$before" "nothing was written by any refused form"

# In scope, with the token: each form saves (303) and the data lands in
# the tables the analyses read.
while IFS='|' read -r path user other body outcode; do
	[ "$outcode" = 422 ] && continue
	[ "$other" = officer_b2 ] && continue
	before=$(sum_db)
	got=$(post "$user" "$path" "$body" csrf)
	expect_eq "$got" 303 "$path saves for $user"
	[ "$(sum_db)" != "$before" ] && ok "$path wrote something" || notok "$path wrote something"
done <"$T/forms"
taken=$(sqlite3 "$DB" "SELECT absent || '/' || present FROM register_taken WHERE class_id = 1")
expect_eq "$taken" "1/19" "register: one absent, nineteen present"
expect_eq "$(sqlite3 "$DB" "SELECT score FROM result WHERE assessment_id = 2 AND student_id = 1")" \
	"$(sqlite3 "$DB" "SELECT sum(points) FROM item_response r JOIN item i ON i.id = r.item_id
	  WHERE i.assessment_id = 2 AND r.student_id = 1")" "markbook: the total follows the items"
expect_eq "$(sqlite3 "$DB" "SELECT points FROM item_response WHERE item_id = 1 AND student_id = 1")" \
	"9.0" "markbook: the item score is saved"
expect_eq "$(sqlite3 "$DB" "SELECT count(*) FROM assessment WHERE class_id = 1 AND name = 'Quiz'")" 1 \
	"an ad hoc assessment is created for the class"
expect_eq "$(sqlite3 "$DB" "SELECT category || ':' || staff_id FROM behaviour_event WHERE date = '2025-11-03'")" \
	"disruption:1" "behaviour event recorded with the teacher"
expect_eq "$(sqlite3 "$DB" "SELECT group_concat(grade) FROM (SELECT grade FROM attitude_grade ORDER BY student_id)")" \
	"2,3" "attitude grades saved"
expect_eq "$(sqlite3 "$DB" "SELECT count(*) FROM survey WHERE title = 'Voice' AND org_id = 7 AND anonymous = 1")" 1 \
	"survey defined for the principal's school"
expect_eq "$(sqlite3 "$DB" "SELECT count(*) FROM observation_score s JOIN observation o ON o.id = s.observation_id
  WHERE o.staff_id = 1 AND o.date = '2025-11-03'")" 2 "observation recorded with its scores"
# The class page (an analysis view) now shows the new behaviour event.
curl -s -b "$T/jar.teacher1" "$BASE/api/classes/CL1A" >"$T/class.json"
[ -s "$T/class.json" ] && ok "class page answers after entry" || notok "class page answers after entry"

# A survey answered twice: the second is refused, nothing added.
n1=$(sqlite3 "$DB" "SELECT count(*) FROM survey_response WHERE survey_id = 1")
got=$(post student1 /surveys/SV1 "a1=2" csrf)
expect_eq "$got" 409 "a second answer to the survey is refused"
expect_grep "already answered" "$T/body" "and says so"
expect_eq "$(sqlite3 "$DB" "SELECT count(*) FROM survey_response WHERE survey_id = 1")" "$n1" \
	"no second response stored"
expect_eq "$(sqlite3 "$DB" "SELECT count(*) FROM survey_response WHERE survey_id = 1 AND
  (student_id IS NOT NULL OR org_id IS NOT NULL OR submitted_on IS NOT NULL) AND id > 1000")" 0 \
	"the web answer to an anonymous survey carries no person, school or date"

# Two sessions on one markbook: both open version N; the first save wins,
# the second is refused with both values shown; nothing overwritten.
ver=$(curl -s -b "$T/jar.teacher1" "$BASE/classes/CL1A/marks/A25M" |
	sed -n 's/.*name="version" value="\([0-9]*\)".*/\1/p' | head -n1)
[ -n "$ver" ] && ok "markbook shows its version ($ver)" || notok "markbook shows its version"
o=$(sqlite3 "$DB" "SELECT points FROM item_response WHERE item_id = 2 AND student_id = 2")
o=${o%.0}
got=$(post teacher1 /classes/CL1A/marks/A25M "version=$ver&s0=STU0002&q0=Q2&c0_0=7&o0_0=$o" csrf)
expect_eq "$got" 303 "first session saves"
got=$(post principal1 /classes/CL1A/marks/A25M "version=$ver&s0=STU0002&q0=Q2&c0_0=4&o0_0=$o" csrf)
expect_eq "$got" 409 "second session with the stale version gets the conflict"
expect_grep "saved by someone else\|Someone else saved" "$T/body" "the conflict is explained"
expect_grep 'value="4"' "$T/body" "the second user's value is kept in the form"
expect_grep 'saved: 7' "$T/body" "the saved value is shown beside it"
expect_eq "$(sqlite3 "$DB" "SELECT points FROM item_response WHERE item_id = 2 AND student_id = 2")" "7.0" \
	"the first save is not overwritten"
nv=$(sed -n 's/.*name="version" value="\([0-9]*\)".*/\1/p' "$T/body" | head -n1)
got=$(post principal1 /classes/CL1A/marks/A25M "version=$nv&s0=STU0002&q0=Q2&c0_0=4&o0_0=7" csrf)
expect_eq "$got" 303 "choosing and saving again against the new version works"
expect_eq "$(sqlite3 "$DB" "SELECT points FROM item_response WHERE item_id = 2 AND student_id = 2")" "4.0" \
	"the chosen value is saved"

# A failed save keeps what was typed and says so; nothing written.
before=$(sum_db)
ver=$(curl -s -b "$T/jar.teacher1" "$BASE/classes/CL1A/marks/A25M" |
	sed -n 's/.*name="version" value="\([0-9]*\)".*/\1/p' | head -n1)
got=$(post teacher1 /classes/CL1A/marks/A25M "version=$ver&s0=STU0005&s1=STU0006&q0=Q1&c0_0=99&o0_0=&c1_0=6.5&o1_0=" csrf)
expect_eq "$got" 422 "a score above the maximum is refused"
expect_grep 'value="99"' "$T/body" "the bad value is shown again"
expect_grep 'value="6.5"' "$T/body" "the good value typed beside it is kept"
expect_grep "Nothing was saved" "$T/body" "and the page says nothing was saved"
expect_eq "$(sum_db)" "$before" "nothing written by the failed save"
# Paste a column into Q3: one value per line fills the column in order.
ver=$(curl -s -b "$T/jar.teacher1" "$BASE/classes/CL1A/marks/A25M" |
	sed -n 's/.*name="version" value="\([0-9]*\)".*/\1/p' | head -n1)
got=$(curl -s -o "$T/body" -w '%{http_code}' -b "$T/jar.teacher1" \
	--data "csrf=$(web_csrf teacher1)&version=$ver&q0=Q3&s0=STU0001&s1=STU0002&s2=STU0003" \
	--data-urlencode "p0=$(printf '1\r\n2\t9\r\n3\r\n')" "$BASE/classes/CL1A/marks/A25M")
expect_eq "$got" 303 "a pasted column saves"
expect_eq "$(sqlite3 "$DB" "SELECT group_concat(points) FROM (SELECT points FROM item_response
  WHERE item_id = 3 AND student_id IN (1, 2, 3) ORDER BY student_id)")" "1.0,2.0,3.0" \
	"the pasted values land in order"

# Register edit: a second save edits the day and is audited.
got=$(post teacher1 /classes/CL1A/register "date=2025-11-03&version=1&m_STU0003=L" csrf)
expect_eq "$got" 303 "a second register save edits it"
"$A" --db "$DB" audit --user teacher1 >"$T/audit"
expect_grep "register.edit" "$T/audit" "the edit is audited"
expect_eq "$(sqlite3 "$DB" "SELECT version || ':' || late FROM register_taken WHERE class_id = 1")" "2:1" \
	"the register has two saves and one late"

# Status and reminders pages answer with the new data.
curl -s -b "$T/jar.principal1" "$BASE/api/orgs/SCH1/collection" >"$T/st.json"
expect_grep '"windows"' "$T/st.json" "collection status as JSON"
curl -s -b "$T/jar.principal1" "$BASE/surveys/SV1/results" >"$T/res.html"
expect_grep "I feel safe at school" "$T/res.html" "survey results page"
curl -s -b "$T/jar.officer_b1" "$BASE/api/orgs/SCH1/observations" >"$T/obs.json"
expect_grep '"aggregate"' "$T/obs.json" "officers see observation aggregates"
if grep -q "Good\|Wait time" "$T/obs.json"; then notok "officer sees no observation notes"; else
	ok "officer sees no observation notes"; fi
web_alive && ok "server still running" || notok "server still running"
