# CSV import: every validation problem with its exact message, --skip-bad
# and its rejects file, idempotent re-import, templates, map files.
. "$ATTAIN_ROOT/tests/lib.sh"
DB="$T/a.db"
imp() { "$A" --db "$DB" import "$@"; }

cat >orgs.csv <<'X'
code,name,parent,level,is_school
ST,State,,state,0
D1,District 1,ST,district,no
SC1,School 1,D1,school,yes
X
printf 'code,name,start_date,end_date\r\nY24,2024-25,2024-06-01,2025-03-31\r\n' >years.csv
printf '\357\273\277code,name\nMATH,Mathematics\nENG,English\n' >subjects.csv
cat >students.csv <<'X'
code,given_name,family_name,gender,birth_date
S1,Asha,K,F,2014-02-03
S2,Ravi,,M,
S3,"Meena, R",R,F,
X
cat >assess.csv <<'X'
code,name,subject,year,kind,max_score,date
A1,Maths baseline,MATH,Y24,baseline,50,2024-07-01
X
for k in orgs:orgs years:years subjects:subjects students:students assessments:assess; do
	expect_rc 0 "import ${k%%:*}" -- imp --csv "${k%%:*}" "${k#*:}.csv"
	cat "$T/out" >>all.out
done
expect_grep "import subjects.csv: 2 read, 2 inserted" all.out "BOM file read, summary line"
v0=$(sqlite3 "$DB" "select value from meta where key='data_version'")
expect_eq "$(sqlite3 "$DB" "select count(*) from org where is_school=1")" 1 "yes/no booleans"
expect_eq "$(sqlite3 "$DB" "select name from academic_year")" "2024-25" "CRLF file read"
expect_eq "$(sqlite3 "$DB" "select given_name from student where code='S3'")" "Meena, R" "quoted comma"

# Every kind of problem, one per line, with its exact message.
cat >bad.csv <<'X'
code,name,subject,year,kind,max_score,date,grade,term
A2,Ok,MATH,Y24,summative,20,2024-08-01,5,
A3,,MATH,Y24,summative,20,,,
A4,T,MATH,Y24,weekly,20,,,
A5,T,MATH,Y24,summative,abc,,,
A6,T,MATH,Y24,summative,0,,,
A7,T,MATH,Y24,summative,20,2024-02-30,,
A8,T,MATH,Y24,summative,20,2023-01-05,,
A9,T,SCI,Y24,summative,20,,,
A10,T,MATH,Y24,summative,20,,4.5,
A11,T,MATH,Y24,summative,20,,99,
A2,Dup,MATH,Y24,summative,20,,,
A12,T,MATH,Y24
A13,T,MATH,Y24,summative,20,,,T9
X
printf 'A14,B\377d,MATH,Y24,summative,20,,,\n' >>bad.csv
expect_rc 1 "a file with problems fails" -- imp --csv assessments bad.csv
cat >want <<'X'
bad.csv:3:2: required value missing (found '')
bad.csv:4:5: not one of baseline|formative|summative|diagnostic (found 'weekly')
bad.csv:5:6: not a number (found 'abc')
bad.csv:6:6: must be greater than 0 (found '0')
bad.csv:7:7: not a date YYYY-MM-DD (found '2024-02-30')
bad.csv:8:7: date outside academic year Y24, 2024-06-01..2025-03-31 (found '2023-01-05')
bad.csv:9:3: unknown subject (found 'SCI')
bad.csv:10:8: not a whole number (found '4.5')
bad.csv:11:8: out of range -2..14 (found '99')
bad.csv:12:1: duplicate row, same key as line 2 (found 'A2')
bad.csv:13:5: wrong number of fields, expected 9 (found '4')
bad.csv:14:9: unknown term (found 'T9')
bad.csv:15:2: invalid UTF-8 (byte 0xff at byte 2 of the field) (found 'B\xffd')
X
grep -v '^attain:' "$T/err" >got
if diff -u want got >diff; then ok "exact messages for each problem"; else
	notok "exact messages for each problem"; sed 's/^/# /' diff; fi
