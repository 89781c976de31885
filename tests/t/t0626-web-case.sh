# Early-warning cases over HTTP: a teacher reads and updates the case of a
# student of their class (status, next action, due date; CSRF required),
# may not reassign it (403); the principal reassigns it within the school;
# another school's teacher and principal get 404 (as the dispatcher
# answers anything out of scope); bad values are refused (422) and leave
# the case unchanged; every change is an audit entry (ews-case); the
# class page and the school page show the same ranked caseload with the
# case's status and owner.
. "$ATTAIN_ROOT/tests/lib.sh"
. "$ATTAIN_ROOT/tests/web_lib.sh"

web_fixture "$T/w.db" || { notok "fixture builds"; exit 1; }
DB="$T/w.db"
# every student with a reason in a tier, so the small school has cases
printf '{"ews": {"attendance_warning": 0.98, "error_z": 0, "tier1_share": 0.5, "tier2_share": 1}}\n' >"$T/cfg.json"
expect_rc 0 "analyze ews" -- env ATTAIN_NOW=2025-03-01 "$A" --db "$DB" analyze --only ews --config "$T/cfg.json" --quiet
q() { sqlite3 "$DB" "$1"; }
# the top-ranked student of SCH1 enrolled in CL1A
S=$(q "SELECT s.code FROM ews_flag f JOIN student s ON s.id = f.student_id
  JOIN enrolment e ON e.student_id = f.student_id AND e.class_id = 1 ORDER BY f.tier, f.rank LIMIT 1")
[ -n "$S" ] && ok "a student of CL1A is in a tier ($S)" || { notok "a student of CL1A is in a tier"; exit 1; }

ATTAIN_TODAY=2025-03-01 web_start "$DB"
[ -n "$PORT" ] && ok "server started" || { notok "server started"; cat "$T/serve.err"; exit 1; }
for u in teacher1 teacher3 principal1 principal3 parent1; do web_login "$u"; done
get() { curl -s -o "$T/body" -w '%{http_code}' -b "$T/jar.$1" "$BASE$2"; }
post() {
	u=$1; p=$2; b=$3
	if [ "${4:-}" = csrf ]; then b="$b&csrf=$(web_csrf "$u")"; fi
	curl -s -o "$T/body" -w '%{http_code}' -b "$T/jar.$u" --data "$b" "$BASE$p"
}

expect_eq "$(get teacher1 "/api/students/$S/case")" "200" "the teacher reads the case"
python3 - "$T/body" >"$T/py.out" 2>&1 <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
f = d["figures"]
print(("ok" if f["status"] == "new" and f["owner"] == "Meera Teachone" and f["tier"] in (1, 2) and f["rank"] >= 1 else "not ok"),
      "- a new case, owned by the class teacher: %s, %s, tier %s rank %s" % (f["status"], f["owner"], f["tier"], f["rank"]))
PY
cat "$T/py.out"
expect_eq "$(get teacher1 "/students/$S/case")" "200" "the case page in HTML"
expect_grep 'name="csrf"' "$T/body" "its form carries the CSRF token"
expect_grep 'name="next_action"' "$T/body" "and asks for the next action"
expect_eq "$(post teacher1 "/students/$S/case" "status=seen&next_action=Call+home&due=2025-03-10")" "403" "no CSRF token: refused"
expect_eq "$(q "SELECT count(*) FROM ews_case")" "0" "nothing saved without the token"
expect_eq "$(post teacher1 "/students/$S/case" "status=seen&next_action=Call+home&due=2025-03-10" csrf)" "303" "the teacher marks it seen with a next action"
expect_eq "$(q "SELECT status || '|' || next_action || '|' || due || '|' || coalesce(owner_staff_id, '-') FROM ews_case")" "seen|Call home|2025-03-10|-" "the case is stored, owner still the class teacher"
expect_eq "$(post teacher1 "/students/$S/case" "status=closed" csrf)" "422" "an unknown status is refused"
expect_eq "$(post teacher1 "/students/$S/case" "due=2025-13-40" csrf)" "422" "a bad date is refused"
expect_eq "$(post teacher1 "/students/$S/case" "owner=T2" csrf)" "403" "a teacher may not reassign"
expect_eq "$(q "SELECT status || '|' || due || '|' || coalesce(owner_staff_id, '-') FROM ews_case")" "seen|2025-03-10|-" "refused changes leave the case as it was"
expect_eq "$(post teacher3 "/students/$S/case" "status=resolved" csrf)" "404" "another school's teacher: 404"
expect_eq "$(get teacher3 "/students/$S/case")" "404" "another school's teacher cannot read it"
expect_eq "$(post principal3 "/students/$S/case" "status=resolved" csrf)" "404" "another school's principal: 404"
expect_eq "$(post parent1 "/students/STU0001/case" "status=resolved" csrf)" "404" "a parent: 404"
expect_eq "$(post principal1 "/students/$S/case" "owner=T3" csrf)" "422" "the owner must be staff of the school"
expect_eq "$(post principal1 "/students/$S/case" "status=intervention&owner=T2" csrf)" "303" "the principal reassigns it within the school"
expect_eq "$(q "SELECT c.status || '|' || s.code FROM ews_case c JOIN staff s ON s.id = c.owner_staff_id")" "intervention|T2" "reassigned to T2, in an intervention"
expect_eq "$(q "SELECT count(*) FROM ews_case")" "1" "one case per student and year"
# the history is the audit log's
expect_eq "$(q "SELECT group_concat(username || ':' || detail, ' / ') FROM (SELECT * FROM audit WHERE action = 'ews-case' AND target = '$S' ORDER BY id)")" \
	"teacher1:status=seen; owner=; due=2025-03-10 / principal1:status=intervention; owner=T2; due=2025-03-10" "each change is an audit entry"
# the class page and the school page show the case in the ranked caseload
expect_eq "$(get teacher1 /api/classes/CL1A)" "200" "class page"
cp "$T/body" "$T/class.json"
expect_eq "$(get principal1 /api/orgs/SCH1)" "200" "school page"
cp "$T/body" "$T/school.json"
python3 - "$T" "$S" "$DB" >"$T/py2.out" 2>&1 <<'PY'
import json, sqlite3, sys
t, s, db = sys.argv[1], sys.argv[2], sqlite3.connect(sys.argv[3])
cls = json.load(open(t + "/class.json"))["tables"]["caseload"]["rows"]
sch = json.load(open(t + "/school.json"))
rows = sch["tables"]["caseload"]["rows"]
mine = [r for r in cls if r["code"] == s]
print(("ok" if mine and mine[0]["status"] == "in an intervention" and mine[0]["owner_name"] == "Ravi Teachtwo" else "not ok"),
      "- class caseload: the case's status and owner %s" % mine[:1])
want = [c for c, in db.execute("""SELECT s.code FROM ews_flag f JOIN student s ON s.id = f.student_id
    WHERE f.org_id = 7 ORDER BY f.tier, f.rank""")]
print(("ok" if [r["code"] for r in rows] == want else "not ok"),
      "- school caseload: every tier student of the school, ranked (%d)" % len(want))
ranks = [(r["tier"], r["rank"]) for r in rows]
print(("ok" if ranks == sorted(ranks) else "not ok"), "- ranked by tier then rank")
same = all(r["reasons"] == next(x["reasons"] for x in rows if x["code"] == r["code"]) for r in cls)
print(("ok" if same and cls else "not ok"), "- the class and school caseloads give the same indicators")
f = sch["figures"]
n, n1, n2 = db.execute("SELECT n, n_risk, n_warn FROM ews_summary WHERE org_id = 7").fetchone()
print(("ok" if f["ews_tier1"] == n1 and f["ews_tier2"] == n2 and abs(f["ews_tier1_share"] - 100.0 * n1 / n) < 1e-9 else "not ok"),
      "- school page: tier counts and share (%s of %s)" % (f["ews_tier1"], n))
PY
cat "$T/py2.out"
