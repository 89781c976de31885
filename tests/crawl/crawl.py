"""crawl.py - walk attain's pages as every account and keep what they show.

    python3 crawl.py --base URL --db DB --bin ATTAIN --password PW --out DIR
                     [--lang en|hi] [--pdf] [--today YYYY-MM-DD]

Signs in as every account of the database (the demo makes one per role)
and, for each, walks the pages reachable from the account's home by
following links: breadth first, GET only, same origin, never the sign-out
form or a data-changing POST. The route of each address comes from the
server's own route table (`attain serve --routes`). The walk is bounded
per account and route kind (CAPS below), so every kind of page is seen
while lists of hundreds of students are sampled; the order is the order of
the links, so two crawls of the same database fetch the same addresses.

For every HTML page it also fetches the JSON twin (/api + path) and every
CSV table the JSON names (PATH/TABLE.csv); for a student it fetches the
report card (/students/CODE/report and its /api twin), for an org above
a school its academic plan (/orgs/CODE/plan), with --pdf their PDFs too.
Routes that no page links to (collection status, registers, surveys,
observations, the to-do list) are opened directly from the account's scope
and recorded as not linked. Then the CLI reports of the same targets are
run (`attain report KIND ... --format json`, or `--format text --lang hi`
for a Hindi crawl), and the calendar.

Everything fetched is written to DIR/raw/ and listed in DIR/manifest.jsonl,
one JSON object per answer: account, role, url, route, level, code,
medium (html, json, csv, pdf, cli), status, file, linked.
"""
import argparse
import http.client
import json
import os
import re
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from html.parser import HTMLParser

# Pages per account and route kind (the route name of `attain serve
# --routes`, with the org level for /orgs/ routes). Units above schools are
# few (13 in the demo) and all walked; schools, classes and students are
# sampled in link order.
CAPS = {
    "org:school": 5,
    "class": 4,
    "student": 4,
    "student-report": 4,
    "case": 4,
    "plan:state": 1,
    "plan:district": 1,
    "plan:block": 1,
    "plan:cluster": 1,
    "collect-markbook": 2,
    "collect-survey": 2,
    "collect-survey-results": 2,
    "collect-todo-go": 1,
}
CAP_DEFAULT = 20
# CLI reports per kind over all accounts' targets
CLI_CAPS = {"student": 6, "class": 4, "school": 4, "plan": 3,
            "exceptions-org": 2, "exceptions-class": 2, "calendar": 2}
# Routes a walk never follows.
# The printed reports on the web (their links are followed for their
# JSON, HTML or PDF only, see Walk.visit).
REPORTS = {"student-report", "plan"}
NEVER = {"logout", "login", "login-form", "style", "lang-save"}
# Routes no page links to, opened from the account's scope:
# (route, path template, scope kind or None for every account).
UNLINKED = [
    ("collect-todo", "/todo", None),
    ("me", "/me", None),
    ("lang-form", "/me/lang", None),
    ("collect-surveys", "/surveys", None),
    ("collect-observations-mine", "/observations", "teacher"),
    ("collect-status", "/orgs/{org}/collection", "org"),
    ("collect-registers", "/orgs/{org}/registers", "school"),
    ("collect-observations", "/orgs/{org}/observations", "school"),
]


def org_level(code):
    """The demo's org level from its code pattern (docs/DEMO.md)."""
    for pat, lv in (("ST$", "state"), (r"D\d+$", "district"),
                    (r"B\d+$", "block"), (r"C\d+$", "cluster"),
                    (r"SCH\d+$", "school")):
        if re.match(pat, code):
            return lv
    return "org"


class Routes:
    """The server's route table: name, method, pattern, flags."""

    def __init__(self, binary):
        out = subprocess.run([binary, "serve", "--routes"], check=True,
                             capture_output=True, text=True).stdout
        self.table = []
        for line in out.splitlines():
            f = line.split()
            if len(f) < 3:
                continue
            name, method, pat = f[0], f[1], f[2]
            rx = "^" + re.escape(pat).replace(r"\{\}", "([^/]+)") + "$"
            self.table.append((name, method, re.compile(rx), set(f[3:])))

    def match(self, path):
        """(route name, flags, params) of a GET path, or None."""
        for name, method, rx, flags in self.table:
            m = rx.match(path)
            if m and method == "GET":
                return name, flags, [urllib.parse.unquote(g)
                                     for g in m.groups()]
        return None


