# An analyze killed mid-run: pages and the derived tables keep reading the
# previous complete run (run A) after a kill before the first analysis is
# written, between two analyses, inside an analysis's write and inside
# the publishing transaction; `attain check` names the run that did not
# finish and exits 1; a complete run then replaces run A and check passes,
# listing the failed runs as history; a live run (stopped, not dead) is not
# marked failed; `attain serve` starting up marks a dead run failed. The
# kill points are the ATTAIN_TEST_KILL_AT test hook (docs/ANALYTICS.md,
# "Runs that die").
. "$ATTAIN_ROOT/tests/lib.sh"
. "$ATTAIN_ROOT/tests/web_lib.sh"

R="${ATTAIN_RELEASE:-$ATTAIN_ROOT/attain}"
if ! "$R" demo --help >/dev/null 2>&1; then
	ok "# skip: this build has no demo generator"
	exit 0
fi
export ATTAIN_NOW=2026-03-02T09:00:00Z
db="$T/d.db"
expect_rc 0 "2,000-student demo" -- "$R" --db "$db" demo --students 2000 --seed 5
expect_rc 0 "run A: a complete analyze" -- "$A" --db "$db" analyze --quiet
expect_eq "$(sqlite3 "$db" "SELECT id || ' ' || status FROM analysis_run")" "1 done" "run A is run 1, done"

# Every derived table (the registry's list), row by row in rowid order.
"$A" analyze --list | awk '/tables:/ {sub(/.*tables: /, ""); sub(/;.*/, ""); print}' | tr ' ' '\n' | grep . >"$T/tables"
expect_eq "$(wc -l <"$T/tables" | tr -d ' ')" "30" "30 derived tables (release_cell the last)"
rows() { # rows [FIELDS]: a hash of each table (FIELDS 2-: without run ids)
	while read -r t; do
		printf '%s ' "$t"
		sqlite3 -separator '|' "$db" "SELECT * FROM $t ORDER BY rowid" | cut -d'|' -f"${1:-1-}" | sha256sum | cut -c1-16
	done <"$T/tables"
}
digest() { # every table's rows with their run ids, and the steps
	rows
	sqlite3 "$db" "SELECT run_id, analysis, rows FROM analysis_step ORDER BY 1, 2"
}
digest >"$T/digest.A"
rows 2- >"$T/rows.A"
expect_eq "$(sqlite3 "$db" "SELECT count(DISTINCT run_id) || ':' || min(run_id) FROM ews_flag")" "1:1" "run A's rows"

# A server started on run A, kept up through the kills, as in use.
"$A" --db "$db" user add killadm --password kill-pass-1 --role admin >/dev/null
web_start "$db"
curl -s -o /dev/null -c "$T/jar" --data-urlencode username=killadm --data-urlencode password=kill-pass-1 "$BASE/login"
page() { curl -s -b "$T/jar" "$BASE/api/orgs/SCH00001"; }
page >"$T/page.A"
grep -q '"ews_flagged":' "$T/page.A" && ok "the school page shows early-warning figures" || notok "school page: no early-warning figures"

# Run B's options change early warning, gaps and small groups, so that
# its rows and the school page differ from run A's (checked at the end).
printf '{"min_group": 1, "ews": {"attendance_warning": 0.95}, "gaps": {"min_n": 5}}' >"$T/b.json"

run=1
for point in begun written:desc writing:va publish; do
	run=$((run + 1))
	ATTAIN_TEST_KILL_AT=$point "$A" --db "$db" analyze --config "$T/b.json" --quiet >"$T/out" 2>"$T/err"
	rc=$?
	expect_eq "$rc" "137" "killed at $point (run $run)"
	expect_eq "$(sqlite3 "$db" "SELECT status FROM analysis_run WHERE id = $run")" "running" "$point: run $run left running"
	ls "$db-run$run" >/dev/null 2>&1 && ok "$point: its stage is left behind" || notok "$point: no stage file"
	digest >"$T/digest.now"
	if cmp -s "$T/digest.A" "$T/digest.now"; then ok "$point: every derived table and step is run A's"; else
		notok "$point: derived tables differ from run A"; diff "$T/digest.A" "$T/digest.now" | sed 's/^/# /' | head; fi
	page >"$T/page.now"
	cmp -s "$T/page.A" "$T/page.now" && ok "$point: the school page reads run A" || notok "$point: the school page changed"
	expect_rc 1 "$point: check exits 1" -- "$A" --db "$db" check --quiet
	expect_grep "^run $run: did not finish (started 2026-03-02T09:00:00Z, marked failed 2026-03-02T09:00:00Z; desc " "$T/out" "$point: check names run $run"
	expect_grep "analysis run(s) did not finish" "$T/err" "$point: check says why it fails"
	expect_eq "$(sqlite3 "$db" "SELECT status FROM analysis_run WHERE id = $run")" "failed" "$point: check marked run $run failed"
	ls "$db-run$run"* >/dev/null 2>&1 && notok "$point: stage left after check" || ok "$point: its stage removed"
