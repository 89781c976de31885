# Erasure (docs/PRIVACY.md, "Erasure and pseudonymisation"): on a small
# analysed demo, the demo student account's student -- with rows in
# va_student, ews_flag, growth, instr_group_member, goals, consent, an
# account and a parent account, both signed in -- is erased. Then no
# table with a student_id column holds their id, no table of the
# database holds their code or name (nor their guardian's), no export of
# any table prints them, their report card fails cleanly, their page
# answers 404, their and their parent's sessions are gone, and the audit
# log keeps one tombstone under their pseudonym and no code or name. A
# OneRoster delta or a CSV file with a status column deleting the same
# student from a copy leaves exactly the same tables; the OneRoster
# fixture's delta erases its student too.
. "$ATTAIN_ROOT/tests/lib.sh"
. "$ATTAIN_ROOT/tests/web_lib.sh"
export ATTAIN_NOW=2026-03-02T09:00:00Z
DB="$T/d.db"
q() { sqlite3 "$1" "$2"; }
"$A" --db "$DB" demo --as-of 2026-01-15 --students 1500 --years 2 --password pw-demo-1 >/dev/null 2>&1
"$A" --db "$DB" analyze --quiet >/dev/null 2>&1

SID=$(q "$DB" "select student_id from account where username = 'student'")
CODE=$(q "$DB" "select code from student where id = $SID")
NAME=$(q "$DB" "select given_name || ' ' || family_name from student where id = $SID")
NCSV=$(q "$DB" "select given_name || ',' || family_name from student where id = $SID")
NSQL=$(q "$DB" "select quote(given_name) || ',' || quote(family_name) from student where id = $SID")
GID=$(q "$DB" "select guardian_id from account where username = 'parent'")
GCODE=$(q "$DB" "select code from guardian where id = $GID")
GNAME=$(q "$DB" "select given_name || ' ' || family_name from guardian where id = $GID")
GCSV=$(q "$DB" "select given_name || ',' || family_name from guardian where id = $GID")
GSQL=$(q "$DB" "select quote(given_name) || ',' || quote(family_name) from guardian where id = $GID")
expect_eq "$(q "$DB" "select count(*) from guardian_link where guardian_id = $GID and student_id <> $SID")" 0 \
	"the parent has no other child ($CODE, $NAME; $GCODE, $GNAME)"
for t in va_student ews_flag growth instr_group_member goal consent account result attendance; do
	c=$(q "$DB" "select count(*) from $t where student_id = $SID")
	[ "$c" -gt 0 ] && ok "$CODE has $c rows in $t" || notok "$CODE has rows in $t"
done

# the pseudonym exports use (the first export makes the database's key):
# HMAC-SHA256 of "student:CODE" under the key, computed here another way;
# the export shows it when the student consents to sharing their data
"$A" --db "$DB" export students --pseudonymise -o "$T/before.csv" 2>/dev/null
KEY=$(q "$DB" "select value from meta where key = 'pseudonym_key'")
PSEUD=S-$(python3 -c 'import hmac, hashlib, sys; print(hmac.new(bytes.fromhex(sys.argv[1]), ("student:" + sys.argv[2]).encode(), hashlib.sha256).hexdigest()[:20])' "$KEY" "$CODE")
expect_eq "$(echo "$PSEUD" | grep -c '^S-[0-9a-f]\{20\}$')" 1 "the student's pseudonym ($PSEUD)"
OKS="(select student_id from consent where purpose = 'data_share' and granted = 1 and date <= '2026-03-02')"
if [ "$(q "$DB" "select count(*) from $OKS where student_id = $SID")" = 1 ]; then
	ROW=$(q "$DB" "select count(*) from student where id <= $SID and id in $OKS")
	expect_eq "$(sed -n "$((ROW + 1))p" "$T/before.csv" | cut -d, -f1)" "$PSEUD" "the export shows the same pseudonym"
else
	expect_eq "$(grep -c "$PSEUD" "$T/before.csv")" 0 "(the student refused data sharing: not in the export)"
fi
cp "$DB" "$T/o.db" # for the OneRoster and CSV deletions below
cp "$DB" "$T/c.db"
sqlite3 "$DB" .dump >"$T/before.sql"

# named reads before the erasure: a report card, the parent's page view
expect_rc 0 "a report card of the student" -- "$A" --db "$DB" report student --student "$CODE" --lang en
web_start "$DB"
login() { curl -s -o /dev/null -c "$T/jar.$1" --data-urlencode "username=$1" \
	--data-urlencode "password=pw-demo-1" "$BASE/login"; }
