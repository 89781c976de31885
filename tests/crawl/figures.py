"""figures.py - every figure a crawl saw, and where the same figure differs.

    python3 figures.py --crawl DIR --db DB [--map figures.tsv]
                       [--occurrences FILE] [--details FILE] > FOUND

Reads DIR/manifest.jsonl (crawl.py) and turns every answer into figure
occurrences: the entity a figure is about (org, class or student code),
its qualifiers (year, subject, grade, subgroup, outcome, event...), the
concept it shows, its population label, and its value as shown with the
rounding the place uses. Which column of which place shows which concept
is the explicit mapping figures.tsv (its header documents the format).

A page's JSON twin is the skeleton: its rows give each figure's entity and
qualifiers; the HTML (the text of the cell) and the CSV (the field) of the
same row and column are further occurrences of the same figure, each with
its own rounding. A report (web /api or CLI --format json) is read from
its blocks: fields, tables (cells as shown) and sentences.

Occurrences of one concept about one entity with the same qualifiers form
a group. Two places disagree when their values cannot be the same number
after the rounding each shows (shown.agree), or when they label the
population differently. FOUND gets one line per disagreeing pair of places
and concept: "CONCEPT PLACE-A PLACE-B<TAB>N groups, e.g. ...".
"""
import argparse
import csv
import fnmatch
import io
import json
import os
import re
import sys

import shown
from names import Names, iso_date


class Occ:
    __slots__ = ("concept", "entity", "quals", "value", "dec", "pop",
                 "place", "key", "medium", "account", "url", "text")

    def __init__(self, **kw):
        for k in self.__slots__:
            setattr(self, k, kw.get(k))


# Catalogue keys (src/figures.c, docs/FIGURES.md) and the concept each
# is: a place whose JSON names a column's figure ("figure" in the column,
# or a page figure under a catalogue key) needs no line in figures.tsv.
CATALOGUE = {
    "schools": "schools_count", "students": "students_count",
    "results": "results_count", "mean_pct": "mean_score",
    "proficient": "share_proficient", "attendance": "attendance_rate",
    "va": "va", "va_lo": "va_lo", "va_hi": "va_hi", "va_n": "va_results",
    "va_all_years": "va_all", "va_all_years_lo": "va_all_lo",
    "va_all_years_hi": "va_all_hi", "ews_flagged": "ews_flagged",
    "ews_risk": "ews_at_risk", "chronic": "chronic_absent",
    "ews_slowing": "progress_slowing", "median_sgp": "median_sgp",
    "sgps": "sgp_count", "median_sgp_within": "median_sgp_within",
    "sgps_within": "sgp_count_within", "incidents": "behaviour_negative",
    "sgp": "sgp", "mastery_pct": "mastery_pct",
    "mastery_points": "mastery_points", "mastery_students": "outcome_students",
    "mastery_share": "mastery_share",
    "mastery_items": "mastery_items",
    "mastery_assessments": "mastery_assessments",
    "mastery_rel": "mastery_rel", "mastery_rel_lo": "mastery_rel_lo",
    "mastery_rel_hi": "mastery_rel_hi",
}
# The completeness of data-collection windows (schools in each state): the
# key is the concept.
CATALOGUE.update({k: k for k in (
    "completeness_schools", "completeness_ontime", "completeness_late",
    "completeness_partial", "completeness_missing", "completeness_pending")})
# Figures over every subject: the qualifier other places state in words.
ALL_SUBJECTS = {"va", "va_lo", "va_hi", "va_all", "va_all_lo", "va_all_hi"}


def catalogue_rule(key, pop=None):
    """The figure rule of a catalogue key, or None."""
    c = CATALOGUE.get(key)
    if not c:
        return None
    arg = c + (" subject=ALL" if c in ALL_SUBJECTS else "")
    if key in ("median_sgp", "median_sgp_within"):
        arg = "median_sgp period=" + ("annual" if key == "median_sgp"
                                      else "within_year")
    if pop:
        arg += " pop=" + pop.replace(" ", "_")
    return ("figure", arg)


