# Recovery of the demo's planted truths (docs/DEMO.md, DBFILE.truth.json)
# on a 20,000-student demo generated here: value-added against the planted
# school effects, the planted socio-economic gap inside its intervals, the
# planted weak learning outcomes weakest in their schools. Uses the
# optimised binary (the statistics, not the sanitizers, are under test;
# the analyses' code paths run under ASan in the unit tests).
. "$ATTAIN_ROOT/tests/lib.sh"

R="${ATTAIN_RELEASE:-$ATTAIN_ROOT/attain}"
if ! "$R" demo --help >/dev/null 2>&1; then
	ok "# skip: this build has no demo generator"
	exit 0
fi
db="$T/demo.db"
expect_rc 0 "20,000-student demo" -- "$R" --db "$db" demo --as-of 2026-01-15 --students 20000 --seed 4
expect_rc 0 "analyze va, gaps, items" -- "$R" --db "$db" analyze --only va --quiet
expect_rc 0 "gaps" -- "$R" --db "$db" analyze --only gaps --quiet
expect_rc 0 "items" -- "$R" --db "$db" analyze --only items --quiet
python3 - "$db" "$db.truth.json" >"$T/py.out" 2>&1 <<'PY'
import json, math, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
d = json.load(open(sys.argv[2]))

def corr(xs, ys):
    n = len(xs); mx = sum(xs) / n; my = sum(ys) / n
    sxy = sum((a - mx) * (b - my) for a, b in zip(xs, ys))
    return sxy / math.sqrt(sum((a - mx) ** 2 for a in xs) * sum((b - my) ** 2 for b in ys))

truth = {(r["school"], r["subject"]): r["value_added"] for r in d["school_effects"]["schools"]}
for model in ("regression", "contextual"):
    rows = db.execute("""SELECT o.code, s.code, g.va FROM va_group g
        JOIN org o ON o.id = g.org_id JOIN subject s ON s.id = g.subject_id
        WHERE g.model = ? AND g.group_kind = 'org' AND g.level = 'school'
        AND g.year_id IS NULL""", (model,)).fetchall()
    pairs = [(va, truth[(sc, sb)]) for sc, sb, va in rows if (sc, sb) in truth]
    r = corr([p[0] for p in pairs], [p[1] for p in pairs])
    print(("ok" if r >= 0.9 and len(pairs) >= 0.9 * len(truth) else "not ok"),
          "- %s value-added vs planted school effects r = %.3f over %d school-subjects"
          % (model, r, len(pairs)))

gap = d["subgroup_gap"]
planted = -gap["gap_sd"] if gap["direction"].startswith("group below") else gap["gap_sd"]
rows = db.execute("""SELECT g_lo, g_hi FROM gap WHERE org_id IS NULL
    AND dimension = 'ses' AND group_a = 'disadvantaged'""").fetchall()
cover = sum(1 for lo, hi in rows if lo <= planted <= hi)
print(("ok" if rows and cover >= 0.9 * len(rows) else "not ok"),
      "- planted gap %.2f inside the 95%% interval of %d of %d assessments"
      % (planted, cover, len(rows)))

bad = 0; seen = 0
for w in d["weak_outcomes"]["outcomes"]:
    for (rank,) in db.execute("""SELECT m.rank_in_group FROM mastery_pooled m
        JOIN org o ON o.id = m.org_id JOIN standard s ON s.id = m.standard_id
        WHERE m.group_kind = 'org' AND o.code = ? AND s.code = ?""",
            (w["school"], w["standard"])):
        seen += 1; bad += rank != 1
print(("ok" if seen > 0 and bad == 0 else "not ok"),
      "- planted weak outcomes weakest in their schools (%d of %d)" % (seen - bad, seen))
PY
cat "$T/py.out"
grep -q "^ok" "$T/py.out" || notok "recovery checks ran"
