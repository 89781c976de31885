# Browser tests of data entry (tests/e2e/collect.mjs): each form as the
# right role in Debian's chromium under the real CSP, then the new data on
# the pages that use it. Screenshots go to build/e2e-shots/.
. "$ATTAIN_ROOT/tests/lib.sh"
. "$ATTAIN_ROOT/tests/web_lib.sh"
E2E="$ATTAIN_ROOT/tests/e2e"

if [ ! -x /usr/bin/chromium ] || ! command -v node >/dev/null; then
	notok "chromium and node are installed (scripts/install-deps.sh)"
	exit 1
fi
if [ ! -d "$E2E/node_modules/playwright-core" ] || [ ! -d "$E2E/node_modules/axe-core" ]; then
	(cd "$E2E" && npm ci --no-audit --no-fund --loglevel=error >"$T/npm.log" 2>&1) ||
		{ notok "npm ci in tests/e2e"; sed 's/^/# /' "$T/npm.log"; exit 1; }
fi
web_fixture "$T/w.db" || { notok "fixture builds"; exit 1; }
ok "fixture builds"
sqlite3 "$T/w.db" "INSERT INTO calendar_event(code, year_id, kind, title, org_id, collects,
  start_date, due_date) VALUES ('EATL', 2, 'data_collection', 'Attitude grades', 1,
  'attitude', '2025-10-01', '2025-11-30');
  INSERT INTO term(code, year_id, name, kind, start_date, end_date)
  VALUES ('Y25T2', 2, 'Term 2', 'term', '2025-10-01', '2026-03-31');"
BIN="$ATTAIN_ROOT/attain"
[ -x "$BIN" ] || BIN="$A"
A="$BIN" ATTAIN_TODAY=2025-11-03 web_start "$T/w.db"
[ -n "$PORT" ] && ok "server started" || { notok "server started"; exit 1; }
mkdir -p "$ATTAIN_ROOT/build/e2e-shots"
timeout 150 node "$E2E/collect.mjs" "$BASE" "$ATTAIN_ROOT/build/e2e-shots" | grep -v ' passed, .* failed$'
n=$(sqlite3 "$T/w.db" "SELECT count(*) FROM survey_response r JOIN survey v ON v.id = r.survey_id
  WHERE v.title = 'Pupil voice'")
expect_eq "$n" 1 "the survey has exactly one response after two attempts"
