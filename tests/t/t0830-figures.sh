# The catalogue's figures computed another way: on a small demo, the units
# analysis's counts and sums (unit_stat, unit_result) against the same
# figures computed in SQL straight from the raw tables (placements,
# results, assessments, the org tree), and against the desc analysis's
# per-assessment rows; then the page, its JSON twin, its CSV and the
# academic plan showing the one value.
. "$ATTAIN_ROOT/tests/lib.sh"
. "$ATTAIN_ROOT/tests/web_lib.sh"
DB="$T/f.db"
ATTAIN_NOW=2026-01-12 "$A" --db "$DB" demo --students 1500 --seed 3 --password figures1 >/dev/null 2>&1 ||
	notok "demo"
ATTAIN_NOW=2026-01-12 "$A" --db "$DB" analyze --quiet >/dev/null 2>&1 || notok "analyze"
Y=$(sqlite3 "$DB" "SELECT max(year_id) FROM unit_stat")
q() { sqlite3 "$DB" "$1"; }

# every org (every level) and year: students placed under it
diff=$(q "WITH RECURSIVE anc(org, id) AS (SELECT id, id FROM org UNION ALL
  SELECT anc.org, o.parent_id FROM anc JOIN org o ON o.id = anc.id
  WHERE o.parent_id IS NOT NULL),
 raw AS (SELECT anc.id AS org_id, p.year_id, count(DISTINCT p.student_id) AS n
  FROM placement p JOIN anc ON anc.org = p.org_id GROUP BY 1, 2)
 SELECT count(*) FROM raw LEFT JOIN unit_stat u ON u.org_id = raw.org_id
  AND u.year_id = raw.year_id AND u.grade IS NULL
 WHERE u.students IS NOT raw.n")
expect_eq "$diff" "0" "students of every org and year equal the placements counted in SQL"

# every org and year: summative results, their mean percent of the maximum
# and the share at or above the proficient cut (the band named proficient)
diff=$(q "WITH RECURSIVE anc(org, id) AS (SELECT id, id FROM org UNION ALL
  SELECT anc.org, o.parent_id FROM anc JOIN org o ON o.id = anc.id
  WHERE o.parent_id IS NOT NULL),
 cut AS (SELECT a.id, a.max_score, (SELECT min_score FROM cut_score c
  WHERE c.assessment_id = a.id AND lower(c.band) = 'proficient') AS pc
  FROM assessment a WHERE a.kind = 'summative'),
 raw AS (SELECT anc.id AS org_id, a.year_id, count(*) AS n,
  avg(r.score * 100.0 / cut.max_score) AS mean,
  100.0 * avg(r.score >= cut.pc) AS prof
  FROM result r JOIN cut ON cut.id = r.assessment_id
  JOIN assessment a ON a.id = r.assessment_id
  JOIN placement p ON p.student_id = r.student_id AND p.year_id = a.year_id
  JOIN anc ON anc.org = p.org_id GROUP BY 1, 2)
 SELECT count(*) FROM raw LEFT JOIN unit_result u ON u.org_id = raw.org_id
  AND u.year_id = raw.year_id AND u.subject_id IS NULL AND u.grade IS NULL
  AND u.subgroup = 'all'
 WHERE u.n IS NOT raw.n OR abs(u.sum_pct / u.n - raw.mean) > 1e-9
  OR abs(100.0 * u.n_prof / u.n_cut - raw.prof) > 1e-9")
expect_eq "$diff" "0" "results, mean score and proficiency of every org and year equal SQL over the raw results"
n=$(q "SELECT count(*) FROM unit_result WHERE subject_id IS NULL AND grade IS NULL AND subgroup = 'all' AND org_id IS NOT NULL")
[ "$n" -gt 10 ] && ok "the comparison covers $n org-years" || notok "too few org-years ($n)"

# the same mean from desc_stat's per-assessment rows, weighted by results
diff=$(q "SELECT count(*) FROM (SELECT d.org_id, d.year_id,
  sum(d.n) AS n, sum(d.n * d.mean_pct) AS s FROM desc_stat d
  JOIN assessment a ON a.id = d.assessment_id AND a.kind = 'summative'
  WHERE d.group_kind = 'org' AND d.subgroup = 'all' GROUP BY 1, 2) x
 JOIN unit_result u ON u.org_id = x.org_id AND u.year_id = x.year_id
  AND u.subject_id IS NULL AND u.grade IS NULL AND u.subgroup = 'all'
 WHERE x.n <> u.n OR abs(x.s - u.sum_pct) > 1e-6 * u.sum_pct")
