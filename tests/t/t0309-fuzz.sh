# Fuzzing: build the libFuzzer harnesses (clang), replay the regression
# inputs in fuzz/regress/, then fuzz each harness for a few seconds
# (FUZZ_SECONDS, default 10, and at most FUZZ_RUNS inputs, default 3000)
# from seeds made of the test fixtures. The seed is fixed (FUZZ_SEED,
# default 1) so a run in CI explores the same inputs every time; longer
# exploratory runs are `make fuzz` and the fuzzers by hand.
. "$ATTAIN_ROOT/tests/lib.sh"
if ! command -v clang >/dev/null 2>&1; then
	ok "# SKIP clang not installed"
	exit 0
fi
cd "$ATTAIN_ROOT" || exit 1
if make -s -f fuzz/Makefile >"$T/build.log" 2>&1; then ok "fuzzers build"; else
	notok "fuzzers build"; sed 's/^/# /' "$T/build.log" | tail -n 20; exit 0; fi
S=${FUZZ_SECONDS:-10}
F=tests/fixtures
mkdir -p "$T/c/fuzz_csvin" "$T/c/fuzz_ingest_csv" "$T/c/fuzz_oneroster" "$T/c/fuzz_xapi" "$T/c/fuzz_collect_input"
printf "12\n7.5\n\nabs\n" >"$T/c/fuzz_collect_input/s1"
cp $F/oneroster-1.1/*.csv "$T/c/fuzz_csvin/"
i=0
for f in $F/oneroster-1.1/*.csv $F/oneroster-1.2/*.csv; do
	i=$((i + 1))
	printf "\\$(printf '%03o' $((i % 37)))" | cat - "$f" >"$T/c/fuzz_ingest_csv/s$i"
done
cp $F/xapi/*.jsonl "$T/c/fuzz_xapi/"
{ printf '\000'; for nm in orgs academicSessions courses classes; do cat $F/oneroster-1.1/$nm.csv; printf '%%%%\n'; done; } >"$T/c/fuzz_oneroster/s1"
export TMPDIR="${TMPDIR:-/tmp}"
[ -d /dev/shm ] && [ -w /dev/shm ] && export TMPDIR=/dev/shm
for z in fuzz_csvin fuzz_ingest_csv fuzz_oneroster fuzz_xapi fuzz_collect_input; do
	bin=build/fuzz/$z
	reg=$(ls fuzz/regress/$z/* 2>/dev/null)
	if [ -n "$reg" ]; then
		if $bin $reg >"$T/$z.reg" 2>&1; then ok "$z replays its regression inputs"; else
			notok "$z replays its regression inputs"; grep -E 'ERROR|SUMMARY|#[0-9]' "$T/$z.reg" | head -n 20 | sed 's/^/# /'; fi
	fi
	if (cd "$T" && "$ATTAIN_ROOT/$bin" -seed=${FUZZ_SEED:-1} -runs=${FUZZ_RUNS:-3000} -max_total_time=$S -print_final_stats=1 "$T/c/$z" >"$T/$z.log" 2>&1); then
		runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$T/$z.log")
		ok "$z: $S s of fuzzing, ${runs:-?} runs, no crash"
	else
		notok "$z found a crash (input saved as crash-*; add it to fuzz/regress/$z)"
		grep -E 'ERROR|SUMMARY|Test unit written' "$T/$z.log" | head -n 10 | sed 's/^/# /'
		ls "$T"/crash-* "$T"/leak-* "$T"/timeout-* 2>/dev/null | sed 's/^/# /'
	fi
done
rm -rf "$TMPDIR"/attain-fuzz-or-* 2>/dev/null
true
