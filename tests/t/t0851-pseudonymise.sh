# Pseudonymised exports (docs/PRIVACY.md, "Erasure and pseudonymisation"):
# on a small analysed demo, every table `attain export --list` names,
# exported with --pseudonymise, holds no student, staff or guardian code,
# name, e-mail, phone or birth date of the raw tables, and not the key;
# birth dates come out as their month; the pseudonyms are the same in two
# exports and link the tables (a result's student is a student's id),
# and another database (another key) gives others. Each export is
# audited, saying whether it was pseudonymised.
. "$ATTAIN_ROOT/tests/lib.sh"
export ATTAIN_NOW=2026-03-02T09:00:00Z
DB="$T/d.db"
q() { sqlite3 "$DB" "$1"; }
"$A" --db "$DB" demo --as-of 2026-01-15 --students 1500 --years 2 --password pw-demo-1 >/dev/null 2>&1
"$A" --db "$DB" analyze --quiet >/dev/null 2>&1

# a pseudonymised export shares data: only students with data_share
# consent on the day (ATTAIN_NOW's) come out
OK="(select student_id from consent where purpose = 'data_share' and granted = 1 and date <= '2026-03-02')"
expect_eq "$(q "select count(*) > 0 and count(*) < (select count(*) from student) from $OK")" 1 "(some students refused data_share)"

# what must not come out: every code, name, contact and birth date
q "select code from student union all select code from staff union all select code from guardian" >"$T/codes"
q "select given_name || ' ' || family_name from student union all select given_name || ' ' || family_name from staff
   union all select given_name || ' ' || family_name from guardian" >"$T/names"
q "select given_name || ',' || family_name from student union all select given_name || ',' || family_name from staff
   union all select given_name || ',' || family_name from guardian" >>"$T/names"
q "select email from staff where email <> '' union all select email from guardian where email <> ''
   union all select phone from guardian where phone <> ''" >"$T/contacts"
q "select birth_date from student where birth_date is not null" >"$T/births"
cat "$T/codes" "$T/names" "$T/contacts" "$T/births" >"$T/secrets"
expect_eq "$(($(wc -l <"$T/codes") > 1500 && $(wc -l <"$T/births") > 1000))" 1 \
	"$(wc -l <"$T/secrets") codes, names, contacts and birth dates to look for"

names=$("$A" --db "$DB" export --list | awk '/^  /{print $1}')
leaks=""
fails=""
for nm in $names; do
	"$A" --db "$DB" export "$nm" --pseudonymise -o "$T/p.$nm.csv" 2>"$T/err.$nm" || fails="$fails $nm"
	grep -qF -f "$T/secrets" "$T/p.$nm.csv" && leaks="$leaks $nm"
done
expect_eq "$fails" "" "every one of the $(echo "$names" | wc -w) tables exports pseudonymised"
expect_eq "$leaks" "" "none holds a code, name, contact or birth date of the raw tables"
# the same check run on plain exports finds them, so it can fail
plain=0
for nm in students staff guardians results; do
	"$A" --db "$DB" export "$nm" -o "$T/plain.csv"
	grep -qF -f "$T/secrets" "$T/plain.csv" && plain=$((plain + 1))
done
expect_eq "$plain" 4 "(the plain exports of four of those tables do hold them)"
"$A" --db "$DB" export students --pseudonymise --format json -o "$T/students.json"
grep -qF -f "$T/secrets" "$T/students.json" && notok "nor does a JSON export" || ok "nor does a JSON export"

# the key stays in the database
KEY=$(q "select value from meta where key = 'pseudonym_key'")
expect_eq "${#KEY}" 64 "the key: 32 bytes, made by the first export"
grep -lF "$KEY" "$T"/p.*.csv "$T/students.json" >/dev/null && notok "no export holds the key" || ok "no export holds the key"
expect_rc 1 "meta cannot be exported" -- "$A" --db "$DB" export meta
"$A" --db "$DB" export --list | grep -q meta && notok "nor listed" || ok "nor listed"

