#!/bin/sh
# The main job behind `make demo`: generate the demo district into
# attain.db (if absent), analyse it (if never analysed), print the URL and
# the demo logins for each role, and serve it on http://127.0.0.1:8080.
#   DEMO_STUDENTS   students to generate (default 100000)
#   DEMO_PASSWORD   the demo accounts' password (default attain-demo)
#   DEMO_LISTEN     address:port to serve on (default 127.0.0.1:8080)
set -eu
cd "$(dirname "$0")/.."
DB="${ATTAIN_DB:-attain.db}"
STUDENTS="${DEMO_STUDENTS:-100000}"
PW="${DEMO_PASSWORD:-attain-demo}"
LISTEN="${DEMO_LISTEN:-127.0.0.1:8080}"
has() { ./attain --help | awk '/^Commands:/{f=1;next} f{print $1}' | grep -qx "$1"; }

if [ ! -f "$DB" ]; then
	./attain --db "$DB" demo --students "$STUDENTS" --seed 1 --password "$PW"
else
	echo "demo: using existing $DB (delete it to regenerate)"
	if [ -n "${DEMO_PASSWORD:-}" ] && has user; then
		./attain --db "$DB" user list | awk '{print $1}' | while read -r u; do
			./attain --db "$DB" user passwd "$u" --password "$PW" >/dev/null
		done
	fi
fi
./attain --db "$DB" info
if has analyze; then
	done_runs=$(sqlite3 "$DB" "SELECT count(*) FROM analysis_run WHERE status = 'done'" 2>/dev/null || echo 0)
	if [ "${done_runs:-0}" = 0 ]; then
		./attain --db "$DB" analyze
	else
		echo "demo: already analysed (run 'attain analyze' after changing data)"
	fi
fi
if has serve; then
	echo
	echo "demo logins (username, role, scope); password: $PW"
	echo "  (a database generated earlier keeps the password it was made with;"
	echo "   set DEMO_PASSWORD to reset every account to it)"
	./attain --db "$DB" user list | sed 's/^/  /'
	echo
	echo "open http://$LISTEN/ and sign in (Ctrl-C stops the server)"
	exec ./attain --db "$DB" serve --listen "$LISTEN"
fi
