# Import hygiene (docs/IMPORT.md, "Characters"): a NUL byte, a
# right-to-left override and a zero-width space in a student's name are
# problems naming file, line and column -- in a CSV file and in a
# OneRoster bundle -- so the whole batch commits nothing, or with
# --skip-bad those rows go to the rejects file and the rest is committed;
# real Hindi names with a joiner after a virama import byte for byte; the
# readers of map files, actors maps and xAPI statements refuse a NUL too.
. "$ATTAIN_ROOT/tests/lib.sh"
DB="$T/h.db"
imp() { "$A" --db "$DB" import "$@"; }
"$A" --db "$DB" init >/dev/null
q() { sqlite3 "$DB" "$1"; }

NUL='\000'
RLO='\342\200\256'  # U+202E RIGHT-TO-LEFT OVERRIDE
ZWSP='\342\200\213' # U+200B ZERO WIDTH SPACE
ZWJ='\342\200\215'  # U+200D ZERO WIDTH JOINER
ZWNJ='\342\200\214' # U+200C ZERO WIDTH NON-JOINER
# Akshay with a visible half KA (A KA VIRAMA ZWJ SSA YA), Lakshmi with an
# explicit virama (LA KA VIRAMA ZWNJ SSA VIRAMA MA II), Ram as plain text
# and with a joiner where no script needs one (RA AA ZWJ MA).
AKSHAY="\340\244\205\340\244\225\340\245\215$ZWJ\340\244\267\340\244\257"
LAKSHMI="\340\244\262\340\244\225\340\245\215$ZWNJ\340\244\267\340\245\215\340\244\256\340\245\200"
RAM2="\340\244\260\340\244\276$ZWJ\340\244\256"

# shellcheck disable=SC2059
printf "code,given_name,family_name\nS1,Asha,Rao\nS2,Ra${NUL}vi,Kumar\nS3,Meena${RLO}x,Rao\nS4,Ra${ZWSP}m,Das\nS5,$AKSHAY,Kumar\nS6,$LAKSHMI,Devi\nS7,$RAM2,Das\nS8${RLO},Ira,Sen\n" >students.csv

expect_rc 1 "a file with those names fails" -- imp --csv students students.csv
cat >want <<'X'
students.csv:3:2: NUL byte at byte 3 of the field (found 'Ra')
students.csv:4:2: direction control U+202E at byte 6 of the field, not allowed in a name or code (found 'Meena<U+202E>x')
students.csv:5:2: invisible character U+200B at byte 3 of the field, not allowed in a name or code (found 'Ra<U+200B>m')
X
printf "students.csv:8:2: joiner not after a virama U+200D at byte 7 of the field, not allowed in a name or code (found '\340\244\260\340\244\276<U+200D>\340\244\256')\n" >>want
echo "students.csv:9:1: direction control U+202E at byte 3 of the field, not allowed in a name or code (found 'S8<U+202E>')" >>want
grep -v '^attain:' "$T/err" >got
if diff -u want got >diff; then ok "each refused character named by line, column and byte"; else
	notok "each refused character named by line, column and byte"; sed 's/^/# /' diff; fi
expect_grep "import students.csv: 8 read, 0 inserted.*5 rejected; nothing committed" "$T/out" \
	"the whole batch commits nothing"
expect_eq "$(q "select count(*) from student")" 0 "no student imported"
expect_eq "$(q "select status from import_batch order by id desc limit 1")" failed "failed batch recorded"

expect_rc 1 "--skip-bad commits the good rows" -- imp --csv students students.csv --skip-bad
expect_grep "8 read, 3 inserted.*5 rejected; good rows committed" "$T/out" "three rows committed"
expect_eq "$(q "select group_concat(code) from (select code from student order by code)")" "S1,S5,S6" \
	"Asha and the two Hindi names imported"
expect_eq "$(q "select hex(given_name) from student where code = 'S5'")" \
	"E0A485E0A495E0A58DE2808DE0A4B7E0A4AF" "Akshay stored byte for byte, ZWJ kept"
expect_eq "$(q "select hex(given_name) from student where code = 'S6'")" \
	"E0A4B2E0A495E0A58DE2808CE0A4B7E0A58DE0A4AEE0A580" "Lakshmi stored byte for byte, ZWNJ kept"
python3 - students.csv.rejects.csv >rej <<'P'
import csv, sys
for row in csv.DictReader(open(sys.argv[1], encoding="utf-8", newline="")):
    print(row["code"], row["line"], row["reason"].split(" U+")[0].split(" (")[0])
P
cat >want <<'X'
S2 3 given_name: NUL byte at byte 3 of the field
S3 4 given_name: direction control
S4 5 given_name: invisible character
S7 8 given_name: joiner not after a virama
X
printf 'S8\342\200\256 9 code: direction control\n' >>want
if diff -u want rej >diff; then ok "the rejects file names each row's line and reason"; else
	notok "the rejects file names each row's line and reason"; sed 's/^/# /' diff; fi

