# The completeness of data-collection windows, defined once
# (store_collect_status): the org page (HTML, JSON, CSV), the collection
# page, the academic plan (web and CLI), the school report, the calendar
# and `attain check` show the same schools in each state, as of the
# request's or the report's day. The expected counts are worked out by
# hand from the scenario below, not read from attain.
#
# The web fixture's three schools (SCH1 with a mathematics and a language
# class, SCH2 with none, SCH3 with a mathematics class of 20) and, as of
# 2026-01-15:
#   E1 "Term 1 attendance return" (fixture), due 2025-09-30, no registers
#      taken: SCH1 submitted on time, SCH2 late, SCH3 nothing (missing).
#   E2 "December quiz marks", an assessment event due 2025-12-20: SCH1's
#      mathematics class has all 20 results (on time), SCH3's 10 of 20
#      (partial), SCH2 has no class and submitted after the due date (late).
#   E3 "School profile", due 2026-02-28 (not yet due): SCH1 submitted
#      (on time); SCH3's submission is dated 2026-02-01, after today, so it
#      does not count yet; SCH2 nothing: both not yet due.
. "$ATTAIN_ROOT/tests/lib.sh"
. "$ATTAIN_ROOT/tests/web_lib.sh"

web_fixture "$T/w.db" || { notok "fixture builds"; exit 1; }
DB="$T/w.db"
sqlite3 "$DB" "
INSERT INTO assessment(id, code, name, subject_id, year_id, grade, kind, date, max_score)
  VALUES (10, 'A25Q', 'December quiz', 1, 2, 5, 'formative', '2025-12-01', 10);
INSERT INTO result(assessment_id, student_id, score)
  SELECT 10, id, id % 11 FROM student WHERE id <= 20 OR id BETWEEN 41 AND 50;
INSERT INTO calendar_event(id, code, year_id, kind, title, org_id, collects,
  assessment_id, start_date, due_date) VALUES
  (2, 'E2', 2, 'assessment', 'December quiz marks', NULL, NULL, 10,
   '2025-12-01', '2025-12-20'),
  (3, 'E3', 2, 'data_collection', 'School profile', NULL, 'profile', NULL,
   '2025-11-01', '2026-02-28');
INSERT INTO collection_submission(event_id, org_id, submitted_on) VALUES
  (2, 8, '2025-12-28'), (3, 7, '2025-12-01'), (3, 9, '2026-02-01');"

# Window title: schools asked, on time, late, partial, missing, not yet due
cat >"$T/want" <<'EOF'
Term 1 attendance return	3 1 1 0 1 0
December quiz marks	3 1 1 1 0 0
School profile	3 1 0 0 0 2
EOF
# Each school's state in each window (the lines behind the counts).
cat >"$T/want-lines" <<'EOF'
Term 1 attendance return	SCH1	complete
Term 1 attendance return	SCH2	late
Term 1 attendance return	SCH3	missing
December quiz marks	SCH1	complete
December quiz marks	SCH2	late
December quiz marks	SCH3	partial
School profile	SCH1	complete
School profile	SCH2	pending
School profile	SCH3	pending
EOF

# counts.py KIND FILE: the counts of each window as "title<TAB>n n n n n n"
# lines, read from a page's JSON or CSV table, the org page's HTML table,
# or a report's JSON (the calendar's events text, or any completeness table
# tallied by status).
cat >"$T/counts.py" <<'PY'
import csv, html, json, re, sys
kind, path = sys.argv[1], sys.argv[2]
KEYS = ["completeness_schools", "completeness_ontime", "completeness_late",
        "completeness_partial", "completeness_missing",
        "completeness_pending"]
WORDS = ["complete", "late", "partial", "missing", "not yet due"]
out = {}
if kind in ("json", "csv"):
    if kind == "json":
        doc = json.load(open(path))
        rows = doc["tables"][sys.argv[3]]["rows"]
    else:
        rows = list(csv.DictReader(open(path, newline="")))
    for r in rows:
        out[r["title"]] = " ".join(str(int(float(r[k]))) for k in KEYS)
