# attain analyze --jobs: the parallel runner writes exactly what a single
# worker writes (every derived table, row for row and in the same order),
# records one analysis_step per analysis, and a run killed at any moment
# leaves each analysis either wholly written or wholly at its previous
# results.
. "$ATTAIN_ROOT/tests/lib.sh"

R="${ATTAIN_RELEASE:-$ATTAIN_ROOT/attain}"
if ! "$R" demo --help >/dev/null 2>&1; then
	ok "# skip: this build has no demo generator"
	exit 0
fi
base="$T/base.db"
expect_rc 0 "3,000-student demo" -- "$R" --db "$base" demo --as-of 2026-01-15 --students 3000 --seed 7
# Small growth cohorts so that SGPs are fitted, not only reported missing.
printf '{"growth": {"min_cohort": 200}}' >"$T/cfg.json"
cp "$base" "$T/one.db"
cp "$base" "$T/two.db"
expect_rc 0 "analyze with one worker" -- "$A" --db "$T/one.db" analyze --jobs 1 --config "$T/cfg.json"
expect_rc 0 "analyze with two workers" -- "$A" --db "$T/two.db" analyze --jobs 2 --config "$T/cfg.json"
expect_grep "run 1 done" "$T/out" "parallel run done"

# Analyses and their tables, from the registry.
"$A" analyze --list | awk '/^[a-z]/ {name = $1} /tables:/ {sub(/.*tables: /, ""); sub(/;.*/, ""); print name, $0}' >"$T/tables"
expect_eq "$(wc -l <"$T/tables" | tr -d ' ')" "14" "fourteen analyses listed"

sum() { # sum DB TABLE: row count and a checksum of every row in rowid order
	sqlite3 -separator '|' "$1" "SELECT * FROM $2 ORDER BY rowid" >"$T/rows" &&
		printf '%s %s' "$(wc -l <"$T/rows" | tr -d ' ')" "$(sha256sum <"$T/rows" | cut -c1-16)"
}
same=0 differ="" total=0
while read -r name tabs; do
	for t in $tabs; do
		a=$(sum "$T/one.db" "$t")
		b=$(sum "$T/two.db" "$t")
		total=$((total + ${a%% *}))
		if [ "$a" = "$b" ]; then same=$((same + 1)); else differ="$differ $t($a/$b)"; fi
	done
done <"$T/tables"
expect_eq "$differ" "" "every derived table is identical with one and two workers"
expect_eq "$same" "30" "30 derived tables compared"
[ "$total" -gt 100000 ] && ok "the runs wrote $total rows" || notok "too few rows written ($total)"
[ "$(sqlite3 "$T/two.db" "SELECT count(*) FROM growth WHERE sgp IS NOT NULL")" -gt 0 ] &&
	ok "SGPs fitted" || notok "no SGP fitted"
expect_eq "$(sqlite3 "$T/two.db" "SELECT count(*), count(DISTINCT analysis) FROM analysis_step WHERE run_id = 1")" "14|14" "one step per analysis"
expect_eq "$(sqlite3 "$T/one.db" "SELECT name, sql FROM sqlite_master WHERE type = 'index' ORDER BY name" | sha256sum)" \
	"$(sqlite3 "$T/two.db" "SELECT name, sql FROM sqlite_master WHERE type = 'index' ORDER BY name" | sha256sum)" \
	"indexes rebuilt after the big inserts"
expect_eq "$(sqlite3 "$base" "SELECT name, sql FROM sqlite_master WHERE type = 'index' ORDER BY name" | sha256sum)" \
	"$(sqlite3 "$T/two.db" "SELECT name, sql FROM sqlite_master WHERE type = 'index' ORDER BY name" | sha256sum)" \
	"the same indexes as before the run"
expect_eq "$(sqlite3 "$T/two.db" "PRAGMA integrity_check; PRAGMA foreign_key_check;")" "ok" "store intact after the run"

# Per analysis: all rows of its tables come from one run, and that run's
# analysis_step names the analysis with exactly that many rows.
consistent() { # consistent DB: prints one line per broken analysis
	while read -r name tabs; do
		rows=0 runs=""
		for t in $tabs; do
			rows=$((rows + $(sqlite3 "$1" "SELECT count(*) FROM $t")))
			runs="$runs $(sqlite3 "$1" "SELECT group_concat(DISTINCT run_id) FROM $t")"
		done
		runs=$(echo $runs | tr ' ' '\n' | sort -u)
		nr=$(echo $runs | wc -w)
		if [ "$nr" -gt 1 ]; then
			echo "$name: rows of runs" $runs
		elif [ "$nr" -eq 1 ]; then
			step=$(sqlite3 "$1" "SELECT rows FROM analysis_step WHERE run_id = $runs AND analysis = '$name'")
			[ "$step" = "$rows" ] || echo "$name: $rows rows, step of run $runs says '$step'"
		fi
	done <"$T/tables"
}
expect_eq "$(consistent "$T/two.db")" "" "each analysis's rows match its step"

# Kill re-runs at several moments; every analysis stays whole.
for d in 0.3 0.8 1.5; do
	"$A" --db "$T/two.db" analyze --jobs 2 --config "$T/cfg.json" --quiet >/dev/null 2>&1 &
	pid=$!
	sleep "$d"
	kill -9 "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	expect_eq "$(consistent "$T/two.db")" "" "killed after ${d} s: every analysis whole"
	expect_eq "$(sqlite3 "$T/two.db" "PRAGMA integrity_check")" "ok" "killed after ${d} s: store intact"
done
expect_rc 0 "a run after the kills" -- "$A" --db "$T/two.db" analyze --jobs 2 --config "$T/cfg.json" --quiet
expect_eq "$(consistent "$T/two.db")" "" "and its rows match its steps"
expect_eq "$(sqlite3 "$T/two.db" "SELECT student_id, sgp FROM growth ORDER BY rowid" | sha256sum)" \
	"$(sqlite3 "$T/one.db" "SELECT student_id, sgp FROM growth ORDER BY rowid" | sha256sum)" "growth unchanged by the re-runs"
expect_rc 2 "--jobs 0 is refused" -- "$A" --db "$T/two.db" analyze --jobs 0
expect_rc 2 "--jobs needs a number" -- "$A" --db "$T/two.db" analyze --jobs many
