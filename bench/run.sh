#!/bin/sh
# Run every benchmark: each bench/bench_*.sh in name order (one at a time;
# the machine is shared). `make bench` calls this after building ./attain.
#   bench/run.sh [PATTERN]   only the scripts whose name contains PATTERN
set -u
cd "$(dirname "$0")/.." || exit 2
export ATTAIN_SHARED="${ATTAIN_SHARED:-$PWD/../shared}"
pat="${1:-}"
rc=0
for b in bench/bench_*.sh; do
	[ -f "$b" ] || continue
	case "$b" in *"$pat"*) ;; *) continue ;; esac
	echo "== $b"
	nice -n 10 sh "$b" || { echo "FAILED: $b"; rc=1; }
done
exit $rc