class Mapping:
    """figures.tsv: PLACE<TAB>COLUMN<TAB>ROLE<TAB>ARGUMENT lines."""

    def __init__(self, path):
        self.rules = []
        with open(path, encoding="utf-8") as f:
            for n, line in enumerate(f, 1):
                line = line.rstrip("\n")
                if not line.strip() or line.startswith("#"):
                    continue
                p = line.split("\t")
                p = [x for x in p if x != ""]
                if len(p) < 3:
                    raise SystemExit("%s:%d: need PLACE COLUMN ROLE [ARG]"
                                     % (path, n))
                self.rules.append((p[0], p[1], p[2],
                                   p[3] if len(p) > 3 else ""))

    def of(self, place):
        """The rules of a place: {column: [(role, arg)]} (first wins)."""
        out = {}
        for pl, col, role, arg in self.rules:
            if fnmatch.fnmatchcase(place, pl):
                out.setdefault(col, []).append((role, arg))
        return out


def split_arg(arg):
    """'concept k=v k2=v2' -> (concept, {k: v})."""
    words = arg.split()
    opts = dict(w.split("=", 1) for w in words[1:] if "=" in w)
    return (words[0] if words else ""), opts


class Extract:
    def __init__(self, names, mapping, crawl):
        self.n = names
        self.map = mapping
        self.crawl = crawl
        self.occ = []
        self.problems = []
        self.ambiguous = {}

    # ---- helpers ----

    def add(self, ctx, concept, entity, quals, sv, text, pop=None):
        if sv is None or entity is None:
            return
        self.occ.append(Occ(
            concept=concept, entity=entity,
            quals=tuple(sorted((k, str(v)) for k, v in quals.items()
                               if v is not None and v != "")),
            value=sv[0], dec=sv[1], pop=pop, place=ctx["place"],
            key=ctx.get("key", ""), medium=ctx["medium"],
            account=ctx["account"], url=ctx["url"], text=text))

    def norm_qual(self, name, text, ctx):
        t = str(text).strip() if text is not None else ""
        if name == "subject":
            return self.n.subject(t)
        if name == "outcome":
            return self.n.outcome(t)
        if name == "grade":
            v = shown.parse(t)
            return str(int(v[0])) if v else t
        if name == "assessment":
            return self.n.assessment_by_name.get(t, t)
        if name in ("due", "date"):
            return iso_date(t) or t
        if name == "period":
            return {"year on year": "annual",
                    "within the year": "within_year"}.get(t, t)
        if name == "subgroup":
            return SUBGROUPS.get(t, t)
        return t

    def entity_of(self, kind, text, code, ctx):
        """Code of the entity a row names (its link or JSON code first)."""
        if kind == "org":
            return self.n.org_code(code) if code else self.n.org_code(text)
        if kind == "class":
            return self.n.class_code(code or text, ctx.get("school"),
                                     ctx.get("year"))
        if kind == "student":
            c = code or (text or "").strip()
            return c if re.match(r"^STU\d+$", c or "") else None
        return None

    def context(self, place, rules, base):
        """The place's implicit qualifiers (role ctx, column '-')."""
        q = {}
        for role, arg in rules.get("-", []):
            if role != "ctx":
                continue
            for kv in arg.split():
                k, v = kv.split("=", 1)
                q[k] = base.get(v[1:]) if v.startswith("@") else v
        return q

    # ---- pages ----

    def page(self, rec, files):
        """One page: its JSON twin, with the HTML and CSV of the same URL
        and account where the crawl kept them."""
        doc = json.load(open(os.path.join(self.crawl, rec["file"]),
                             encoding="utf-8"))
        if "tables" not in doc:
            return
        url = rec["url"][4:]
        html = files.get((rec["account"], url, "html"))
        ph = shown.PageHTML(open(os.path.join(self.crawl, html),
                                 encoding="utf-8").read()) if html else None
        year = self.n.latest_year
        if ph:
            m = re.search(r"\d{4}-\d{2}(?![-\d])", ph.subtitle)
            year = m.group(0) if m else year
        kind, code = doc["kind"], doc.get("code")
        base = {"year": year, "school": self.n.school_of(code, year)
                if code else None, "entity": code}
        if code in self.n.cls:
            base["school"], base["year"], base["subject"] = \
                self.n.cls[code][:3]
        # figures
        place = "page:%s/figures" % kind
        rules = self.map.of(place)
        q0 = self.context(place, rules, base)
        for key, v in doc.get("figures", {}).items():
            rl = rules.get(key) or ([catalogue_rule(key)]
                                    if catalogue_rule(key) else [])
            for role, arg in rl:
                if role != "figure":
                    continue
                concept, opts = split_arg(arg)
                q = dict(q0, **{k: v2 for k, v2 in opts.items()
                                if k not in ("pop",)})
                ctx = dict(rec, place=place, url=url, key=key)
                self.add(dict(ctx, medium="json"), concept, code, q,
                         shown.json_value(v), v, opts.get("pop"))
                if ph and key in ph.figures:
                    t = ph.figures[key][1]
                    self.add(dict(ctx, medium="html"), concept, code, q,
                             shown.parse(t), t, opts.get("pop"))
        for name, t in doc["tables"].items():
            csvf = files.get((rec["account"], "%s/%s.csv" % (url, name),
                              "csv"))
            rows_csv = None
            if csvf:
                with open(os.path.join(self.crawl, csvf), encoding="utf-8",
                          newline="") as f:
                    rows_csv = list(csv.DictReader(f))
            self.page_table(rec, url, kind, name, t, base, ph, rows_csv)

    def page_table(self, rec, url, kind, name, t, base, ph, rows_csv):
        place = "page:%s/%s" % (kind, name)
        rules = self.map.of(place)
        # a pivot's columns are its qualifier's values ('*' pivot rule),
        # even when each names its catalogue figure
        pivot = any(role == "pivot" for role, _ in rules.get("*", []))
        for c in t["columns"]:
            if "figure" in c and c["key"] not in rules and not pivot:
                r = catalogue_rule(c["figure"], c.get("population"))
                if r:
                    rules[c["key"]] = [r]
        if not rules:
            return
        q0 = self.context(place, rules, base)
        keys = [c["key"] for c in t["columns"]]
        hrows = ph.tables.get(name, ([], []))[1] if ph else []
        ctx = dict(rec, place=place, url=url)
        rows, seen = [], {}
        for i, row in enumerate(t["rows"]):
            ent, q = base["entity"], dict(q0)
            ents = {}
            # a breakdown's row key (web_page_fig_breakdown), not a column
            for role, arg in rules.get("key", []) if "key" not in keys \
                    else []:
                if role == "qual":
                    q[arg] = self.norm_qual(arg, row.get("key"), base)
            for k in keys:
                for role, arg in rules.get(k, []):
                    if role == "entity":
                        kname = arg.split()[0]
                        ck = "code" if k == keys[0] else k + "_code"
                        ents[k] = self.entity_of(kname, row.get(k),
                                                 row.get(ck), base)
                        if k == keys[0] or "main" in arg:
                            ent = ents[k]
                    elif role == "qual":
                        q[arg] = self.norm_qual(arg, row.get(k), base)
            self.ordinal(seen, ent, q, ctx, ents)
            rows.append((ent, q, row))
            hrow = hrows[i] if i < len(hrows) else None
            crow = rows_csv[i] if rows_csv and i < len(rows_csv) else None
            for ci, k in enumerate(keys):
                rl = rules.get(k) or ([("pivot", rules["*"][0][1])]
                                      if "*" in rules and k not in rules
                                      else [])
                for role, arg in rl:
                    if role not in ("figure", "pivot", "flag"):
                        continue
                    concept, opts = split_arg(arg)
                    qq = dict(q)
                    if role == "pivot":
                        qn, concept = arg.split()[:2]
                        qq[qn] = self.norm_qual(qn, k, base)
                    qq.update({a: b for a, b in opts.items()
                               if a not in ("pop", "of")})
                    e = ents.get(opts["of"]) if "of" in opts else ent
                    vals = [("json", row.get(k))]
                    if crow is not None:
                        vals.append(("csv", crow.get(k)))
                    if hrow is not None and ci < len(hrow):
                        vals.append(("html", hrow[ci][0]))
                    for medium, v in vals:
                        if role == "flag":
                            sv = (1.0 if str(v or "").strip() else 0.0, 0)
                        elif medium == "json":
                            sv = shown.json_value(v)
                        else:
                            sv = shown.parse(v)
                        self.add(dict(ctx, medium=medium, key=k), concept,
                                 e, qq,
                                 sv, v, opts.get("pop"))
        self.whole_table(rules, ctx, base, q0, rows)

    def ordinal(self, seen, ent, q, ctx, ents):
        """Rows of one table that a reader cannot tell apart (same entity
        and qualifiers: three "Parent survey" rows of three years) are
        told apart by their position, qualifier nth=2, 3..., and listed
        as ambiguous."""
        k = (ent, tuple(sorted(q.items())), tuple(sorted(ents.items())))
        seen[k] = seen.get(k, 0) + 1
        if seen[k] > 1:
            q["nth"] = str(seen[k])
            amb = "%s %s" % (ctx["place"], ",".join(
                "%s=%s" % kv for kv in k[1] if kv[0] != "year"))
            self.ambiguous[amb] = self.ambiguous.get(amb, 0) + 1

    def whole_table(self, rules, ctx, base, q0, rows):
        """Roles over a whole table: count (its rows are a figure about
        the place's entity) and listed (each member of a population is 1
        when a row names it, else 0)."""
        c = dict(ctx, medium=ctx.get("medium", "json"))
        for role, arg in rules.get("-", []):
            concept, opts = split_arg(arg)
            c["key"] = "(%s)" % role
            if role == "count":
                q = dict(q0, **{a: b for a, b in opts.items()})
                self.add(c, concept, base["entity"], q,
                         (float(len(rows)), 0), len(rows))
            elif role == "listed":
                named = {r[0] for r in rows}
                for s in self.population(opts.get("of", ""), base):
                    self.add(c, concept, s, q0,
                             (1.0 if s in named else 0.0, 0), s in named)
            elif role == "tally":
                # rows whose COLUMN starts with PREFIX, per qualifiers
                col, prefix = opts["column"], opts["prefix"].replace("_", " ")
                n = {}
                for _, q, cells in rows:
                    k = tuple(sorted(q.items()))
                    n[k] = n.get(k, 0) + str(cells.get(col, "")).startswith(
                        prefix)
                for k, v in n.items():
                    self.add(c, concept, base["entity"], dict(k),
                             (float(v), 0), v)

    def population(self, of, base):
        ent = base["entity"]
        if of == "class":
            return self.n.members.get(ent, [])
        if of == "school":
            return self.n.placed.get((ent, base["year"]), [])
        return []

    # ---- reports ----

    def report(self, rec):
        try:
            doc = json.load(open(os.path.join(self.crawl, rec["file"]),
                                 encoding="utf-8"))
        except ValueError:
            self.problems.append("%s: not JSON" % rec["url"])
            return
        kind = {"student-report": "student"}.get(
            rec["route"], rec["route"].replace("cli-", ""))
        medium = "cli" if rec["medium"] == "cli" else "web"
        for rep in doc.get("reports", []):
            ent = rec["code"]
            m = re.search(r"\b(STU\d+)\b", json.dumps(rep["blocks"][:3]))
            if kind == "student" and m:
                ent = m.group(1)
            ys = re.findall(r"\d{4}-\d{2}(?![-\d])", rep.get("subtitle", ""))
            year = ys[-1] if ys else self.n.latest_year
            base = {"year": year, "entity": ent,
                    "school": self.n.school_of(ent, year)}
            if ent in self.n.cls:
                base["school"], _, base["subject"] = self.n.cls[ent][:3]
            ctx = dict(rec, medium=medium)
            self.report_blocks(kind, rep["blocks"], base, ctx)

    def report_blocks(self, kind, blocks, base, ctx):
        head = ""
        for b in blocks:
            t = b["type"]
            if t == "heading":
                head = b["text"]
            elif t == "field":
                key = "%s: %s" % (head, b["key"]) if head else b["key"]
                self.report_texts("report:%s/fields" % kind, key, b["value"],
                                  base, ctx)
            elif t in ("text", "note", "bullet"):
                self.report_texts("report:%s/text" % kind, None, b["text"],
                                  base, ctx)
            elif t == "table":
                self.report_table(kind, b, base, ctx)

    def report_texts(self, place, key, text, base, ctx):
        """A field (KEY: its label, "Heading: label" under a heading) or a
        sentence (KEY None): the rules whose column matches the key (a
        glob; '*' for sentences) read a figure from the text: role figure
        the number it starts with, role match the first group of a
        regular expression (ARGUMENT "concept [k=v...] :: REGEX")."""
        rules = self.map.of(place)
        q0 = self.context(place, rules, base)
        c = dict(ctx, place=place, key=key or "(text)")
        for col, rl in rules.items():
            if col == "-" or not fnmatch.fnmatchcase(key or "*", col):
                continue
            for role, arg in rl:
                self.text_rule(role, arg, text, key, q0, base["entity"], c)

    def text_rule(self, role, arg, text, key, q0, ent, c):
        spec, _, rx = arg.partition(" :: ")
        concept, opts = split_arg(spec)
        q = dict(q0)
        for a, b in opts.items():
            if a == "pop":
                continue
            q[a] = key.split(": ", 1)[-1] if b == "@key" else b
        if role == "figure":
            m = re.match(r"^\s*([-+\u2212]?[\d,]+(?:\.\d+)?%?)", text)
            sv = shown.parse(m.group(1)) if m else None
        elif role == "match":
            m = re.search(rx, text)
            sv = shown.parse(m.group(1)) if m else None
        else:
            return
        self.add(c, concept, ent, q, sv, text, opts.get("pop"))

    def report_table(self, kind, b, base, ctx):
        tid = b.get("id") or re.sub(r"\W+", "_", (b.get("caption") or
                                                  "table").lower())
        place = "report:%s/%s" % (kind, tid)
        rules = self.map.of(place)
        if not rules:
            return
        q0 = self.context(place, rules, base)
        cols = b["columns"]
        c = dict(ctx, place=place)
        rows, seen = [], {}
        for r in b["rows"]:
            cells = r["cells"]
            ent, q, ents = base["entity"], dict(q0), {}
            for i, col in enumerate(cols):
                for role, arg in rules.get(col, []):
                    if role == "entity":
                        ents[col] = self.entity_of(arg.split()[0], cells[i],
                                                   None, base)
                        if "main" in arg or not any(
                                "main" in a for rr in rules.values()
                                for ro, a in rr if ro == "entity"):
                            ent = ents[col]
                    elif role == "qual":
                        q[arg] = self.norm_qual(arg, cells[i], base)
            self.ordinal(seen, ent, q, c, ents)
            rows.append((ent, q, dict(zip(cols, cells))))
            for i, col in enumerate(cols):
                self.report_cell(rules.get(col, []), cells[i], ent, ents, q,
                                 dict(c, key=col))
        self.whole_table(rules, c, base, q0, rows)

    def report_cell(self, rl, cell, ent, ents, q, c):
        for role, arg in rl:
            concept, opts = split_arg(arg.partition(" :: ")[0])
            e = ents.get(opts["of"].replace("_", " ")) if "of" in opts \
                else ent
            qq = dict(q, **{a: b for a, b in opts.items()
                            if a not in ("pop", "of")})
            if role == "figure":
                self.add(c, concept, e, qq, shown.parse(cell), cell,
                         opts.get("pop"))
            elif role == "interval":
                # "LO to HI", also inside "X (LO to HI)"
                m = re.search(r"([-+\u2212]?[\d.,]+) to ([-+\u2212]?[\d.,]+)",
                              cell)
                lo, hi = arg.split()[:2]
                if m:
                    self.add(c, lo, e, qq, shown.parse(m.group(1)), cell)
                    self.add(c, hi, e, qq, shown.parse(m.group(2)), cell)
            elif role == "bound":
                # "0.10 (lower bound 0.08)": the figure and its bound
                m = re.match(r"^([-+\u2212]?[\d.]+) \((?:lower|upper) bound "
                             r"([-+\u2212]?[\d.]+)\)", cell)
                fig, bnd = arg.split()[:2]
                if m:
                    self.add(c, fig, e, qq, shown.parse(m.group(1)), cell)
                    self.add(c, bnd, e, qq, shown.parse(m.group(2)), cell)
            elif role == "match":
                m = re.search(arg.partition(" :: ")[2], cell)
                if m:
                    self.add(c, concept, e, qq, shown.parse(m.group(1)),
                             cell)
            elif role == "why_va":
                # "value-added in SUBJECT below expected (VA, interval LO
                # to HI)", once per subject
                for m in re.finditer(
                        r"value-added (?:in (\w+) )?below expected "
                        r"\(([-+\d.]+), interval ([-+\d.]+) to "
                        r"([-+\d.]+)\)", cell):
                    q2 = dict(qq, subject=self.n.subject(m.group(1))
                              if m.group(1) else "ALL")
                    for k, g in (("va", 2), ("va_lo", 3), ("va_hi", 4)):
                        self.add(c, k, e, q2, shown.parse(m.group(g)), cell)
            elif role == "lead":
                # a number at the start of the cell ("12 of 54", "83%...")
                m = re.match(r"^\s*([-+\u2212]?[\d,]+(?:\.\d+)?%?)", cell)
                if m:
                    self.add(c, concept, e, qq, shown.parse(m.group(1)),
                             cell, opts.get("pop"))

    # ---- all ----

    def run(self):
        recs = [json.loads(line) for line in
                open(os.path.join(self.crawl, "manifest.jsonl"),
                     encoding="utf-8")]
        files = {(r["account"], r["url"], r["medium"]): r["file"]
                 for r in recs if r["status"] in (0, 200)}
        for r in recs:
            if r["status"] not in (0, 200):
                continue
            if r["medium"] == "json" and r["route"] in ("student-report",
                                                        "plan"):
                self.report(r)
            elif r["medium"] == "json":
                self.page(r, files)
            elif r["medium"] == "cli" and r.get("format") == "json":
                self.report(r)
        self.derive()
        return self.occ

    def derive(self):
        """Figures the crawl computes from others: the students flagged by
        early warning as the sum of the warning and at-risk counts, and a
        class's number of students flagged, counted from each place that
        flags every student of its school."""
        by, parts = {}, {}
        for o in self.occ:
            if o.concept in ("ews_warning", "ews_at_risk"):
                parts.setdefault((o.place, o.medium, o.account, o.url,
                                  o.entity, o.quals), []).append(o)
            if o.concept == "ews_flag":
                by.setdefault((o.place, o.medium, o.account, o.url),
                              {})[o.entity] = o.value
        for (place, medium, account, url, ent, q), os_ in parts.items():
            if len(os_) == 2:
                self.occ.append(Occ(
                    concept="ews_flagged", entity=ent, quals=q,
                    value=os_[0].value + os_[1].value, dec=0, pop=None,
                    place=place + "+sum", key="(sum)", medium=medium,
                    account=account,
                    url=url, text="%s + %s" % (os_[0].text, os_[1].text)))
        for (place, medium, account, url), flags in by.items():
            # a class's page and sheet count their own flags; the count
            # is derived for the places that flag a whole school
            if "class" in place:
                continue
            for cls, members in self.n.members.items():
                if self.n.cls[cls][1] != self.n.latest_year:
                    continue
                if members and all(s in flags for s in members):
                    self.occ.append(Occ(
                        concept="ews_flagged", entity=cls,
                        quals=(("year", self.n.latest_year),),
                        value=float(sum(flags[s] for s in members)), dec=0,
                        pop=None, place=place + "+class", key="(class)",
                        medium=medium,
                        account=account, url=url,
                        text="%d of %d" % (sum(flags[s] for s in members),
                                           len(members))))


