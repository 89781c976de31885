# The web's edges: what the dispatcher does for every route. A route's
# target is resolved and its scope decided before the handler runs; a read
# of named people is audited once, by the dispatcher, also when the answer
# comes from the web cache, and never for an aggregate view; failed steps
# answer with one status per error code, as an error page or a JSON error
# in the request's format.
. "$ATTAIN_ROOT/tests/lib.sh"
. "$ATTAIN_ROOT/tests/web_lib.sh"

web_fixture "$T/w.db" || { notok "fixture builds"; exit 1; }
DB="$T/w.db"
ATTAIN_TODAY=2025-11-03 web_start "$DB" --no-warm
[ -n "$PORT" ] && ok "server started" || { notok "server started"; cat "$T/serve.err"; exit 1; }
for u in admin officer_b1 principal1 teacher1; do web_login "$u"; done

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

web_alive && ok "server still running" || notok "server still running"
