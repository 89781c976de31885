# Reports and the calendar on a small hand-made district
# (tests/fixtures/report/small.sql): content against the data and the
# derived tables, PDF validity and text, suppression in the plan, escaping,
# languages, and usage errors.
. "$ATTAIN_ROOT/tests/lib.sh"

DB="$T/r.db"
"$A" --db "$DB" init >/dev/null 2>&1
sqlite3 "$DB" <"$ATTAIN_ROOT/tests/fixtures/report/small.sql"
R() { "$A" --db "$DB" "$@"; }
TODAY="--today 2025-01-10"

# --- student report card -------------------------------------------------
expect_rc 0 "student report as text" -- R report student --student ST001 $TODAY --lang en
expect_grep "Diya Patel 1" "$T/out" "the student's name"
expect_grep "Sunita Verma" "$T/out" "the responsible teacher"
expect_grep "Asha Patel" "$T/out" "the parent"
# Hindi term 1 2024 = 10 + (7*1 + 3*6) mod 30 + 2*6 = 47 of 50 = 94%
expect_grep "Hindi Term 1 2024 *94%" "$T/out" "latest Hindi score from the formula"
# maths: 10 + (7 + 15) mod 30 + 10 = 42 of 50 = 84%
expect_grep "Maths Term 1 2024 *84%" "$T/out" "latest maths score"
# 20 bytes of present+absent then 40 of present+present: 100 of 120
expect_grep "100 of 120 school days" "$T/out" "attendance days"
expect_grep "83.3%" "$T/out" "attendance rate"
expect_grep "Growth percentile: not available" "$T/out" "growth says it is missing"
expect_grep "Every school day counts: 20 days" "$T/out" "next step for attendance"

# mastery is the items analysis's (mastery_year): not analysed, no
# outcome shows a number
expect_grep "No item-level results by learning outcome" "$T/out" "no mastery before the items analysis"
# item responses: M5.1 items 1, 2 (max 10): points 10*((1+1)%5)/4=5,
# 10*3/4=7.5: 12.5 of 20, the catalogue's mastery shown to one decimal
cp "$DB" "$T/ra.db"
"$A" --db "$T/ra.db" analyze --only items --quiet >/dev/null 2>&1 || notok "items analysis of the fixture"
expect_rc 0 "student report after the items analysis" -- "$A" --db "$T/ra.db" report student --student ST001 $TODAY --lang en
expect_grep "M5.1 Adds and subtracts fractions *62.5%" "$T/out" "outcome mastery from item responses"
# with more evidence asked for than 20 points: a mark, not a number
printf '{"items.min_evidence": 21}\n' >"$T/ev.json"
"$A" --db "$T/ra.db" analyze --only items --config "$T/ev.json" --quiet >/dev/null 2>&1 || notok "items analysis with items.min_evidence 21"
expect_rc 0 "student report with too little evidence" -- "$A" --db "$T/ra.db" report student --student ST001 $TODAY --lang en
expect_grep "M5.1 Adds and subtracts fractions *not enough evidence" "$T/out" "too little evidence: the mark instead of 62.5%"
if grep -q "62.5%" "$T/out"; then notok "no number below the evidence minimum"; else ok "no number below the evidence minimum"; fi

expect_rc 0 "student report as JSON" -- R report student --student ST001 $TODAY --format json --lang en
expect_grep '"data_version":3' "$T/out" "JSON states the data version"
expect_grep '"analysis_run":null' "$T/out" "JSON states there was no analysis run"
expect_grep '"section":"Growth percentile"' "$T/out" "JSON lists the missing section"

expect_rc 0 "student report as PDF" -- R report student --student ST001 $TODAY --lang en -o "$T/st1.pdf"
if pdfinfo "$T/st1.pdf" >"$T/info" 2>&1; then ok "pdfinfo accepts the PDF"; else notok "pdfinfo accepts the PDF"; fi
expect_grep "Pages:" "$T/info" "pdfinfo reports pages"
pdftotext -layout "$T/st1.pdf" "$T/st1.txt"
expect_grep "Diya Patel 1" "$T/st1.txt" "PDF text has the name"
expect_grep "Mathematics" "$T/st1.txt" "PDF text has a subject"
expect_grep "94%" "$T/st1.txt" "PDF text has the score"
expect_grep "data version 3" "$T/st1.txt" "PDF footer has the data version"
if pdffonts "$T/st1.pdf" | grep -q "NotoSans.*yes"; then ok "fonts embedded"; else notok "fonts embedded"; fi