done
expect_eq "$(grep -c '^run [2-5]: did not finish' "$T/out")" "4" "check lists all four failed runs"
page >"$T/page.now"
cmp -s "$T/page.A" "$T/page.now" && ok "a page read after check: still run A" || notok "page changed after check"
expect_eq "$(sqlite3 "$db" "PRAGMA integrity_check")" "ok" "store intact after the kills"

# A complete run B replaces run A; the failures become history.
expect_rc 0 "run B: a complete analyze" -- "$A" --db "$db" analyze --config "$T/b.json" --quiet
digest >"$T/digest.B"
cmp -s "$T/digest.A" "$T/digest.B" && notok "run B wrote the same rows as run A" || ok "run B's rows differ from run A's"
expect_eq "$(sqlite3 "$db" "SELECT count(DISTINCT run_id) || ':' || min(run_id) FROM ews_flag")" "1:6" "only run B's rows"
page >"$T/page.B"
cmp -s "$T/page.A" "$T/page.B" && notok "the school page did not change with run B" || ok "the school page reads run B"
expect_rc 0 "check passes after a complete run" -- "$A" --db "$db" check
expect_eq "$(grep -c '^run [2-5]: failed, a later run finished' "$T/out")" "4" "check lists the four failures as history"
expect_grep "^analysis runs: ok" "$T/out" "runs ok"

# A live run is not marked failed: stop one (SIGSTOP) after an analysis is
# in its stage; check lists it as running and leaves it; resumed, it
# finishes and is published.
ATTAIN_TEST_KILL_AT=written:desc/stop "$A" --db "$db" analyze --quiet >"$T/live.out" 2>&1 &
live=$!
i=0
while [ $i -lt 600 ]; do
	case "$(ps -o stat= -p "$live" 2>/dev/null)" in T*) break ;; esac
	sleep 0.1
	i=$((i + 1))
done
case "$(ps -o stat= -p "$live" 2>/dev/null)" in T*) ok "run 7 stopped mid-run" ;; *) notok "run 7 did not stop" ;; esac
expect_rc 0 "check while run 7 is live" -- "$A" --db "$db" check
expect_grep "^run 7: running (started" "$T/out" "check lists run 7 as running"
expect_eq "$(sqlite3 "$db" "SELECT status FROM analysis_run WHERE id = 7")" "running" "run 7 not marked failed"
page >"$T/page.now"
cmp -s "$T/page.B" "$T/page.now" && ok "pages read run B while run 7 is live" || notok "page changed while run 7 is live"
kill -CONT "$live"
wait "$live"
expect_eq "$?" "0" "run 7 resumed and finished"
expect_eq "$(sqlite3 "$db" "SELECT status FROM analysis_run WHERE id = 7")" "done" "run 7 done"
rows 2- >"$T/rows.now"
cmp -s "$T/rows.A" "$T/rows.now" && ok "run 7 (run A's options) wrote run A's rows" || notok "run 7's rows differ from run A's"
ls "$db-run"[0-9]* >/dev/null 2>&1 && notok "a stage file is left" || ok "no stage file left"

# The next open marks a dead run failed: here `attain serve` starting up.
kill "$SRV_PID" 2>/dev/null
wait "$SRV_PID" 2>/dev/null
ATTAIN_TEST_KILL_AT=writing:growth "$A" --db "$db" analyze --quiet >/dev/null 2>&1
expect_eq "$?" "137" "run 8 killed inside growth's write"
expect_eq "$(sqlite3 "$db" "SELECT status FROM analysis_run WHERE id = 8")" "running" "run 8 left running"
web_start "$db"
expect_eq "$(sqlite3 "$db" "SELECT status || ' ' || finished_at FROM analysis_run WHERE id = 8")" \
	"failed 2026-03-02T09:00:00Z" "serve marked run 8 failed as it started"
ls "$db-run8"* >/dev/null 2>&1 && notok "run 8's stage left after serve started" || ok "serve removed run 8's stage"
curl -s -o /dev/null -c "$T/jar" --data-urlencode username=killadm --data-urlencode password=kill-pass-1 "$BASE/login"
rows 2- >"$T/rows.now"
cmp -s "$T/rows.A" "$T/rows.now" && ok "the derived tables are still run 7's" || notok "the derived tables changed with run 8"
expect_rc 1 "check exits 1 after run 8" -- "$A" --db "$db" check --quiet
expect_grep "^run 8: did not finish" "$T/out" "check names run 8"
