# Browser tests: Debian's chromium driven by playwright-core signs in as
# each role, opens its pages, checks key figures, page weight, 360 px fit,
# axe-core accessibility, and a page with JavaScript off
# (tests/e2e/run.mjs). Screenshots go to build/e2e-shots/.
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
ok "playwright-core and axe-core present"
web_fixture "$T/w.db" || { notok "fixture builds"; exit 1; }
# the release build serves faster; the ASan build is covered by t0600
BIN="$ATTAIN_ROOT/attain"
[ -x "$BIN" ] || BIN="$A"
A="$BIN" web_start "$T/w.db"
[ -n "$PORT" ] && ok "server started" || { notok "server started"; exit 1; }
mkdir -p "$ATTAIN_ROOT/build/e2e-shots"
timeout 120 node "$E2E/run.mjs" "$BASE" "$ATTAIN_ROOT/build/e2e-shots" | grep -v ' passed, .* failed$'