page() { curl -s -o "$T/page" -w '%{http_code}' -b "$T/jar.$1" "$BASE$2"; }
login student
login parent
login admin
expect_eq "$(page parent "/students/$CODE")" 200 "the parent sees the child's page"
expect_eq "$(page admin "/students/$CODE")" 200 "so does the admin (the answer is cached)"
sessions="select count(*) from web_session where account_id in (select id from account where username in ('student', 'parent'))"
expect_eq "$(q "$DB" "$sessions")" 2 "the student and the parent are signed in"
expect_eq "$(page parent "/me")" 200 "the parent's session works"

expect_rc 2 "erasing asks for --yes" -- "$A" --db "$DB" erase student "$CODE"
expect_eq "$(q "$DB" "select count(*) from student where id = $SID")" 1 "and without it erases nothing"
expect_rc 1 "an unknown code is an error" -- "$A" --db "$DB" erase student NOSUCH --yes
expect_grep "no student 'NOSUCH'" "$T/err" "saying so"
expect_rc 0 "erase the student" -- "$A" --db "$DB" erase student "$CODE" --yes
expect_grep "recorded as $PSEUD: [0-9]* rows removed (.*va_student [0-9]" "$T/out" "says the pseudonym and the rows removed"

# no table keeps the student's id, code or name
left=""
for t in $(q "$DB" "select m.name from sqlite_master m, pragma_table_info(m.name) c where m.type = 'table' and c.name = 'student_id'"); do
	[ "$(q "$DB" "select count(*) from $t where student_id = $SID")" = 0 ] || left="$left $t"
done
expect_eq "$left" "" "no table with a student_id column holds the student's id"
[ "$(q "$DB" "select count(*) from sqlite_master m, pragma_table_info(m.name) c where m.type = 'table' and c.name = 'student_id'")" -ge 20 ] &&
	ok "(over 20 such tables checked)" || notok "(over 20 such tables checked)"
expect_eq "$(q "$DB" "select count(*) from student where id = $SID")" 0 "the student row is gone"
expect_eq "$(q "$DB" "select count(*) from guardian where id = $GID")" 0 "the guardian with no other child is gone"
expect_eq "$(q "$DB" "select count(*) from account where username in ('student', 'parent')")" 0 "their accounts are gone"
expect_eq "$(q "$DB" "select count(*) from web_session")" 1 "their sessions are gone (the admin's stays)"
sqlite3 "$DB" .dump >"$T/dump.sql"
grep -qF "$NSQL" "$T/before.sql" && ok "(the name as the dump writes it: $NSQL)" || notok "(the name as the dump writes it)"
for s in "$CODE" "$NAME" "$NSQL" "$GCODE" "$GNAME" "$GSQL"; do
	if grep -qF "$s" "$T/dump.sql"; then notok "'$s' is in no table"; else ok "'$s' is in no table"; fi
done

# nor in any export, nor a report; the pages answer 404
names=$("$A" --db "$DB" export --list | awk '/^  /{print $1}')
found=""
for nm in $names; do
	"$A" --db "$DB" export "$nm" -o "$T/x.csv" 2>/dev/null || { found="$found $nm(failed)"; continue; }
	grep -qF -e "$CODE" -e "$NAME" -e "$NCSV" -e "$GCODE" -e "$GNAME" -e "$GCSV" "$T/x.csv" &&
		found="$found $nm"
done
expect_eq "$found" "" "no export of the $(echo "$names" | wc -w) tables names them"
expect_rc 1 "the student's report card fails" -- "$A" --db "$DB" report student --student "$CODE" --lang en
expect_eq "$(wc -c <"$T/out")" 0 "writing nothing"
expect_grep "$CODE" "$T/err" "saying which student is missing"
expect_eq "$(page admin "/students/$CODE")" 404 "the student's page answers 404 (no stale cached answer)"
expect_eq "$(page parent "/me")" 303 "the parent's session is gone (sent to sign in)"
expect_eq "$(page student "/me")" 303 "so is the student's"

# the audit log: one tombstone under the pseudonym, no code, name or username
"$A" --db "$DB" audit --action erase | tail -n +2 >"$T/erased"
expect_eq "$(wc -l <"$T/erased")" 1 "one erasure entry"
expect_grep "erase  *student:$PSEUD  *cli  *attain erase: [0-9]* rows removed" "$T/erased" "under the pseudonym, with the rows removed"
"$A" --db "$DB" audit --limit 100000 >"$T/audit"
expect_grep "report  *report-card:$PSEUD " "$T/audit" "the earlier report entry now names the pseudonym"
expect_grep "view  *student:$PSEUD " "$T/audit" "so does the earlier page view"
expect_eq "$(q "$DB" "select count(*) from audit where username in ('student', 'parent')")" 0 "no entry keeps their accounts' names"

