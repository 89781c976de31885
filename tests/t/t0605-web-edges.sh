# The web's edges: what the dispatcher does for every route, and the entry
# pages rendered through the page model. A route's target is resolved and
# its scope decided before the handler runs; a read of named people is
# audited once, by the dispatcher, also when the answer comes from the web
# cache, and never for an aggregate view; failed steps answer with one
# status per error code, as an error page or a JSON error in the request's
# format. Entry pages have the page frame, escape what they show, carry
# the session's CSRF token, and have a JSON twin that saves too.
. "$ATTAIN_ROOT/tests/lib.sh"
. "$ATTAIN_ROOT/tests/web_lib.sh"

web_fixture "$T/w.db" || { notok "fixture builds"; exit 1; }
DB="$T/w.db"
ATTAIN_TODAY=2025-11-03 web_start "$DB" --no-warm
[ -n "$PORT" ] && ok "server started" || { notok "server started"; cat "$T/serve.err"; exit 1; }
for u in admin officer_b1 principal1 teacher1 student1; do web_login "$u"; done
# an attitude window open today, and a student whose name is markup
sqlite3 "$DB" "INSERT INTO calendar_event(code, year_id, kind, title, org_id, collects,
  start_date, due_date) VALUES ('EATL', 2, 'data_collection', 'Attitude grades', 1,
  'attitude', '2025-10-01', '2025-11-30');
  INSERT INTO term(code, year_id, name, kind, start_date, end_date)
  VALUES ('Y25T2', 2, 'Term 2', 'term', '2025-10-01', '2026-03-31');
  INSERT INTO student(id, code, given_name, family_name) VALUES
  (61, 'STU0061', '<x-inj>', 'Tag');
  INSERT INTO placement VALUES (61, 2, 7, 5);
  INSERT INTO enrolment(class_id, student_id) VALUES (1, 61);"

# get USER PATH: status code; body in $T/body, headers in $T/head
get() {
	curl -s -D "$T/head" -o "$T/body" -w '%{http_code}' -b "$T/jar.$1" "$BASE$2"
}
# audits USER KIND:TARGET: how many "view" entries the account has
audits() {
	sleep 0.3 # the server commits queued audit entries every 50 ms
	"$A" --db "$DB" audit --user "$1" | grep -c "view .*$2 " || true
}

# ---- the audit of named reads, once per read, cache hits included ----
expect_eq "$(get teacher1 /classes/CL1A)" 200 "teacher opens their class"
expect_eq "$(get teacher1 /classes/CL1A)" 200 "and again (from the cache)"
expect_eq "$(get teacher1 /api/classes/CL1A)" 200 "and its JSON twin"
expect_eq "$(audits teacher1 class:CL1A)" 3 "each read of the class is audited once, cache hits too"
expect_eq "$(get teacher1 /classes/CL3A)" 404 "a class out of scope is not found"
expect_eq "$(audits teacher1 class:CL3A)" 0 "and a refused read is not audited"
expect_eq "$(get teacher1 /students/STU0001/report)" 200 "the report card"
expect_eq "$(audits teacher1 report-card:STU0001)" 1 "is audited under its own kind"
expect_eq "$(get teacher1 "/classes/CL1A/register?date=2025-11-03")" 200 "the register form"
expect_eq "$(audits teacher1 register:CL1A)" 1 "names the class's students: audited"
expect_eq "$(get teacher1 /classes/CL1A/marks)" 200 "the list of a class's assessments"
expect_eq "$(audits teacher1 marks:CL1A)" 0 "names nobody: not audited"
expect_eq "$(get principal1 /orgs/SCH1)" 200 "the principal opens the school"
expect_eq "$(audits principal1 org:SCH1)" 1 "the named view of a school is audited"
expect_eq "$(get officer_b1 /orgs/SCH1)" 200 "an officer opens the school"
expect_eq "$(get officer_b1 /orgs/SCH1)" 200 "twice"
expect_eq "$(audits officer_b1 org:SCH1)" 0 "an aggregate view is never audited"

# ---- one status per error code, in the request's format ----
expect_eq "$(get teacher1 /api/classes/NOSUCH)" 404 "unknown class: 404"
expect_grep '{"error":"Not found","status":404}' "$T/body" "as a JSON error under /api"
expect_eq "$(get teacher1 /classes/NOSUCH)" 404 "and as an HTML page"
expect_grep '<h1>Not found</h1>' "$T/body" "inside the frame"
expect_grep 'Sign out' "$T/body" "which names the signed-in account"
expect_eq "$(get teacher1 "/classes/CL1A/register?date=2025-13-45")" 400 "a bad date in the query: 400"
expect_grep 'class="top"' "$T/body" "as an error page"
expect_eq "$(get officer_b1 /orgs/SCH1/registers)" 404 "a route for named viewers refuses an aggregate one"
expect_eq "$(get admin /orgs/B1/registers)" 404 "a route for a school refuses a block"
expect_eq "$(get admin /orgs/SCH1/registers)" 200 "and answers for a school"
expect_eq "$(get admin /orgs/SCH1/observations/new)" 200 "an admin may record an observation in a school"
expect_eq "$(get admin /orgs/C1/observations/new)" 404 "not in a cluster"
expect_eq "$(get officer_b1 /api/orgs/B1/plan)" 200 "an officer reads the block's plan"
expect_eq "$(get officer_b1 /api/orgs/SCH1/plan)" 404 "a school has no plan"
expect_grep '"status":404' "$T/body" "said in JSON"