# what the students table looks like: id, code and name the pseudonym,
# birth dates their month, the context kept
P="$T/p.students.csv"
expect_eq "$(head -n1 "$P" | tr -d '\r')" "id,code,given_name,family_name,gender,birth_date,ses_disadvantaged,special_needs,home_language,social_category,active" "the students' columns"
first=$(sed -n 2p "$P" | tr -d '\r')
expect_eq "$(echo "$first" | grep -c '^\(S-[0-9a-f]\{20\}\),\1,\1,,[FMX]*,[0-9]\{4\}-[0-9][0-9],')" 1 "id, code and given name the pseudonym; family name empty; birth month ($first)"
expect_eq "$(echo "$first" | cut -d, -f7-)" "$(q "select ses_disadvantaged || ',' || special_needs || ',' || coalesce(home_language, '') || ',' || coalesce(social_category, '') || ',' || active from student order by id limit 1")" "the context columns kept"
expect_eq "$(echo "$first" | cut -d, -f6)" "$(q "select substr(birth_date, 1, 7) from student order by id limit 1")" "the birth month is the student's"
expect_eq "$(tail -n +2 "$P" | cut -d, -f1 | sort -u | wc -l)" "$(q "select count(*) from student where id in $OK")" "one distinct pseudonym per student who consents to sharing"
expect_grep "$(q "select count(*) from student where id not in $OK") rows of students without consent to share their data (data_share) left out" "$T/err.students" "the students left out are counted"
expect_eq "$(tail -n +2 "$T/p.results.csv" | wc -l)" "$(q "select count(*) from result where student_id in $OK")" "results only of students who consent"
expect_eq "$(q "select count(*) > 100 from behaviour_event where note <> ''")" 1 "(the demo writes behaviour notes)"
expect_eq "$(tail -n +2 "$T/p.behaviour.csv" | awk -F, '$NF != "\r" && $NF != ""' | wc -l)" 0 "free text (behaviour notes) left out"
expect_eq "$(tail -n +2 "$T/p.staff.csv" | cut -d, -f5 | sort -u | tr -d '\r')" "" "staff e-mail left out"

# stable, and linking the tables
"$A" --db "$DB" export students --pseudonymise -o "$T/again.csv"
cmp -s "$P" "$T/again.csv" && ok "a second export gives the same pseudonyms" || notok "a second export gives the same pseudonyms"
tail -n +2 "$P" | cut -d, -f1 | sort >"$T/ids"
tail -n +2 "$T/p.results.csv" | cut -d, -f2 | sort -u >"$T/rs"
expect_eq "$(comm -13 "$T/ids" "$T/rs" | wc -l)" 0 "every result's student is a pseudonymised student"
expect_eq "$(wc -l <"$T/rs")" "$(q "select count(distinct student_id) from result where student_id in $OK")" "as many as the consenting students with results"
tail -n +2 "$T/p.va_student.csv" | cut -d, -f2 | sort -u >"$T/va"
expect_eq "$(comm -13 "$T/ids" "$T/va" | wc -l)" 0 "derived rows (va_student) name students by the same pseudonyms"
s1=$(q "select code from student order by id limit 1")
row=$(tail -n +2 "$T/p.results.csv" | head -n1 | tr -d '\r')
want=$(q "select a.code || ',' || (select count(*) from student where id <= r.student_id and id in $OK) || ',' || r.score from result r join assessment a on a.id = r.assessment_id where r.student_id in $OK order by r.assessment_id, r.student_id limit 1")
k=$(echo "$want" | cut -d, -f2)
expect_eq "$(echo "$row" | cut -d, -f1,2,3)" "$(echo "$want" | cut -d, -f1),$(sed -n "$((k + 1))p" "$P" | cut -d, -f1),$(echo "$want" | cut -d, -f3)" \
	"the first result's pseudonym is its student's"

# another database: another key, other pseudonyms for the same codes
"$A" --db "$T/e.db" demo --as-of 2026-01-15 --students 1500 --years 2 --password pw-demo-1 >/dev/null 2>&1
"$A" --db "$T/e.db" export students --pseudonymise -o "$T/other.csv"
expect_eq "$(sqlite3 "$T/e.db" "select code from student order by id limit 1")" "$s1" "(the other database has the same codes)"
expect_eq "$(tail -n +2 "$T/other.csv" | cut -d, -f1 | sort | comm -12 - "$T/ids" | wc -l)" 0 "and no pseudonym in common"

# audited, saying so
"$A" --db "$DB" audit --action export --limit 100000 | tail -n +2 >"$T/audit"
expect_grep "export  *table:student  *cli  *pseudonymised, csv to $T/again.csv" "$T/audit" "a pseudonymised export's entry says so"
expect_grep "export  *table:student  *cli  *csv to $T/plain.csv" "$T/audit" "a plain one's does not"
expect_eq "$(grep -c 'pseudonymised' "$T/audit")" "$(grep -c 'pseudonymised, \(csv\|json\) to' "$T/audit")" "(each entry well formed)"
