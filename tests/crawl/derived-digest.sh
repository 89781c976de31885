#!/bin/sh
# derived-digest.sh DB [BIN]: one line per derived table of an analysed
# database: "NAME ROWS SHA256", the digest of the table as
# `attain export NAME --format csv` writes it, put in a canonical form:
# the columns that name the analysis run or measure the wall clock
# (run_id, *_at, seconds, duration) dropped, the rows sorted. Two databases
# analysed by code that computes the same results give the same lines
# (tests/t/t0902-derived.sh compares them with tests/fixtures/derived-20k.digest).
set -u
db=${1:?usage: derived-digest.sh DB [BIN]}
bin=${2:-attain}
here=$(dirname "$0")
tables=$("$bin" --db "$db" export --list | awk '/^derived/ { d = 1; next } /^[a-z]/ { d = 0 } d { print $1 }')
[ -n "$tables" ] || { echo "derived-digest: no derived tables listed" >&2; exit 1; }
for t in $tables; do
	"$bin" --db "$db" export "$t" --format csv | python3 "$here/digest.py" "$t" || exit 1
done
