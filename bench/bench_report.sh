#!/bin/sh
# Report cards for every student of a 600-student school: as one PDF, and
# as one PDF per student (target: under 10 s each). Baseline measured in the
# same run: the same 600 report cards as JSON (the queries and document
# building without any rendering), so the ratio is the cost of laying out
# and drawing the PDF pages. Medians of 3 runs of wall time and of CPU time
# (user + system: on a shared, loaded machine wall time mostly measures the
# wait for a core); peak memory from GNU time; the load average is recorded.
# Appends a section to bench/RESULTS.md.
set -eu
cd "$(dirname "$0")/.." || exit 2
A="${ATTAIN:-$PWD/attain}"
OUT="$PWD/bench/out/report"
rm -rf "$OUT"
mkdir -p "$OUT"
DB="$OUT/school.db"
N=${BENCH_STUDENTS:-600}
RUNS=${BENCH_RUNS:-3}

"$A" --db "$DB" init >/dev/null
# One school of N students in 20 classes, three years of results in three
# subjects (two terms a year), eight learning outcomes with items, a full
# year of attendance, attitude grades, a goal for every tenth student.
sqlite3 "$DB" <<SQL
BEGIN;
INSERT INTO org_level(depth, name) VALUES (0, 'district'), (1, 'block'), (2, 'school');
INSERT INTO org(id, code, name, parent_id, level, is_school) VALUES
  (1, 'D', 'District', NULL, 'district', 0), (2, 'B', 'Block', 1, 'block', 0),
  (3, 'S', 'Government Senior Secondary School', 2, 'school', 1);
WITH RECURSIVE y(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM y WHERE i < 2)
INSERT INTO academic_year(id, code, name, start_date, end_date)
SELECT i + 1, (2022 + i) || '-' || (23 + i), (2022 + i) || '-' || (23 + i),
  (2022 + i) || '-06-01', (2023 + i) || '-03-31' FROM y;
INSERT INTO term(code, year_id, name, kind, seq, start_date, end_date)
SELECT y.id || 'T' || t.s, y.id, 'Term ' || t.s, 'term', t.s,
  CASE t.s WHEN 1 THEN y.start_date ELSE substr(y.start_date, 1, 4) || '-11-01' END,
  CASE t.s WHEN 1 THEN substr(y.start_date, 1, 4) || '-10-31' ELSE y.end_date END
FROM academic_year y, (SELECT 1 AS s UNION ALL SELECT 2) t;
INSERT INTO subject(id, code, name) VALUES (1, 'MATH', 'Mathematics'),
  (2, 'HIN', 'Hindi'), (3, 'EVS', 'Environmental Studies');
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20)
INSERT INTO staff(id, code, given_name, family_name, org_id)
SELECT i, 'T' || i, 'Teacher', 'No. ' || i, 3 FROM n;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20)
INSERT INTO class(id, code, name, org_id, year_id, grade)
SELECT i, 'C' || i, 'Grade ' || (4 + (i - 1) / 10) || ' ' || char(64 + (i - 1) % 10 + 1), 3, 3, 4 + (i - 1) / 10 FROM n;
INSERT INTO teacher_of(class_id, staff_id) SELECT id, id FROM class;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $N)
INSERT INTO student(id, code, given_name, family_name, gender)
SELECT i, printf('P%04d', i),
  CASE i % 8 WHEN 0 THEN 'Aarav' WHEN 1 THEN 'Diya' WHEN 2 THEN 'Kabir' WHEN 3 THEN 'Meera'
    WHEN 4 THEN 'Rohan' WHEN 5 THEN 'Sana' WHEN 6 THEN 'Ishaan' ELSE 'Priya' END,
  CASE i % 6 WHEN 0 THEN 'Sharma' WHEN 1 THEN 'Patel' WHEN 2 THEN 'Singh' WHEN 3 THEN 'Iyer'
    WHEN 4 THEN 'Khan' ELSE 'Yadav' END, CASE i % 2 WHEN 0 THEN 'F' ELSE 'M' END FROM n;
INSERT INTO placement(student_id, year_id, org_id, grade)
SELECT s.id, y.id, 3, 1 + y.id + ((s.id - 1) * 20 / $N) / 10 FROM student s, academic_year y;
INSERT INTO enrolment(class_id, student_id) SELECT 1 + (id - 1) * 20 / $N, id FROM student;
INSERT INTO assessment(code, name, subject_id, year_id, term_id, kind, date, max_score)
SELECT sj.code || '-' || t.code, sj.name || ' ' || t.name || ' ' || y.code, sj.id, y.id, t.id,
  'summative', substr(t.end_date, 1, 7) || '-10', 100
FROM subject sj, term t JOIN academic_year y ON y.id = t.year_id;
INSERT INTO cut_score(assessment_id, seq, band, min_score)
SELECT a.id, c.seq, c.band, c.m FROM assessment a,
  (SELECT 0 AS seq, 'beginning' AS band, 0 AS m UNION ALL SELECT 1, 'developing', 40
   UNION ALL SELECT 2, 'proficient', 65) c;
