#!/bin/sh
# Benchmark of `attain demo`: wall time and peak memory of a 100,000-student
# demo (target: under 60 s and 2 GiB on two cores), three runs, median. The
# baseline measured in the same run is a 10,000-student demo; the ratio of
# the two per-row rates shows whether the load stays linear.
#   bench/bench_demo.sh [STUDENTS] [RUNS]
set -eu
cd "$(dirname "$0")/.."
N="${1:-100000}"
RUNS="${2:-3}"
BASE_N=10000
BIN=./attain
[ -x "$BIN" ] || make attain >/dev/null
if [ ! -x /usr/bin/time ]; then
	echo "bench_demo: /usr/bin/time is missing (scripts/install-deps.sh --bench)" >&2
	exit 1
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/attain-bench-demo.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# run N -> prints "seconds peak_kib rows cpu_seconds"
run() {
	rm -f "$tmp/b.db" "$tmp/b.db-wal" "$tmp/b.db-shm"
	nice -n 10 /usr/bin/time -v "$BIN" --db "$tmp/b.db" demo --students "$1" --seed 1 \
		>"$tmp/out" 2>"$tmp/time"
	secs=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$tmp/time" |
		awk -F: '{ if (NF == 3) print $1 * 3600 + $2 * 60 + $3; else print $1 * 60 + $2 }')
	kib=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$tmp/time")
	rows=$(sed -n 's/^demo: .* students in .* schools, \([0-9]*\) rows.*/\1/p' "$tmp/out")
	cpu=$(awk -F': ' '/User time|System time/ { s += $2 } END { print s }' "$tmp/time")
	echo "$secs $kib $rows $cpu"
}

median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

: >"$tmp/main"
: >"$tmp/base"
for i in $(seq "$RUNS"); do
	run "$BASE_N" >>"$tmp/base"
	run "$N" >>"$tmp/main"
	echo "bench_demo: run $i: $(tail -n1 "$tmp/main") (baseline $(tail -n1 "$tmp/base"))" >&2
done
t=$(awk '{ print $1 }' "$tmp/main" | median)
m=$(awk '{ print $2 }' "$tmp/main" | median)
rows=$(awk '{ print $3 }' "$tmp/main" | head -n1)
cpu=$(awk '{ print $4 }' "$tmp/main" | median)
load=$(cut -d' ' -f1-3 /proc/loadavg)
bt=$(awk '{ print $1 }' "$tmp/base" | median)
brows=$(awk '{ print $3 }' "$tmp/base" | head -n1)
size=$(du -k "$tmp/b.db" | awk '{ print $1 }')
rate=$(awk -v r="$rows" -v t="$t" 'BEGIN { printf "%.0f", r / t }')
brate=$(awk -v r="$brows" -v t="$bt" 'BEGIN { printf "%.0f", r / t }')
ratio=$(awk -v a="$rate" -v b="$brate" 'BEGIN { printf "%.2f", a / b }')
mib=$(awk -v k="$m" 'BEGIN { printf "%.0f", k / 1024 }')
verdict="meets"
awk -v t="$t" -v k="$m" 'BEGIN { exit !(t < 60 && k < 2 * 1024 * 1024) }' || verdict="MISSES"

{
	echo
	echo "## attain demo ($(date -u +%Y-%m-%d), $(nproc) cores, $RUNS runs, median)"
	echo
	echo "| students | rows | median wall s | median CPU s | rows/s | peak RSS MiB | db MiB |"
	echo "|---:|---:|---:|---:|---:|---:|---:|"
	echo "| $BASE_N (baseline) | $brows | $bt | - | $brate | - | - |"
	echo "| $N | $rows | $t | $cpu | $rate | $mib | $((size / 1024)) |"
	echo
	echo "Rate ratio $N / $BASE_N students: $ratio (1.00 = linear). CPU s is user +"
	echo "system time; load average at the end: $load (wall time grows when"
	echo "other jobs share the two cores)."
	echo "Target under 60 s and 2 GiB: $verdict."
} >>bench/RESULTS.md
echo "bench_demo: $N students: median $t s (CPU $cpu s), peak $mib MiB, $rows rows ($rate rows/s); baseline $BASE_N: $bt s; ratio $ratio; $verdict the target"
