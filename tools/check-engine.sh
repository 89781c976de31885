#!/bin/sh
# tools/check-engine.sh - nothing outside a database engine's file knows
# which engine the store talks to: the word "sqlite3" (the SQLite API, its
# header, its types) appears in src/ only in src/store_sqlite.c, and
# libpq (its header libpq-fe.h and its PQ* functions) only in
# src/store_pg.c. Every other store file goes through the statement
# interface (src/store_sql.h). Prints each problem as "FILE:LINE: what"
# and exits 1 when there is one. Run by tests/t/t0002-lint.sh and
# `make lint`.
set -u
cd "$(dirname "$0")/.." || exit 2
bad=0
for f in src/*.c src/*.h; do
	case $f in
	src/store_sqlite.c) ;;
	*)
		if grep -n 'sqlite3' "$f" >/dev/null; then
			grep -n 'sqlite3' "$f" | sed "s|^\([0-9]*\):.*|$f:\1: names sqlite3, which only src/store_sqlite.c may (use store_sql.h)|"
			bad=1
		fi
		;;
	esac
	case $f in
	src/store_pg.c) ;;
	*)
		if grep -n -E 'libpq-fe\.h|\<PQ[a-z][A-Za-z]*\(' "$f" >/dev/null; then
			grep -n -E 'libpq-fe\.h|\<PQ[a-z][A-Za-z]*\(' "$f" | sed "s|^\([0-9]*\):.*|$f:\1: uses libpq, which only src/store_pg.c may (use store_sql.h)|"
			bad=1
		fi
		;;
	esac
done
exit $bad