expect_eq "$diff" "0" "desc_stat's assessments add up to the units analysis's results and sums"

# one value everywhere: the block page, its JSON twin, its CSV and the plan
"$A" --db "$DB" user add figofficer --password figures-1 --role officer --scope org:B001 >/dev/null
ATTAIN_TODAY=2026-01-12 web_start "$DB"
curl -s -o /dev/null -c "$T/jar" --data-urlencode username=figofficer --data-urlencode password=figures-1 "$BASE/login"
curl -s -b "$T/jar" "$BASE/api/orgs/B001" >"$T/b.json"
curl -s -b "$T/jar" "$BASE/orgs/B001" >"$T/b.html"
curl -s -b "$T/jar" "$BASE/orgs/B001/children.csv" >"$T/b.csv"
mean=$(q "SELECT printf('%.1f', u.sum_pct / u.n) FROM unit_result u JOIN org o ON o.id = u.org_id WHERE o.code = 'B001' AND u.year_id = $Y AND u.subject_id IS NULL AND u.grade IS NULL AND u.subgroup = 'all'")
expect_grep "id=\"f-mean_pct\"><dt>[^<]*</dt><dd>$mean%" "$T/b.html" "the page shows the block's mean score ($mean%)"
jmean=$(q "SELECT printf('%.4f', u.sum_pct / u.n) FROM unit_result u JOIN org o ON o.id = u.org_id WHERE o.code = 'B001' AND u.year_id = $Y AND u.subject_id IS NULL AND u.grade IS NULL AND u.subgroup = 'all'")
expect_grep "\"mean_pct\":$jmean" "$T/b.json" "the JSON twin carries the same mean ($jmean)"
ATTAIN_TODAY=2026-01-12 "$A" --db "$DB" report plan --org B001 --format text --lang en >"$T/plan.txt" 2>&1
expect_grep "Mean score: $mean%" "$T/plan.txt" "the academic plan shows the same mean"
# each child unit's students: the page's table and its CSV
for c in $(q "SELECT code FROM org WHERE parent_id = (SELECT id FROM org WHERE code = 'B001')"); do
	want=$(q "SELECT u.students FROM unit_stat u JOIN org o ON o.id = u.org_id WHERE o.code = '$c' AND u.year_id = $Y AND u.grade IS NULL")
	expect_grep "\"code\":\"$c\",\"schools\":[0-9]*,\"students\":$want," "$T/b.json" "$c: $want students in the JSON"
	expect_grep ",$want," "$T/b.csv" "$c: $want students in the CSV"
done

# attain export figures: the same figures, every unit and year
"$A" --db "$DB" export figures >"$T/fig.csv" 2>"$T/fig.err"
yc=$(q "SELECT code FROM academic_year WHERE id = $Y")
row=$(grep "^B001,[^,]*,block,$yc," "$T/fig.csv")
[ -n "$row" ] && ok "export figures has the block's row for $yc" || notok "export figures: no B001 row for $yc"
got=$(printf '%s\n' "$row" | awk -F, '{ printf "%.4f", $8 }')
expect_eq "$got" "$jmean" "export figures carries the block's mean score"
units=$(q "SELECT count(*) FROM org")
expect_eq "$(grep -c ",$yc," "$T/fig.csv")" "$units" "one row per org unit in the year ($units)"

