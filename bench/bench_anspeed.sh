#!/bin/sh
# Compute against writing for desc, gaps, items, va, ews and groups, and
# the current code against a baseline revision, in one run on one store.
# bench/anspeed_bench.c is built twice: against this tree's release
# objects and against those of BASE_REV (default d0222da, the code before
# the compute work; built from `git archive` in a scratch directory). Each
# loads the engine once and reports per analysis the median wall and CPU
# seconds (user + sys, both threads) of RUNS repetitions of
#   compute  the pure an_* functions (desc, gaps, items, va), and
#   memrun   the whole run function writing into an in-memory store.
# Prints both tables and the CPU ratio baseline / current.
# Store: BENCH_DB (default /tmp/attain-bench-1000000.db, the one
# bench_engine.sh makes; generated when missing).
#   bench/bench_anspeed.sh         RUNS=3 BASE_REV=d0222da
set -eu
cd "$(dirname "$0")/.."
ROOT=$PWD
RUNS="${RUNS:-3}"
BASE_REV="${BASE_REV:-d0222da}"
N="${BENCH_STUDENTS:-1000000}"
DB="${BENCH_DB:-/tmp/attain-bench-${N}.db}"
make --no-print-directory attain >/dev/null
if [ ! -f "$DB" ]; then
	echo "generating the $N-student demo in $DB (once)"
	nice -n 10 ./attain --db "$DB" demo --students "$N"
fi
LIBS="$(pkg-config --libs sqlite3 jansson gsl libmicrohttpd libsodium cairo pangocairo fontconfig | sed 's/-lgslcblas//') -lcsv -llapacke -lopenblas -lpthread -lm"
CF="-O2 -std=c11 -D_DEFAULT_SOURCE -D_GNU_SOURCE -Isrc $(pkg-config --cflags gsl)"
mkdir -p build/bench
# shellcheck disable=SC2086
cc $CF -o build/bench/anspeed_bench bench/anspeed_bench.c \
	$(ls build/release/*.o | grep -v '/main\.o$') $LIBS
scratch=$(mktemp -d "${TMPDIR:-/tmp}/anspeed.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
git archive "$BASE_REV" | tar -x -C "$scratch"
(cd "$scratch" && make --no-print-directory attain >/dev/null 2>&1)
# shellcheck disable=SC2086
(cd "$scratch" && cc $CF -o "$scratch/anspeed_bench" \
	"$ROOT/bench/anspeed_bench.c" \
	$(ls build/release/*.o | grep -v '/main\.o$') $LIBS)
echo "baseline $BASE_REV:"
nice -n 10 "$scratch/anspeed_bench" "$DB" "$RUNS" | tee "$scratch/base.txt"
echo "current $(git rev-parse --short HEAD):"
nice -n 10 build/bench/anspeed_bench "$DB" "$RUNS" | tee "$scratch/cur.txt"
echo "analysis measure base_cpu_s cur_cpu_s ratio"
awk '$2 != "-" {print $1"/"$2, $4}' "$scratch/base.txt" | sort >"$scratch/b"
awk '$2 != "-" {print $1"/"$2, $4}' "$scratch/cur.txt" | sort >"$scratch/c"
join "$scratch/b" "$scratch/c" | awk '{split($1, k, "/");
	printf "%s %s %s %s %.2f\n", k[1], k[2], $2, $3, ($3 > 0 ? $2 / $3 : 0)}'