SUBGROUPS = {
    "Girls": "gender:F", "Boys": "gender:M", "Other gender": "gender:X",
    "Socio-economically disadvantaged": "ses:1",
    "Not disadvantaged": "ses:0", "Special educational needs": "sen:1",
    "No special needs": "sen:0",
}


def within(a, b):
    """The two names of one place whose occurrences differ: by the column
    or field showing the figure, else another page of the same place, else
    the medium (html, json, csv; web, cli), else another account."""
    if a.key != b.key:
        return "%s[%s]" % (a.place, a.key), "%s[%s]" % (b.place, b.key)
    if a.url != b.url:
        return a.place, a.place + " (another page)"
    if a.medium != b.medium:
        return "%s@%s" % (a.place, a.medium), "%s@%s" % (b.place, b.medium)
    return "%s#%s" % (a.place, a.account), "%s#%s" % (b.place, b.account)


def compare(occ):
    """Disagreements: {key: [(group, a, b), ...]}, and how many groups
    each pair of places met in: {key: n}. The key
    'CONCEPT | PLACE-A | PLACE-B' (PLACE-A < PLACE-B), or
    'population CONCEPT | ...' when the places label the population
    differently."""
    groups = {}
    for o in occ:
        groups.setdefault((o.concept, o.entity, o.quals), []).append(o)
    out, met = {}, {}
    for g, os_ in groups.items():
        places = sorted({o.place for o in os_})
        for i in range(len(places)):
            for j in range(i + 1, len(places)):
                k = "%s | %s | %s" % (g[0], places[i], places[j])
                met[k] = met.get(k, 0) + 1
        reps = {}
        for o in os_:
            reps.setdefault((o.place, o.key, o.medium, o.url, o.account,
                             o.value, o.dec), o)
        reps = sorted(reps.values(), key=lambda o: (o.place, o.key,
                                                    o.url, o.medium))
        done = set()
        for i in range(len(reps)):
            for j in range(i + 1, len(reps)):
                a, b = reps[i], reps[j]
                if shown.agree((a.value, a.dec), (b.value, b.dec)):
                    continue
                pa, pb = (a.place, b.place) if a.place != b.place \
                    else within(a, b)
                if pb < pa:
                    pa, pb, a, b = pb, pa, b, a
                k = "%s | %s | %s" % (g[0], pa, pb)
                if k not in done:
                    done.add(k)
                    out.setdefault(k, []).append((g, a, b))
        pops = sorted({(o.place, o.pop) for o in os_ if o.pop})
        for i in range(len(pops)):
            for j in range(i + 1, len(pops)):
                if pops[i][1] != pops[j][1] and pops[i][0] != pops[j][0]:
                    k = "population %s | %s | %s" % (g[0], pops[i][0],
                                                     pops[j][0])
                    out.setdefault(k, []).append((g, None, None))
    return out, met


