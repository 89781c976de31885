"""names.py - the database's names and codes, read once (read-only).

Places name things in several ways: a page's JSON carries codes, its CSV
and the reports carry names ("Chandpur Public School", "Grade 3
Mathematics", "Mathematics", "SCI-G8-LO09 Grade 8: ..."). The checks
resolve names to codes here, so one figure about one entity is recognised
wherever it appears. Also the proper names the Hindi check allows.
"""
import datetime
import re
import sqlite3

MONTHS = {m: i + 1 for i, m in enumerate(
    ["January", "February", "March", "April", "May", "June", "July",
     "August", "September", "October", "November", "December"])}


def iso_date(text):
    """ISO date of "10 August 2025" or "2025-08-10", else None."""
    t = (text or "").strip()
    if re.match(r"^\d{4}-\d{2}-\d{2}$", t):
        return t
    m = re.match(r"^(\d{1,2}) ([A-Z][a-z]+) (\d{4})$", t)
    if m and m.group(2) in MONTHS:
        return datetime.date(int(m.group(3)), MONTHS[m.group(2)],
                             int(m.group(1))).isoformat()
    return None


class Names:
    def __init__(self, db):
        con = sqlite3.connect("file:%s?mode=ro" % db, uri=True)
        q = con.execute
        self.org = {}        # code -> (name, level, parent code)
        self.org_by_name = {}
        for code, name, level, parent in q(
                "SELECT o.code, o.name, o.level, p.code FROM org o"
                " LEFT JOIN org p ON p.id = o.parent_id"):
            self.org[code] = (name, level, parent)
            self.org_by_name[name] = code
        self.subject_by_name = {n: c for c, n in
                                q("SELECT code, name FROM subject")}
        self.subjects = set(self.subject_by_name.values())
        self.year_ids = {i: c for i, c in
                         q("SELECT id, code FROM academic_year")}
        self.latest_year = q(
            "SELECT y.code FROM academic_year y WHERE EXISTS (SELECT 1"
            " FROM assessment a JOIN result r ON r.assessment_id = a.id"
            " WHERE a.year_id = y.id AND a.kind = 'summative')"
            " ORDER BY y.start_date DESC LIMIT 1").fetchone()[0]
        self.cls = {}        # code -> (school, year, subject, grade, name)
        self.cls_by_name = {}
        for code, school, year, subj, grade, name in q(
                "SELECT c.code, o.code, y.code, s.code, c.grade, c.name"
                " FROM class c JOIN org o ON o.id = c.org_id"
                " JOIN academic_year y ON y.id = c.year_id"
                " LEFT JOIN subject s ON s.id = c.subject_id"):
            self.cls[code] = (school, year, subj, grade, name)
            self.cls_by_name[(school, year, name)] = code
        self.members = {}    # class code -> [student codes]
        for c, s in q("SELECT c.code, s.code FROM enrolment e"
                      " JOIN class c ON c.id = e.class_id"
                      " JOIN student s ON s.id = e.student_id"):
            self.members.setdefault(c, []).append(s)
        self.placed = {}     # (school, year) -> [student codes]
        for o, y, s in q("SELECT o.code, y.code, s.code FROM placement p"
                         " JOIN org o ON o.id = p.org_id"
                         " JOIN academic_year y ON y.id = p.year_id"
                         " JOIN student s ON s.id = p.student_id"):
            self.placed.setdefault((o, y), []).append(s)
        self.std_by_desc = {d: c for c, d in
                            q("SELECT code, description FROM standard")}
        self.assessment_by_name = {n: c for c, n in
                                   q("SELECT code, name FROM assessment")}
        self.event = {}      # (title, ISO due date) -> code
        for code, title, due in q("SELECT code, title, due_date"
                                  " FROM calendar_event"):
            self.event[(title, due)] = code
        self.person_names = set()
        for table in ("student", "staff", "guardian"):
            for g, f in q("SELECT given_name, family_name FROM %s" % table):
                self.person_names.update((g or "").split())
                self.person_names.update((f or "").split())
        # the place an org is named after: the first word of its name
        # ("Chandpur Public School"), never the generic words after it
        self.place_words = {name.split()[0] for name, in
                            q("SELECT name FROM org") if name.split()}
        con.close()

    def org_code(self, text):
        """Code of an org named by code, by name, "CODE Name" or
        "Name (CODE...)"."""
        t = (text or "").strip()
        if t in self.org:
            return t
        if t in self.org_by_name:
            return self.org_by_name[t]
        m = re.match(r"^(\S+) (.+)$", t)
        if m and m.group(1) in self.org:
            return m.group(1)
        m = re.match(r"^(.+) \(([^,)]+)", t)
        if m and m.group(2) in self.org:
            return m.group(2)
        return None

    def class_code(self, text, school, year):
        t = (text or "").strip()
        if t in self.cls:
            return t
        m = re.search(r"\(([^)]+)\)$", t)
        if m and m.group(1) in self.cls:
            return m.group(1)
        return self.cls_by_name.get((school, year, t))

    def subject(self, text):
        t = (text or "").strip()
        if t == "":
            return "ALL"
        if t in self.subjects:
            return t
        return self.subject_by_name.get(t, t)

    def outcome(self, text):
        t = (text or "").strip()
        first = t.split(" ", 1)[0]
        if re.match(r"^[A-Z]+-G\d+-LO\d+$", first):
            return first
        return self.std_by_desc.get(t, t)

    def school_of(self, code, year):
        """The school of an org code (itself) or of a class."""
        if code in self.cls:
            return self.cls[code][0]
        return code
