#!/usr/bin/env python3
"""reader.py - the determined reader: can a blanked count be recovered?

Signs in as each officer account, walks every org page of its scope (the
JSON twin carries the same cells as the page and its CSV downloads),
collects every count released to it (students of a unit, per grade and per
year; results per subject and per group of students; students flagged by
early warning), the academic plan of every unit above the schools (the
area's students; each school's students and chronically absent students),
and every blanked one, and tries to solve for each blanked
count from the linear system of everything the account was shown.

The relations are the true sums of the data, taken from the database the
way an informed reader knows them (a unit's grades sum to its students,
its groups of one kind to its results, its subjects to its results over
all subjects, its child units to it), each with a remainder unknown where
the data's parts fall short of the total. The solver is exact: Gauss-Jordan
elimination over the rationals (fractions.Fraction). A blanked cell is
recovered when the system determines it.

Also checked: no statistic (mean score, share proficient) of a blanked cell
is shown anywhere else to the same account (the gaps over time table).

Usage: reader.py --base URL --db DB --password PW ACCOUNT...
Prints one line per account and exits 1 when any blanked cell is recovered
or any statistic of one is shown.
"""
import argparse
import http.cookiejar
import json
import sqlite3
import sys
import urllib.parse
import urllib.request
from collections import defaultdict
from fractions import Fraction


def session(base, user, pw):
    jar = http.cookiejar.CookieJar()
    op = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    data = urllib.parse.urlencode({"username": user, "password": pw}).encode()
    op.open(base + "/login", data)
    return op


def get_json(op, url):
    try:
        with op.open(url) as r:
            return json.loads(r.read().decode())
    except urllib.error.HTTPError:
        return None


class Truth:
    """Cells and relations of the data (the units and ews analyses)."""

    def __init__(self, db):
        c = sqlite3.connect(db)
        self.year = {code: i for i, code in
                     c.execute("SELECT id, code FROM academic_year")}
        self.org = {code: (i, p) for i, code, p in
                    c.execute("SELECT id, code, parent_id FROM org")}
        self.code = {i: code for code, (i, _) in self.org.items()}
        self.parent = {i: p for _, (i, p) in self.org.items()}
        self.subject = {code: i for i, code in
                        c.execute("SELECT id, code FROM subject")}
        self.by_name = defaultdict(list)
        for i, name in c.execute("SELECT id, name FROM org"):
            self.by_name[name].append(i)
        n = {}
        for org, y, g, v in c.execute(
                "SELECT org_id, year_id, coalesce(grade, -1), students "
                "FROM unit_stat WHERE org_id IS NOT NULL AND run_id = "
                "(SELECT max(run_id) FROM unit_stat)"):
            n[("S", org, y, g)] = v
        for org, y, s, g, sub, v in c.execute(
                "SELECT org_id, year_id, coalesce(subject_id, 0), "
                "coalesce(grade, -1), subgroup, n FROM unit_result "
                "WHERE org_id IS NOT NULL AND run_id = "
                "(SELECT max(run_id) FROM unit_result)"):
            n[("R", org, y, s, g, sub)] = v
        for org, y, fl, chronic in c.execute(
                "SELECT org_id, year_id, n_warn + n_risk, n_chronic "
                "FROM ews_summary WHERE org_id IS NOT NULL AND year_id IS "
                "NOT NULL AND run_id = (SELECT max(run_id) FROM ews_summary)"):
            n[("E", org, y)] = fl
            n[("C", org, y)] = chronic
        self.n = n
        self.relations = self._relations()

    def _relations(self):
        """(total, [parts]) with a remainder unknown where parts fall short."""
        groups = defaultdict(list)
        for k in self.n:
            fam, org, y = k[0], k[1], k[2]
            par = self.parent.get(org)
            if fam == "S":
                g = k[3]
                if g >= 0:
                    groups[(("S", org, y, -1), "grade")].append(k)
                if par is not None:
                    groups[(("S", par, y, g), "child")].append(k)
            elif fam == "R":
                s, g, sub = k[3], k[4], k[5]
                if g >= 0 and sub == "all":
                    groups[(("R", org, y, s, -1, "all"), "grade")].append(k)
                if sub != "all" and g < 0:
                    dim = sub.split(":")[0]
                    groups[(("R", org, y, s, -1, "all"), dim)].append(k)
                if s != 0:
                    groups[(("R", org, y, 0, g, sub), "subject")].append(k)
                if par is not None:
                    groups[(("R", par, y, s, g, sub), "child")].append(k)
            elif fam in ("E", "C") and par is not None:
                groups[((fam, par, y), "child")].append(k)
        rels = []
        for (total, kind), parts in groups.items():
            if total not in self.n:
                continue
            rest = self.n[total] - sum(self.n[p] for p in parts)
            if rest < 0:
                continue
            if rest > 0:
                parts = parts + [("rest", total, kind)]
            rels.append((total, parts))
        return rels


