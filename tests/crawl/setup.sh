# tests/crawl/setup.sh - the one setup of the crawl checks (t0900-t0902):
# a 20,000-student demo (seed 7) analysed by the binary under test, and
# `attain serve` on it with a fixed school day. Sourced after tests/lib.sh
# and tests/web_lib.sh.
#
# Building and analysing the demo takes about a minute on two cores, so the
# analysed database is kept in build/crawl-cache/ under the SHA-256 of the
# binary and the demo options: a rebuilt binary makes a new one (the old is
# removed), and every test works on its own copy, so nothing a test or its
# server writes (sessions, audit entries, languages) reaches another test.
CRAWL_DIR="$ATTAIN_ROOT/tests/crawl"
CRAWL_STUDENTS=20000
CRAWL_SEED=7
CRAWL_PW=crawl-pw-7
# a Thursday in term 2 of the demo's last academic year (2025-26)
CRAWL_TODAY=2026-01-15
# the release binary is about ten times faster than the ASan one (as in
# t0610); the ASan binary serves every other web test
CRAWL_BIN="$ATTAIN_ROOT/attain"
[ -x "$CRAWL_BIN" ] || CRAWL_BIN="$A"
export ATTAIN_TODAY="$CRAWL_TODAY"

# crawl_db DEST: copy the analysed demo to DEST, building it first when the
# cache has none for this binary. Fails (status 1) with a message on stdout.
crawl_db() {
	cache="$ATTAIN_ROOT/build/crawl-cache"
	key=$( (sha256sum <"$CRAWL_BIN"; echo "$CRAWL_STUDENTS $CRAWL_SEED $CRAWL_PW") |
		sha256sum | cut -c1-16)
	if [ ! -f "$cache/$key.db" ]; then
		mkdir -p "$cache" || return 1
		tmpdb="$cache/$key.$$.tmp"
		rm -f "$tmpdb" "$tmpdb".*
		if ! "$CRAWL_BIN" --db "$tmpdb" demo --students "$CRAWL_STUDENTS" \
			--seed "$CRAWL_SEED" --password "$CRAWL_PW" >"$T/demo.out" 2>&1 ||
			! "$CRAWL_BIN" --db "$tmpdb" analyze --quiet >"$T/analyze.out" 2>&1; then
			echo "# building the demo failed:"
			sed 's/^/# /' "$T/demo.out" "$T/analyze.out" 2>/dev/null | tail -n 20
			rm -f "$tmpdb" "$tmpdb".*
			return 1
		fi
		sqlite3 "$tmpdb" 'PRAGMA wal_checkpoint(TRUNCATE)' >/dev/null
		rm -f "$cache"/*.db
		mv "$tmpdb" "$cache/$key.db" || return 1
		rm -f "$tmpdb".* "$tmpdb"-runlock
	fi
	cp "$cache/$key.db" "$1"
}

# crawl_serve DB: start the release server on DB (sets $BASE, $SRV_PID).
# web_start replaces the EXIT trap: set the caller's again afterwards
# (crawl_cleanup stops the server).
crawl_serve() {
	A="$CRAWL_BIN" web_start "$1"
	[ -n "$PORT" ]
}

# crawl_cleanup FILE...: stop the server and remove FILE... (the EXIT trap
# of every crawl test, so a failure leaves nothing behind).
crawl_cleanup() {
	if [ -n "${SRV_PID:-}" ]; then
		kill "$SRV_PID" 2>/dev/null
		wait "$SRV_PID" 2>/dev/null
	fi
	rm -rf "$@"
}
