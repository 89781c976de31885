# The officer's school visit over HTTP (web_visit.c, store_visit.c): who
# may open and send the visit form (the officers over the school; not its
# principal, another block's officer, a teacher, nor a cluster), the CSRF
# token, nothing written by a refused or invalid form, a visit saved whole
# (observation, facilities, actions) and audited, the school page's
# section for its officer and principal, an overdue action, the follow-up
# at the next visit, the principal marking an action done, and officers
# recording lesson observations.
. "$ATTAIN_ROOT/tests/lib.sh"
. "$ATTAIN_ROOT/tests/web_lib.sh"

web_fixture "$T/w.db" || { notok "fixture builds"; exit 1; }
DB="$T/w.db"
ATTAIN_TODAY=2025-11-03 web_start "$DB"
[ -n "$PORT" ] && ok "server started" || { notok "server started"; cat "$T/serve.err"; exit 1; }
for u in officer_b1 officer_b2 principal1 principal3 teacher1; do
	web_login "$u"
done
q() { sqlite3 "$DB" "$1"; }
get() { curl -s -o "$T/body" -w '%{http_code}' -b "$T/jar.$1" "$BASE$2"; }
post() {
	u=$1; p=$2; b=$3
	if [ "${4:-}" = csrf ]; then b="$b&csrf=$(web_csrf "$u")"; fi
	curl -s -o "$T/body" -w '%{http_code}' -b "$T/jar.$u" --data "$b" "$BASE$p"
}
sum_db() {
	for t in $(q "SELECT name FROM sqlite_schema WHERE type = 'table'
	    AND name NOT IN ('audit', 'web_session', 'web_login_failure') ORDER BY name"); do
		echo "[$t]"
		q "SELECT * FROM \"$t\" ORDER BY 1, 2"
	done | sha256sum | cut -c1-16
}

# --- who reaches the form ----------------------------------------------------
expect_eq "$(get officer_b1 /orgs/SCH1/visits/new)" 200 "the block's officer opens the visit form"
expect_grep 'name="f_drinking_water"' "$T/body" "with the facilities to check"
expect_grep 'name="r_planning"' "$T/body" "the school's rubric"
expect_grep 'Meera Teachone' "$T/body" "the school's teachers to observe"
expect_grep 'name="action1"' "$T/body" "and actions to agree"
expect_eq "$(get officer_b1 /api/orgs/SCH1/visits/new)" 200 "its JSON twin"
expect_eq "$(get officer_b2 /orgs/SCH1/visits/new)" 404 "another block's officer: 404"
expect_eq "$(get principal1 /orgs/SCH1/visits/new)" 404 "the school's principal does not record visits"
expect_eq "$(get teacher1 /orgs/SCH1/visits/new)" 404 "a teacher: 404"
expect_eq "$(get officer_b1 /orgs/C1/visits/new)" 404 "a cluster is not visited"

V1='date=2025-10-01&notes=Met+the+head&teacher=T1&r_planning=3&r_feedback=2&obs_notes=Clear+goals&next_steps=More+wait+time'
V1="$V1&f_drinking_water=1&f_library=0&action1=Open+the+library+daily&owner1=Head+teacher&due1=2025-10-15"
V1="$V1&action2=Group+work+in+grade+5&owner2=Meera+Teachone&due2=2025-12-01"
before=$(sum_db)
expect_eq "$(post officer_b1 /orgs/SCH1/visits/new "$V1")" 403 "no CSRF token: 403"
expect_eq "$(post officer_b2 /orgs/SCH1/visits/new "$V1" csrf)" 404 "another block's officer: 404"
expect_eq "$(post principal1 /orgs/SCH1/visits/new "$V1" csrf)" 404 "the principal: 404"
expect_eq "$(curl -s -o /dev/null -w '%{http_code}' --data "$V1" "$BASE/orgs/SCH1/visits/new")" 401 "no session: 401"
expect_eq "$(post officer_b1 /orgs/SCH1/visits/new "${V1%%&due2=*}&due2=2025-09-01" csrf)" 422 "an action due before the visit: 422"
expect_grep 'due date must be a date on or after the visit' "$T/body" "saying why"
expect_grep 'Open the library daily' "$T/body" "what was typed is shown again"
expect_eq "$(post officer_b1 /orgs/SCH1/visits/new "date=2025-10-01&teacher=T1&obs_notes=x" csrf)" 422 "an observation without a rating: 422"
expect_eq "$(post officer_b1 /orgs/SCH1/visits/new "date=2025-10-01&action1=Do+it" csrf)" 422 "an action without owner: 422"
expect_eq "$(post officer_b1 /orgs/SCH1/visits/new "date=2025-10-01&teacher=T3&r_planning=2" csrf)" 422 "a teacher of another school: 422"
expect_eq "$(sum_db)" "$before" "nothing was written by any refused form"

# --- a visit saved whole -------------------------------------------------------
expect_eq "$(post officer_b1 /orgs/SCH1/visits/new "$V1" csrf)" 303 "the officer records the visit"
expect_eq "$(q "SELECT code || ' ' || date || ' ' || officer || ' ' || notes FROM visit")" \
	"VIS-1 2025-10-01 officer_b1 Met the head" "the visit: school day, officer and notes"
expect_eq "$(q "SELECT group_concat(item || '=' || working, ' ') FROM (SELECT * FROM visit_facility ORDER BY item)")" \
	"drinking_water=1 library=0" "the facilities checked"
expect_eq "$(q "SELECT group_concat(owner || ':' || due_date || ':' || status, ' ') FROM (SELECT * FROM visit_action ORDER BY id)")" \
	"Head teacher:2025-10-15:open Meera Teachone:2025-12-01:open" "two actions agreed"
expect_eq "$(q "SELECT o.date || ' ' || s.code || ' ' || o.notes || ' ' || (SELECT group_concat(criterion || '=' || score) FROM (SELECT * FROM observation_score WHERE observation_id = o.id ORDER BY criterion))
  FROM visit_observation vo JOIN observation o ON o.id = vo.observation_id JOIN staff s ON s.id = o.staff_id")" \
	"2025-10-01 T1 Clear goals feedback=2,planning=3" "the lesson observed, linked to the visit"
expect_eq "$(q "SELECT username || ' ' || action || ' ' || target_kind || ' ' || target || ' ' || detail FROM audit WHERE action = 'visit.add'")" \
	"officer_b1 visit.add visit VIS-1 actions=2 followups=0 observations=1" "audited"

# --- the school page for its officer and its principal ---------------------------
expect_eq "$(get officer_b1 /orgs/SCH1)" 200 "the officer's school page"
expect_grep 'href="/orgs/SCH1/visits/new"' "$T/body" "links to record a visit"
expect_grep 'Open the library daily' "$T/body" "shows the open actions"
expect_grep 'Overdue' "$T/body" "the action due on 15 October is overdue on 3 November"
expect_eq "$(get officer_b1 /api/orgs/SCH1)" 200 "its JSON twin"
expect_grep '"last_visit"' "$T/body" "with the last visit"
expect_grep '"facilities"' "$T/body" "and the facilities"
expect_eq "$(get principal1 /orgs/SCH1)" 200 "the principal's school page"
expect_grep 'href="/orgs/SCH1/visits"' "$T/body" "links to the visits"
if grep -q 'href="/orgs/SCH1/visits/new"' "$T/body"; then notok "but not to record one"; else ok "but not to record one"; fi
expect_eq "$(curl -s -o /dev/null -w '%{redirect_url}' -b "$T/jar.principal1" "$BASE/")" "$BASE/orgs/SCH1" "a principal of one school starts on its page"
expect_eq "$(get principal1 /orgs/SCH1)" 200 "which"
for l in /visits /observations /plan '#t-caseload' /registers /collection; do
	expect_grep "href=\"/orgs/SCH1$l\"" "$T/body" "links to $l"
done
expect_eq "$(get officer_b1 /orgs/SCH2)" 200 "a school without visits"
expect_grep 'No visits recorded yet' "$T/body" "says so"
expect_eq "$(get teacher1 /orgs/SCH1/visits)" 404 "a teacher does not see visits"
expect_eq "$(get officer_b2 /orgs/SCH1/visits)" 404 "nor another block's officer"
expect_eq "$(get principal3 /orgs/SCH1/visits)" 404 "nor another school's principal"
expect_eq "$(get principal1 /orgs/SCH1/visits)" 200 "the principal sees the school's visits"
expect_grep 'name="action"' "$T/body" "with the form marking an action done"

# --- the principal marks an action done ----------------------------------------
A2=$(q "SELECT id FROM visit_action WHERE owner = 'Meera Teachone'")
expect_eq "$(post principal1 /orgs/SCH1/visits/done "action=$A2&followup=Groups+started")" 403 "no CSRF token: 403"
expect_eq "$(post principal3 /orgs/SCH1/visits/done "action=$A2" csrf)" 404 "another school's principal: 404"
expect_eq "$(post teacher1 /orgs/SCH1/visits/done "action=$A2" csrf)" 404 "a teacher: 404"
expect_eq "$(post principal3 /orgs/SCH3/visits/done "action=$A2" csrf)" 404 "an action of another school: 404"
expect_eq "$(post principal1 /orgs/SCH1/visits/done "action=$A2&followup=Groups+started" csrf)" 303 "the principal marks it done"
expect_eq "$(q "SELECT status || ' ' || followup || ' ' || followup_date FROM visit_action WHERE id = $A2")" \
	"done Groups started 2025-11-03" "done, with what was done and the day"
expect_eq "$(q "SELECT username || ' ' || target FROM audit WHERE action = 'visit.action-done'")" "principal1 $A2" "audited"
expect_eq "$(post principal1 /orgs/SCH1/visits/done "action=$A2" csrf)" 404 "an action already done: 404"

# --- the next visit follows up the open action -----------------------------------
A1=$(q "SELECT id FROM visit_action WHERE owner = 'Head teacher'")
expect_eq "$(get officer_b1 /orgs/SCH1/visits/new)" 200 "the next visit's form"
expect_grep "name=\"followup$A1\"" "$T/body" "asks for the follow-up of the open action"
if grep -q "name=\"followup$A2\"" "$T/body"; then notok "not of the one done"; else ok "not of the one done"; fi
expect_eq "$(post officer_b1 /orgs/SCH1/visits/new "date=2025-11-03&followup$A1=Library+opens+at+lunch&done$A1=1" csrf)" 303 "the follow-up is recorded"
expect_eq "$(q "SELECT status || ' ' || followup || ' ' || followup_date || ' ' || (SELECT code FROM visit WHERE id = followup_visit) FROM visit_action WHERE id = $A1")" \
	"done Library opens at lunch 2025-11-03 VIS-2" "the action is done at the second visit"
expect_eq "$(post officer_b1 /orgs/SCH1/visits/new "date=2025-11-04&followup$A1=again" csrf)" 303 "a follow-up of a closed action is ignored"
expect_eq "$(q "SELECT count(*) FROM visit")" 3 "(the visit is saved without it)"
expect_eq "$(q "SELECT followup FROM visit_action WHERE id = $A1")" "Library opens at lunch" "and the closed action keeps its follow-up"

# --- officers record lesson observations -------------------------------------------
expect_eq "$(get officer_b1 /orgs/SCH1/observations/new)" 200 "the officer opens the observation form"
expect_eq "$(get officer_b2 /orgs/SCH1/observations/new)" 404 "not another block's"
expect_eq "$(post officer_b1 /orgs/SCH1/observations/new "teacher=T2&date=2025-11-03&r_planning=4" csrf)" 303 "and records an observation"
expect_eq "$(q "SELECT count(*) FROM observation o JOIN staff s ON s.id = o.staff_id WHERE s.code = 'T2' AND o.date = '2025-11-03'")" 1 "saved"

# --- the year selector of the org page (a cached page: one answer per year) -----
expect_eq "$(get principal1 /api/orgs/SCH1)" 200 "the school page"
expect_grep '"subtitle":"[^"]*Y2025"' "$T/body" "shows the latest year"
expect_eq "$(get principal1 /orgs/SCH1)" 200 "in HTML"
expect_grep '<select[^>]*name="year"' "$T/body" "with a year selector"
expect_eq "$(get principal1 '/api/orgs/SCH1?year=Y2024')" 200 "the year before"
expect_grep '"subtitle":"[^"]*Y2024"' "$T/body" "shows that year"
expect_eq "$(get principal1 '/api/orgs/SCH1?year=Y1999')" 200 "a year without results"
expect_grep '"subtitle":"[^"]*Y2025"' "$T/body" "falls back to the latest"