# ---- the same student deleted by a OneRoster delta ----
O="$T/o.db"
mkdir -p "$T/delta"
printf 'propertyName,value\nmanifest.version,1.0\noneroster.version,1.1\nfile.users,delta\n' >"$T/delta/manifest.csv"
printf 'sourcedId,status,dateLastModified,enabledUser,orgSourcedIds,role,username,givenName,familyName\n%s,tobedeleted,2026-03-01T10:00:00Z,,,,,,\n' "$CODE" >"$T/delta/users.csv"
expect_rc 0 "a OneRoster delta deletes the student" -- "$A" --db "$O" import --oneroster "$T/delta"
expect_grep "1 deleted" "$T/out" "one deletion"
same=""
for t in $(q "$O" "select name from sqlite_master where type = 'table' and name not in ('audit', 'import_batch', 'meta', 'web_session') order by name"); do
	[ "$(sqlite3 "$O" "select * from $t" | md5sum)" = "$(sqlite3 "$DB" "select * from $t" | md5sum)" ] || same="$same $t"
done
expect_eq "$same" "" "every table as the erasure left it"
"$A" --db "$O" audit --action erase | tail -n +2 >"$T/erased"
expect_grep "erase  *student:$PSEUD  *cli  *import .*users.csv line 2: [0-9]* rows removed" "$T/erased" \
	"the import's tombstone: same pseudonym, file and line"
sqlite3 "$O" .dump | grep -qF -e "$CODE" -e "$NAME" -e "$NSQL" && notok "the delta leaves no code or name" ||
	ok "the delta leaves no code or name"

# ---- the OneRoster fixture's delta ----
F="$ATTAIN_ROOT/tests/fixtures"
"$A" --db "$T/11.db" import --oneroster "$F/oneroster-1.1" >/dev/null 2>&1
n3=$(q "$T/11.db" "select quote(given_name) || ',' || quote(family_name) from student where code = 'U-S3'")
sqlite3 "$T/11.db" .dump | grep -qF "$n3" && ok "(U-S3's name as the dump writes it: $n3)" || notok "(U-S3's name in the dump)"
expect_rc 0 "the fixture's delta" -- "$A" --db "$T/11.db" import --oneroster "$F/oneroster-1.1-delta"
sqlite3 "$T/11.db" .dump | grep -qF -e "U-S3" -e "$n3" && notok "U-S3 ($n3) is in no table" ||
	ok "U-S3 ($n3) is in no table"
expect_eq "$("$A" --db "$T/11.db" audit --action erase | tail -n +2 | wc -l)" 1 "its tombstone"

# ---- the same student deleted by a CSV file with a status column ----
C="$T/c.db"
OTHER=$(q "$C" "select code from student where id <> $SID order by id limit 1")
printf 'code,status\n%s,tobedeleted\n%s,active\n' "$CODE" "$OTHER" >"$T/del.csv"
expect_rc 1 "a CSV deletion beside a row without its required values fails" -- \
	"$A" --db "$C" import --csv students "$T/del.csv"
expect_grep "del.csv:3:.*required value missing" "$T/err" "naming the row that lacks them"
expect_eq "$(q "$C" "select count(*) from student where id = $SID")" 1 "and erases nobody"
printf 'code,status\n%s,tobedeleted\n' "$CODE" >"$T/del.csv"
expect_rc 0 "a CSV file with a status column deletes the student" -- "$A" --db "$C" import --csv students "$T/del.csv"
expect_grep "1 deleted" "$T/out" "one deletion"
same=""
for t in $(q "$C" "select name from sqlite_master where type = 'table' and name not in ('audit', 'import_batch', 'meta', 'web_session') order by name"); do
	[ "$(sqlite3 "$C" "select * from $t" | md5sum)" = "$(sqlite3 "$DB" "select * from $t" | md5sum)" ] || same="$same $t"
done
expect_eq "$same" "" "every table as the erasure left it"
"$A" --db "$C" audit --action erase | tail -n +2 >"$T/erased"
expect_grep "erase  *student:$PSEUD  *cli  *import .*del.csv line 2: [0-9]* rows removed" "$T/erased" \
	"the tombstone names the file and line"
# a deletion of another kind deletes that row only, audited by its key
EN=$(q "$C" "select c.code || ',' || s.code from enrolment e join class c on c.id = e.class_id join student s on s.id = e.student_id limit 1")
NEN=$(q "$C" "select count(*) from enrolment")
printf 'class,student,status\n%s,tobedeleted\n' "$EN" >"$T/del-en.csv"
expect_rc 0 "a CSV file deletes an enrolment" -- "$A" --db "$C" import --csv enrolments "$T/del-en.csv"
expect_eq "$(q "$C" "select count(*) from enrolment")" "$((NEN - 1))" "that one"
"$A" --db "$C" audit --action delete >"$T/del-audit"
expect_grep "delete  *enrolments:$(echo "$EN" | tr , /)  *cli  *import .*del-en.csv line 2" "$T/del-audit" \
	"audited by its key"