# a class: its page (figures, JSON, the students table's CSV), the class
# planning sheet and the student page show one mean score, the class's
# and each student's, equal to the mean computed in SQL straight from the
# raw results: the summative results of the class's year in its subject
cls=$(q "SELECT c.code FROM class c WHERE c.year_id = $Y AND c.subject_id IS NOT NULL
 AND (SELECT count(DISTINCT e.student_id) FROM enrolment e JOIN result r ON r.student_id = e.student_id
  JOIN assessment a ON a.id = r.assessment_id AND a.kind = 'summative' AND a.year_id = c.year_id
  AND a.subject_id = c.subject_id WHERE e.class_id = c.id) >= 5 ORDER BY c.code LIMIT 1")
[ -n "$cls" ] && ok "a class of the year with results: $cls" || notok "no class with results in year $Y"
"$A" --db "$DB" user add figadmin --password figures-2 --role admin >/dev/null
curl -s -o /dev/null -c "$T/jar2" --data-urlencode username=figadmin --data-urlencode password=figures-2 "$BASE/login"
curl -s -b "$T/jar2" "$BASE/api/classes/$cls" >"$T/c.json"
curl -s -b "$T/jar2" "$BASE/classes/$cls" >"$T/c.html"
curl -s -b "$T/jar2" "$BASE/classes/$cls/students.csv" >"$T/c.csv"
stu=$(q "SELECT s.code FROM enrolment e JOIN student s ON s.id = e.student_id JOIN class c ON c.id = e.class_id
 WHERE c.code = '$cls' AND EXISTS (SELECT 1 FROM result r JOIN assessment a ON a.id = r.assessment_id
  WHERE r.student_id = s.id AND a.kind <> 'summative' AND a.year_id = c.year_id AND a.subject_id = c.subject_id)
 ORDER BY s.code LIMIT 1")
curl -s -b "$T/jar2" "$BASE/api/students/${stu:-none}" >"$T/s.json"
ATTAIN_TODAY=2026-01-12 "$A" --db "$DB" report class --class "$cls" --format json --lang en >"$T/sheet.json" 2>"$T/sheet.err" ||
	notok "class planning sheet of $cls"
q "WITH cl AS (SELECT id, year_id, subject_id FROM class WHERE code = '$cls')
 SELECT s.code, avg(r.score * 100.0 / a.max_score) FROM cl JOIN enrolment e ON e.class_id = cl.id
 JOIN student s ON s.id = e.student_id JOIN result r ON r.student_id = s.id
 JOIN assessment a ON a.id = r.assessment_id AND a.kind = 'summative' AND a.year_id = cl.year_id
  AND a.subject_id = cl.subject_id GROUP BY s.id
 UNION ALL SELECT '*', avg(r.score * 100.0 / a.max_score) FROM cl JOIN enrolment e ON e.class_id = cl.id
 JOIN result r ON r.student_id = e.student_id
 JOIN assessment a ON a.id = r.assessment_id AND a.kind = 'summative' AND a.year_id = cl.year_id
  AND a.subject_id = cl.subject_id" | tr '|' ' ' >"$T/raw"
sub=$(q "SELECT su.name FROM class c JOIN subject su ON su.id = c.subject_id WHERE c.code = '$cls'")
yr=$(q "SELECT y.code FROM class c JOIN academic_year y ON y.id = c.year_id WHERE c.code = '$cls'")
python3 - "$T" "$stu" "$sub" "$yr" <<'PY'
import csv, json, re, sys
t, stu, sub, yr = sys.argv[1:5]
raw = {}
for line in open(t + "/raw"):
    k, v = line.split()
    raw[k] = float(v)
def check(ok, what):
    print(("ok" if ok else "not ok"), "-", what)
def near(shown, want):  # a shown value with one decimal, "48.3%"
    m = re.match(r"^\s*([\d.]+)%?$", str(shown))
    return m is not None and abs(float(m.group(1)) - want) <= 0.05 + 1e-9
page = json.load(open(t + "/c.json"))
sheet = json.load(open(t + "/sheet.json"))["reports"][0]["blocks"]
cm = raw["*"]
check(abs(page["figures"]["mean_pct"] - cm) < 1e-4,
      "class page's mean score %.4f equals SQL over the raw results (%.4f)" % (page["figures"]["mean_pct"], cm))
m = re.search(r'id="f-mean_pct"><dt>[^<]*</dt><dd>([^<]*)<', open(t + "/c.html").read())
check(m is not None and near(m.group(1), cm), "and its HTML shows it (%s)" % (m.group(1) if m else None))
field = [b["value"] for b in sheet if b["type"] == "field" and b["key"] == "Mean score"]
check(len(field) == 1 and near(field[0], cm), "the class planning sheet shows the same class mean (%s)" % field)
rows = {r["code"]: r for r in page["tables"]["students"]["rows"]}
col = [c for c in page["tables"]["students"]["columns"] if c["key"] == "mean_pct"]
check(len(col) == 1 and col[0].get("figure") == "mean_pct" and col[0].get("population") == "results",
      "the students' mean is the catalogue's mean_pct, population results")
table = [b for b in sheet if b["type"] == "table" and b.get("id") == "students"][0]
mi = table["columns"].index("Mean score")
srow = {r["cells"][1]: r["cells"][mi] for r in table["rows"]}
pcsv = {r["name"]: r["mean_pct"] for r in csv.DictReader(open(t + "/c.csv"))}
names = {r["code"]: r["name"] for r in page["tables"]["students"]["rows"]}
bad = [c for c, v in raw.items() if c != "*" and not (
    abs((rows[c]["mean_pct"] or -1) - v) < 1e-4 and near(srow.get(c), v) and
    abs(float(pcsv.get(names[c]) or -1) - v) <= 0.005 + 1e-9)]
check(len(raw) > 5 and not bad,
      "each of %d students: the page, its CSV and the sheet show the SQL mean (differ: %s)" % (len(raw) - 1, bad[:3]))
notes = " ".join(b.get("text", "") for b in sheet if b["type"] == "note")
check("Mean score (results)" in notes, "the sheet names the mean's population (results)")
# the student page's progress table: the same figure for the subject and year
st = json.load(open(t + "/s.json"))
prog = [r for r in st["tables"]["progress"]["rows"] if r["name"] == sub]
check(stu and prog and abs((prog[0].get(yr) or -1) - raw[stu]) < 1e-4,
      "student page %s: progress in %s %s is the same mean (%s, not counting their other results)"
      % (stu, sub, yr, prog[0].get(yr) if prog else None))
PY

# mastery of learning outcomes, one definition (store_figures_mastery):
# the class page's heat map and its JSON's mastery_figures, the student
# page, the class planning sheet's outcomes to reteach and `attain export
# figures_mastery`, against the points summed in SQL straight from the
# item responses; and each school's against the items analysis's
# per-assessment mastery_group (in the demo one assessment has an
# outcome's items in a year, and every student answers every item of the
# test they sit, so the two definitions meet)
q "WITH cl AS (SELECT id, year_id, subject_id FROM class WHERE code = '$cls')
 SELECT s.code, sd.code, sum(ir.points), sum(i.max_points) FROM cl
 JOIN enrolment e ON e.class_id = cl.id JOIN student s ON s.id = e.student_id
 JOIN item_response ir ON ir.student_id = s.id JOIN item i ON i.id = ir.item_id
 JOIN standard sd ON sd.id = i.standard_id JOIN assessment a ON a.id = i.assessment_id
  AND a.year_id = cl.year_id AND a.subject_id = cl.subject_id
 GROUP BY s.id, sd.id" | tr '|' ' ' >"$T/mraw"
q "SELECT o.code, y.code, sd.code, m.mean_pct, m.n FROM mastery_group m
 JOIN org o ON o.id = m.org_id AND o.is_school = 1 JOIN assessment a ON a.id = m.assessment_id
 JOIN academic_year y ON y.id = a.year_id JOIN standard sd ON sd.id = m.standard_id
 WHERE m.group_kind = 'org'" | tr '|' ' ' >"$T/mgroup"
"$A" --db "$DB" export figures_mastery >"$T/fm.csv" 2>"$T/fm.err" || notok "export figures_mastery"
python3 - "$T" "$stu" "$yr" <<'PY'
import csv, json, re, sys
t, stu, yr = sys.argv[1:4]
def check(ok, what):
    print(("ok" if ok else "not ok"), "-", what)
def near(shown, want):  # a shown value with one decimal, "48.3%"
    m = re.match(r"^\s*([\d.]+)%?$", str(shown))
    return m is not None and abs(float(m.group(1)) - want) <= 0.05 + 1e-9
raw = {}
for line in open(t + "/mraw"):
    s, sd, p, mx = line.split()
    raw[(s, sd)] = (100 * float(p) / float(mx), float(mx))
page = json.load(open(t + "/c.json"))
mf = page["tables"]["mastery_figures"]
cols = {c["key"]: c for c in mf["columns"]}
check(cols["mastery_pct"].get("figure") == "mastery_pct" and
      cols["mastery_points"].get("population") == "item points",
      "the class's mastery_figures columns are the catalogue's, with the item points")
got = {(r["code"], r["standard"]): (r["mastery_pct"], r["mastery_points"])
       for r in mf["rows"]}
# below items.min_evidence (3 points) no number: the mark
thin = {k for k, v in raw.items() if v[1] < 3}
bad = [k for k, v in raw.items() if k not in got or got[k][1] != v[1] or
       (got[k][0] is not None if k in thin else abs(got[k][0] - v[0]) > 1e-4)]
rawall = dict(raw)  # a class's mean counts every student
for k in thin:
    del raw[k]
check(len(raw) > 20 and len(got) == len(raw) + len(thin) and not bad,
      "class page: %d student x outcome masteries and their item points equal SQL (differ: %s)"
      % (len(raw), bad[:3]))
heat = {r["code"]: r for r in page["tables"]["outcomes"]["rows"]}
shown = [(s, sd) for (s, sd) in raw if sd in heat.get(s, {})]
bad = [k for k in shown if abs(heat[k[0]][k[1]] - raw[k][0]) > 1e-4]
check(shown and not bad, "the heat map shows the same %d values (differ: %s)" % (len(shown), bad[:3]))
st = json.load(open(t + "/s.json"))
mine = {r["standard"]: r["mastery_pct"] for r in st["tables"]["mastery_figures"]["rows"]
        if r["year"] == yr}
bad = [sd for (s, sd) in raw if s == stu and abs(mine.get(sd, -1) - raw[(s, sd)][0]) > 1e-4]
check(mine and not bad, "student page %s: the same mastery of the class's outcomes (differ: %s)" % (stu, bad))
sheet = json.load(open(t + "/sheet.json"))["reports"][0]["blocks"]
table = [b for b in sheet if b["type"] == "table" and b.get("id") == "reteach"][0]
ci, ni = table["columns"].index("Class mean"), table["columns"].index("Students")
mean = {}
for (s, sd), v in rawall.items():
    mean.setdefault(sd, []).append(v[0])
rows = {r["cells"][0].split()[0]: r["cells"] for r in table["rows"]}
bad = [sd for sd, v in mean.items() if sd not in rows or
       not near(rows[sd][ci], sum(v) / len(v)) or rows[sd][ni] != str(len(v))]
check(len(rows) == len(mean) and not bad,
      "the planning sheet's class mean of %d outcomes is the mean of its students' (differ: %s)"
      % (len(mean), bad[:3]))
vals = [sum(v) / len(v) for v in mean.values()]
order = [sum(mean[r["cells"][0].split()[0]]) / len(mean[r["cells"][0].split()[0]])
         for r in table["rows"]]
check(order == sorted(order), "the sheet lists the outcomes weakest first")
fm = {(r["code"], r["year"], r["standard"]): r for r in csv.DictReader(open(t + "/fm.csv"))}
n = 0
bad = []
for line in open(t + "/mgroup"):
    sc, y, sd, m, k = line.split()
    n += 1
    r = fm.get((sc, y, sd))
    if not r or abs(float(r["mastery_pct"]) - float(m)) > 1e-6 or r["mastery_students"] != k:
        bad.append((sc, y, sd))
check(n > 50 and not bad,
      "export figures_mastery: %d school x outcome x year masteries equal the items analysis's mastery_group (differ: %s)"
      % (n, bad[:3]))
PY

# mastery against the area (mastery_rel): each school of the demo with a
# planted weak outcome (the truth manifest's weak_outcomes) is, on its
# officer's page (the school's parent unit), marked weaker than the area
# on exactly that outcome, and it is the school's lowest difference; the
# difference and its interval agree with the sums of mastery_unit
tr_codes=$(python3 -c '
import json, sys
for w in json.load(open(sys.argv[1]))["weak_outcomes"]["outcomes"]:
    print(w["school"], w["standard"])' "$DB.truth.json")
nweak=0
while read -r sc sd; do
	[ -n "$sc" ] || continue
	par=$(q "SELECT p.code FROM org o JOIN org p ON p.id = o.parent_id WHERE o.code = '$sc'")
	[ -n "$par" ] || continue
	nweak=$((nweak + 1))
	"$A" --db "$DB" user add "off$nweak" --password figures-3 --role officer --scope "org:$par" >/dev/null
	curl -s -o /dev/null -c "$T/jar$nweak" --data-urlencode username="off$nweak" --data-urlencode password=figures-3 "$BASE/login"
	curl -s -b "$T/jar$nweak" "$BASE/api/orgs/$par" >"$T/rel$nweak.json"
	q "SELECT sd.code, c.n, c.sum_pct, c.sumsq_pct, a.n, a.sum_pct, a.sumsq_pct
	 FROM mastery_unit c JOIN org o ON o.id = c.org_id AND o.code = '$sc'
	 JOIN mastery_unit a ON a.org_id = o.parent_id AND a.year_id = c.year_id
	  AND a.standard_id = c.standard_id
	 JOIN standard sd ON sd.id = c.standard_id WHERE c.year_id = $Y" | tr '|' ' ' >"$T/sums$nweak"
	python3 - "$T/rel$nweak.json" "$T/sums$nweak" "$sc" "$sd" "$par" <<'PY'
import json, math, sys
page, sums, sc, sd, par = sys.argv[1:6]
def check(ok, what):
    print(("ok" if ok else "not ok"), "-", what)
rows = [r for r in json.load(open(page))["tables"]["outcomes_rel_cells"]["rows"]
        if r["code"] == sc]
mine = {r["standard"]: r for r in rows}
w = mine.get(sd)
check(w is not None and w["against_area"] == "weaker than the area"
      and w["mastery_rel_hi"] < 0,
      "%s's page: %s is marked weaker than the area on its planted weak outcome %s (%s)"
      % (par, sc, sd, w and (w["mastery_rel"], w["mastery_rel_lo"], w["mastery_rel_hi"])))
low = min(rows, key=lambda r: r["mastery_rel"]) if rows else None
check(low is not None and low["standard"] == sd,
      "%s: the weakest outcome against the area is %s (%s)" % (sc, sd, low and low["standard"]))
check(w is not None and w["description"] and w["description"] != sd,
      "the outcome is named by its description beside its code")
# the same difference and interval from the sums, computed here
bad = []
for line in open(sums):
    s, nu, su, qu, na, sa, qa = line.split()
    nu, na = int(nu), int(na)
    su, qu, sa, qa = map(float, (su, qu, sa, qa))
    if s not in mine:
        bad.append(s); continue
    r = mine[s]
    mu, ma = su / nu, sa / na
    nr = na - nu
    d = mu - ma
    if abs(r["mastery_rel"] - round(d, 1)) > 0.051:
        bad.append(s); continue
    if nu >= 2 and nr >= 2:
        sr, qr = sa - su, qa - qu
        vu = max(0, (qu - su * su / nu) / (nu - 1))
        vr = max(0, (qr - sr * sr / nr) / (nr - 1))
        se = nr / na * math.sqrt(vu / nu + vr / nr)
        if abs(r["mastery_rel_hi"] - round(d + 1.96 * se, 1)) > 0.051:
            bad.append(s)
check(rows and not bad, "%s: %d differences and intervals equal the sums' (differ: %s)"
      % (sc, len(rows), bad[:3]))
PY
done <<EOF2
$tr_codes
EOF2
[ "$nweak" -ge 1 ] && ok "$nweak schools with a planted weak outcome checked" || notok "no school with a planted weak outcome in the demo"

# not enough evidence: no mastery cell of the class's page rests on fewer
# item points than items.min_evidence (3): those show the mark
python3 - "$T/c.json" <<'PY'
import json, sys
page = json.load(open(sys.argv[1]))
mf = page["tables"]["mastery_figures"]["rows"]
thin = [r for r in mf if r["mastery_points"] < 3]
bad = [r for r in thin if r["mastery_pct"] is not None or r["evidence"] != "not enough evidence"]
heat = {r["code"]: r for r in page["tables"]["outcomes"]["rows"]}
bad += [r for r in thin if heat.get(r["code"], {}).get(r["standard"]) is not None]
ok = [r for r in mf if r["mastery_points"] >= 3]
bad += [r for r in ok if r["mastery_pct"] is None or r["evidence"] != ""
        or r["mastery_items"] < 1 or r["mastery_assessments"] < 1]
print(("ok" if mf and not bad else "not ok"), "-",
      "class page: %d masteries, %d on too little evidence shown as the mark, each with its evidence (wrong: %s)"
      % (len(mf), len(thin), bad[:2]))
PY
n_thin=$(q "SELECT count(*) FROM mastery_year WHERE enough = 0")
n_thin2=$(q "SELECT count(*) FROM mastery_year WHERE max_points < 3")
expect_eq "$n_thin" "$n_thin2" "mastery_year marks not enough evidence exactly below 3 item points ($n_thin rows)"
