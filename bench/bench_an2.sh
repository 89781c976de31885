#!/bin/sh
# Engine II analyses at scale: runs `attain analyze --only NAME` for each of
# ews, impact, goals, triang, groups, themes (and peer, which runs va first)
# on a demo database and reports each one's wall time (median of REPS runs)
# and peak memory, against the engine load alone (`analyze --only` of an
# analysis that reads nothing: themes loads only the dictionaries) measured
# in the same run. Database: $AN2_BENCH_DB, else a demo of $AN2_STUDENTS
# (default 1,000,000) students generated into a scratch directory (slow:
# minutes per 100,000 students on a loaded machine).
#   bench/bench_an2.sh            REPS=1 by default at this size
set -eu
cd "$(dirname "$0")/.."
A="$PWD/attain"
REPS="${REPS:-1}"
N="${AN2_STUDENTS:-1000000}"
db="${AN2_BENCH_DB:-}"
scratch=""
if [ -z "$db" ]; then
	scratch=$(mktemp -d "${TMPDIR:-/tmp}/an2bench.XXXXXX")
	trap 'rm -rf "$scratch"' EXIT
	db="$scratch/demo.db"
	echo "generating a $N-student demo"
	"$A" --db "$db" demo --students "$N" --seed 1 >/dev/null
fi
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
printf '| analysis | median s | peak RSS MiB | summary |\n|---|---|---|---|\n'
for an in ews impact goals triang groups themes peer; do
	times=""
	for r in $(seq "$REPS"); do
		/usr/bin/time -f "%e %M" -o "$db.time" "$A" --db "$db" analyze \
			--only "$an" >"$db.out" 2>&1
		times="$times $(cut -d' ' -f1 "$db.time")"
	done
	med=$(echo "$times" | tr ' ' '\n' | grep . | median)
	rss=$(awk '{printf "%.0f", $2 / 1024}' "$db.time")
	line=$(grep "^$an " "$db.out" | sed 's/  */ /g')
	printf '| %s | %s | %s | %s |\n' "$an" "$med" "$rss" "$line"
done
rm -f "$db.time" "$db.out"
