"""hindi.py - English left on the pages and reports of a Hindi crawl.

    python3 hindi.py --crawl DIR --db DB [--po po/hi.po]
                     [--allow allow-english.txt] [--details FILE] > FOUND

Reads the answers of a crawl made as Hindi accounts (crawl.py --lang hi):
HTML pages and reports (the text a reader sees or hears: text nodes,
titles, labels, button values, chart texts; never scripts, styles, links
or hidden fields), PDF reports through pdftotext (poppler-utils, when
installed) and the CLI's text reports. Every run of Latin-script words is
English unless it is a proper name (people, org and place names, from the
database), a code (the demo's code patterns), a number or an allowed
token (allow-english.txt: unit symbols, the product's name, a language's
own name).

Prose a person wrote is shown as written, in the language its writer
used, and is not a finding: a goal's title, an observation's notes and
agreed next steps, a survey's free-text answers, the quotes the themes
analysis picks from them and a behaviour event's note (FreeText). A run
is such prose only when it is one of those texts, or one of its sentences
or clauses, exactly as stored (never a word or phrase inside one, so a
label of the program that happens to occur in someone's note is still
found).

Each English string is classified by where it comes from: data stored in
English (subject names, outcome descriptions, assessment and class names,
bands, early-warning reasons, ...: one finding per kind and source) or a
label of the code (one finding per string and source), and for labels
whether po/hi.po has it (translated, untranslated or fuzzy), or only the
code marks it (--pot: a template made now), or nothing does.
FOUND gets one line per finding: "SOURCE | KIND | STRING<TAB>count, e.g.
...", SOURCE the page (page:ROUTE) or report (report:KIND/FORMAT).
"""
import argparse
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
from html.parser import HTMLParser

from names import Names

LATIN = re.compile(r"[A-Za-z][A-Za-z'\u2019]*")
# separators inside one English run: spaces, punctuation, digits
JOIN = re.compile(r"^[\s\d.,:;()/&+\-\u2013\u2014'\"%=<>\u00b7\u2019]*$")
CODES = [
    r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z", r"STU\d+", r"SCH\d+", r"STF\d+", r"GRD\d+", r"C\d{4}", r"B\d{3}",
    r"D\d{2}", r"ST", r"\d{4}-\d{2}-SCH\d+-G\d+-[A-Z]+",
    r"\d{4}-\d{2}-[A-Z]+-G\d+-[A-Z]+", r"[A-Z]+-G\d+-LO\d+", r"[A-Z]+-S\d+",
    r"\d{4}-\d{2}(-[A-Z0-9-]+)?", r"Q\d+", r"MATH|LANG|SCI",
    r"GEN|OBC|SC", r"[A-Z]\d+(\.\d+)+", r"(org|class|student):\S+",
]
CODE = re.compile(r"(?<![\w-])(?:%s)(?![\w-])" % "|".join(CODES))


class Visible(HTMLParser):
    """The text of a page a reader sees or hears, as segments."""
    ATTRS = ("title", "aria-label", "alt", "placeholder")

    def __init__(self, html):
        super().__init__(convert_charrefs=True)
        self.segs = []
        self._skip = 0
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag in ("script", "style"):
            self._skip += 1
        for k in self.ATTRS:
            if a.get(k):
                self.segs.append(a[k])
        if tag == "input" and a.get("type") in ("submit", "button") and \
                a.get("value"):
            self.segs.append(a["value"])

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip and data.strip():
            self.segs.append(data)