expect_grep "import bad.csv: 14 read, 0 inserted.*13 rejected; nothing committed" "$T/out" "summary says nothing committed"
expect_eq "$(sqlite3 "$DB" "select count(*) from assessment")" 1 "nothing committed"
expect_eq "$(sqlite3 "$DB" "select value from meta where key='data_version'")" "$v0" "data version unchanged by a failed batch"
expect_eq "$(sqlite3 "$DB" "select status||rejected from import_batch order by id desc limit 1")" "failed13" "failed batch recorded"

# Results: range against the assessment's max, references, duplicates.
cat >res.csv <<'X'
assessment,student,score,comment
A1,S1,40,fine
A1,S2,55,too high
A1,S9,10,unknown student
A1,S3,-1,negative
A1,S1,20,duplicate
X2,S2,1,unknown assessment
X
expect_rc 1 "results with problems" -- imp --csv results res.csv
cat >want <<'X'
res.csv:1:4: unknown column, ignored (found 'comment')
res.csv:3:3: out of range 0..50 of assessment 'A1' (found '55')
res.csv:4:2: unknown student (found 'S9')
res.csv:5:3: out of range 0..50 of assessment 'A1' (found '-1')
res.csv:7:1: unknown assessment (found 'X2')
res.csv:6:1: duplicate row, same key as line 2
X
grep -v '^attain:' "$T/err" >got
if diff -u want got >diff; then ok "exact messages for results"; else
	notok "exact messages for results"; sed 's/^/# /' diff; fi

expect_rc 1 "--skip-bad commits the good rows, exits 1" -- imp --csv results res.csv --skip-bad
expect_grep "1 inserted.*5 rejected; good rows committed" "$T/out" "skip-bad summary"
expect_eq "$(sqlite3 "$DB" "select score from result")" "40.0" "only the good row committed"
cat >want <<'X'
assessment,student,score,comment,line,reason
A1,S2,55,too high,3,score: out of range 0..50 of assessment 'A1' (found '55')
A1,S9,10,unknown student,4,student: unknown student (found 'S9')
A1,S3,-1,negative,5,score: out of range 0..50 of assessment 'A1' (found '-1')
X2,S2,1,unknown assessment,7,assessment: unknown assessment (found 'X2')
A1,S1,20,duplicate,6,"assessment: duplicate row, same key as line 2"
X
if diff -u want res.csv.rejects.csv >diff; then ok "rejects file with reasons"; else
	notok "rejects file with reasons"; sed 's/^/# /' diff; fi
expect_eq "$(sqlite3 "$DB" "select status||inserted||rejected from import_batch order by id desc limit 1")" "partial15" "partial batch recorded"

# Idempotent re-import: same checksums, same data version.
sum() { sqlite3 "$DB" .dump | grep -v 'import_batch' | md5sum; }
s1=$(sum)
v1=$(sqlite3 "$DB" "select value from meta where key='data_version'")
for k in orgs:orgs years:years subjects:subjects students:students assessments:assess; do
	imp --csv "${k%%:*}" "${k#*:}.csv" >/dev/null 2>&1
done
expect_eq "$(sum)" "$s1" "re-import leaves identical checksums"
expect_eq "$(sqlite3 "$DB" "select value from meta where key='data_version'")" "$v1" "re-import leaves the data version"
expect_rc 0 "unchanged re-import succeeds" -- imp --csv students students.csv
expect_grep "3 read, 0 inserted, 0 updated, 3 unchanged" "$T/out" "re-import counts unchanged rows"
sed 's/Ravi/Ravindra/' students.csv >students2.csv
expect_rc 0 "changed row" -- imp --csv students students2.csv
expect_grep "0 inserted, 1 updated, 2 unchanged" "$T/out" "an edited row is updated"

# Map file: renamed columns and translated codes.
cat >map.csv <<'X'
type,column,from,to
rename,,Pupil,student
rename,,Day,date
rename,,Mark,status
value,status,/,present
value,status,N,absent
X
cat >att.csv <<'X'
Pupil,Day,Mark
S1,2024-07-01,/
S1,2024-07-02,N
S2,2024-07-01,L
S2,2024-07-01,/
S3,2025-05-01,/
S3,2024-07-03,Q
X
expect_rc 1 "attendance with problems" -- imp --csv attendance att.csv --map map.csv
cat >want <<'X'
att.csv:5:2: duplicate row, same student and date as an earlier line (found '2024-07-01')
att.csv:6:2: date outside every academic year (found '2025-05-01')
att.csv:7:3: not an attendance status (present, absent, excused, late, closed, none) (found 'Q')
X
grep -v '^attain:' "$T/err" >got
if diff -u want got >diff; then ok "attendance messages"; else
	notok "attendance messages"; sed 's/^/# /' diff; fi
