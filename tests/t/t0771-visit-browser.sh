# Browser test of the officer's school visit (tests/e2e/visit.mjs): a
# block officer goes by links from the start page to a school, records a
# visit with a lesson observation and two actions and sees them on the
# school page; the principal marks one done. What the browser saved is
# then read from the database. Screenshots go to build/e2e-shots/; the
# start pages' heights at 1280 px are printed.
. "$ATTAIN_ROOT/tests/lib.sh"
. "$ATTAIN_ROOT/tests/web_lib.sh"
E2E="$ATTAIN_ROOT/tests/e2e"

if [ ! -x /usr/bin/chromium ] || ! command -v node >/dev/null; then
	notok "chromium and node are installed (scripts/install-deps.sh)"
	exit 1
fi
if [ ! -d "$E2E/node_modules/playwright-core" ]; then
	(cd "$E2E" && npm ci --no-audit --no-fund --loglevel=error >"$T/npm.log" 2>&1) ||
		{ notok "npm ci in tests/e2e"; sed 's/^/# /' "$T/npm.log"; exit 1; }
fi
web_fixture "$T/w.db" || { notok "fixture builds"; exit 1; }
ok "fixture builds"
BIN="$ATTAIN_ROOT/attain"
[ -x "$BIN" ] || BIN="$A"
A="$BIN" ATTAIN_TODAY=2025-11-03 web_start "$T/w.db"
[ -n "$PORT" ] && ok "server started" || { notok "server started"; exit 1; }
mkdir -p "$ATTAIN_ROOT/build/e2e-shots"
timeout 240 node "$E2E/visit.mjs" "$BASE" "$ATTAIN_ROOT/build/e2e-shots" | grep -v ' passed, .* failed$'
q() { sqlite3 "$T/w.db" "$1"; }
expect_eq "$(q "SELECT count(*) || ' ' || max(officer) FROM visit")" "1 officer_b1" "one visit, by the block officer"
expect_eq "$(q "SELECT count(*) FROM visit_observation vo JOIN observation_score s ON s.observation_id = vo.observation_id")" 2 \
	"its lesson observation with two ratings"
expect_eq "$(q "SELECT group_concat(status, ' ') FROM (SELECT status FROM visit_action ORDER BY id)")" "done open" \
	"two actions, the first done by the principal"
expect_eq "$(q "SELECT count(*) FROM audit WHERE action IN ('visit.add', 'visit.action-done')")" 2 "both audited"