class Catalogue:
    """po/hi.po: msgid -> (msgstr, fuzzy)."""

    def __init__(self, path):
        self.entries = {}
        self.memo = {}
        self.plain = []
        if not path or not os.path.exists(path):
            return
        cur, fuzzy, field = {}, False, None
        for line in open(path, encoding="utf-8"):
            line = line.rstrip("\n")
            if line.startswith("#,") and "fuzzy" in line:
                fuzzy = True
            elif line.startswith("msgid "):
                self._add(cur, fuzzy)
                cur, field = {"msgid": self._str(line[6:]), "msgstr": ""}, \
                    "msgid"
            elif line.startswith("msgstr "):
                cur["msgstr"], field = self._str(line[7:]), "msgstr"
            elif line.startswith('"') and field:
                cur[field] += self._str(line)
            elif not line.strip():
                self._add(cur, fuzzy)
                cur, fuzzy, field = {}, False, None
        self._add(cur, fuzzy)
        # the literal text of each msgid, format directives as gaps
        self.plain = [(re.split(r"%[-+ 0-9.]*l*[sdfiu%]", k), k)
                      for k in self.entries if k]

    @staticmethod
    def _str(s):
        s = s.strip()
        if s.startswith('"') and s.endswith('"'):
            s = s[1:-1]
        return s.replace('\\"', '"').replace("\\n", "\n").replace("\\\\", "\\")

    def _add(self, cur, fuzzy):
        if cur.get("msgid"):
            self.entries[cur["msgid"]] = (cur.get("msgstr", ""), fuzzy)

    def state(self, text):
        """'translated', 'untranslated', 'fuzzy' or 'missing' for an
        English run: the state of the msgid it belongs to."""
        t = text.strip()
        if t not in self.memo:
            self.memo[t] = self._state(t)
        return self.memo[t]

    def _state(self, t):
        """The state of the msgid the run is (a trailing ':' or '.'
        aside, any case), else of a msgid it is a literal part of, else
        'missing'."""
        for k in (t, t + ".", t + ":"):
            if k in self.entries:
                return self._of(k)
        low = {k.lower(): k for k in self.entries}
        if t.lower() in low:
            return self._of(low[t.lower()])
        for parts, k in self.plain:
            if any(t == p.strip(" :.") for p in parts):
                return self._of(k)
        return "missing"

    def _of(self, k):
        msgstr, fuzzy = self.entries[k]
        return "fuzzy" if fuzzy else \
            ("translated" if msgstr else "untranslated")


class DataText:
    """Text stored in English in the database, by kind."""

    def __init__(self, db):
        con = sqlite3.connect("file:%s?mode=ro" % db, uri=True)
        q = con.execute
        self.kinds = []
        for kind, sql in (
                ("subject name", "SELECT name FROM subject"),
                ("outcome description", "SELECT description FROM standard"),
                ("assessment name", "SELECT name FROM assessment"),
                ("class name", "SELECT DISTINCT name FROM class"),
                ("band", "SELECT DISTINCT band FROM cut_score"),
                ("term or window name", "SELECT DISTINCT name FROM term"),
                ("calendar event title",
                 "SELECT DISTINCT title FROM calendar_event"),
                ("survey title", "SELECT DISTINCT title FROM survey"),
                ("survey question", "SELECT DISTINCT text FROM"
                 " survey_question"),
                ("intervention name", "SELECT DISTINCT name FROM"
                 " intervention"),
                ("theme name", "SELECT DISTINCT name FROM theme"),
                ("observation criterion", "SELECT DISTINCT criterion FROM"
                 " observation_score"),
                ("org level name", "SELECT name FROM org_level"),
                ("staff title", "SELECT DISTINCT title FROM staff"
                 " WHERE title IS NOT NULL"),
                ("goal metric", "SELECT DISTINCT metric FROM goal"),
                ("survey audience", "SELECT DISTINCT audience FROM survey"),
                ("home language", "SELECT DISTINCT home_language FROM"
                 " student WHERE home_language IS NOT NULL"),
                ("early-warning reason (stored in words)",
                 "SELECT DISTINCT reasons FROM ews_flag"),
                ("item flag (stored in words)",
                 "SELECT DISTINCT flag FROM item_stat"),
                ("impact comparison (stored in words)",
                 "SELECT DISTINCT comparison FROM impact"),
                ("goal status (stored in words)",
                 "SELECT DISTINCT status FROM goal_progress"),
                ("gap verdict (stored in words)",
                 "SELECT DISTINCT verdict FROM gap_trend"),
                ("instructional group outcomes",
                 "SELECT DISTINCT weakest FROM instr_group"),
        ):
            try:
                vals = {v for v, in q(sql) if v}
            except sqlite3.Error:
                continue
            exact = {v.strip() for v in vals}
            parts = set()
            for v in vals:
                parts.update(p.strip() for p in re.split(r"[\n;]", v)
                             if p.strip())
            self.kinds.append((kind, exact, parts))
        con.close()
        self.memo = {}

    def kind(self, run, segment):
        """The kind of stored text an English run shows, or None: the
        segment or the run is a stored value, else the run is part of one
        (a reason among several, a name inside a sentence)."""
        k = (run, segment)
        if k not in self.memo:
            self.memo[k] = self._kind(run, segment.strip())
        return self.memo[k]

    def _kind(self, run, segment):
        for text in (segment, run):
            for kind, exact, parts in self.kinds:
                if text in exact:
                    return kind
        if segment.endswith("\u2026"):
            # a value a chart cut short ("Mat\u2026")
            for kind, exact, parts in self.kinds:
                if any(v.startswith(run) for v in exact):
                    return kind
        if len(run) > 3:
            for kind, exact, parts in self.kinds:
                if any(run in p for p in parts):
                    return kind
        return None