head -n 4 att.csv >att2.csv
expect_rc 0 "attendance through the map" -- imp --csv attendance att2.csv --map map.csv
expect_grep "3 read, 3 inserted" "$T/out" "three marks inserted"
expect_eq "$(sqlite3 "$DB" "select count(*), sum(length(marks)) from attendance")" "2|304" "one blob per student-year (304 days, 152 bytes each)"
expect_eq "$(sqlite3 "$DB" "select hex(substr(marks,16,2)) from attendance a join student s on s.id=a.student_id where s.code='S1'")" "2100" "nibble codes at the right days"
expect_rc 0 "attendance again" -- imp --csv attendance att2.csv --map map.csv
expect_grep "3 read, 0 inserted, 0 updated, 3 unchanged" "$T/out" "attendance re-import unchanged"

# Header problems.
printf 'code,given_name,code\nS7,A,S7\n' >dupcol.csv
expect_rc 1 "duplicate column" -- imp --csv students dupcol.csv
expect_grep "dupcol.csv:1:3: duplicate column (found 'code')" "$T/err" "duplicate column named"
printf 'code,family_name\nS7,A\n' >nocol.csv
expect_rc 1 "missing required column" -- imp --csv students nocol.csv
expect_grep "nocol.csv:1:3: required column 'given_name' missing (found '')" "$T/err" "missing column named"
printf 'code,given_name\nS7,"A\nS8,B\n' >quote.csv
expect_rc 1 "unterminated quote" -- imp --csv students quote.csv
expect_grep "quote.csv:2:2: malformed CSV quoting" "$T/err" "malformed quoting located"
expect_rc 2 "unknown kind is a usage error" -- imp --csv nonsense x.csv
expect_rc 1 "missing file" -- imp --csv students nofile.csv
expect_grep "cannot open 'nofile.csv'" "$T/err" "missing file named"

# More than 50 problems: 50 in full, then a count.
{ echo "code,given_name"; i=0; while [ $i -lt 60 ]; do echo "Z$i,"; i=$((i + 1)); done; } >many.csv
expect_rc 1 "many problems" -- imp --csv students many.csv
expect_eq "$(grep -c 'required value missing' "$T/err")" 50 "first 50 problems in full"
expect_grep "and 10 more problems not shown" "$T/err" "count of the rest"

# Templates.
expect_rc 0 "template results" -- "$A" template results
expect_eq "$(head -n 1 "$T/out")" "assessment,student,score" "results header"
expect_rc 0 "template --list" -- "$A" template --list
expect_eq "$(wc -l <"$T/out")" 38 "every kind listed"
for k in $(awk '{print $1}' "$T/out"); do
	"$A" template "$k" | head -n 1 >"h.csv"
	"$A" --db "$T/empty.db" import --csv "$k" h.csv >/dev/null 2>"$T/e2"
	if [ $? -eq 0 ] && ! grep -q 'unknown column' "$T/e2"; then :; else
		notok "template $k header imports cleanly"; fi
done
ok "every template header is accepted by its importer"

# docs/IMPORT.md shows every kind's current header.
for k in $("$A" template --list | awk '{print $1}'); do
	h=$("$A" template "$k" | head -n 1)
	grep -qxF -- "$h" "$ATTAIN_ROOT/docs/IMPORT.md" || notok "docs/IMPORT.md lacks the $k header"
done
ok "docs/IMPORT.md lists every kind's header"