# Free text keeps joiners, direction marks and line breaks; an override
# is refused there too.
printf 'code,name,start_date,end_date\nY,Year,2024-06-01,2025-03-31\n' >yr.csv
printf 'code,name\nM,Maths\n' >sub.csv
imp --csv years yr.csv >/dev/null && imp --csv subjects sub.csv >/dev/null
# shellcheck disable=SC2059
printf "code,subject,description\nO1,M,\"$RAM2 \342\200\217two\nlines\"\nO2,M,adds ${RLO}up\n" >std.csv
expect_rc 1 "a description with an override is refused" -- imp --csv standards std.csv --skip-bad
expect_grep "std.csv:4:3: direction control U+202E at byte 6 of the field, not allowed in text" "$T/err" \
	"free text: the override named"
expect_eq "$(q "select count(*) from standard where code = 'O1' and description like '%' || char(8205) || '%'")" 1 \
	"free text keeps a joiner anywhere"

# OneRoster: the same three characters in users.csv.
cp -r "$ATTAIN_ROOT/tests/fixtures/oneroster-1.1" or
python3 - or/users.csv <<'P'
import sys
p = sys.argv[1]
b = open(p, "rb").read()
akshay = "\u0905\u0915\u094d\u200d\u0937\u092f".encode()
for a, c in ((b",Asha,", b",As\x00ha,"), (b",Ben,", b",Be\xe2\x80\xaen,"),
             (b",Chen,", b",Ch\xe2\x80\x8ben,"), (b",Tara,", b"," + akshay + b",")):
    assert b.count(a) == 1, a
    b = b.replace(a, c)
open(p, "wb").write(b)
P
rm -f "$DB"
"$A" --db "$DB" init >/dev/null
expect_rc 1 "a OneRoster bundle with those names fails" -- imp --oneroster or
expect_grep "or/users.csv:4:9: NUL byte at byte 3 of the field (found 'As')" "$T/err" "OneRoster: NUL named"
expect_grep "or/users.csv:5:9: direction control U+202E at byte 3 of the field" "$T/err" "OneRoster: override named"
expect_grep "or/users.csv:6:9: invisible character U+200B at byte 3 of the field" "$T/err" "OneRoster: zero-width space named"
expect_grep "nothing committed" "$T/out" "the bundle commits nothing"
expect_eq "$(q "select count(*) from student") $(q "select count(*) from staff") $(q "select count(*) from org")" \
	"0 0 0" "nothing imported from the bundle"
expect_rc 1 "the bundle with --skip-bad" -- imp --oneroster or --skip-bad
expect_eq "$(q "select count(*) from student where code in ('U-S1', 'U-S2', 'U-S3')")" 0 \
	"the three refused students are not imported"
expect_eq "$(q "select hex(given_name) from staff where code = 'U-T1'")" \
	"E0A485E0A495E0A58DE2808DE0A4B7E0A4AF" "a Hindi name with ZWJ imports from OneRoster"
expect_grep "^U-S1,.*,4,givenName: NUL byte at byte 3 of the field" or/users.csv.rejects.csv \
	"the NUL row is in the bundle's rejects file with its line"
expect_grep "^U-S3,.*,6,\"givenName: invisible character U+200B" or/users.csv.rejects.csv \
	"the zero-width row too"

# The files read whole before a batch refuse a NUL byte as a usage problem.
rm -f "$DB"
"$A" --db "$DB" init >/dev/null
printf 'code,given_name\nS1,Ana\n' >s.csv
imp --csv students s.csv >/dev/null
printf 'type,column,from,to\nrename,,Pupil\000x,code\n' >map.csv
expect_rc 1 "a map file with a NUL byte is refused" -- imp --csv students s.csv --map map.csv
expect_grep "map.csv:2:3: NUL byte at byte 6 of the field" "$T/err" "naming the map file's line"
printf 'actor,student\nmailto:ana@example.org\000,S1\n' >actors.csv
printf '{"actor":{"mbox":"mailto:ana@example.org"},"object":{"id":"A"},"result":{"score":{"raw":1}}}\n' >st.jsonl
expect_rc 1 "an actors map with a NUL byte is refused" -- imp --xapi st.jsonl --actors actors.csv
expect_grep "actors.csv:2:1: NUL byte at byte 23 of the field" "$T/err" "naming the actors map's line"
printf 'actor,student\nmailto:ana@example.org,S1\n' >actors.csv
printf '{"actor":{"mbox":"mailto:ana@example.org"},"object":{"id":"A\\u0000B"},"result":{"score":{"raw":1}}}\n' >st.jsonl
expect_rc 1 "an xAPI statement with an escaped NUL is refused" -- imp --xapi st.jsonl --actors actors.csv
expect_grep "st.jsonl:1:.*invalid JSON" "$T/err" "naming the statement's line"
expect_eq "$(q "select count(*) from result")" 0 "nothing imported from xAPI"