class FreeText:
    """Prose people wrote, shown as written (see the module's comment):
    each text whole, and each of its sentences and clauses."""
    SQL = (
        "SELECT DISTINCT title FROM goal",
        "SELECT DISTINCT notes FROM observation",
        "SELECT DISTINCT next_steps FROM observation",
        "SELECT DISTINCT text FROM survey_answer",
        "SELECT DISTINCT quote FROM theme_quote",
        "SELECT DISTINCT note FROM behaviour_event",
    )
    EDGE = " .,:;!?()/-'\"\u2018\u2019\u201c\u201d\u2026"

    def __init__(self, db):
        con = sqlite3.connect("file:%s?mode=ro" % db, uri=True)
        self.texts = set()
        for sql in self.SQL:
            try:
                rows = con.execute(sql).fetchall()
            except sqlite3.Error:
                continue
            for v, in rows:
                if not v:
                    continue
                self.texts.add(v.strip(self.EDGE))
                for p in re.split(r"(?<=[.!?])\s+|;\s+|\n", v):
                    if p.strip(self.EDGE):
                        self.texts.add(p.strip(self.EDGE))
        con.close()

    def written(self, run):
        """1 when the run is a whole text people wrote, or a whole
        sentence or clause of one."""
        return run.strip(self.EDGE) in self.texts