# a whole class in one PDF, and one PDF per student
expect_rc 0 "class report cards in one PDF" -- R report student --class S1-5A $TODAY -o "$T/class.pdf"
pdftotext "$T/class.pdf" "$T/class.txt"
names=$(sqlite3 "$DB" "SELECT given_name || ' ' || family_name FROM student WHERE id <= 12")
echo "$names" | while read -r nm; do grep -q "$nm" "$T/class.txt" || echo "$nm"; done >"$T/miss"
expect_eq "$(wc -l <"$T/miss" | tr -d ' ')" "0" "every student of the class is in the PDF"
pages=$(pdfinfo "$T/class.pdf" | sed -n 's/^Pages: *//p')
if [ "${pages:-0}" -ge 12 ]; then ok "at least a page per student ($pages)"; else notok "pages ($pages)"; fi
expect_rc 0 "one PDF per student" -- R report student --class S1-5A $TODAY --each "$T/cards" --format pdf
expect_eq "$(ls "$T/cards" | wc -l | tr -d ' ')" "12" "twelve files"
# the files are written on several threads, each card in its own language
# (ST001's parent reads Hindi): each equals the card written alone
expect_rc 0 "one PDF per student, languages mixed" -- R report student --class S1-5A $TODAY --each "$T/cards2" --format pdf
same=0
for c in ST001 ST002 ST003; do
	R report student --student "$c" $TODAY -o "$T/alone-$c.pdf" >/dev/null 2>&1
	pdftotext -layout "$T/cards2/$c.pdf" "$T/par-$c.txt"
	pdftotext -layout "$T/alone-$c.pdf" "$T/alone-$c.txt"
	cmp -s "$T/par-$c.txt" "$T/alone-$c.txt" && same=$((same + 1))
done
expect_eq "$same" 3 "cards written in parallel equal the cards written alone"
expect_grep "रिपोर्ट कार्ड" "$T/par-ST001.txt" "ST001's card is in Hindi"
expect_grep "Report card" "$T/par-ST002.txt" "ST002's card is in English"
if grep -q -e "रिपोर्ट कार्ड" -e "उपस्थिति" "$T/par-ST002.txt"; then
	notok "no Hindi headings in ST002's card"; else ok "no Hindi headings in ST002's card"; fi

# --- language --------------------------------------------------------------
expect_rc 0 "Hindi report card" -- R report student --student ST002 --lang hi $TODAY
expect_grep "उपस्थिति" "$T/out" "Hindi heading for attendance"
expect_rc 0 "parent's account language is used" -- R report student --student ST001 $TODAY
expect_grep "रिपोर्ट कार्ड" "$T/out" "ST001's parent reads Hindi"
expect_grep "10 जनवरी 2025" "$T/out" "date in Hindi"

# --- plan: suppression ------------------------------------------------------
# the counts behind students, attendance and results (the catalogue's
# figures are read from the analyses only)
# figures are read from the analyses only) and the suppression over the
# release, on a copy (the exceptions report below wants ews not yet run)
R analyze --only units --quiet >/dev/null 2>&1 || notok "units analysis"
cp "$DB" "$T/rel.db"
RR() { "$A" --db "$T/rel.db" "$@"; }
RR analyze --only release --quiet >/dev/null 2>&1 || notok "release analysis"
expect_rc 0 "block plan" -- RR report plan --org B1 $TODAY --format csv --lang en
# the tiny school (3 students) is blanked, and so is one other school (a
# complement), so neither figure can be derived from the block total; its
# early-warning count is 0 by the tier rule alone (no top tier in a school
# of fewer than 10 at 10%), which tells nothing about a student
grep '^Academic plan: Block One,attendance,' "$T/out" >"$T/att.csv"
expect_grep 'Government Primary School Tiny,—,—,[—0]' "$T/att.csv" "small school suppressed"
# one of the two schools of 12 is blanked as the complement, the other shown
blanked=$(grep -cE 'School (Rampur|Khairabad),—,—,—' "$T/att.csv")
shown=$(grep -cE 'School (Rampur|Khairabad),12,94.4%,' "$T/att.csv")
expect_eq "$blanked $shown" "1 1" "complementary suppression: one school of 12 blanked, the other shown"
if grep 'Tiny' "$T/out" | grep -q ',3,'; then notok "tiny school's count never appears"; else ok "tiny school's count never appears"; fi
expect_rc 0 "plan as PDF" -- RR report plan --org B1 $TODAY -o "$T/plan.pdf" --lang en
pdftotext -layout "$T/plan.pdf" "$T/plan.txt"
expect_grep "Weakest learning outcomes" "$T/plan.txt" "plan PDF has its sections"
expect_grep "Peer-learning pairs" "$T/plan.txt" "peer pairs section present"
expect_rc 2 "plan for a school is a usage error" -- R report plan --org S1 $TODAY
expect_grep "is a school" "$T/err" "says why"

