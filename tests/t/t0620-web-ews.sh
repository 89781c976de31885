# Early warning is defined once: the class page, the school page, the
# student page and the exceptions report all show the ews analysis's
# flags, with the same level and the same reasons for the same student,
# and the thresholds it was run with; the student page shows it to staff
# only; before the analysis has run, the pages say so and flag no one.
. "$ATTAIN_ROOT/tests/lib.sh"
. "$ATTAIN_ROOT/tests/web_lib.sh"

web_fixture "$T/w.db" || { notok "fixture builds"; exit 1; }
DB="$T/w.db"
# thresholds other than the defaults: the pages must follow them
printf '{"ews": {"attendance_warning": 0.98, "error_z": 0, "tier1_share": 0.5, "tier2_share": 1}}\n' >"$T/cfg.json"
expect_rc 0 "analyze ews with a config" -- env ATTAIN_NOW=2025-03-01 "$A" --db "$DB" analyze --only ews --config "$T/cfg.json" --quiet
web_start "$DB"
[ -n "$PORT" ] && ok "server started" || { notok "server started"; cat "$T/serve.err"; exit 1; }
for u in teacher1 principal1 parent1; do web_login "$u"; done
get() { curl -s -b "$T/jar.$1" "$BASE$2"; }
get teacher1 /api/classes/CL1A >"$T/class.json"
get principal1 /api/orgs/SCH1 >"$T/school.json"
get teacher1 /api/students/STU0005 >"$T/student.json"
get parent1 /api/students/STU0001 >"$T/parent.json"
ATTAIN_TODAY=2025-03-01 "$A" --db "$DB" report class --class CL1A --lang en --format csv >"$T/report.csv" 2>"$T/report.err"

python3 - "$DB" "$T" >"$T/py.out" 2>&1 <<'PY'
import csv, json, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
t = sys.argv[2]
def load(name):
    return json.load(open("%s/%s" % (t, name)))
def check(ok, what):
    print(("ok" if ok else "not ok"), "-", what)

# the analysis's flags of the class's students for the class's year
want = dict(db.execute("""SELECT s.code, f.overall FROM class c
    JOIN enrolment e ON e.class_id = c.id
    JOIN ews_flag f ON f.student_id = e.student_id AND f.year_id = c.year_id
    JOIN student s ON s.id = f.student_id WHERE c.code = 'CL1A'"""))
level = {1: "second tier", 2: "top tier"}
cls = load("class.json")
rows = cls["tables"]["students"]["rows"]
shown = {r["code"]: r["level"] for r in rows if r["level"]}
check(cls["figures"]["ews_flagged"] == len(want) and len(want) > 0,
      "class page counts the analysis's %d flagged students (%s)" % (len(want), cls["figures"]["ews_flagged"]))
check(shown == {c: level[v] for c, v in want.items()},
      "class page shows each flagged student at the analysis's level, nobody else")
# the configured attendance threshold (95%) is the one shown
att = [r["reasons"] for r in rows if "attendance 97.5% is below 98%" in r["reasons"]]
check(len(att) > 0, "the configured threshold (98%%) flags and explains: %d students" % len(att))

school = {r["code"]: r for r in load("school.json")["tables"]["risk"]["rows"]}
same = [c for c in shown if c in school and school[c]["level"] == shown[c]
        and school[c]["reasons"] == next(r["reasons"] for r in rows if r["code"] == c)]
check(len(same) == len(shown), "school page: the same level and words for the class's %d flagged students (%d)" % (len(shown), len(same)))

st = load("student.json")
one = st["tables"]["early_warning"]["rows"][0]
check(st["figures"]["early_warning"] == school["STU0005"]["level"] and one["reasons"] == school["STU0005"]["reasons"],
      "student page: the same level and reasons for a teacher")
par = load("parent.json")
check("early_warning" not in par["figures"] and "early_warning" not in par["tables"],
      "a parent's view of the student page shows no early-warning flag")

rep = {}
for r in csv.reader(open("%s/report.csv" % t)):
    if len(r) >= 6 and r[1] == "flags":
        rep[r[3]] = (r[4], r[5])
check(len(rep) == len(want) and all(rep[c] == (shown[c], school[c]["reasons"]) for c in rep),
      "class planning sheet: the same students, levels and words (%d)" % len(rep))
PY
cat "$T/py.out"
grep -q '^not ok' "$T/py.out" && sed 's/^/# /' "$T/report.err"

# before the analysis: the pages say so and flag no one
web_fixture "$T/w2.db" || { notok "second fixture builds"; exit 1; }
sqlite3 "$T/w2.db" "DELETE FROM analysis_step; DELETE FROM analysis_run;"
kill "$SRV_PID" 2>/dev/null
wait "$SRV_PID" 2>/dev/null
web_start "$T/w2.db"
for u in teacher1 principal1; do web_login "$u"; done
get teacher1 /api/classes/CL1A >"$T/class2.json"
get principal1 /api/orgs/SCH1 >"$T/school2.json"
python3 - "$T" >"$T/py2.out" 2>&1 <<'PY'
import json, sys
t = sys.argv[1]
cls = json.load(open("%s/class2.json" % t))
school = json.load(open("%s/school2.json" % t))
rows = cls["tables"]["students"]["rows"]
print(("ok" if cls["figures"]["ews_flagged"] is None and not any(r["level"] for r in rows) else "not ok"),
      "- class page flags no one before the analysis has run")
print(("ok" if any("not been run" in n for n in cls["notes"]) else "not ok"),
      "- class page says the analysis has not been run")
print(("ok" if "risk" not in school["tables"] and any("not been run" in n for n in school["notes"]) else "not ok"),
      "- school page has no flags of its own and says why")
PY
cat "$T/py2.out"