class Links(HTMLParser):
    """Every <a href> of a page, in document order."""

    def __init__(self):
        super().__init__()
        self.hrefs = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            for k, v in attrs:
                if k == "href" and v:
                    self.hrefs.append(v)


class Client:
    """One keep-alive connection per thread to the server."""

    def __init__(self, base):
        u = urllib.parse.urlsplit(base)
        self.host, self.port = u.hostname, u.port
        self.local = threading.local()

    def request(self, method, path, headers=None, body=None):
        for attempt in (0, 1):
            c = getattr(self.local, "conn", None)
            if c is None:
                c = http.client.HTTPConnection(self.host, self.port,
                                               timeout=120)
                self.local.conn = c
            try:
                c.request(method, path, body=body, headers=headers or {})
                r = c.getresponse()
                data = r.read()
                hdr = dict(r.getheaders())
                hdr["Set-Cookie"] = "; ".join(r.msg.get_all("Set-Cookie")
                                              or [])
                return r.status, hdr, data
            except (http.client.HTTPException, OSError):
                c.close()
                self.local.conn = None
                if attempt:
                    raise
        raise AssertionError("unreachable")

    def login(self, user, password):
        body = urllib.parse.urlencode({"username": user,
                                       "password": password})
        st, hdr, _ = self.request(
            "POST", "/login", body=body,
            headers={"Content-Type": "application/x-www-form-urlencoded"})
        m = re.search(r"attain_session=([^;]+)", hdr.get("Set-Cookie", ""))
        if st != 303 or not m:
            raise RuntimeError("cannot sign in as %s (status %d)" % (user, st))
        return "attain_session=" + m.group(1)


class Store:
    """The output directory: raw answers and the manifest."""

    def __init__(self, out):
        self.out = out
        os.makedirs(os.path.join(out, "raw"), exist_ok=True)
        self.n = 0
        self.lock = threading.Lock()
        self.manifest = open(os.path.join(out, "manifest.jsonl"), "w",
                             encoding="utf-8")
        self.once = {}

    def keep(self, rec, data, ext):
        with self.lock:
            self.n += 1
            name = "raw/%05d.%s" % (self.n, ext)
            with open(os.path.join(self.out, name), "wb") as f:
                f.write(data)
            rec["file"] = name
            self.manifest.write(json.dumps(rec, ensure_ascii=False) + "\n")

    def first(self, key):
        """True the first time KEY is seen (plans are fetched once)."""
        with self.lock:
            if key in self.once:
                return False
            self.once[key] = True
            return True

    def close(self):
        self.manifest.close()


def kind_of(route, params):
    if route in ("org", "plan", "plan-pdf", "collect-status",
                 "collect-registers", "collect-observations"):
        return "%s:%s" % (route, org_level(params[0]))
    return route