INSERT INTO result(assessment_id, student_id, score)
SELECT a.id, s.id, min(100, 20 + ((s.id * 37 + a.id * 11) % 60) + a.id) FROM assessment a, student s;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 8)
INSERT INTO standard(id, code, subject_id, grade, description)
SELECT i, 'LO' || i, 1 + (i - 1) % 3, 5, 'Learning outcome number ' || i FROM n;
INSERT INTO item(assessment_id, code, seq, max_points, standard_id)
SELECT a.id, 'q' || sd.id, sd.id, 10, sd.id FROM assessment a JOIN standard sd
  ON sd.subject_id = a.subject_id WHERE a.year_id = 3;
INSERT INTO item_response(item_id, student_id, points)
SELECT it.id, s.id, (s.id * 7 + it.id * 3) % 11 FROM item it, student s;
INSERT INTO attendance(student_id, year_id, marks)
SELECT id, 3, CAST(replace(printf('%.100c', 'x'), 'x', CASE WHEN id % 7 = 0 THEN char(33) ELSE char(17) END) AS BLOB)
FROM student;
INSERT INTO attitude_grade(student_id, term_id, subject_id, grade)
SELECT s.id, t.id, sj.id, 1 + (s.id + sj.id) % 4 FROM student s, subject sj, term t WHERE t.year_id = 3;
INSERT INTO goal(code, title, student_id, subject_id, metric, baseline, baseline_date, target, due_date)
SELECT 'G' || id, 'Raise the maths score', id, 1, 'score', 50, '2024-06-15', 70, '2025-03-15'
FROM student WHERE id % 10 = 0;
COMMIT;
SQL

# median of the given numbers
median() { tr ' ' '\n' | sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
# measure LABEL CMD...: runs RUNS times; prints the median wall seconds,
# the median CPU seconds (user + system) and the largest peak RSS (MB)
measure() {
	label=$1; shift
	ts=""; cs=""; rss=0
	for r in $(seq "$RUNS"); do
		/usr/bin/time -f '%e %U %S %M' -o "$OUT/time" "$@" >/dev/null
		read -r t u sy m <"$OUT/time"
		ts="$ts $t"
		cs="$cs $(awk "BEGIN {print $u + $sy}")"
		[ "$m" -gt "$rss" ] && rss=$m
	done
	echo "$label $(echo $ts | median) $(echo $cs | median) $((rss / 1024))"
}

R="$A --db $DB report student --org S --today 2025-01-10 --lang en"
measure json $R --format json -o "$OUT/all.json" >"$OUT/m.json"
measure one $R -o "$OUT/all.pdf" >"$OUT/m.one"
measure each sh -c "rm -rf '$OUT/each' && $R --format pdf --each '$OUT/each'" >"$OUT/m.each"
pages=$(pdfinfo "$OUT/all.pdf" | sed -n 's/^Pages: *//p')
files=$(ls "$OUT/each" | wc -l | tr -d ' ')
size=$(du -k "$OUT/all.pdf" | cut -f1)
eachsize=$(du -sk "$OUT/each" | cut -f1)
read -r _ tj cj mj <"$OUT/m.json"
read -r _ to co mo <"$OUT/m.one"
read -r _ te ce me <"$OUT/m.each"
load=$(cut -d' ' -f1-3 /proc/loadavg)
cores=$(nproc)
ratio() { awk "BEGIN {printf \"%.1f\", $1 / ($2 > 0 ? $2 : 0.01)}"; }
cat <<TXT
report cards for $N students ($pages pages), load average $load on $cores cores:
                         wall      CPU       memory
  JSON (baseline)        ${tj} s   ${cj} s   ${mj} MB
  one PDF                ${to} s   ${co} s   ${mo} MB  (CPU $(ratio "$co" "$cj")x baseline, ${size} KB)
  one PDF per student    ${te} s   ${ce} s   ${me} MB  (CPU $(ratio "$ce" "$cj")x baseline, $files files, ${eachsize} KB)
TXT
{
	echo
	echo "## Report cards for a $N-student school ($(date -u +%Y-%m-%d), bench/bench_report.sh)"
	echo
	echo "Every student's report card (progress chart, results, outcomes,"
	echo "attendance, attitude, goals, next steps) from a generated school with"
	echo "three years of results; median of $RUNS runs; baseline: the same cards"
	echo "as JSON (queries and document building, no rendering). Target: under"
	echo "10 s. Load average during the run: $load on $cores cores, so wall time"
	echo "includes waiting for a core; CPU time is the work itself."
	echo
	echo "| output | wall (median) | CPU (median) | CPU vs baseline | peak memory | size |"
	echo "|---|---|---|---|---|---|"
	echo "| JSON, one file (baseline) | ${tj} s | ${cj} s | 1.0x | ${mj} MB | |"
	echo "| one PDF, $pages pages | ${to} s | ${co} s | $(ratio "$co" "$cj")x | ${mo} MB | ${size} KB |"
	echo "| one PDF per student, $files files | ${te} s | ${ce} s | $(ratio "$ce" "$cj")x | ${me} MB | ${eachsize} KB |"
} >>bench/RESULTS.md
