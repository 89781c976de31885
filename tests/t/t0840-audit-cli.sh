# The command line's reads of named data and the deletions of imports are
# audited, and `attain audit` filters the log: exports of tables that name
# people, reports that name students (one entry per report card), rows a
# OneRoster delta deletes (in the batch's transaction: a failed batch
# leaves none; a student's deletion is an erasure, audited under the
# student's pseudonym), account changes; exports and reports of aggregates are
# not audited. Every command runs at a fixed time (ATTAIN_NOW).
. "$ATTAIN_ROOT/tests/lib.sh"
. "$ATTAIN_ROOT/tests/web_lib.sh"

web_fixture "$T/w.db" || { notok "fixture builds"; exit 1; }
DB="$T/w.db"
ME=$(id -un)
at() { # TIME CMD...: run attain at TIME
	t=$1
	shift
	ATTAIN_NOW=$t "$A" --db "$DB" "$@"
}
log() { "$A" --db "$DB" audit --limit 100000 "$@" | tail -n +2; }
D1=2025-03-01T10:00:00Z D2=2025-03-02T10:00:00Z D3=2025-03-03T10:00:00Z

# ---- exports ----
expect_rc 0 "export students" -- at $D1 export students -o "$T/students.csv"
expect_rc 0 "export results as JSON" -- at $D2 export results --format json
expect_rc 0 "export a derived table naming students" -- at $D2 export va_student -o "$T/va.csv"
expect_rc 0 "export subjects (names nobody)" -- at $D2 export subjects
expect_rc 0 "export orgs (names nobody)" -- at $D2 export orgs
expect_rc 0 "export the figures (aggregates)" -- at $D2 export figures -o "$T/fig.csv"
log --action export >"$T/audit"
expect_eq "$(wc -l <"$T/audit")" 3 "three exports audited, of the tables that name people"
expect_grep "^2025-03-01T10:00:00Z  $ME  *export  *table:student  *cli  *csv to $T/students.csv" "$T/audit" \
	"the students export: when, who, what, where to"
expect_grep "export  *table:result  *cli  *json to standard output" "$T/audit" "the results export"
expect_grep "export  *table:va_student " "$T/audit" "the derived table with students"
if grep -q 'table:subject\|table:org\|table:figures' "$T/audit"; then notok "tables naming nobody are not audited"; else
	ok "tables naming nobody are not audited"; fi

# the entry is written before any row goes out: no entry, no export
sqlite3 "$DB" "CREATE TRIGGER refuse_audit BEFORE INSERT ON audit BEGIN SELECT RAISE(ABORT, 'audit refused'); END;"
expect_rc 1 "an export that cannot be audited fails" -- at $D2 export students
expect_eq "$(wc -c <"$T/out")" 0 "and writes nothing"
expect_grep "audit refused" "$T/err" "saying why"
expect_rc 1 "a report that cannot be audited fails" -- at $D2 report student --student STU0001
expect_eq "$(wc -c <"$T/out")" 0 "and writes nothing"
expect_rc 0 "an export naming nobody needs no entry" -- at $D2 export subjects
sqlite3 "$DB" "DROP TRIGGER refuse_audit"

