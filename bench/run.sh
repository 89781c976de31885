#!/bin/sh
# Run every benchmark: bench/bench_*.sh in name order, one at a time (the
# machine is shared; never two heavy runs at once). Each script appends its
# section to bench/RESULTS.md.
#   bench/run.sh [PATTERN]   only scripts whose name contains PATTERN
set -u
cd "$(dirname "$0")/.." || exit 2
pat="${1:-}"
rc=0
for b in bench/bench_*.sh; do
	[ -f "$b" ] || continue
	case "$b" in *"$pat"*) ;; *) continue ;; esac
	echo "== $b"
	if ! sh "$b"; then
		echo "bench: $b failed" >&2
		rc=1
	fi
done
exit $rc
