# Migration 011 on a store made before it: results keyed (assessment,
# student) with a student index become keyed (student, assessment) with no
# other index, every row kept, and the store works as before (a re-import
# of the same results changes nothing, a student's deletion takes its
# results with it).
. "$ATTAIN_ROOT/tests/lib.sh"
printf 'code,name,parent,level,is_school\nSC,School,,school,1\n' >orgs.csv
printf 'code,name,start_date,end_date\nY,2024-25,2024-06-01,2025-05-31\n' >years.csv
printf 'code,name\nM,Maths\n' >subjects.csv
awk 'BEGIN{print "code,given_name"; for(i=1;i<=300;i++) printf "S%03d,G%d\n", i, i}' >students.csv
awk 'BEGIN{print "code,name,subject,year,kind,max_score"; for(i=1;i<=7;i++) printf "A%d,Test %d,M,Y,summative,100\n", i, i}' >assess.csv
awk 'BEGIN{print "assessment,student,score"; srand(7); for(j=1;j<=7;j++) for(i=1;i<=300;i++) if (rand() < 0.9) printf "A%d,S%03d,%d\n", j, i, int(rand()*101)}' >results.csv
"$A" --db s.db init >/dev/null
for k in orgs:orgs years:years subjects:subjects students:students assessments:assess results:results; do
	"$A" --db s.db import --csv "${k%%:*}" "${k#*:}.csv" >/dev/null || notok "setup ${k%%:*}"
done
rows() { sqlite3 "$1" "select a.code, s.code, r.score from result r join assessment a on a.id = r.assessment_id join student s on s.id = r.student_id order by 1, 2"; }
rows s.db >want
# The store as the schema before migration 011 had it.
sqlite3 s.db "PRAGMA foreign_keys = OFF; BEGIN;
CREATE TABLE result_old (
  assessment_id INTEGER NOT NULL REFERENCES assessment(id) ON DELETE CASCADE,
  student_id    INTEGER NOT NULL REFERENCES student(id) ON DELETE CASCADE,
  score         REAL NOT NULL,
  PRIMARY KEY (assessment_id, student_id)
) WITHOUT ROWID;
INSERT INTO result_old SELECT assessment_id, student_id, score FROM result;
DROP TABLE result; ALTER TABLE result_old RENAME TO result;
CREATE INDEX result_student ON result(student_id);
DELETE FROM schema_migration WHERE version >= 11; COMMIT;" || notok "old layout"
expect_eq "$(sqlite3 s.db "select name from pragma_table_info('result') where pk = 1")" "assessment_id" "the old layout is keyed assessment first"
expect_rc 0 "info upgrades the store" -- "$A" --db s.db info
expect_eq "$(sqlite3 s.db "select count(*) from schema_migration where version = 11")" "1" "migration 011 recorded"
expect_eq "$(sqlite3 s.db "select name from pragma_table_info('result') where pk = 1")" "student_id" "results keyed student first"
expect_eq "$(sqlite3 s.db "select name from pragma_table_info('result') where pk = 2")" "assessment_id" "then assessment"
expect_eq "$(sqlite3 s.db "select count(*) from sqlite_schema where type = 'index' and tbl_name = 'result' and sql is not null")" "0" "the student index is gone"
rows s.db >got
if cmp -s want got; then ok "every result kept ($(wc -l <want) rows)"; else notok "results changed"; diff want got | head | sed 's/^/# /'; fi
expect_eq "$(sqlite3 s.db "pragma integrity_check; pragma foreign_key_check")" "ok" "integrity and foreign keys"
expect_rc 0 "re-import of the same results" -- "$A" --db s.db import --csv results results.csv
expect_grep "0 inserted, 0 updated, $(wc -l <want) unchanged" "$T/out" "re-import after the upgrade changes nothing"
sqlite3 s.db "PRAGMA foreign_keys = ON; DELETE FROM student WHERE code = 'S007'"
expect_eq "$(sqlite3 s.db "select count(*) from result r where not exists (select 1 from student s where s.id = r.student_id)")" "0" "a deleted student's results go with it"
expect_eq "$(sqlite3 s.db "select count(*) from result")" "$(grep -vc '|S007|' want)" "and only that student's"
sqlite3 s.db "PRAGMA foreign_keys = ON; DELETE FROM assessment WHERE code = 'A3'"
expect_eq "$(sqlite3 s.db "select count(*) from result")" "$(grep -v '|S007|' want | grep -vc '^A3|')" "a deleted assessment's results go with it"