class Check:
    def __init__(self, a):
        self.n = Names(a.db)
        self.data = DataText(a.db)
        self.free = FreeText(a.db)
        self.po = Catalogue(a.po)
        self.pot = Catalogue(a.pot) if a.pot else None
        self.allow = set()
        if a.allow and os.path.exists(a.allow):
            for line in open(a.allow, encoding="utf-8"):
                w = line.split("#", 1)[0].strip()
                if w:
                    self.allow.add(w)
        self.names = sorted(
            [v[0] for v in self.n.org.values()] +
            ["%s %s" % g for g in self.person_full(a.db)],
            key=len, reverse=True)
        self.name_rx = re.compile("|".join(re.escape(x) for x in self.names
                                           if x)) if self.names else None
        # every run of words inside a proper name: a PDF table wraps
        # "Bhagwanpur 7 Government School" over two lines
        self.name_grams = set()
        for x in self.names:
            w = x.split()
            for i in range(len(w)):
                for j in range(i + 1, len(w) + 1):
                    self.name_grams.add(" ".join(w[i:j]))
        self.accounts = set()
        con = sqlite3.connect("file:%s?mode=ro" % a.db, uri=True)
        self.accounts = {u for u, in con.execute(
            "SELECT username FROM account")}
        con.close()
        self.found = {}
        self.examples = {}

    @staticmethod
    def person_full(db):
        con = sqlite3.connect("file:%s?mode=ro" % db, uri=True)
        out = []
        for t in ("student", "staff", "guardian"):
            out += [(g, f) for g, f in con.execute(
                "SELECT DISTINCT given_name, family_name FROM %s" % t)]
        con.close()
        return out

    def label_state(self, run):
        """Where a label stands: 'translated in po/hi.po' (the place
        prints the msgid without translating it), 'untranslated' or
        'fuzzy in po/hi.po', 'marked in the code, not in po/hi.po' (the
        catalogue needs make pot), 'not marked for translation'."""
        st = self.po.state(run)
        if st != "missing":
            return "%s in po/hi.po" % st
        if self.pot and self.pot.state(run) != "missing":
            return "marked in the code, not in po/hi.po"
        return "not marked for translation" if self.pot else \
            "not in po/hi.po"

    def allowed(self, word):
        return word in self.allow or word in self.n.person_names or \
            word in self.n.place_words

    def runs(self, seg):
        """Runs of English words in a segment, names and codes left out
        (also a name a chart cut short: "Chandpur Public Sch…")."""
        s = CODE.sub(" ", seg)
        if self.name_rx:
            s = self.name_rx.sub(" ", s)
        m = re.search(r"(\S[^\u2026]*)\u2026", s)
        if m and any(x.startswith(m.group(1).strip()) for x in self.names):
            s = s[:m.start()] + s[m.end():]
        words = [(m.start(), m.end(), m.group(0)) for m in LATIN.finditer(s)
                 if not self.allowed(m.group(0))]
        out, cur = [], None
        for st, en, w in words:
            if cur and JOIN.match(s[cur[1]:st]):
                cur = (cur[0], en)
            else:
                if cur:
                    out.append(s[cur[0]:cur[1]])
                cur = (st, en)
        if cur:
            out.append(s[cur[0]:cur[1]])
        return out

    def source(self, r):
        route = r["route"]
        if route in ("student-report", "plan") or route.startswith("cli-"):
            kind = {"student-report": "student"}.get(
                route, route.replace("cli-", ""))
            fmt = r["medium"] if r["medium"] != "cli" else \
                "cli-" + r.get("format", "text")
            return "report:%s/%s" % (kind, fmt)
        return "page:%s" % route

    def segment(self, src, seg, r):
        # the page header names the account: "USERNAME \u00b7 role"
        head, dot, rest = seg.partition(" \u00b7 ")
        if dot and head.strip() in self.accounts:
            seg = rest
        # and the account page shows the account's own user name
        if src == "page:me" and seg.strip() == r.get("account"):
            return
        for run in self.runs(seg):
            run = run.strip(" .,:;()/-'\u2019")
            if not run or not LATIN.search(run):
                continue
            if r["medium"] == "pdf" and run in self.name_grams:
                continue
            if self.free.written(run):
                continue
            kind = self.data.kind(run, seg)
            if kind:
                key = "%s | data: %s | *" % (src, kind)
            else:
                key = "%s | label (%s) | %s" % (
                    src, self.label_state(run), re.sub(r"\d+", "N", run))
            self.found[key] = self.found.get(key, 0) + 1
            self.examples.setdefault(key, (run, seg.strip()[:100],
                                           r["url"]))

    def answer(self, crawl, r):
        path = os.path.join(crawl, r["file"])
        if r["medium"] == "pdf":
            if not shutil.which("pdftotext"):
                return
            txt = subprocess.run(["pdftotext", "-layout", path, "-"],
                                 capture_output=True, text=True).stdout
            segs = txt.split("\n")
        elif r["medium"] == "html":
            segs = Visible(open(path, encoding="utf-8").read()).segs
        elif r["medium"] == "cli":
            segs = open(path, encoding="utf-8").read().split("\n")
        else:
            return
        src = self.source(r)
        for seg in segs:
            # columns of a text or PDF layout, clauses of a list
            for part in re.split(r"\s{2,}|; | \| ", seg):
                self.segment(src, part, r)


def main():
    ap = argparse.ArgumentParser()
    here = os.path.dirname(os.path.abspath(__file__))
    ap.add_argument("--crawl", required=True)
    ap.add_argument("--db", required=True)
    ap.add_argument("--po", default=os.path.join(here, "..", "..", "po",
                                                 "hi.po"))
    ap.add_argument("--allow", default=os.path.join(here,
                                                    "allow-english.txt"))
    ap.add_argument("--pot", help="a template made from the code now"
                    " (xgettext), to tell stale catalogue from unmarked")
    ap.add_argument("--details")
    a = ap.parse_args()
    c = Check(a)
    n = 0
    for line in open(os.path.join(a.crawl, "manifest.jsonl"),
                     encoding="utf-8"):
        r = json.loads(line)
        if r["status"] in (0, 200) and r.get("lang") != "en":
            c.answer(a.crawl, r)
            n += 1
    det = open(a.details, "w", encoding="utf-8") if a.details else None
    for key in sorted(c.found):
        run, seg, url = c.examples[key]
        print("%s\t%d, e.g. '%s' in '%s' (%s)" % (key, c.found[key], run,
                                                  seg, url))
        if det:
            det.write("%s\t%d\t%s\t%s\t%s\n" % (key, c.found[key], run, seg,
                                                url))
    if det:
        det.close()
    print("# %d answers read, %d English findings" % (n, len(c.found)),
          file=sys.stderr)


if __name__ == "__main__":
    main()
