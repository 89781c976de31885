#!/bin/sh
# Student Growth Percentiles for one cohort of 100,000 students with two
# priors (resampled from SGPdata, see bench/sgp_bench.c): attain's
# sgp_compute against R quantreg rq(method = "fn") doing the same work
# (knots, bs(), the order-1 and order-2 fits at 100 taus, predictions and
# percentiles, bench/sgp_bench.R), on identical data in the same run, runs
# interleaved. Reports medians of the runs (compute time only, CSV reading
# excluded on both sides), the ratio, agreement of the SGPs and peak memory
# (maximum resident set of each process), and appends them to
# bench/RESULTS.md.
#   SGP_BENCH_N (100000)  SGP_BENCH_RUNS (3)
set -eu
cd "$(dirname "$0")/.."
make --no-print-directory attain >/dev/null
mkdir -p build/bench
# shellcheck disable=SC2046
cc -O2 -std=c11 -D_DEFAULT_SOURCE -D_GNU_SOURCE -Isrc \
	$(pkg-config --cflags gsl) -o build/bench/sgp_bench bench/sgp_bench.c \
	build/release/qr.o build/release/an_sgp.o build/release/util.o \
	$(pkg-config --libs gsl | sed 's/-lgslcblas//') -llapacke -lopenblas \
	-lpthread -lm
command -v Rscript >/dev/null || { echo "bench_sgp: Rscript not found (scripts/install-deps.sh --bench)"; exit 1; }
Rscript -e 'library(quantreg)' >/dev/null 2>&1 || { echo "bench_sgp: R package quantreg missing"; exit 1; }

SHARED="${ATTAIN_SHARED:-../shared}"
N="${SGP_BENCH_N:-100000}"
RUNS="${SGP_BENCH_RUNS:-3}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
B=build/bench/sgp_bench
$B gen "$SHARED/data/sgpdata/sgpData.csv" "$N" "$tmp/cohort.csv"
load=$(cut -d' ' -f1-3 /proc/loadavg)

median() { sort -g | awk '{v[NR]=$1} END {print (NR%2) ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2}'; }

i=1
while [ "$i" -le "$RUNS" ]; do
	/usr/bin/time -f "%M" -o "$tmp/mem_two_$i" $B run "$tmp/cohort.csv" "$tmp/a.csv" 2 >"$tmp/two_$i.txt"
	/usr/bin/time -f "%M" -o "$tmp/mem_one_$i" $B run "$tmp/cohort.csv" "$tmp/a1.csv" 1 >"$tmp/one_$i.txt"
	# R's BLAS on one thread: on this machine that is R's faster setting.
	OPENBLAS_NUM_THREADS=1 /usr/bin/time -f "%M" -o "$tmp/mem_r_$i" \
		Rscript bench/sgp_bench.R "$tmp/cohort.csv" "$tmp/r.csv" fn >"$tmp/r_$i.txt"
	line="run $i: attain $(cut -d' ' -f2 "$tmp/two_$i.txt") s (1 thread $(cut -d' ' -f2 "$tmp/one_$i.txt") s), R $(cut -d' ' -f2 "$tmp/r_$i.txt") s"
	echo "$line"
	echo "$line" >>"$tmp/runs.txt"
	i=$((i + 1))
done

ta=$(cat "$tmp"/two_*.txt | cut -d' ' -f2 | median)
ta1=$(cat "$tmp"/one_*.txt | cut -d' ' -f2 | median)
tr=$(cat "$tmp"/r_*.txt | cut -d' ' -f2 | median)
trq=$(cat "$tmp"/r_*.txt | cut -d' ' -f4 | median)
ma=$(cat "$tmp"/mem_two_* | median)
mr=$(cat "$tmp"/mem_r_* | median)
n2=$(cut -d' ' -f6 "$tmp/two_1.txt")
ratio=$(awk -v a="$ta" -v r="$tr" 'BEGIN {printf "%.1f", r / a}')
ratio1=$(awk -v a="$ta1" -v r="$tr" 'BEGIN {printf "%.1f", r / a}')
set -- $($B compare "$tmp/a.csv" "$tmp/r.csv")
cn=$1 ceq=$2 cw1=$3 cw3=$4 cmax=$5
pct() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", 100 * a / b}'; }
same1=$($B compare "$tmp/a.csv" "$tmp/a1.csv" | cut -d' ' -f2)

echo "attain median $ta s (1 thread $ta1 s), R rq(fn) median $tr s (rq calls $trq s): $ratio x ($ratio1 x on 1 thread)"
echo "agreement with R: $(pct "$ceq" "$cn")% equal, $(pct "$cw1" "$cn")% within 1, max diff $cmax"
echo "peak memory: attain $ma KB, R $mr KB"

{
	echo
	echo "## Student Growth Percentiles against R quantreg ($(date -u '+%Y-%m-%d %H:%M') UTC)"
	echo
	echo "\`bench/bench_sgp.sh\` (programs \`bench/sgp_bench.c\`, which calls \`sgp_compute\` from \`src/an_sgp.c\` unchanged, and \`bench/sgp_bench.R\`): SGPs of one cohort with two priors, attain against R quantreg \`rq(method = \"fn\")\` doing the same work (knots, \`bs()\`, order-1 and order-2 fits at 100 taus, predictions, percentiles) on the same CSV in the same run; compute time only (reading the CSV excluded on both sides); peak memory is each process's maximum resident set. R's BLAS runs on one thread (its faster setting here)."
	echo
	echo "Machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')), load average at start $load (shared machine)."
	echo "Cohort: $N students resampled from SGPdata, $n2 with both priors. Medians of $RUNS runs, interleaved."
	echo
	echo "| | median seconds | ratio R / attain | peak memory |"
	echo "|---|---|---|---|"
	echo "| attain sgp_compute, 2 threads | $ta | $ratio× | $((ma / 1024)) MiB |"
	echo "| attain sgp_compute, 1 thread | $ta1 | $ratio1× | |"
	echo "| R quantreg rq(method=\"fn\") + SGP steps | $tr | 1 | $((mr / 1024)) MiB |"
	echo "| of which the rq() calls | $trq | | |"
	echo
	sed 's/^/    /' "$tmp/runs.txt"
	echo
	echo "Agreement of attain's SGPs with R's (fn): $cn students, $(pct "$ceq" "$cn")% equal, $(pct "$cw1" "$cn")% within ±1, $(pct "$cw3" "$cn")% within ±3, largest difference $cmax. attain on 1 and 2 threads: $same1 of $cn equal."
} >>bench/RESULTS.md
