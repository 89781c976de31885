# Kill imports with SIGKILL at random moments: every database afterwards
# must equal (table checksums) either the state before the import or the
# state after a complete import, and pass the integrity check.
. "$ATTAIN_ROOT/tests/lib.sh"
NS=${KILL_STUDENTS:-15000}
NA=6
printf 'code,name,parent,level,is_school\nSC,School,,school,1\n' >orgs.csv
printf 'code,name,start_date,end_date\nY,2024-25,2024-06-01,2025-05-31\n' >years.csv
printf 'code,name\nM,Maths\n' >subjects.csv
awk -v n=$NS 'BEGIN{print "code,given_name,family_name"; for(i=1;i<=n;i++) printf "S%06d,Given%d,Family%d\n", i, i, i%97}' >students.csv
awk -v n=$NA 'BEGIN{print "code,name,subject,year,kind,max_score"; for(i=1;i<=n;i++) printf "A%d,Test %d,M,Y,summative,100\n", i, i}' >assess.csv
awk -v n=$NS -v a=$NA 'BEGIN{print "student,assessment,score"; srand(7); for(i=1;i<=n;i++) for(j=1;j<=a;j++) printf "S%06d,A%d,%d\n", i, j, int(rand()*101)}' >results.csv
# a second kind of batch: every student's name changes (generic upsert path)
sed 's/Given/Name/' students.csv >students2.csv
for k in orgs:orgs years:years subjects:subjects students:students assessments:assess; do
	"$A" --db base.db import --csv "${k%%:*}" "${k#*:}.csv" >/dev/null || notok "setup ${k%%:*}"
done
sqlite3 base.db "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
sum() { sqlite3 "$1" .dump | grep -v 'import_batch' | md5sum | cut -c1-32; }
before=$(sum base.db)

# The state after each complete import, and how long it takes.
cp base.db full.db
t0=$(date +%s.%N)
"$A" --db full.db import --csv results results.csv >/dev/null 2>&1 || notok "full results import"
t1=$(date +%s.%N)
after_res=$(sum full.db)
cp base.db full2.db
"$A" --db full2.db import --csv students students2.csv >/dev/null 2>&1 || notok "full students import"
t2=$(date +%s.%N)
after_stu=$(sum full2.db)
[ "$before" != "$after_res" ] && [ "$before" != "$after_stu" ] && ok "imports change the checksums"
dur_res=$(echo "$t0 $t1" | awk '{print $2-$1}')
dur_stu=$(echo "$t1 $t2" | awk '{print $2-$1}')
echo "# full import: results ${dur_res}s, students ${dur_stu}s"

nb=0 na=0 bad=0
i=0
while [ $i -lt ${KILL_POINTS:-20} ]; do
	i=$((i + 1))
	if [ $((i % 3)) -eq 0 ]; then kind=students file=students2.csv dur=$dur_stu after=$after_stu
	else kind=results file=results.csv dur=$dur_res after=$after_res; fi
	delay=$(awk -v s=$i -v d="$dur" 'BEGIN{srand(s*7919); printf "%.3f", rand()*d*1.1}')
	rm -f k.db k.db-wal k.db-shm
	cp base.db k.db
	"$A" --db k.db import --csv $kind $file >/dev/null 2>&1 &
	pid=$!
	sleep "$delay"
	kill -9 $pid 2>/dev/null
	wait $pid 2>/dev/null
	ic=$(sqlite3 k.db "PRAGMA integrity_check")
	s=$(sum k.db)
	if [ "$ic" != ok ]; then bad=$((bad + 1)); echo "# kill $i ($kind at ${delay}s): integrity $ic"
	elif [ "$s" = "$before" ]; then nb=$((nb + 1))
	elif [ "$s" = "$after" ]; then na=$((na + 1))
	else bad=$((bad + 1)); echo "# kill $i ($kind at ${delay}s): neither before nor after"; fi
done
echo "# $i kill points: $nb left the database as before, $na as after"
expect_eq "$bad" 0 "every killed import left the database exactly before or after ($i kill points)"
[ "$nb" -gt 0 ] && ok "some kills landed before the commit ($nb)" || notok "no kill landed before the commit"