# ---- reports ----
expect_rc 0 "a report card" -- at $D3 report student --student STU0001 --lang en
expect_rc 0 "a class's report cards, one file each" -- at $D3 report student --class CL1A --each "$T/cards" --format html
expect_rc 0 "the class planning sheet" -- at $D3 report class --class CL1A --format csv
expect_rc 0 "the school summary" -- at $D3 report school --org SCH1 --format json
expect_rc 0 "the exceptions report" -- at $D3 report exceptions --org SCH1
expect_rc 0 "the block's plan (aggregates)" -- at $D3 report plan --org B1
expect_rc 0 "the calendar (no people)" -- at $D3 calendar
log --action report >"$T/audit"
cards=$(ls "$T/cards" | wc -l)
[ "$cards" -ge 15 ] && ok "$cards report cards written" || notok "$cards report cards written"
expect_eq "$(grep -c "report  *report-card:.*to $T/cards" "$T/audit")" "$cards" "one entry per report card written"
for f in "$T"/cards/*.html; do
	c=$(basename "$f" .html)
	grep -q "report-card:$c " "$T/audit" || notok "card $c audited"
done
expect_grep "report  *report-card:STU0001  *cli  *report card, txt to standard output" "$T/audit" "the single card"
expect_grep "report  *class:CL1A  *cli  *class planning sheet, csv" "$T/audit" "the planning sheet"
expect_grep "report  *org:SCH1  *cli  *school summary, json" "$T/audit" "the school summary"
expect_grep "report  *org:SCH1  *cli  *exceptions report, txt" "$T/audit" "the exceptions report"
if grep -q 'org:B1\|calendar' "$T/audit"; then notok "plan and calendar are not audited"; else
	ok "plan and calendar are not audited"; fi

# ---- account changes ----
expect_rc 0 "add an account" -- at $D3 user add clerk --role admin --password pw-clerk-1
expect_rc 0 "change its language" -- at $D3 user lang clerk en
expect_rc 0 "remove it" -- at $D3 user remove clerk
log --kind account --target clerk >"$T/audit"
expect_eq "$(awk '{print $3}' "$T/audit" | tr '\n' ' ')" "user-remove set-lang user-add " "each change of the account audited"

# ---- filters ----
expect_eq "$(log --since 2025-03-02 --until 2025-03-02 | awk '{print $1}' | sort -u)" "$D2" \
	"--since and --until a day: only that day's entries"
expect_eq "$(log --since $D3 --action export | wc -l)" 0 "--since a time combines with --action"
expect_eq "$(log --until 2025-03-01 --action export | awk '{print $4}')" "table:student" "--until a day includes it"
expect_eq "$(log --kind table --target result | awk '{print $4}')" "table:result" "--kind and --target"
expect_eq "$(log --user "$ME" --action report | wc -l)" "$(log --action report | wc -l)" "--user: the system user"
expect_eq "$(log --user nobody | wc -l)" 0 "--user of nobody: nothing"
expect_eq "$("$A" --db "$DB" audit --limit 2 | wc -l)" 3 "--limit 2: a header and two entries"
expect_eq "$("$A" --db "$DB" audit --limit 1 | tail -n1 | awk '{print $3}')" "user-remove" "newest first"
expect_rc 2 "a bad date is a usage error" -- "$A" --db "$DB" audit --since 2025-13-01

# ---- deletions by import ----
F="$ATTAIN_ROOT/tests/fixtures"
O="$T/or.db"
expect_rc 0 "import a OneRoster bundle" -- at $D1 --db "$O" import --oneroster "$F/oneroster-1.1"
cp -r "$F/oneroster-1.1-delta" "$T/bad-delta"
printf 'R9,active,2024-01-10T10:00:00Z,LI1,U-S2,fully graded,lots,2024-01-10,\n' >>"$T/bad-delta/results.csv"
expect_rc 1 "a delta with a bad row fails" -- at $D2 --db "$O" import --oneroster "$T/bad-delta"
expect_eq "$("$A" --db "$O" audit --action delete | tail -n +2 | wc -l)" 0 "a failed batch leaves no deletion entry"
expect_eq "$(sqlite3 "$O" "select count(*) from student where code = 'U-S3'")" 1 "nor deletes anything"
expect_rc 0 "apply the delta" -- at $D3 --db "$O" import --oneroster "$F/oneroster-1.1-delta"
expect_grep "2 deleted" "$T/out" "two rows deleted"
"$A" --db "$O" audit --action delete | tail -n +2 >"$T/audit"
expect_eq "$(wc -l <"$T/audit")" 1 "the deleted enrolment audited"
"$A" --db "$O" audit --action erase | tail -n +2 >"$T/erased"
expect_eq "$(wc -l <"$T/erased")" 1 "the deleted student erased, and audited as an erasure"
expect_grep "^$D3  $ME  *erase  *student:S-[0-9a-f]\{20\}  *cli  *import .*users.csv line 2: " "$T/erased" \
	"the erasure under the student's pseudonym, with file and line"
if grep -q 'U-S3' "$T/erased"; then notok "the erasure's entry holds no code"; else
	ok "the erasure's entry holds no code"; fi
expect_grep "delete  *enrolments:CL2/U-S1  *cli  *import .*enrollments.csv line 3" "$T/audit" \
	"the deleted enrolment by its key's codes"
expect_eq "$("$A" --db "$O" audit --target U-S1 | tail -n +2 | awk '{print $4}')" "enrolments:CL2/U-S1" \
	"--target finds a code inside a composite key"
