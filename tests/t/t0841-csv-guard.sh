# The CSV formula guard in every CSV attain writes: web CSV tables,
# `attain export NAME --format csv`, report CSVs and an import's rejects
# file. Students named with each formula trigger -- = + - @ TAB CR and the
# full-width = + - @ -- and "-1+HYPERLINK(...)" (a minus sign and a digit,
# which once passed as a number) come out with a leading quote; no cell of
# any of these files starts with a trigger unless it is wholly a number.
. "$ATTAIN_ROOT/tests/lib.sh"
. "$ATTAIN_ROOT/tests/web_lib.sh"

web_fixture "$T/w.db" || { notok "fixture builds"; exit 1; }
DB="$T/w.db"
# The hostile names, one a line ("\t" and "\r" written as escapes).
cat >"$T/names" <<'X'
-1+HYPERLINK("http://evil","x")
=1+1
+1+1
@SUM(1)
\t=1+1
\r=1+1
＝1+1
＋1+1
－1+1
＠SUM(1)
  =1+1
X
python3 - "$T/names" "$DB" <<'P'
import sqlite3, sys
names = [l.rstrip("\n").replace("\\t", "\t").replace("\\r", "\r")
         for l in open(sys.argv[1], encoding="utf-8")]
db = sqlite3.connect(sys.argv[2])
for i, n in enumerate(names):
    sid = 80 + i
    db.execute("INSERT INTO student(id, code, given_name, family_name) "
               "VALUES (?, ?, ?, 'Zed')", (sid, "STU%04d" % sid, n))
    db.execute("INSERT INTO placement VALUES (?, 2, 7, 5)", (sid,))
    db.execute("INSERT INTO enrolment(class_id, student_id) VALUES (1, ?)",
               (sid,))
db.commit()
P
nn=$(wc -l <"$T/names")

# check FILE WHAT: every hostile name appears guarded and no cell of the
# file starts (after spaces) with a trigger unless it is wholly a number
# (an optional sign, digits grouped by commas, a fraction, an exponent, a
# percent sign) or a lone "-".
check() {
	python3 - "$T/names" "$1" <<'P'
import csv, re, sys
names = [l.rstrip("\n").replace("\\t", "\t").replace("\\r", "\r")
         for l in open(sys.argv[1], encoding="utf-8")]
number = re.compile(r"^[+-]?[0-9]+(,[0-9]+)*(\.[0-9]+)?([eE][+-]?[0-9]+)?%?$")
triggers = tuple("=+-@\t\r\uff1d\uff0b\uff0d\uff20")
cells = [c for row in csv.reader(open(sys.argv[2], encoding="utf-8", newline=""))
         for c in row]
bad = [c for c in cells if c.lstrip(" ").startswith(triggers)
       and not number.match(c.lstrip(" ")) and c.strip() != "-"]
missing = [n for n in names if not any(c.startswith("'" + n) for c in cells)]
for c in bad:
    print("# unguarded: %r" % c)
for m in missing:
    print("# not found guarded: %r" % m)
print(len(bad), len(missing))
P
}

# The web's CSV tables of the class page.
web_start "$DB"
[ -n "$PORT" ] && ok "server started" || { notok "server started"; exit 1; }
web_login teacher1
curl -s -o "$T/students.csv" -b "$T/jar.teacher1" "$BASE/classes/CL1A/students.csv"
expect_eq "$(check "$T/students.csv" | tail -n 1)" "0 0" "web CSV: all $nn names guarded, nothing unguarded"
for t in $(curl -s -b "$T/jar.teacher1" "$BASE/api/classes/CL1A" |
	python3 -c 'import json,sys; print(" ".join(json.load(sys.stdin).get("tables", {})))'); do
	curl -s -o "$T/t.csv" -b "$T/jar.teacher1" "$BASE/classes/CL1A/$t.csv"
	got=$(check "$T/t.csv" | tail -n 1)
	expect_eq "${got% *}" 0 "web CSV table $t: no unguarded cell"
done

# attain export of the raw table.
"$A" --db "$DB" export student --format csv -o "$T/export.csv"
expect_eq "$(check "$T/export.csv" | tail -n 1)" "0 0" "export student: all $nn names guarded, nothing unguarded"

# A report's CSV: the class planning sheet lists the students by name.
"$A" --db "$DB" report class --class CL1A --format csv --today 2025-11-03 --lang en -o "$T/report.csv"
expect_eq "$(check "$T/report.csv" | tail -n 1)" "0 0" "report class CSV: all $nn names guarded, nothing unguarded"

# A rejects file: the same names in rows refused for another reason.
python3 - "$T/names" "$T/imp.csv" <<'P'
import csv, sys
names = [l.rstrip("\n").replace("\\t", "\t").replace("\\r", "\r")
         for l in open(sys.argv[1], encoding="utf-8")]
# quoted, so that the reader keeps the spaces and tabs around them
w = csv.writer(open(sys.argv[2], "w", encoding="utf-8", newline=""),
               quoting=csv.QUOTE_ALL)
w.writerow(["code", "given_name", "gender"])
for i, n in enumerate(names):
    w.writerow(["R%d" % i, n, "Q"])
P
"$A" --db "$DB" import --csv students "$T/imp.csv" --skip-bad >/dev/null 2>&1
expect_eq "$(sqlite3 "$DB" "select count(*) from student where code like 'R%'")" 0 "every row refused (bad gender)"
expect_eq "$(check "$T/imp.csv.rejects.csv" | tail -n 1)" "0 0" "rejects file: all $nn names guarded, nothing unguarded"