# The remaining kinds of problem, each with its exact message.
printf 'code,name,start_date,end_date\nY0,Bad,2024-06-01,2024-01-01\n' >ybad.csv
expect_rc 1 "year ending before it starts" -- imp --csv years ybad.csv
expect_grep "ybad.csv:2:4: end_date must be after start_date '2024-06-01' (found '2024-01-01')" "$T/err" "year dates message"
printf 'code,name,parent,level,is_school\nX1,X,,school,maybe\n' >obad.csv
expect_rc 1 "bad boolean" -- imp --csv orgs obad.csv
expect_grep "obad.csv:2:5: not a yes/no value (1/0) (found 'maybe')" "$T/err" "boolean message"
printf 'code,title,student,org,metric,baseline,baseline_date,target,due_date\nG1,Both,S1,SC1,score,40,2024-07-01,60,2025-03-01\nG2,None,,,score,40,2024-07-01,60,2025-03-01\n' >gbad.csv
expect_rc 1 "goal naming two scopes" -- imp --csv goals gbad.csv
expect_grep "gbad.csv:2:3: exactly one of student, class, org must be given (found '2')" "$T/err" "goal with two scopes"
expect_grep "gbad.csv:3:1: exactly one of student, class, org must be given (found '0')" "$T/err" "goal with no scope"
printf 'code,title,audience,anonymous\nSV,Climate,student,1\n' >sv.csv
expect_rc 0 "anonymous survey" -- imp --csv surveys sv.csv
printf 'code,survey,respondent_role,student\nR1,SV,student,S1\nR2,SV,student,\n' >resp.csv
expect_rc 1 "named response to an anonymous survey" -- imp --csv responses resp.csv
expect_grep "resp.csv:2:4: survey 'SV' is anonymous: no student may be named (found 'S1')" "$T/err" "anonymity enforced"
printf 'assessment,code,max_points\nA1,Q1,5\n' >items.csv
expect_rc 0 "items" -- imp --csv items items.csv
printf 'assessment,item,student,points\nA1,Q1,S1,4\nA1,Q9,S1,1\nA1,Q1,S2,6\n' >ir.csv
expect_rc 1 "item responses with problems" -- imp --csv item_responses ir.csv
expect_grep "ir.csv:3:2: unknown item in assessment 'A1' (found 'Q9')" "$T/err" "scoped item reference"
expect_grep "ir.csv:4:4: out of range 0..5 of item 'Q1' (found '6')" "$T/err" "points within the item's maximum"

# --skip-bad on a generic kind; references to rows earlier in the batch.
printf 'code,name,parent,level,is_school\nB1,Block,D1,block,0\nC9,Cluster,B1,cluster,0\nC8,Bad,NOPE,cluster,0\n' >more.csv
expect_rc 1 "skip-bad orgs" -- imp --csv orgs more.csv --skip-bad
expect_grep "3 read, 2 inserted, 0 updated, 0 unchanged, 0 deleted, 1 rejected" "$T/out" "good rows kept, one rejected"
expect_eq "$(sqlite3 "$DB" "select p.code from org o join org p on p.id=o.parent_id where o.code='C9'")" "B1" "a reference to a row earlier in the same batch"
expect_eq "$(tail -n 1 more.csv.rejects.csv)" "C8,Bad,NOPE,cluster,0,4,parent: unknown organisation (found 'NOPE')" "rejects row for a generic kind"

# The same problems through the threaded reader (forced on small files).
ATTAIN_CSVIN_THREAD_MIN=1 imp --csv assessments bad.csv >/dev/null 2>"$T/err2"
"$A" --db "$DB" import --csv assessments bad.csv >/dev/null 2>"$T/err1"
if cmp -s "$T/err1" "$T/err2"; then ok "threaded reader reports the same problems"; else
	notok "threaded reader reports the same problems"; diff "$T/err1" "$T/err2" | sed 's/^/# /' | head; fi
awk 'BEGIN{print "code,given_name,family_name"; for(i=1;i<=3000;i++) printf "T%05d,G%d,\"F,%d\"\n", i, i, i}' >big.csv
expect_rc 0 "threaded reader imports a file" -- env ATTAIN_CSVIN_THREAD_MIN=1 "$A" --db "$DB" import --csv students big.csv
expect_grep "3000 read, 3000 inserted" "$T/out" "every row through the threaded reader"
expect_eq "$(sqlite3 "$DB" "select family_name from student where code='T02999'")" "F,2999" "fields intact across batches"