def collect(op, base, home, truth):
    """Walk the org pages from home: {cell: value or None} and the means
    shown per cell."""
    seen, todo, shown, means = set(), [home], {}, defaultdict(list)
    while todo:
        code = todo.pop()
        if code in seen:
            continue
        seen.add(code)
        d = get_json(op, base + "/api/orgs/" + code)
        if not d or code not in truth.org:
            continue
        org = truth.org[code][0]
        y = truth.year.get(d.get("subtitle", "").split(" ")[-1])
        tabs = d.get("tables", {})

        def put(key, v):
            shown.setdefault(key, v)
            if v is None:
                shown[key] = None
        figs = d.get("figures", {})
        if "students" in figs:
            put(("S", org, y, -1), figs["students"])
        if "ews_flagged" in figs:
            put(("E", org, y), figs["ews_flagged"])
        for t in ("children", "schools", "support"):
            for row in tabs.get(t, {}).get("rows", []):
                c = row.get("code")
                if c not in truth.org:
                    continue
                todo.append(c)
                cid = truth.org[c][0]
                if "students" in row:
                    put(("S", cid, y, -1), row["students"])
                if "ews_flagged" in row:
                    put(("E", cid, y), row["ews_flagged"])
        for row in tabs.get("trend", {}).get("rows", []):
            ty = truth.year.get(row.get("key"))
            if ty and "students" in row:
                put(("S", org, ty, -1), row["students"])
        for row in tabs.get("grades", {}).get("rows", []):
            put(("S", org, y, int(row["key"])), row.get("students"))
        for row in tabs.get("subjects", {}).get("rows", []):
            s = truth.subject.get(row.get("key"))
            if s:
                put(("R", org, y, s, -1, "all"), row.get("results"))
        for row in tabs.get("subgroups", {}).get("rows", []):
            k = ("R", org, y, 0, -1, row.get("key"))
            put(k, row.get("results"))
            if row.get("mean_pct") is not None:
                means[k].append("subgroups")
        for row in tabs.get("gaps", {}).get("rows", []):
            gy = truth.year.get(row.get("year"))
            for g, v in row.items():
                if ":" in g and v is not None:
                    means[("R", org, gy, 0, -1, g)].append("gaps")
        if d.get("kind") != "school" and not code.startswith("SCH"):
            plan(op, base, code, org, y, truth, put)
    return shown, means


def number(text):
    """A count as the plan prints it ("1,895"); None for a blank."""
    t = (text or "").replace(",", "").strip()
    return int(t) if t.isdigit() else None


def plan(op, base, code, org, y, truth, put):
    """The counts of an org's academic plan: the area's students, and per
    school its students and chronically absent students."""
    d = get_json(op, base + "/api/orgs/" + code + "/plan")
    if not d or not d.get("reports"):
        return
    for b in d["reports"][0].get("blocks", []):
        if b.get("type") == "field" and b.get("key") == "Students":
            put(("S", org, y, -1), number(b.get("value")))
        if b.get("id") not in ("supervision", "attendance"):
            continue
        cols = b.get("columns") or []
        for row in b.get("rows", []):
            cells = row.get("cells", [])
            ids = truth.by_name.get(cells[0] if cells else "", [])
            if len(ids) != 1:
                continue
            for name, fam in (("Students", "S"), ("Chronically absent",
                                                   "C")):
                if name in cols:
                    key = (fam, ids[0], y, -1) if fam == "S" else \
                        (fam, ids[0], y)
                    put(key, number(cells[cols.index(name)]))