class Walk:
    """The walk of one account."""

    def __init__(self, ctx, user, role, scope):
        self.ctx, self.user, self.role, self.scope = ctx, user, role, scope
        self.cookie = None
        self.count = {}
        self.seen = set()
        self.targets = []
        self.ms = 0

    def get(self, path, accept="text/html"):
        t0 = time.monotonic()
        r = self.ctx.client.request(
            "GET", path, headers={"Cookie": self.cookie, "Accept": accept})
        self.ms = int((time.monotonic() - t0) * 1000)
        return r

    def rec(self, path, route, params, medium, status, linked, **kw):
        k = kind_of(route, params)
        r = {"account": self.user, "role": self.role, "url": path,
             "route": route, "level": k.split(":")[1] if ":" in k else "",
             "code": params[0] if params else "", "medium": medium,
             "status": status, "linked": linked, "lang": self.ctx.lang,
             "ms": self.ms}
        r.update(kw)
        return r

    def admit(self, path):
        """Route of PATH if the walk may open it now (cap, never-list).
        The caps count per account, so what a walk opens depends on its
        links only, never on how the accounts' walks interleave."""
        if path in self.seen:
            return None
        m = self.ctx.routes.match(path)
        if not m or m[0] in NEVER:
            return None
        k = kind_of(m[0], m[2])
        if self.count.get(k, 0) >= CAPS.get(k, CAP_DEFAULT):
            return None
        self.count[k] = self.count.get(k, 0) + 1
        self.seen.add(path)
        return m

    def run(self):
        self.cookie = self.ctx.client.login(self.user, self.ctx.password)
        queue = [("/", True)]
        for route, tmpl, need in UNLINKED:
            for s in self.seeds(tmpl, need):
                queue.append((s, False))
        i = 0
        while i < len(queue):
            path, linked = queue[i]
            i += 1
            m = self.admit(path)
            if m:
                for nxt in self.visit(path, m, linked):
                    queue.append((nxt, True))

    def seeds(self, tmpl, need):
        if need is None:
            return [tmpl]
        if need == "teacher":
            return [tmpl] if self.role == "teacher" else []
        out = []
        for kind, code in self.scope:
            if kind == "org" and (need == "org" or org_level(code) == need):
                out.append(tmpl.replace("{org}", code))
        return out

    def visit(self, path, m, linked):
        route, flags, params = m
        if params:
            self.targets.append((route, params[0]))
        if route in REPORTS:
            # a report: its HTML only when asked for (--media report-html),
            # a plan once for all accounts (it takes seconds to build)
            if self.ctx.want("report-html"):
                self.fetch_once(path, route, params, "html", linked)
            if "api" in flags and self.ctx.want("json"):
                self.fetch_once("/api" + path, route, params, "json", linked)
            if self.ctx.pdf:
                self.fetch_once(path + ".pdf", route, params, "pdf", linked)
            return []
        st, hdr, body = self.get(path)
        if st in (301, 302, 303):
            loc = urllib.parse.urlsplit(hdr.get("Location", "")).path
            self.ctx.store.keep(self.rec(path, route, params, "html", st,
                                         linked, location=loc), b"", "html")
            return [loc] if loc.startswith("/") else []
        self.ctx.store.keep(self.rec(path, route, params, "html", st, linked),
                            body, "html")
        if st != 200:
            return []
        if "api" in flags and self.ctx.want("json"):
            self.twin(path, route, params, flags, linked)
        p = Links()
        p.feed(body.decode("utf-8", "replace"))
        out = []
        for h in p.hrefs:
            u = urllib.parse.urlsplit(h)
            if u.scheme or u.netloc or not u.path.startswith("/"):
                continue
            if u.path.endswith((".csv", ".pdf", ".css")):
                continue
            out.append(u.path)
        return out

    def fetch_once(self, path, route, params, medium, linked):
        """Fetch and keep PATH; a plan (seconds to build, the same for
        every account that may open it) only for the first account."""
        if route == "plan" and not self.ctx.store.first(path):
            return None
        st, _, body = self.get(path, "*/*")
        rec = self.rec(path, route, params, medium, st, linked)
        self.ctx.store.keep(rec, body, medium)
        return body if st == 200 else None

    def twin(self, path, route, params, flags, linked):
        api = "/api" + path
        body = self.fetch_once(api, route, params, "json", linked)
        if body is None or "csv" not in flags or not self.ctx.want("csv"):
            return
        try:
            doc = json.loads(body)
        except ValueError:
            return
        for t in doc.get("tables", {}):
            csv_path = "%s/%s.csv" % (path, urllib.parse.quote(t))
            st, _, data = self.get(csv_path, "text/csv")
            self.ctx.store.keep(self.rec(csv_path, route, params, "csv", st,
                                         linked, table=t), data, "csv")


class Context:
    def __init__(self, a):
        self.client = Client(a.base)
        self.routes = Routes(a.bin)
        self.store = Store(a.out)
        self.password = a.password
        self.lang = a.lang
        self.pdf = a.pdf
        self.media = set(a.media.split(","))

    def want(self, medium):
        return medium in self.media


