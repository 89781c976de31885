# Browser test of the markbook at real sizes (tests/e2e/markbook.mjs):
# a full markbook of a 60-student class with 12 items and one with 40,
# filled by pasting columns and saved in Debian's chromium under the real
# CSP, every value checked; a scaled total kept and flagged when one item
# is corrected, then confirmed. Screenshots go to build/e2e-shots/.
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
sqlite3 "$T/w.db" <"$WEBFX/scale.sql"
ok "fixture builds"
BIN="$ATTAIN_ROOT/attain"
[ -x "$BIN" ] || BIN="$A"
A="$BIN" ATTAIN_TODAY=2025-11-03 web_start "$T/w.db"
[ -n "$PORT" ] && ok "server started" || { notok "server started"; exit 1; }
mkdir -p "$ATTAIN_ROOT/build/e2e-shots"
timeout 240 node "$E2E/markbook.mjs" "$BASE" "$ATTAIN_ROOT/build/e2e-shots" | grep -v ' passed, .* failed$'
# What the browser saved, read from the database.
for n in 12 40; do
	expect_eq "$(sqlite3 "$T/w.db" "SELECT count(*) FROM item_response r JOIN item i ON i.id = r.item_id
	  JOIN assessment a ON a.id = i.assessment_id WHERE a.name = 'Diagnostic $n'
	  AND r.points = ((r.student_id - 1001) * 7 + (i.seq - 1) * 3) % 6")" "$((60 * n))" \
		"the database holds all $((60 * n)) marks of the 60 x $n markbook"
done
expect_eq "$(sqlite3 "$T/w.db" "SELECT score FROM result WHERE assessment_id = 9 AND student_id = 1")" "272.0" \
	"the scaled total is still 272 after the item was corrected"
