#!/bin/sh
# Engine benchmarks on a 1,000,000-student demo (about 25 million results
# and 28 million item responses), in one run on identical data:
#   - engine load time and peak memory;
#   - the dashboard aggregation (count, mean, share at or above the
#     proficient cut by district, block and school x subject x window):
#     attain's loaded engine (an_desc_dashboard) against DuckDB
#     (@duckdb/node-api, bench-only, installed here with npm);
#   - item statistics (difficulty, corrected item-rest correlation) over
#     every item response: an_items_compute against DuckDB SQL;
#   - a full `attain analyze` of the demo: wall time and peak memory
#     (GNU time), target <= 120 s and <= 8 GiB on 2 cores.
# Medians of RUNS repetitions (default 5). The demo is generated once and
# kept (BENCH_DB, default /tmp/attain-bench-1m.db); delete it afterwards.
#   bench/bench_engine.sh            BENCH_STUDENTS=1000000 RUNS=5
set -eu
cd "$(dirname "$0")/.."
ROOT=$PWD
N="${BENCH_STUDENTS:-1000000}"
RUNS="${RUNS:-5}"
DB="${BENCH_DB:-/tmp/attain-bench-${N}.db}"
WORK="${BENCH_WORK:-/tmp/attain-bench-work}"
mkdir -p "$WORK" build/bench
make --no-print-directory attain >/dev/null

if [ ! -f "$DB" ]; then
	echo "generating the $N-student demo in $DB (once)"
	nice -n 10 ./attain --db "$DB" demo --students "$N"
fi

# The engine program, against the release objects it needs.
OBJS=""
for o in engine store store_engine util attendance an_desc an_items migrations; do
	OBJS="$OBJS build/release/$o.o"
done
# shellcheck disable=SC2086
cc -O2 -std=c11 -D_DEFAULT_SOURCE -D_GNU_SOURCE -Isrc -o build/bench/engine_bench \
	bench/engine_bench.c $OBJS -lsqlite3 -lgsl -lopenblas -lpthread -lm
nice -n 10 build/bench/engine_bench "$DB" "$RUNS" | tee "$WORK/engine.txt"

# DuckDB on CSV extracts of the same store (integer ids, as the engine).
if [ ! -d "$WORK/duck/node_modules/@duckdb/node-api" ]; then
	mkdir -p "$WORK/duck"
	npm install --silent --prefix "$WORK/duck" @duckdb/node-api >/dev/null
fi
if [ ! -f "$WORK/item.csv" ] || [ "$DB" -nt "$WORK/item.csv" ]; then
	echo "extracting CSVs for DuckDB"
	q() { sqlite3 -csv "$DB" "$1" >"$WORK/$2.csv"; }
	q "SELECT assessment_id, student_id, score FROM result" result
	q "SELECT a.id, a.subject_id, coalesce(a.term_id, -1), a.year_id,
	     coalesce((SELECT min_score FROM cut_score c WHERE c.assessment_id = a.id
	               AND lower(c.band) = 'proficient'),
	              (SELECT min_score FROM cut_score c WHERE c.assessment_id = a.id
	               AND c.seq = (SELECT min(seq) + count(*) / 2 FROM cut_score c2
	                            WHERE c2.assessment_id = a.id)))
	   FROM assessment a" assessment
	q "SELECT student_id, year_id, org_id FROM placement" placement
	q "WITH RECURSIVE up(school, org) AS (SELECT id, id FROM org WHERE is_school = 1
	     UNION ALL SELECT up.school, o.parent_id FROM up JOIN org o ON o.id = up.org
	     WHERE o.parent_id IS NOT NULL)
	   SELECT up.school, max(CASE WHEN o.level = 'district' THEN o.id END),
	          max(CASE WHEN o.level = 'block' THEN o.id END)
	   FROM up JOIN org o ON o.id = up.org GROUP BY up.school" school
	q "SELECT item_id, student_id, points FROM item_response" item_response
	q "SELECT id, assessment_id, max_points FROM item" item
fi
cp bench/duck_bench.mjs "$WORK/duck/duck_bench.mjs"
(cd "$WORK/duck" && nice -n 10 node duck_bench.mjs "$WORK" "$RUNS") | tee "$WORK/duck.txt"

# A full analyze of a copy (analyze writes derived tables).
cp "$DB" "$WORK/analyze.db"
/usr/bin/time -v nice -n 10 ./attain --db "$WORK/analyze.db" analyze \
	>"$WORK/analyze.out" 2>"$WORK/analyze.time" || true
cat "$WORK/analyze.out"
wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$WORK/analyze.time")
rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$WORK/analyze.time")
echo "analyze_wall $wall"
echo "analyze_peak_rss_mib $((rss / 1024))"
rm -f "$WORK/analyze.db" "$WORK/analyze.db-wal" "$WORK/analyze.db-shm"

v() { sed -n "s/^$1 \([^ ]*\).*/\1/p" "$WORK/$2.txt"; }
e_d=$(v dashboard engine); d_d=$(v duck_dashboard duck)
e_i=$(v items engine); d_i=$(v duck_items duck)
awk -v e="$e_d" -v d="$d_d" 'BEGIN { printf "dashboard: engine %ss, duckdb %ss, duckdb/engine %.2f\n", e, d, d / e }'
awk -v e="$e_i" -v d="$d_i" 'BEGIN { printf "items: engine %ss, duckdb %ss, duckdb/engine %.2f\n", e, d, d / e }'
