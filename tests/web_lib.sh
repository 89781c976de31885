# tests/web_lib.sh - helpers for the web tests: build the fixture, start a
# server on a free port, sign in as an account. Sourced after tests/lib.sh.
WEBFX="$ATTAIN_ROOT/tests/fixtures/web"

# web_fixture DB: build the fixture database.
web_fixture() {
	"$WEBFX/make-fixture.sh" "$A" "$1"
}

# web_start DB [ARGS...]: start `attain serve` on a free port; sets
# $PORT, $BASE and $SRV_PID; the server is stopped on exit.
web_start() {
	db=$1; shift
	: >"$T/serve.out"
	"$A" --db "$db" serve --listen 127.0.0.1:0 "$@" >"$T/serve.out" 2>"$T/serve.err" &
	SRV_PID=$!
	trap 'kill $SRV_PID 2>/dev/null; wait $SRV_PID 2>/dev/null' EXIT
	i=0
	while [ $i -lt 100 ]; do
		PORT=$(sed -n 's/^serving http:\/\/127.0.0.1:\([0-9]*\)$/\1/p' "$T/serve.out")
		[ -n "$PORT" ] && break
		sleep 0.1
		i=$((i + 1))
	done
	BASE="http://127.0.0.1:$PORT"
}

# web_alive: 1 if the server process still runs.
web_alive() {
	kill -0 "$SRV_PID" 2>/dev/null
}

# web_login USER: sign in with the fixture password; cookie jar $T/jar.USER
web_login() {
	rm -f "$T/jar.$1"
	curl -s -o /dev/null -c "$T/jar.$1" \
		--data-urlencode "username=$1" --data-urlencode "password=pw-$1-1" \
		"$BASE/login"
}

# web_csrf USER: the account's CSRF token (from /api/me)
web_csrf() {
	curl -s -b "$T/jar.$1" "$BASE/api/me" | sed -n 's/.*"csrf":"\([0-9a-f]*\)".*/\1/p'
}