def accounts(db):
    con = sqlite3.connect("file:%s?mode=ro" % db, uri=True)
    rows = con.execute(
        "SELECT a.username, a.role, o.code, c.code, s.code"
        " FROM account a LEFT JOIN account_scope sc ON sc.account_id = a.id"
        " LEFT JOIN org o ON o.id = sc.org_id"
        " LEFT JOIN class c ON c.id = sc.class_id"
        " LEFT JOIN student s ON s.id = sc.student_id"
        " WHERE a.disabled = 0 ORDER BY a.id").fetchall()
    con.close()
    acc = {}
    for user, role, org, cls, stu in rows:
        e = acc.setdefault(user, (role, []))
        for kind, code in (("org", org), ("class", cls), ("student", stu)):
            if code:
                e[1].append((kind, code))
    return acc


def cli_jobs(walks, lang):
    """The CLI reports of the targets the walks reached, capped per kind."""
    fmt = ["--format", "json"] if lang == "en" else \
        ["--format", "text", "--lang", lang]
    jobs, n = [], {}

    def add(kind, args, code):
        if n.get(kind, 0) < CLI_CAPS[kind] and \
                (kind, code) not in {(j[0], j[2]) for j in jobs}:
            n[kind] = n.get(kind, 0) + 1
            jobs.append((kind, args, code))

    levels = set()
    for w in walks:
        for route, code in w.targets:
            lv = org_level(code)
            if route == "student":
                add("student", ["report", "student", "--student", code], code)
            elif route == "class":
                add("class", ["report", "class", "--class", code], code)
                add("exceptions-class",
                    ["report", "exceptions", "--class", code], code)
            elif route == "org" and lv == "school":
                add("school", ["report", "school", "--org", code], code)
                add("exceptions-org",
                    ["report", "exceptions", "--org", code], code)
                add("calendar", ["calendar", "--org", code], code)
            elif route == "org" and lv not in levels:
                # one plan per level; the state's, the largest (10 s),
                # is read on the web only
                levels.add(lv)
                if lv != "state":
                    add("plan", ["report", "plan", "--org", code], code)
                add("calendar", ["calendar", "--org", code], code)
    return [(k, a + fmt, c) for k, a, c in jobs]


def run_cli(ctx, a, job):
    kind, args, code = job
    cmd = [a.bin, "--db", a.db] + args + ["--today", a.today]
    t0 = time.monotonic()
    p = subprocess.run(cmd, capture_output=True)
    ms = int((time.monotonic() - t0) * 1000)
    route = kind.split("-")[0]
    rec = {"account": "cli", "role": "cli", "url": " ".join(args),
           "route": "cli-" + route, "level": org_level(code)
           if route in ("plan", "school", "calendar") or kind ==
           "exceptions-org" else "", "code": code, "medium": "cli",
           "status": p.returncode, "linked": False, "lang": a.lang, "ms": ms,
           "format": args[args.index("--format") + 1]}
    ctx.store.keep(rec, p.stdout if p.returncode == 0 else p.stderr,
                   "json" if rec["format"] == "json" else "txt")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--base", required=True)
    ap.add_argument("--db", required=True)
    ap.add_argument("--bin", required=True)
    ap.add_argument("--password", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--lang", default="en")
    ap.add_argument("--pdf", action="store_true")
    ap.add_argument("--media", default="html,json,csv")
    ap.add_argument("--today", default="2026-01-15")
    ap.add_argument("--jobs", type=int, default=2)
    a = ap.parse_args()
    ctx = Context(a)
    walks = [Walk(ctx, u, role, scope)
             for u, (role, scope) in accounts(a.db).items()]
    with ThreadPoolExecutor(a.jobs) as ex:
        for f in [ex.submit(w.run) for w in walks]:
            f.result()
    with ThreadPoolExecutor(a.jobs) as ex:
        for f in [ex.submit(run_cli, ctx, a, j)
                  for j in cli_jobs(walks, a.lang)]:
            f.result()
    ctx.store.close()
    print("crawl: %d answers from %d accounts" % (ctx.store.n, len(walks)))


if __name__ == "__main__":
    sys.exit(main())