# --- calendar ---------------------------------------------------------------
expect_rc 0 "calendar" -- R calendar $TODAY --lang en
expect_grep "OVERDUE" "$T/out" "overdue collection highlighted"
# Completeness is the data entered, or a submission dated by today: term
# 1 attendance has no registers, so its submissions decide (S1 on time,
# S2 late, S3 missing); every school has its term 1 results (dated inside
# the window), submitted or not; term 2's window is not yet due.
expect_eq "$(grep -c '^! Attendance, term 1 .* missing ' "$T/out")" "1" "one overdue collection (S3's attendance)"
expect_grep "Attendance, term 1 .*S2 .* late " "$T/out" "late submission"
expect_eq "$(grep -c '^  Results, term 1 .* complete ' "$T/out")" "3" "results entered count without a submission"
expect_eq "$(grep -c '^  Results, term 2 .* S[0-9] .* not yet due' "$T/out")" "3" "a window not yet due"
expect_grep "Results, term 1 .*3 schools: 3 on time, 0 late, 0 partial, 0 missing, 0 not yet due" "$T/out" \
	"the events table counts the same"
expect_grep "not yet due" "$T/out" "pending submission"

# --- class, school, exceptions -----------------------------------------------
expect_rc 0 "class report" -- R report class --class S1-5A $TODAY --lang en
expect_grep "Outcomes to reteach" "$T/out" "class: outcomes to reteach"
expect_grep "Instructional groups: not available" "$T/out" "class: groups missing named"
expect_rc 0 "exceptions report" -- R report exceptions --org B1 $TODAY --lang en
expect_grep "early warning analysis has not been run" "$T/out" "exceptions: missing analysis named"

"$A" --db "$DB" analyze --quiet >/dev/null 2>&1
expect_rc 0 "school report after analysis" -- R report school --org S1 $TODAY --format csv --lang en
run=$(sqlite3 "$DB" "SELECT max(id) FROM analysis_run WHERE status = 'done'")
if [ -n "$run" ] && sqlite3 "$DB" "SELECT 1 FROM sqlite_master WHERE name = 'desc_stat'" | grep -q 1; then
	want=$(sqlite3 "$DB" "SELECT printf('%.1f%%', d.mean_pct) FROM desc_stat d JOIN assessment x ON x.id = d.assessment_id WHERE x.code = 'M24T1' AND d.org_id = 5 AND d.group_kind = 'org' AND d.subgroup = 'all'")
	expect_grep "Maths Term 1 2024,Mathematics,Term 1,12,$want" "$T/out" "school mean equals desc_stat ($want)"
	expect_rc 0 "school report JSON" -- R report school --org S1 $TODAY --format json
	expect_grep "\"analysis_run\":$run" "$T/out" "report names the analysis run"
fi

# --- escaping and errors ------------------------------------------------------
sqlite3 "$DB" "UPDATE student SET given_name = '<script>x</script>' WHERE id = 2"
expect_rc 0 "HTML report card" -- R report student --student ST002 $TODAY --lang en --format html
expect_grep '&lt;script&gt;x' "$T/out" "name escaped in HTML"
if grep -q '<script>x' "$T/out"; then notok "no raw script tag"; else ok "no raw script tag"; fi
expect_grep 'role="img"' "$T/out" "accessible chart"
expect_rc 1 "unknown student" -- R report student --student NOPE
expect_grep "no student with code 'NOPE'" "$T/err" "names the code"
expect_rc 2 "no target" -- R report school
expect_rc 2 "two targets" -- R report student --student ST001 --class S1-5A
expect_rc 2 "unknown kind" -- R report nonsense --org B1
expect_rc 2 "unknown format" -- R report plan --org B1 --format docx
expect_rc 2 "PDF needs -o" -- R report plan --org B1 --format pdf
expect_rc 2 "unknown language" -- R report plan --org B1 --lang fr
expect_rc 1 "unknown year" -- R report plan --org B1 --year 1999

