#!/bin/sh
# The main job: generate the demo district into attain.db (if absent),
# analyse it, and serve it on http://127.0.0.1:8080. Each step runs when the
# command it needs exists in this build.
set -eu
cd "$(dirname "$0")/.."
DB="${ATTAIN_DB:-attain.db}"
STUDENTS="${DEMO_STUDENTS:-100000}"
has() { ./attain --help | awk '/^Commands:/{f=1;next} f{print $1}' | grep -qx "$1"; }

if [ ! -f "$DB" ]; then
	./attain --db "$DB" demo --students "$STUDENTS" --seed 1
else
	echo "demo: using existing $DB (delete it to regenerate)"
fi
./attain --db "$DB" info
if has analyze; then
	./attain --db "$DB" analyze
fi
if has serve; then
	if has user; then
		echo "demo logins (username, role, scope):"
		./attain --db "$DB" user list
	fi
	echo "serving http://127.0.0.1:8080 (Ctrl-C to stop)"
	exec ./attain --db "$DB" serve --listen 127.0.0.1:8080
fi
