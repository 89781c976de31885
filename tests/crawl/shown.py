"""shown.py - what a place shows: numbers as displayed, and the HTML pages.

parse(text) reads a number as a page, CSV or report shows it ("46.1%",
"16,057", "12,34,567", "-0.13", "+10") and returns (value, decimals), the
decimals being the rounding the place uses. PageHTML reads attain's page
frame: the subtitle, the figures (<div id="f-KEY"><dt>label<dd>value) and
each table section (<section id="t-NAME">: header labels, rows of cells
with the code of their link).
"""
import re
from html.parser import HTMLParser

NUM = re.compile(r"^([+-]?)(\d+)(?:\.(\d+))?(%?)$")


def parse(text):
    """(value, decimals) of a shown number, or None."""
    if text is None:
        return None
    t = str(text).strip().replace("\u2212", "-").replace(",", "")
    t = t.replace("\u00a0", "").replace(" ", "")
    m = NUM.match(t)
    if not m:
        return None
    sign, whole, frac, _ = m.groups()
    v = float(whole + ("." + frac if frac else ""))
    return (-v if sign == "-" else v), len(frac or "")


def json_value(v):
    """(value, decimals) of a JSON number: the API writes 4 decimals."""
    if isinstance(v, bool) or v is None:
        return None
    if isinstance(v, int):
        return float(v), 0
    if isinstance(v, float):
        frac = repr(v).split(".")[1] if "." in repr(v) else ""
        return v, max(4, len(frac)) if "e" not in repr(v) else 10
    return parse(v)


def agree(a, b):
    """True when two shown values can be the same number: the intervals
    each rounding leaves ([v - h, v + h), h half a unit of its last
    decimal) overlap: 46.1 and 46.0939 agree, 1 and 0 do not."""
    (va, da), (vb, db) = a, b
    ha, hb = 0.5 * 10 ** -da, 0.5 * 10 ** -db
    return abs(va - vb) < ha + hb - 1e-12


def link_code(href):
    """The code an internal link names (/orgs/X, /classes/X, /students/X)."""
    m = re.match(r"^/(orgs|classes|students)/([^/?#]+)", href or "")
    return m.group(2) if m else None


class PageHTML(HTMLParser):
    """subtitle, figures {key: (label, text)}, tables {name: (labels,
    rows)} with rows as lists of (text, link code)."""

    def __init__(self, html):
        super().__init__(convert_charrefs=True)
        self.subtitle = ""
        self.figures = {}
        self.tables = {}
        self._svg = 0
        self._sec = None
        self._part = None
        self._fig = None
        self._cell = None
        self._row = None
        self._in_sub = False
        self._text = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "svg":
            self._svg += 1
        if self._svg:
            return
        if tag == "p" and a.get("class") == "sub":
            self._in_sub = True
            self._text = []
        elif tag == "div" and (a.get("id") or "").startswith("f-"):
            self._fig = [a["id"][2:], "", ""]
        elif tag in ("dt", "dd") and self._fig is not None:
            self._part = tag
            self._text = []
        elif tag == "section" and (a.get("id") or "").startswith("t-"):
            self._sec = a["id"][2:]
            self.tables[self._sec] = ([], [])
        elif tag in ("thead", "tbody") and self._sec:
            self._part = tag
        elif tag == "tr" and self._sec and self._part == "tbody":
            self._row = []
        elif tag in ("th", "td") and self._sec:
            self._cell = ["", None]
            self._text = []
        elif tag == "a" and self._cell is not None:
            self._cell[1] = link_code(a.get("href"))

    def handle_endtag(self, tag):
        if tag == "svg":
            self._svg -= 1
            return
        if self._svg:
            return
        text = "".join(self._text).strip()
        if tag == "p" and self._in_sub:
            self._in_sub = False
            self.subtitle = text
        elif tag in ("dt", "dd") and self._fig is not None:
            self._fig[1 if tag == "dt" else 2] = text
        elif tag == "div" and self._fig is not None:
            self.figures[self._fig[0]] = (self._fig[1], self._fig[2])
            self._fig = None
        elif tag in ("th", "td") and self._cell is not None:
            self._cell[0] = text
            if self._part == "thead":
                self.tables[self._sec][0].append(text)
            elif self._row is not None:
                self._row.append(tuple(self._cell))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self.tables[self._sec][1].append(self._row)
            self._row = None
        elif tag == "section":
            self._sec = None
            self._part = None

    def handle_data(self, data):
        if self._svg:
            return
        if self._in_sub or self._cell is not None or \
                (self._fig is not None and self._part in ("dt", "dd")):
            self._text.append(data)