elif kind == "html":
    h = open(path).read()
    sec = h[h.index('id="t-%s"' % sys.argv[3]):]
    sec = sec[:sec.index("</table>")]
    for tr in re.findall(r"<tr><th scope=\"row\">(.*?)</tr>", sec):
        title = html.unescape(re.sub(r"<.*", "", tr))
        nums = re.findall(r'<td class="num"[^>]*>([\d,]+)</td>', tr)
        out[title] = " ".join(n.replace(",", "") for n in nums)
elif kind == "events":  # the calendar's events table, in words
    for d in json.load(open(path))["reports"]:
        for b in d["blocks"]:
            if b.get("id") != "events":
                continue
            for r in b["rows"]:
                m = re.search(r"(\d+) schools: (\d+) on time, (\d+) late, "
                              r"(\d+) partial, (\d+) missing, (\d+) not yet "
                              r"due", r["cells"][4])
                if m:
                    out[r["cells"][1]] = " ".join(m.groups())
else:  # a report's completeness table, tallied by status
    for d in json.load(open(path))["reports"]:
        for b in d["blocks"]:
            if b.get("id") != "completeness":
                continue
            for r in b["rows"]:
                c = out.setdefault(r["cells"][0], [0] * 6)
                c[0] += 1
                c[1 + WORDS.index(r["cells"][3])] += 1
                # flagged exactly when overdue (partial or missing)
                if r["flag"] != (r["cells"][3] in ("partial", "missing")):
                    print("bad flag:", r["cells"])
    out = {k: " ".join(map(str, v)) for k, v in out.items()}
for k in sorted(out):
    print("%s\t%s" % (k, out[k]))
PY
counts() { python3 "$T/counts.py" "$@" 2>&1; }
want=$(sort "$T/want")

ATTAIN_TODAY=2026-01-15 web_start "$DB"
[ -n "$PORT" ] && ok "server started" || { notok "server started"; cat "$T/serve.err"; exit 1; }
web_login admin
web_login principal3
get() { curl -s -b "$T/jar.$1" "$BASE$2" >"$T/$3"; }

# --- the org page, its JSON twin and its CSV table -------------------------------
get admin /orgs/D1 org.html
get admin /api/orgs/D1 org.json
get admin /orgs/D1/completeness.csv org.csv
expect_eq "$(counts json "$T/org.json" completeness)" "$want" "org page JSON: schools in each state"
expect_eq "$(counts csv "$T/org.csv")" "$want" "org page CSV: the same"
expect_eq "$(counts html "$T/org.html" completeness)" "$want" "org page HTML: the same"
python3 - "$T/org.json" >"$T/meta" <<'PY'
import json, sys
t = json.load(open(sys.argv[1]))["tables"]["completeness"]
print(" ".join("%s:%s" % (c.get("figure", "-"), c.get("population", "-"))
               for c in t["columns"][3:]))
PY
expect_eq "$(cat "$T/meta")" "completeness_schools:schools completeness_ontime:schools completeness_late:schools completeness_partial:schools completeness_missing:schools completeness_pending:schools" \
	"its columns are catalogue figures counting schools"
python3 -c "
import json, sys
for r in json.load(open(sys.argv[1]))['tables']['support']['rows']:
    print(r['code'], r['why'])" "$T/org.json" >"$T/why"
expect_grep "^SCH3 .*overdue data collections: 2" "$T/why" \
	"supportive supervision: SCH3's two overdue collections (attendance missing, quiz partial)"
if grep -q "^SCH[12] .*overdue" "$T/why"; then notok "no overdue collection for SCH1 or SCH2"; else
	ok "no overdue collection for SCH1 or SCH2 (late is not overdue)"; fi

# --- the collection page: an officer's view and a principal's ---------------------
get admin /api/orgs/D1/collection coll.json
expect_eq "$(counts json "$T/coll.json" windows)" "$want" "collection page: the same counts"
python3 -c "
import json, sys
for r in json.load(open(sys.argv[1]))['tables']['lines']['rows']:
    print('%s\t%s\t%s' % (r['window'], r['code'], r['status']))" "$T/coll.json" | sort >"$T/lines"
