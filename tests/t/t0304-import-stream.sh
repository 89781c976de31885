# Streamed score loading (rows written while the file is read, into an
# empty table) against the load at the end of the file: the same table,
# indexes, counts, messages and rejects file, with repeated keys and bad
# rows, with and without --skip-bad; the reader thread is forced on.
# Results (keyed student first, no other index) in student order (appends)
# and in assessment order; item responses (keyed item first, with a student
# index) in student order (the index is kept and appended to) and in item
# order (the index is dropped and built again).
. "$ATTAIN_ROOT/tests/lib.sh"
export ATTAIN_CSVIN_THREAD_MIN=1
NS=6000
NA=20
printf 'code,name,parent,level,is_school\nSC,School,,school,1\n' >orgs.csv
printf 'code,name,start_date,end_date\nY,2024-25,2024-06-01,2025-05-31\n' >years.csv
printf 'code,name\nM,Maths\n' >subjects.csv
awk -v n=$NS 'BEGIN{print "code,given_name"; for(i=1;i<=n;i++) printf "S%05d,G%d\n", i, i}' >students.csv
awk -v n=$NA 'BEGIN{print "code,name,subject,year,kind,max_score"; for(i=1;i<=n;i++) printf "A%02d,Test %d,M,Y,summative,100\n", i, i}' >assess.csv
"$A" --db base.db init >/dev/null
for k in orgs:orgs years:years subjects:subjects students:students assessments:assess; do
	"$A" --db base.db import --csv "${k%%:*}" "${k#*:}.csv" >/dev/null || notok "setup ${k%%:*}"
done
# 120,000 rows by student, and the same rows by assessment; then copies
# with planted problems: repeated keys (a later line repeats an earlier
# key with another score) and an out-of-range score.
awk -v n=$NS -v a=$NA 'BEGIN{print "student,assessment,score"; srand(3);
	for(i=1;i<=n;i++) for(j=1;j<=a;j++) printf "S%05d,A%02d,%.1f\n", i, j, int(rand()*1001)/10}' >bystu.csv
{ head -n 1 bystu.csv; tail -n +2 bystu.csv | sort -t, -k2,2 -k1,1 -s; } >byass.csv
for f in bystu byass; do
	awk 'NR==1{print; next} {print} NR==5000{print "S00007,A03,1.5"} NR==90000{print "S00100,A20,99"; print "S00009,A01,101"}' $f.csv >${f}_bad.csv
done

sum() { sqlite3 "$1" "select count(*), sum(score), sum(assessment_id * 1000003 + student_id), group_concat(score, ',') from (select * from result order by assessment_id, student_id)" | md5sum | cut -c1-32; }
isum() { sqlite3 "$1" "select count(*), sum(points), sum(item_id * 1000003 + student_id), group_concat(points, ',') from (select * from item_response order by item_id, student_id)" | md5sum | cut -c1-32; }
# Every index of the table (its definition and a count read through it).
idx() {
	for ix in $(sqlite3 "$1" "select name from sqlite_schema where type = 'index' and tbl_name = '$2' and sql is not null order by name"); do
		sqlite3 "$1" "select sql from sqlite_schema where name = '$ix'; select count(*) from $2 indexed by $ix where student_id > 0"
	done | tr '\n' ' '
	sqlite3 "$1" "pragma integrity_check"
}
expect_eq "$(sqlite3 base.db "select count(*) from sqlite_schema where type = 'index' and tbl_name = 'result' and sql is not null")" "0" "results have no secondary index"
expect_eq "$(sqlite3 base.db "select name from pragma_table_info('result') where pk = 1")" "student_id" "results are keyed student first"
expect_eq "$(sqlite3 base.db "select count(*) from sqlite_schema where name = 'item_response_student'")" "1" "item responses have a student index"

# 120,000 item responses: one 20-item assessment, by student and by item,
# with the same planted problems.
awk -v n=$NA 'BEGIN{print "assessment,code,max_points"; for(i=1;i<=n;i++) printf "A01,Q%02d,2\n", i}' >items.csv
"$A" --db base.db import --csv items items.csv >/dev/null || notok "setup items"
awk -v n=$NS -v a=$NA 'BEGIN{print "assessment,item,student,points"; srand(5);
	for(i=1;i<=n;i++) for(j=1;j<=a;j++) printf "A01,Q%02d,S%05d,%d\n", j, i, int(rand()*3)}' >irstu.csv
{ head -n 1 irstu.csv; tail -n +2 irstu.csv | sort -t, -k2,2 -k3,3 -s; } >iritem.csv
for f in irstu iritem; do
	awk 'NR==1{print; next} {print} NR==5000{print "A01,Q03,S00007,1"} NR==90000{print "A01,Q20,S00100,2"; print "A01,Q01,S00009,3"}' $f.csv >${f}_bad.csv
done

for f in bystu byass bystu_bad byass_bad irstu iritem irstu_bad iritem_bad; do
	case $f in
	ir*) kind=item_responses table=item_response sumf=isum ;;
	*) kind=results table=result sumf=sum ;;
	esac
	for sk in "" --skip-bad; do
		for st in 0 1; do
			rm -f s$st.db s$st.db-wal s$st.db-shm $f.csv.rejects.csv
			cp base.db s$st.db
			ATTAIN_INGEST_STREAM=$st "$A" --db s$st.db import --csv $kind $f.csv $sk >out$st 2>err$st
			echo $? >>out$st
			[ -f $f.csv.rejects.csv ] && mv $f.csv.rejects.csv rej$st || : >rej$st
		done
		what="$f ${sk:-(all or nothing)}"
		if cmp -s out0 out1 && cmp -s err0 err1 && cmp -s rej0 rej1; then
			ok "$what: streamed load prints, exits and rejects as the end-of-file load"
		else
			notok "$what: streamed load differs in output"; diff out0 out1 | sed 's/^/# /'; diff err0 err1 | head | sed 's/^/# /'
		fi
		expect_eq "$($sumf s1.db)" "$($sumf s0.db)" "$what: same $table table"
		expect_eq "$(idx s1.db $table)" "$(idx s0.db $table)" "$what: same indexes, integrity ok"
		[ "$f" = byass_bad ] && cp s1.db res.db
	done
done
# The planted problems were found, the first line of a repeated key kept.
cp base.db k.db
"$A" --db k.db import --csv results bystu_bad.csv --skip-bad >out 2>err
expect_grep "bystu_bad.csv:5001:2: duplicate row, same key as line 124" err "repeated key reported with its first line"
expect_grep "bystu_bad.csv:90003:3: out of range 0..100" err "out-of-range score reported"
expect_eq "$(sqlite3 k.db "select score from result r join student s on s.id = r.student_id join assessment a on a.id = r.assessment_id where s.code = 'S00007' and a.code = 'A03'")" \
	"$(awk -F, '$1=="S00007" && $2=="A03" {print $3; exit}' bystu.csv)" "the first of the repeated rows is kept"
expect_eq "$(sqlite3 k.db "select count(*) from result")" "120000" "skip-bad keeps every good row"
# Without --skip-bad nothing is committed.
cp base.db n.db
"$A" --db n.db import --csv results bystu_bad.csv >/dev/null 2>&1
expect_eq "$(sqlite3 n.db "select count(*) from result")" "0" "a batch with problems commits nothing"
# A second load into the filled table upserts (no streaming): unchanged.
cp res.db u.db
expect_rc 1 "re-import of the same file" -- "$A" --db u.db import --csv results byass_bad.csv --skip-bad
expect_grep "0 inserted, 0 updated, 120000 unchanged" "$T/out" "re-import into a filled table changes nothing"