# ---- entry pages through the page model ----
# a day past the fixture's imported attendance
tok=$(web_csrf teacher1)
R="/classes/CL1A/register?date=2025-12-18"
expect_eq "$(get teacher1 "$R")" 200 "the register page"
expect_grep '<header class="top">' "$T/body" "has the page frame"
expect_grep '<nav class="crumbs"' "$T/body" "and a breadcrumb"
expect_grep "name=\"csrf\" value=\"$tok\"" "$T/body" "its form carries the session's CSRF token"
expect_grep 'data-key="reg:CL1A:2025-12-18"' "$T/body" "and the entry script's key"
expect_grep "attain:'+f.dataset.key" "$T/body" "with the entry script"
expect_grep '&lt;x-inj&gt; Tag' "$T/body" "a name that is markup is shown escaped"
if grep -q '<x-inj>' "$T/body"; then notok "no raw markup from data"; else ok "no raw markup from data"; fi
expect_eq "$(grep -c 'value="P" checked' "$T/body")" 21 "every student present by default"

expect_eq "$(get teacher1 "/api$R")" 200 "its JSON twin"
node -e '
const p = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
const f = p.forms.register, rows = f.fields.filter(x => x.kind === "choice");
const ok = p.kind === "register" && f.method === "post" && rows.length === 21 &&
  rows.every(x => x.value === "P" && x.options.map(o => o.value).join("") === "PALE") &&
  f.fields.some(x => x.name === "version" && x.value === "0") &&
  !JSON.stringify(p).includes(process.argv[2]);
process.exit(ok ? 0 : 1);' "$T/body" "$tok" &&
	ok "describes the form: one choice per student, all present, no CSRF token" ||
	notok "describes the form: one choice per student, all present, no CSRF token"

post_api() { # USER PATH BODY: status; body and headers kept
	curl -s -D "$T/head" -o "$T/body" -w '%{http_code}' -b "$T/jar.$1" \
		-H "X-CSRF-Token: $(web_csrf "$1")" --data "$3" "$BASE$2"
}
expect_eq "$(post_api teacher1 /api/classes/CL1A/register 'date=2025-12-18&version=0&m_STU0003=Z')" 422 \
	"a bad mark through the API is refused"
expect_grep '"error":"Unknown mark for Kid0003 Fam0003: nothing was saved."' "$T/body" "with the reason"
expect_grep '"name":"m_STU0003","label":"Kid0003 Fam0003","aside":"STU0003","value":"P"' "$T/body" \
	"and the form as posted"
expect_eq "$(sqlite3 "$DB" "SELECT count(*) FROM register_taken")" 0 "nothing was saved"
expect_eq "$(post_api teacher1 /api/classes/CL1A/register 'date=2025-12-18&version=0&m_STU0003=A')" 303 \
	"the register saves through the API"
expect_grep 'Location: /api/classes/CL1A/register?date=2025-12-18&saved=1' "$T/head" "and sends the client to the twin"
expect_eq "$(get teacher1 "/api/classes/CL1A/register?date=2025-12-18&saved=1")" 200 "which answers"
expect_grep '"notice":"Register saved."' "$T/body" "with the notice"
expect_grep '"name":"m_STU0003","label":"Kid0003 Fam0003","aside":"STU0003","value":"A"' "$T/body" \
	"and the saved absence"
expect_eq "$(post_api teacher1 /api/classes/CL1A/register 'date=2025-12-18&version=0&m_STU0003=L')" 409 \
	"a save against a stale version is a conflict"

expect_eq "$(get teacher1 /api/classes/CL1A/behaviour)" 200 "behaviour has a JSON twin"
expect_grep '"tables":{"events"' "$T/body" "with the class's recent events"
expect_grep '"name":"points","label":"Points","value":"1","min":-100,"max":100' "$T/body" "and its form's limits"
expect_eq "$(get teacher1 /api/classes/CL1A/attitude)" 200 "attitude has a JSON twin"
expect_grep '"subtitle":"Attitude grades: Term 2, from 2025-10-01, due 2025-11-30."' "$T/body" "naming the window"
expect_eq "$(get student1 /api/surveys)" 200 "the survey list has a JSON twin"
expect_grep '"tables":{"open":{' "$T/body" "with the surveys open to the student"
expect_grep '"code":"SV1"' "$T/body" "linking the survey"
expect_eq "$(get principal1 /api/surveys/new)" 200 "the survey builder has a JSON twin"
expect_grep '"kind":"grid","label":"Questions"' "$T/body" "with the questions as a grid"
expect_eq "$(get principal1 /surveys)" 200 "the principal's survey list"
expect_grep 'href="/surveys/SV1/results"' "$T/body" "links each survey's results"
expect_eq "$(get principal1 /api/orgs/SCH1/observations)" 200 "the principal's observations as JSON"
expect_grep '"view":"named"' "$T/body" "named"
expect_grep 'Clear explanations' "$T/body" "with their notes"
expect_eq "$(get officer_b1 /api/orgs/SCH1/observations)" 200 "an officer's"
expect_grep '"view":"aggregate"' "$T/body" "are aggregates"
if grep -q 'Clear explanations' "$T/body"; then notok "without notes"; else ok "without notes"; fi

web_alive && ok "server still running" || notok "server still running"
