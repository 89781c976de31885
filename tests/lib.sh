# tests/lib.sh - helpers for the numbered shell integration tests.
# Each assertion prints "ok N - what" or "not ok N - what"; tests/run.sh
# counts them. $ATTAIN_BIN is the binary under test, $TEST_TMP a scratch dir.
set -u
n=0
A="${ATTAIN_BIN:?ATTAIN_BIN not set}"
T="${TEST_TMP:?TEST_TMP not set}"
cd "$T" || exit 1

ok() { n=$((n + 1)); echo "ok $n - $*"; }
notok() { n=$((n + 1)); echo "not ok $n - $*"; }

# expect_rc WANT DESC -- CMD...: run CMD, compare its exit status
expect_rc() {
	want=$1; desc=$2; shift 3
	"$@" >"$T/out" 2>"$T/err"
	got=$?
	if [ "$got" -eq "$want" ]; then ok "$desc"; else
		notok "$desc (exit $got, wanted $want)"; sed 's/^/# /' "$T/err" | head -n 20
	fi
}

# expect_grep PATTERN FILE DESC
expect_grep() {
	if grep -q -- "$1" "$2"; then ok "$3"; else
		notok "$3 (no '$1' in $2)"; sed 's/^/# /' "$2" | head -n 20
	fi
}

expect_eq() {
	if [ "$1" = "$2" ]; then ok "$3"; else notok "$3 (got '$1', wanted '$2')"; fi
}
