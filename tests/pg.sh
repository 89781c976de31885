# tests/pg.sh - a throwaway PostgreSQL cluster for a test. Source it, then
# call pg_start: it makes a cluster in a temporary directory (initdb),
# starts it on a free port on 127.0.0.1 with its Unix socket in that
# directory, creates the database "attain" and sets ATTAIN_PG to its
# connection string (a libpq key=value string attain takes as --db). An
# EXIT trap stops the server and removes the directory, also when the test
# fails or is interrupted (INT, TERM, HUP, or PIPE when the reader of its
# output goes away); pg_stop does the same at once.
#
# PostgreSQL refuses to run as root: as root (CI), initdb and the server
# run as the unprivileged user $PG_USER (default postgres, else nobody),
# owning the directory; attain connects as that user over the socket.
# PG_BIN is where initdb and pg_ctl are (Debian's PostgreSQL 15).
#
# pg_start returns 1 when PostgreSQL is not installed (the caller says so
# and fails; nothing is skipped silently).

PG_BIN="${PG_BIN:-/usr/lib/postgresql/15/bin}"
PG_DIR=""
ATTAIN_PG=""

# Run a command as the cluster's owner.
pg_as() {
	if [ "$(id -u)" -eq 0 ]; then
		runuser -u "$PG_USER" -- "$@"
	else
		"$@"
	fi
}

# A TCP port nothing listens on.
pg_free_port() {
	python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

pg_stop() {
	if [ -n "$PG_DIR" ] && [ -d "$PG_DIR" ]; then
		pg_as "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate -w stop >/dev/null 2>&1
		rm -rf "$PG_DIR"
	fi
	PG_DIR=""
}

pg_start() {
	[ -x "$PG_BIN/initdb" ] || { echo "# PostgreSQL not found in $PG_BIN" >&2; return 1; }
	if [ "$(id -u)" -eq 0 ]; then
		PG_USER="${PG_USER:-$(getent passwd postgres >/dev/null && echo postgres || echo nobody)}"
	else
		PG_USER="$(id -un)"
	fi
	PG_DIR="$(mktemp -d /tmp/attain-pg.XXXXXX)"
	trap pg_stop EXIT
	trap 'pg_stop; exit 130' INT TERM
	# a reader that stops early (tests/run.sh ... | head) or a hang-up
	trap 'pg_stop; exit 141' PIPE
	trap 'pg_stop; exit 129' HUP
	chmod 755 "$PG_DIR"
	[ "$(id -u)" -eq 0 ] && chown "$PG_USER" "$PG_DIR"
	PG_PORT="$(pg_free_port)"
	pg_as "$PG_BIN/initdb" -D "$PG_DIR/data" -U "$PG_USER" -A trust -E UTF8 \
		--locale=C.UTF-8 --no-sync >"$PG_DIR/initdb.log" 2>&1 ||
		{ sed 's/^/# /' "$PG_DIR/initdb.log" >&2; return 1; }
	# Small and fast: a test's data, no durability needed.
	pg_as "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w \
		-o "-c listen_addresses=127.0.0.1 -p $PG_PORT -c unix_socket_directories=$PG_DIR -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c shared_buffers=64MB -c max_connections=60" \
		start >/dev/null 2>&1 ||
		{ sed 's/^/# /' "$PG_DIR/server.log" >&2; return 1; }
	"$PG_BIN/createdb" -h "$PG_DIR" -p "$PG_PORT" -U "$PG_USER" attain ||
		return 1
	ATTAIN_PG="host=$PG_DIR port=$PG_PORT user=$PG_USER dbname=attain"
	export ATTAIN_PG
	return 0
}

# A fresh empty database NAME in the cluster; prints its connection string.
pg_newdb() {
	"$PG_BIN/createdb" -h "$PG_DIR" -p "$PG_PORT" -U "$PG_USER" "$1" || return 1
	echo "host=$PG_DIR port=$PG_PORT user=$PG_USER dbname=$1"
}
