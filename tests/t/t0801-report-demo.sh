# Every report kind on a small demo district (attain demo, docs/DEMO.md)
# after `attain analyze`: the figures shown equal the store and the derived
# tables, PDFs are valid and carry the names and figures.
. "$ATTAIN_ROOT/tests/lib.sh"

DB="$T/demo.db"
"$A" --db "$DB" demo --as-of 2026-01-15 --students 1000 --seed 5 --password demo-pw >/dev/null 2>&1
"$A" --db "$DB" analyze --quiet >/dev/null 2>&1
R() { "$A" --db "$DB" "$@"; }
q() { sqlite3 "$DB" "$1"; }
TODAY="--today 2026-04-15"

# --- the demo parent's child: a report card ---------------------------------
st=$(q "SELECT s.code FROM account a JOIN guardian_link l ON l.guardian_id = a.guardian_id JOIN student s ON s.id = l.student_id WHERE a.username = 'parent'")
name=$(q "SELECT given_name || ' ' || family_name FROM student WHERE code = '$st'")
expect_rc 0 "report card of the parent's child" -- R report student --student "$st" $TODAY --lang en -o "$T/card.pdf"
if pdfinfo "$T/card.pdf" >/dev/null 2>&1; then ok "valid PDF"; else notok "valid PDF"; fi
pdftotext -layout "$T/card.pdf" "$T/card.txt"
expect_grep "$name" "$T/card.txt" "the student's name ($name)"
for sj in $(q "SELECT DISTINCT sj.name FROM result r JOIN assessment x ON x.id = r.assessment_id JOIN subject sj ON sj.id = x.subject_id JOIN student s ON s.id = r.student_id WHERE s.code = '$st'" | tr ' ' '_'); do
	expect_grep "$(echo "$sj" | tr '_' ' ')" "$T/card.txt" "subject $sj"
done
# the latest result of the first subject, as a percent of the maximum
want=$(q "SELECT x.name || ' *' || printf('%d%%', CAST(round(100.0 * r.score / x.max_score) AS INT)) FROM result r JOIN assessment x ON x.id = r.assessment_id JOIN subject sj ON sj.id = x.subject_id JOIN student s ON s.id = r.student_id WHERE s.code = '$st' ORDER BY sj.name, x.date DESC LIMIT 1")
expect_grep "$want" "$T/card.txt" "latest score as in the result table ($want)"
# attendance rate from the marks, the way attendance.h counts them
expect_rc 0 "report card as JSON" -- R report student --student "$st" $TODAY --lang en --format json
expect_grep '"analysis_run":[1-9]' "$T/out" "names the analysis run"

# --- the block plan ------------------------------------------------------------
nsch=$(q "WITH RECURSIVE sub(id) AS (SELECT id FROM org WHERE code = 'B001' UNION ALL SELECT o.id FROM org o JOIN sub ON o.parent_id = sub.id) SELECT count(*) FROM org WHERE is_school = 1 AND id IN (SELECT id FROM sub)")
expect_rc 0 "block plan" -- R report plan --org B001 $TODAY --lang en
expect_grep "Schools: $nsch" "$T/out" "number of schools ($nsch)"
# value-added of the first school and subject equals va_group
va=$(q "SELECT o.name || ' *' || sj.name || ' *' || v.n || ' *' || printf('%.2f', v.va) FROM va_group v JOIN org o ON o.id = v.org_id JOIN subject sj ON sj.id = v.subject_id WHERE v.group_kind = 'org' AND v.model = 'regression' AND o.is_school = 1 AND v.year_id = (SELECT id FROM academic_year ORDER BY start_date DESC LIMIT 1) AND v.n >= 10 ORDER BY sj.name, o.code LIMIT 1")
[ -n "$va" ] && expect_grep "$va" "$T/out" "value-added as in va_group ($va)"
expect_rc 0 "block plan as PDF" -- R report plan --org B001 $TODAY --lang en -o "$T/plan.pdf"
pdftotext "$T/plan.pdf" "$T/plan.txt"
expect_grep "Weakest learning outcomes" "$T/plan.txt" "plan PDF text"

# --- calendar: overdue collections -------------------------------------------
# The demo enters no registers, so a school's attendance window, like its
# profile, is in only by a submission dated by today: those windows past
# their due date without one are missing (the rule of docs/COLLECTION.md,
# written here in SQL of its own).
missing=$(q "SELECT count(*) FROM calendar_event e JOIN org o ON o.is_school = 1 WHERE e.kind = 'data_collection' AND e.collects IN ('profile', 'attendance') AND e.year_id = (SELECT id FROM academic_year ORDER BY start_date DESC LIMIT 1) AND e.due_date < '2026-04-15' AND NOT EXISTS (SELECT 1 FROM collection_submission c WHERE c.event_id = e.id AND c.org_id = o.id AND c.submitted_on <= '2026-04-15')")
expect_rc 0 "calendar" -- R calendar $TODAY --lang en
expect_eq "$(grep -c '^! \(School profile (UDISE+)\|Term [12] attendance\) .* missing ' "$T/out")" "$missing" \
	"overdue profile and attendance returns ($missing)"

# --- school, class, exceptions ---------------------------------------------------
expect_rc 0 "school summary" -- R report school --org SCH00001 $TODAY --lang en
ews=$(q "SELECT n_risk FROM ews_summary WHERE org_id = (SELECT id FROM org WHERE code = 'SCH00001') ORDER BY year_id DESC LIMIT 1")
[ -n "$ews" ] && expect_grep "At risk: $ews" "$T/out" "at-risk count as in ews_summary ($ews)"
cls=$(q "SELECT c.code FROM class c WHERE c.org_id = (SELECT id FROM org WHERE code = 'SCH00001') AND c.year_id = (SELECT id FROM academic_year ORDER BY start_date DESC LIMIT 1) ORDER BY c.code LIMIT 1")
expect_rc 0 "class planning sheet" -- R report class --class "$cls" $TODAY --lang en
expect_grep "Outcomes to reteach" "$T/out" "class sheet sections"
expect_rc 0 "exceptions" -- R report exceptions --org B001 $TODAY --lang en
n_multi=$(q "SELECT count(*) FROM ews_flag WHERE (',' || codes || ',') LIKE '%,low_multi,%'")
expect_grep "Students struggling in several subjects" "$T/out" "exceptions sections"
expect_eq "$(sed -n '/struggling in several/,/progress is slowing/p' "$T/out" | grep -c 'STU')" "$n_multi" "struggling students as in ews_flag ($n_multi)"
expect_rc 0 "Hindi plan" -- R report plan --org B001 $TODAY --lang hi -o "$T/plan-hi.pdf"
pdftotext "$T/plan-hi.pdf" "$T/plan-hi.txt"
expect_grep "शैक्षणिक योजना" "$T/plan-hi.txt" "Hindi title in the PDF text"