sed 's/pending$/not yet due/' "$T/want-lines" | sort >"$T/want-lines-words"
expect_eq "$(cat "$T/lines")" "$(cat "$T/want-lines-words")" "collection page: each school's line"
get principal3 /api/orgs/SCH3/collection coll3.json
python3 -c "
import json, sys
d = json.load(open(sys.argv[1]))['tables']
for r in d['lines']['rows']:
    print('%s|%s|%s|%s/%s' % (r['window'], r['place'], r['status'], r['done'], r['expected']))
for r in d['windows']['rows']:
    print('%s|%s %s %s' % (r['title'], r['completeness_schools'], r['completeness_partial'], r['completeness_missing']))" \
	"$T/coll3.json" >"$T/lines3"
# 22 weekdays from 2025-09-01 to 2025-09-30
expect_eq "$(sed -n 1,3p "$T/lines3")" "Term 1 attendance return|5C Mathematics|missing|0/22
December quiz marks|5C Mathematics|partial|10/20
School profile|Gamma School|not yet due|0/1" "the principal's lines: per class, and the school's own where a window is per school"
expect_eq "$(sed -n 4,5p "$T/lines3")" "Term 1 attendance return|1 0 1
December quiz marks|1 1 0" "the principal's windows count their school as the org page does"

# --- the academic plan on the web and from the command line ------------------------
get admin /api/orgs/D1/plan plan.json
expect_eq "$(counts table "$T/plan.json")" "$want" "web plan: its completeness table tallies the same"
"$A" --db "$DB" report plan --org D1 --today 2026-01-15 --format json >"$T/plan-cli.json" 2>"$T/err"
expect_eq "$(counts table "$T/plan-cli.json")" "$want" "CLI plan: the same"
python3 -c "
import json, sys
for b in json.load(open(sys.argv[1]))['reports'][0]['blocks']:
    if b.get('id') == 'supervision':
        for r in b['rows']: print(r['cells'][0], r['cells'][-1])" "$T/plan-cli.json" >"$T/sup"
expect_grep "^Gamma School overdue data collections: 2" "$T/sup" "the plan's supervision reason: two overdue"

# --- the calendar and the school report ---------------------------------------------
"$A" --db "$DB" calendar --today 2026-01-15 --format json >"$T/cal.json" 2>"$T/err"
expect_eq "$(counts events "$T/cal.json")" "$want" "calendar: each event's schools in each state"
expect_eq "$(counts table "$T/cal.json")" "$want" "calendar: its completeness table tallies the same"
"$A" --db "$DB" report school --org SCH3 --today 2026-01-15 --format json >"$T/school.json" 2>"$T/err"
expect_eq "$(counts table "$T/school.json")" "$(printf 'December quiz marks\t1 0 0 1 0 0\nSchool profile\t1 0 0 0 0 1\nTerm 1 attendance return\t1 0 0 0 1 0')" \
	"school report: SCH3 partial, not yet due, missing"

# --- attain check ---------------------------------------------------------------------
expect_rc 0 "check" -- "$A" --db "$DB" check --today 2026-01-15
expect_grep "^completeness: 3 on time, 2 late, 1 partial, 1 missing, 2 not yet due (2 overdue)" "$T/out" \
	"check counts the same lines"
expect_rc 1 "check --strict fails on the overdue collections" -- "$A" --db "$DB" check --today 2026-01-15 --strict

# --- as of another day -----------------------------------------------------------------
# On 2026-03-01 the profile is past due: SCH3's submission (2026-02-01,
# before the due date) now counts, on time; SCH2 is missing.
"$A" --db "$DB" calendar --today 2026-03-01 --format json >"$T/cal2.json" 2>"$T/err"
expect_eq "$(counts events "$T/cal2.json" | grep '^School profile')" "$(printf 'School profile\t3 2 0 0 1 0')" \
	"a day later, the profile: two on time, one missing"
web_alive && ok "server still running" || notok "server still running"