# --- sections read the second set of analyses' tables as they are ----------
DB2="$T/r2.db"
"$A" --db "$DB2" init >/dev/null 2>&1
sqlite3 "$DB2" <"$ATTAIN_ROOT/tests/fixtures/report/small.sql"
"$A" --db "$DB2" analyze --quiet >/dev/null 2>&1
R2() { "$A" --db "$DB2" "$@"; }
if sqlite3 "$DB2" "SELECT count(*) FROM ews_flag" 2>/dev/null | grep -q '^[1-9]'; then
	expect_rc 0 "class report with early warning" -- R2 report class --class S1-5A $TODAY --lang en
	codes=$(sqlite3 "$DB2" "SELECT f.codes FROM ews_flag f JOIN student s ON s.id = f.student_id WHERE s.code = 'ST001'")
	case ",$codes," in
	*,chronic_absence,*) want="chronically absent: missed" ;;
	*,attendance_low,* | *,attendance_very_low,*) want="attendance [0-9.]*% is below" ;;
	*,low_subject,*) want="below basic in" ;;
	*,conduct,* | *,conduct_many,*) want="conduct incidents (more than" ;;
	*) want="$codes" ;;
	esac
	expect_grep "ST001 .*$want" "$T/out" "flag reasons of ST001 in words from its codes ($codes)"
fi
run2=$(sqlite3 "$DB2" "SELECT coalesce(max(id), 0) FROM analysis_run")
sqlite3 "$DB2" "
INSERT INTO ews_flag(run_id, student_id, year_id, org_id, grade, overall, attendance, behaviour, course, progress, conduct, serious, low_subjects, codes, tier, rank, nind, distance)
  VALUES ($run2, 5, 2, 5, 5, 2, 0, 0, 2, 1, 0, 0, 2, 'low_subject,low_multi,slowing', 1, 1, 2, 4.5);
INSERT INTO ews_reason(run_id, student_id, year_id, seq, indicator, level, code, value, threshold, count, total, subject_id) VALUES
  ($run2, 5, 2, 0, 'course', 2, 'low_subject', 31.5, 40, NULL, NULL, 1),
  ($run2, 5, 2, 1, 'course', 2, 'low_subject', 28, 40, NULL, NULL, 2),
  ($run2, 5, 2, 2, 'course', 2, 'low_multi', 2, 2, NULL, NULL, NULL),
  ($run2, 5, 2, 3, 'progress', 1, 'slowing', 0.52, 0.4, 4, NULL, NULL);
INSERT INTO peer_pair(run_id, subject_id, leader_org_id, partner_org_id, rank, distance, same_block, leader_va, leader_lo, partner_va, partner_hi)
  VALUES ($run2, 1, 5, 6, 1, 0.5, 1, 0.42, 0.11, -0.37, -0.08);
INSERT INTO va_group(run_id, model, group_kind, level, org_id, subject_id, year_id, n, va, se, lo, hi)
  VALUES ($run2, 'regression', 'org', 'school', 5, 1, NULL, 24, 0.42, 0.16, 0.11, 0.73),
         ($run2, 'regression', 'org', 'school', 6, 1, NULL, 24, -0.37, 0.15, -0.66, -0.08);
INSERT INTO intervention(id, code, name, org_id, subject_id, year_id, start_date, end_date) VALUES (1, 'IV1', 'Remedial reading camp', 5, 2, 2, '2024-07-01', '2024-09-30');
INSERT INTO impact(run_id, intervention_id, subject_id, year_id, status, comparison, n_participants, n_matched, n_unmatched, n_comparison, n_rest, caliper_sd, g, g_lo, g_hi)
  VALUES ($run2, 1, 2, 2, 'estimated', 'matched non-participants in the same schools', 30, 28, 2, 28, 100, 0.2, 0.31, 0.05, 0.57);