def recovered(truth, shown):
    """The blanked cells the released system determines (exactly)."""
    known = {k: Fraction(v) for k, v in shown.items() if v is not None}
    targets = {k for k, v in shown.items() if v is None}
    # rows over the unknowns: parts - total = -(known parts - known total)
    rows = []
    for total, parts in truth.relations:
        row, rhs = {}, Fraction(0)
        for k, coef in [(total, -1)] + [(p, 1) for p in parts]:
            if k in known:
                rhs -= coef * known[k]
            else:
                row[k] = row.get(k, 0) + coef
        if row:
            rows.append((row, rhs))
    # keep the component of the unknowns linked to a target
    by_var = defaultdict(list)
    for i, (row, _) in enumerate(rows):
        for k in row:
            by_var[k].append(i)
    keep, stack, vars_seen = set(), list(targets), set(targets)
    while stack:
        v = stack.pop()
        for i in by_var.get(v, []):
            if i in keep:
                continue
            keep.add(i)
            for k in rows[i][0]:
                if k not in vars_seen:
                    vars_seen.add(k)
                    stack.append(k)
    basis = {}  # pivot variable -> (row, rhs), reduced row echelon form
    for i in sorted(keep):
        row = {k: Fraction(c) for k, c in rows[i][0].items()}
        rhs = rows[i][1]
        for p in [k for k in row if k in basis]:
            c = row.get(p)
            if not c:
                continue
            prow, prhs = basis[p]
            for k, v in prow.items():
                row[k] = row.get(k, 0) - c * v
                if row[k] == 0:
                    del row[k]
            rhs -= c * prhs
        if not row:
            continue
        p = min(row, key=str)
        inv = 1 / row[p]
        row = {k: v * inv for k, v in row.items()}
        rhs *= inv
        for q, (qrow, qrhs) in list(basis.items()):
            c = qrow.get(p)
            if c:
                for k, v in row.items():
                    qrow[k] = qrow.get(k, 0) - c * v
                    if qrow[k] == 0:
                        del qrow[k]
                basis[q] = (qrow, qrhs - c * rhs)
        basis[p] = (row, rhs)
    out = []
    for t in sorted(targets, key=str):
        b = basis.get(t)
        if b and len(b[0]) == 1:
            out.append((t, b[1], truth.n.get(t)))
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--base", required=True)
    ap.add_argument("--db", required=True)
    ap.add_argument("--password", required=True)
    ap.add_argument("accounts", nargs="+")
    a = ap.parse_args()
    truth = Truth(a.db)
    bad = 0
    for acct in a.accounts:
        op = session(a.base, acct, a.password)
        with op.open(a.base + "/") as r:
            home = r.geturl().rstrip("/").split("/")[-1]
        shown, means = collect(op, a.base, home, truth)
        blank = [k for k, v in shown.items() if v is None]
        rec = recovered(truth, shown)
        leaks = sorted({(k, w) for k in blank for w in means.get(k, [])},
                       key=str)
        print("%s: %d counts shown, %d blanked, %d recovered, %d means of "
              "blanked cells shown" % (acct, len(shown) - len(blank),
                                       len(blank), len(rec), len(leaks)))
        for t, v, truev in rec[:10]:
            print("#   recovered %s = %s (true %s)" % (
                (t[0], truth.code.get(t[1]),) + t[2:], v, truev))
        for k, w in leaks[:10]:
            print("#   mean of blanked %s shown in %s" % (
                (k[0], truth.code.get(k[1]),) + k[2:], w))
        bad += len(rec) + len(leaks)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
