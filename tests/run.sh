#!/bin/sh
# Run every test: the cmocka unit binaries (built with ASan+UBSan) and the
# numbered shell integration tests in tests/t/. Ends with the line
# "N passed, N failed" and exits non-zero when anything failed.
#   tests/run.sh [PATTERN]   run only tests whose file name contains PATTERN
set -u
cd "$(dirname "$0")/.." || exit 2
export ATTAIN_BIN="${ATTAIN_BIN:-$PWD/build/asan/attain}"
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}"
export LSAN_OPTIONS="${LSAN_OPTIONS:-suppressions=$PWD/tests/lsan.supp:print_suppressions=0}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
export ATTAIN_NO_PROGRESS=1
export ATTAIN_ROOT="$PWD"
export ATTAIN_ROOT="$PWD"
export ATTAIN_SHARED="${ATTAIN_SHARED:-$PWD/../shared}"
pat="${1:-}"
passed=0
failed=0
failures=""
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# One pass of every unit binary. $1 labels the pass ("" for the real
# clock); the rest is a command prefix (faketime at another date). No unit
# test may depend on the date it runs on, so every binary runs three times:
# as is, and under faketime at two dates years apart.
unit_pass() {
	label=$1
	shift
	for t in build/asan/tests/test_*; do
		[ -x "$t" ] || continue
		case "$t" in *"$pat"*) ;; *) continue ;; esac
		name=$(basename "$t")$label
		out="$tmp/$name.out"
		CMOCKA_MESSAGE_OUTPUT=stdout "$@" "$t" >"$out" 2>&1
		rc=$?
		p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$out" | tail -n1)
		f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$out" | tail -n1)
		p=${p:-0}
		f=${f:-0}
		if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
			f=1 # crashed or sanitizer abort
		fi
		passed=$((passed + p))
		failed=$((failed + f))
		if [ "$f" -ne 0 ]; then
			failures="$failures $name"
			echo "FAIL $name"
			cat "$out"
		else
			echo "ok   $name ($p)"
		fi
	done
}

# The PostgreSQL engine's unit test (test_store_pg) runs against one
# throwaway cluster (tests/pg.sh), started when it is selected and stopped
# at the end, also on failure; shell tests start their own.
case "test_store_pg" in
*"$pat"*)
	if [ -x build/asan/tests/test_store_pg ]; then
		. tests/pg.sh
		if pg_start; then
			trap 'pg_stop; rm -rf "$tmp"' EXIT
		else
			echo "FAIL postgresql: cannot start a throwaway cluster"
			failed=$((failed + 1))
			failures="$failures postgresql"
		fi
	fi
	;;
esac

unit_pass ""
if command -v faketime >/dev/null 2>&1; then
	for d in 2020-01-01 2035-06-30; do
		unit_pass "@$d" env \
			ASAN_OPTIONS="$ASAN_OPTIONS:verify_asan_link_order=0" \
			FAKETIME_DONT_FAKE_MONOTONIC=1 faketime "$d 10:00:00"
	done
else
	echo "FAIL faketime: not installed (scripts/install-deps.sh)"
	failed=$((failed + 1))
	failures="$failures faketime"
fi

for t in tests/t/t[0-9]*.sh; do
	[ -f "$t" ] || continue
	case "$t" in *"$pat"*) ;; *) continue ;; esac
	name=$(basename "$t" .sh)
	out="$tmp/$name.out"
	work="$tmp/$name.d"
	mkdir -p "$work"
	TEST_TMP="$work" sh "$t" >"$out" 2>&1
	rc=$?
	p=$(grep -c '^ok ' "$out")
	f=$(grep -c '^not ok ' "$out")
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		f=1
	fi
	passed=$((passed + p))
	failed=$((failed + f))
	if [ "$f" -ne 0 ]; then
		failures="$failures $name"
		echo "FAIL $name"
		cat "$out"
	else
		echo "ok   $name ($p)"
	fi
done

[ -n "$failures" ] && echo "failed:$failures"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