INSERT INTO theme(id, code, name) VALUES (1, 'TH1', 'Group work');
INSERT INTO theme_count(run_id, level, org_id, source, theme_id, n, n_texts) VALUES ($run2, 'school', 5, 'observation', 1, 7, 19);"
expect_rc 0 "exceptions report" -- R2 report exceptions --org B1 $TODAY --lang en
expect_grep "ST005 *top tier *at risk: below basic in 2 core subjects at once: Mathematics 31.5 (basic from 40.0), Hindi 28.0 (basic from 40.0); early warning: progress slowing: standing among peers fell by 0.52 SD over the last 4 windows (0.40 or more is slowing)" "$T/out" "struggling student from ews_flag, reasons in words from ews_reason"
expect_eq "$(grep -c 'ST005' "$T/out")" "3" "ST005 is in the caseload, struggling and slowing"
expect_grep "^! *1 *top tier .* ST005 " "$T/out" "the caseload lists ST005 in the top tier"
n1=$(sqlite3 "$DB2" "SELECT count(*) FROM ews_flag WHERE run_id = (SELECT max(run_id) FROM ews_flag) AND tier = 1")
n2=$(sqlite3 "$DB2" "SELECT count(*) FROM ews_flag WHERE run_id = (SELECT max(run_id) FROM ews_flag) AND tier = 2")
expect_grep "^$n1 students in the top tier and $n2 in the second" "$T/out" "the caseload's total line ($n1 and $n2)"
expect_rc 0 "plan with peer pairs" -- R2 report plan --org B1 $TODAY --lang en
# the school to support (the partner) with its own value-added, then the
# school it learns from (the leader) with its own
expect_grep "Khairabad *Government Primary School Rampur *Mathematics *-0.37 (upper bound -0.08) *+0.42 (lower bound +0.11)" "$T/out" "peer pairs with each school's all-years value-added under its name"
expect_rc 0 "school with impact and themes" -- R2 report school --org S1 $TODAY --lang en
expect_grep "Remedial reading camp *Hindi *30 (28) *0.31 *0.05 to 0.57 *matched non-participants" "$T/out" "impact figures from the impact table"
expect_grep "Group work *lesson observation *7 of 19" "$T/out" "theme counts from theme_count"
if [ "$(sqlite3 "$DB2" "SELECT count(*) FROM va_group WHERE org_id = 5 AND subject_id = 1 AND year_id = 2 AND model = 'regression' AND group_kind = 'org'" 2>/dev/null)" = "1" ]; then
	va=$(sqlite3 "$DB2" "SELECT printf('%+.2f', va) || ' *' || printf('%+.2f', lo) || ' to ' || printf('%+.2f', hi) FROM va_group WHERE org_id = 5 AND subject_id = 1 AND year_id = 2 AND model = 'regression' AND group_kind = 'org'")
	expect_rc 0 "plan with value-added" -- R2 report plan --org B1 $TODAY --lang en
	# unless the release blanks the school's results in the subject (a
	# complement of the tiny school's): then its value-added is blank too
	hid=$(sqlite3 "$DB2" "SELECT count(*) FROM release_cell WHERE org_id = 5 AND subject_id = 1 AND year_id = 2 AND grade = -1 AND subgroup = 'all' AND family = 2")
	if [ "$hid" = "0" ]; then
		expect_grep "Rampur *Mathematics *12 *$va" "$T/out" "plan value-added equals va_group ($va)"
	else
		expect_grep "Rampur *Mathematics *— *— *—" "$T/out" "plan value-added blanked with the school's results in the subject"
	fi
fi

# growth percentiles in words, as the growth table has them
if sqlite3 "$DB2" "SELECT 1 FROM sqlite_master WHERE name = 'growth'" | grep -q 1; then
	sqlite3 "$DB2" "DELETE FROM growth WHERE student_id = 3;
INSERT INTO growth(run_id, student_id, subject_id, year_id, grade, period, assessment_id, prior_score1, score, sgp, sgp_order, cohort_n, status)
  VALUES ($run2, 3, 1, 2, 5, 'annual', 5, 30, 40, 72, 1, 400, 'ok'),
         ($run2, 3, 2, 2, 5, 'annual', 6, 30, 40, 21, 1, 400, 'ok');
INSERT INTO growth_median(run_id, period, subject_id, year_id, group_kind, level, org_id, n, median_sgp)
  VALUES ($run2, 'annual', 1, 2, 'org', 'school', 5, 12, 47);"
	expect_rc 0 "report card with growth" -- R2 report student --student ST003 $TODAY --lang en
	expect_grep "Mathematics: higher growth than most: grew more than 72 out of 100" "$T/out" "SGP 72 in words"
	expect_grep "Hindi: lower growth than most: grew more than 21 out of 100" "$T/out" "SGP 21 in words"
	expect_rc 0 "school with median growth" -- R2 report school --org S1 $TODAY --lang en
	expect_grep "Mathematics *12 *47" "$T/out" "median SGP from growth_median"
fi
