#!/bin/sh
# Import speed: attain's validated import of a 10,000,000-row results CSV
# against SQLite's own unvalidated `.import --csv` of the same file into a
# plain table of the same columns, in the same run. Reports the medians of
# RUNS runs each, their ratio (sqlite time / attain time; >= 1.0 means
# attain is at least as fast) and attain's peak memory (max RSS).
#   ROWS=10000000 RUNS=3 bench/bench_import.sh   (ATTAIN=BINARY to time another build)
#   ORDER=assessment   the same rows ordered by assessment, then student (as
#                      an assessment platform exports them); default student
# The data is generated in a scratch directory and removed afterwards.
set -eu
cd "$(dirname "$0")/.."
ROOT=$PWD
ATTAIN=${ATTAIN:-$ROOT/attain}
ROWS=${ROWS:-10000000}
RUNS=${RUNS:-3}
NA=${NA:-20}
ORDER=${ORDER:-student}
NS=$((ROWS / NA))
W=$(mktemp -d "${TMPDIR:-/tmp}/attain-bench-import.XXXXXX")
trap 'rm -rf "$W"' EXIT
cd "$W"
[ -x "$ATTAIN" ] || { echo "build ./attain first (make)"; exit 2; }
command -v sqlite3 >/dev/null || { echo "sqlite3 is needed"; exit 2; }
[ -x /usr/bin/time ] || { echo "GNU time is needed (apt-get install time)"; exit 2; }

echo "generating $ROWS results ($NS students x $NA assessments)"
printf 'code,name,parent,level,is_school\nSC,School,,school,1\n' >orgs.csv
printf 'code,name,start_date,end_date\nY,2024-25,2024-06-01,2025-05-31\n' >years.csv
printf 'code,name\nM,Maths\n' >subjects.csv
awk -v n=$NS 'BEGIN{print "code,given_name"; for(i=1;i<=n;i++) printf "S%07d,G%d\n", i, i}' >students.csv
awk -v n=$NA 'BEGIN{print "code,name,subject,year,kind,max_score"; for(i=1;i<=n;i++) printf "A%02d,Test %d,M,Y,summative,100\n", i, i}' >assess.csv
# An export ordered by student, then assessment (as SIS exports are).
awk -v n=$NS -v a=$NA 'BEGIN{print "student,assessment,score"; srand(11);
	for(i=1;i<=n;i++) for(j=1;j<=a;j++) printf "S%07d,A%02d,%.1f\n", i, j, int(rand()*1001)/10}' >results.csv
if [ "$ORDER" = assessment ]; then
	{ head -n 1 results.csv; tail -n +2 results.csv | sort -t, -k2,2 -s; } >by.csv
	mv by.csv results.csv
fi
ls -l results.csv | awk -v o="$ORDER" '{printf "results.csv: %.0f MB, in %s order\n", $5/1e6, o}'

"$ATTAIN" --db base.db init >/dev/null
for k in orgs:orgs years:years subjects:subjects students:students assessments:assess; do
	"$ATTAIN" --db base.db import --csv "${k%%:*}" "${k#*:}.csv" >/dev/null
done
sqlite3 base.db "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null

# Wall time and CPU time (user + system) of one command, via GNU time.
run_timed() { # OUTFILE CMD...
	o=$1; shift
	/usr/bin/time -f '%e %U %S %M' -o "$o" "$@"
}
median() { sort -g | awk '{a[NR]=$1} END{print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
: >t_attain
: >t_sqlite
: >c_attain
: >c_sqlite
: >rss
i=0
while [ $i -lt "$RUNS" ]; do
	i=$((i + 1))
	rm -f a.db a.db-wal a.db-shm raw.db raw.db-wal raw.db-journal
	cp base.db a.db
	sync
	run_timed ta "$ATTAIN" --db a.db import --csv results results.csv >out 2>err
	grep -q "$ROWS inserted" out || { echo "attain import failed:"; cat out err; exit 1; }
	sqlite3 raw.db "CREATE TABLE results_raw(student, assessment, score)"
	sync
	run_timed ts sqlite3 raw.db ".import --csv --skip 1 results.csv results_raw"
	n=$(sqlite3 raw.db "select count(*) from results_raw")
	[ "$n" -eq "$ROWS" ] || { echo "sqlite3 imported $n rows"; exit 1; }
	awk '{print $1}' ta >>t_attain
	awk '{print $2+$3}' ta >>c_attain
	awk '{print $4}' ta >>rss
	awk '{print $1}' ts >>t_sqlite
	awk '{print $2+$3}' ts >>c_sqlite
	echo "run $i: attain $(cat ta | awk '{print $1"s wall, "$2+$3"s cpu"}'); sqlite3 .import $(cat ts | awk '{print $1"s wall, "$2+$3"s cpu"}')"
done
ma=$(median <t_attain)
ms=$(median <t_sqlite)
ratio=$(echo "$ms $ma" | awk '{printf "%.2f", $1/$2}')
mca=$(median <c_attain)
mcs=$(median <c_sqlite)
cratio=$(echo "$mcs $mca" | awk '{printf "%.2f", $1/$2}')
peak=$(sort -n rss | tail -n1 | awk '{printf "%.0f MiB", $1/1024}')
echo "median attain import (validated): ${ma}s"
echo "median sqlite3 .import (unvalidated): ${ms}s"
echo "ratio sqlite3/attain (wall): $ratio (>= 1.0: attain at least as fast)"
echo "median CPU time (user+sys): attain ${mca}s, sqlite3 ${mcs}s, ratio $cratio"
echo "attain peak memory (max RSS): $peak"