def fmt_group(g):
    concept, ent, quals = g
    q = ",".join("%s=%s" % kv for kv in quals)
    return "%s%s" % (ent, "[" + q + "]" if q else "")


def short(text):
    t = str(text)
    return t if len(t) <= 70 else t[:67] + "..."


def fmt_occ(o):
    return "%s[%s]=%s (%s %s %s)" % (o.place, o.key, short(o.text),
                                     o.medium, o.account, o.url)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--crawl", required=True)
    ap.add_argument("--db", required=True)
    here = os.path.dirname(os.path.abspath(__file__))
    ap.add_argument("--map", default=os.path.join(here, "figures.tsv"))
    ap.add_argument("--occurrences")
    ap.add_argument("--details")
    a = ap.parse_args()
    ex = Extract(Names(a.db), Mapping(a.map), a.crawl)
    occ = ex.run()
    if a.occurrences:
        with open(a.occurrences, "w", encoding="utf-8") as f:
            w = csv.writer(f, delimiter="\t", lineterminator="\n")
            w.writerow(["concept", "entity", "quals", "value", "dec", "pop",
                        "place", "key", "medium", "account", "url", "shown"])
            for o in occ:
                w.writerow([o.concept, o.entity, fmt_group(
                    (o.concept, "", o.quals)), o.value, o.dec, o.pop or "",
                    o.place, o.key, o.medium, o.account, o.url, o.text])
    dis, met = compare(occ)
    det = open(a.details, "w", encoding="utf-8") if a.details else None
    if det:
        det.write("places compared (concept | place | place: groups)\n")
        for k in sorted(met):
            det.write("  %s: %d\n" % (k, met[k]))
    for key in sorted(dis):
        items = dis[key]
        ngroups = len({it[0] for it in items})
        g, x, y = items[0]
        ex_ = fmt_group(g)
        if x is not None:
            ex_ += ": %s vs %s" % (short(x.text), short(y.text))
        print("%s\t%d groups, e.g. %s" % (key, ngroups, ex_))
        if det:
            det.write("== %s (%d groups)\n" % (key, ngroups))
            for g, x, y in items[:8]:
                det.write("  %s: %s | %s\n" % (fmt_group(g),
                                               fmt_occ(x) if x else "",
                                               fmt_occ(y) if y else ""))
    if det:
        for amb, n in sorted(ex.ambiguous.items()):
            det.write("ambiguous rows: %s (%d)\n" % (amb, n))
    for p in ex.problems:
        print("# problem: %s" % p, file=sys.stderr)
    print("# %d occurrences, %d disagreements" % (len(occ), len(dis)),
          file=sys.stderr)
    if det:
        det.close()


if __name__ == "__main__":
    main()
